"""The seq2seq model behind one small interface: load once, `generate(texts) -> summaries`.

Two backends share the `Generator` protocol: `Seq2SeqModel` (transformers + torch, here) and
`summarizer.generation.ct2.CT2Model` (CTranslate2 int8, converted from the same local checkpoint). The
pipeline only ever talks to the protocol, so chunking, batching and the guard are backend-agnostic.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..hub import pretrained

log = logging.getLogger(__name__)

# Positions some tokenizers report when they have no real limit (transformers' VERY_LARGE_INTEGER).
_NO_LIMIT = 100_000


class ModelUnavailable(RuntimeError):
    """The configured model cannot be loaded here; the message says how to fix that."""


@dataclass(frozen=True)
class GenerationSettings:
    """Decoding settings, tuned for 2 CPU cores.

    Two beams instead of the checkpoint's four: on CPU each beam costs a full decoder pass, and on news
    summaries the fourth beam buys little. `no_repeat_ngram_size=3` stops the loops small models fall
    into; 120 new tokens is about 90 words, room for four sentences.
    """

    num_beams: int = 2
    max_new_tokens: int = 120
    min_new_tokens: int = 30
    no_repeat_ngram_size: int = 3
    length_penalty: float = 1.0
    # Token ids the model may not emit (sorted, so equal settings batch together). The pipeline fills
    # it only when it regenerates a summary whose numbers the source does not support.
    banned_ids: tuple[int, ...] = ()


class Generator(Protocol):
    """What the pipeline needs from a model backend."""

    name: str
    backend: str
    load_seconds: float
    max_input_tokens: int  # the encoder window, special tokens included
    special_tokens: int  # tokens the tokenizer adds around every input (<s> ... </s>)

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        """Tokens of each text without special tokens (for chunking)."""
        ...

    def numeric_tokens(self) -> dict[int, float | None]:
        """Vocabulary tokens that write a number (digits, or a number word starting a word), with the
        value each writes on its own (None when it is not a plain number: "G7", "2020s")."""
        ...

    def generate(self, texts: Sequence[str], settings: GenerationSettings) -> list[str]:
        """One summary per text, in order. Callers keep `texts` to a bounded batch."""
        ...


def fix_hint(name: str) -> str:
    return (
        f"To use it, download it once on a machine with internet access "
        f"(`hf download {name}`, then copy ~/.cache/huggingface here) or set NEWSBRIEF_MODEL to a "
        f"local folder holding the model and tokenizer."
    )


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def input_window(config: Any, tokenizer: Any) -> int:
    """The encoder window: the model's position table, or the tokenizer's limit when smaller."""
    window = int(getattr(config, "max_position_embeddings", None) or getattr(config, "n_positions", 512))
    tokenizer_limit = int(getattr(tokenizer, "model_max_length", 0) or 0)
    if 0 < tokenizer_limit < _NO_LIMIT:
        window = min(window, tokenizer_limit)
    return window


class TokenCounter:
    """Token counting shared by the backends. Fast tokenizers are not safe to call from two threads at
    once (they mutate their truncation state: "Already borrowed"), so every call takes one lock."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        self.lock = threading.Lock()
        with self.lock:
            self.special_tokens = len(tokenizer("", add_special_tokens=True)["input_ids"])

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        with self.lock:
            # verbose=False: counting a long text is the point here, not a mistake to warn about.
            encoded = self.tokenizer(list(texts), add_special_tokens=False, truncation=False, verbose=False)[
                "input_ids"
            ]
        return [len(ids) for ids in encoded]

    def numeric_tokens(self) -> dict[int, float | None]:
        cached: dict[int, float | None] | None = getattr(self, "_numeric_tokens", None)
        if cached is None:
            with self.lock:
                vocab = self.tokenizer.convert_ids_to_tokens(list(range(len(self.tokenizer))))
            cached = {i: _token_value(t) for i, t in enumerate(vocab) if t and _is_numeric_token(t)}
            self._numeric_tokens = cached
        return cached

    def count_tokens(self, text: str) -> int:
        """Tokens of `text` as the model sees it, special tokens included."""
        return self.token_counts([text])[0] + self.special_tokens


class Seq2SeqModel(TokenCounter):
    """A transformers AutoModelForSeq2SeqLM with its tokenizer, loaded once."""

    backend = "torch"

    def __init__(self, name: str, *, device: str = "cpu", threads: int = 0) -> None:
        self.name = name
        self.device = device
        started = time.perf_counter()
        tokenizer, self._model = _load(name, device, threads)
        super().__init__(tokenizer)
        self._generate_lock = threading.Lock()  # one torch generate at a time, whoever calls
        self.load_seconds = time.perf_counter() - started
        self.max_input_tokens = input_window(self._model.config, tokenizer)
        log.info(
            "model %s loaded in %.1f s (torch, window %d tokens, %d threads)",
            name,
            self.load_seconds,
            self.max_input_tokens,
            _torch_threads(),
        )

    def generate(self, texts: Sequence[str], settings: GenerationSettings) -> list[str]:
        import torch

        if not texts:
            return []
        with self.lock:
            batch = self.tokenizer(
                list(texts),
                return_tensors="pt",
                padding=True,
                truncation=True,
                max_length=self.max_input_tokens,
            ).to(self.device)
        with self._generate_lock, torch.inference_mode():
            output = self._model.generate(
                **batch,
                num_beams=settings.num_beams,
                max_new_tokens=settings.max_new_tokens,
                min_new_tokens=min(settings.min_new_tokens, settings.max_new_tokens),
                no_repeat_ngram_size=settings.no_repeat_ngram_size,
                length_penalty=settings.length_penalty,
                early_stopping=settings.num_beams > 1,
                do_sample=False,
                bad_words_ids=[[i] for i in settings.banned_ids] or None,
            )
        with self.lock:
            decoded = self.tokenizer.batch_decode(output, skip_special_tokens=True)
        return [t.strip() for t in decoded]


_NUMBER_WORDS_TEXT = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion trillion dozen"
)
_NUMBER_WORDS = frozenset(_NUMBER_WORDS_TEXT.split())
_WORD_START = ("Ġ", "▁")  # byte-level BPE and sentencepiece mark a token that starts a word


def _is_numeric_token(token: str) -> bool:
    """Digits anywhere ("Ġ41", "000"), or a whole number word ("Ġseven", not the "eight" of "weight")."""
    if any(c.isdigit() for c in token):
        return True
    return token.startswith(_WORD_START) and token[1:].lower() in _NUMBER_WORDS


def _token_value(token: str) -> float | None:
    bare = token.lstrip("".join(_WORD_START)).replace(",", "")
    if bare.lower() in _NUMBER_WORDS:
        from summarizer.numbers import number_values

        values = number_values(bare.lower())
        return next(iter(values)) if len(values) == 1 else None
    try:
        return float(bare)
    except ValueError:
        return None


def _torch_threads() -> int:
    import torch

    return int(torch.get_num_threads())


def configure_torch_threads(threads: int) -> None:
    """Intra-op threads = cores (torch's default can count hyper-threads or the whole host inside a
    container); one inter-op thread, since generate is a sequential chain of small ops."""
    import torch

    torch.set_num_threads(threads if threads > 0 else available_cores())
    # Raises once set, or once parallel work has started: harmless, keep the current value.
    with contextlib.suppress(RuntimeError):
        torch.set_num_interop_threads(1)


def _load(name: str, device: str, threads: int) -> tuple[Any, Any]:
    try:
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
    except ImportError as exc:  # pragma: no cover - torch/transformers are dependencies
        raise ModelUnavailable(f"transformers/torch are not installed ({exc})") from exc
    configure_torch_threads(threads)
    try:
        tokenizer, model = pretrained(name, AutoTokenizer, AutoModelForSeq2SeqLM)
        model.to(device)
        model.eval()
    except Exception as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelUnavailable(
            f"the summarisation model {name!r} could not be loaded ({reason}). {fix_hint(name)}"
        ) from exc
    # Every call passes max/min_new_tokens; the checkpoint's max_length/min_length (142/56 for
    # distilbart) would only make transformers warn on every generate that both are set.
    model.generation_config.max_length = None
    model.generation_config.min_length = None
    return tokenizer, model
