"""A scripted stand-in for a model backend, for fast tests of the pipeline's plumbing.

It counts one token per word, so chunk budgets are easy to reason about, and records every generate
call (texts and settings) so tests can check batching, chunking and fusing from the outside.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from summarizer.generation import GenerationSettings
from summarizer.text import split_sentences

Respond = Callable[[str, GenerationSettings], str]


def echo_lead(text: str, settings: GenerationSettings) -> str:
    """The input's first sentence: a faithful 'summary' that keeps the source's numbers."""
    sentences = split_sentences(text)
    return sentences[0] if sentences else text


@dataclass
class FakeGenerator:
    respond: Respond = echo_lead
    max_input_tokens: int = 1024
    delay: float = 0.0  # seconds per generate call, to let concurrent requests pile up
    name: str = "fake-model"
    backend: str = "fake"
    load_seconds: float = 0.0
    special_tokens: int = 2
    numeric: dict[int, float | None] = field(default_factory=dict)
    calls: list[tuple[list[str], GenerationSettings]] = field(default_factory=list)
    max_parallel: int = 0
    _running: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        return [len(t.split()) for t in texts]

    def numeric_tokens(self) -> dict[int, float | None]:
        return self.numeric

    def generate(self, texts: Sequence[str], settings: GenerationSettings) -> list[str]:
        with self._lock:
            self._running += 1
            self.max_parallel = max(self.max_parallel, self._running)
            self.calls.append((list(texts), settings))
        try:
            if self.delay:
                time.sleep(self.delay)
            return [self.respond(t, settings) for t in texts]
        finally:
            with self._lock:
                self._running -= 1

    @property
    def texts_generated(self) -> int:
        return sum(len(texts) for texts, _ in self.calls)
