"""Article in, Digest out: joins the model (or the extractive fallback), figures and entities."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, replace

from .entities import extract_entities
from .extractive import lead_summary
from .figures import extract_figures
from .model import GenerationSettings, ModelUnavailable, Seq2SeqModel
from .sentences import count_words, split_sentences
from .types import Article, Digest, DigestStats

log = logging.getLogger(__name__)

MIN_WORDS = 25  # below this there is nothing to condense: the bot asks for the whole article


class TooShort(ValueError):
    """The text is too short to summarise."""


@dataclass(frozen=True)
class SummarizerConfig:
    model: str = "sshleifer/distilbart-cnn-12-6"
    device: str = "cpu"
    torch_threads: int = 0
    generation: GenerationSettings = GenerationSettings()
    max_figures: int = 8


@dataclass(frozen=True)
class ModelStatus:
    name: str
    loaded: bool
    load_seconds: float
    error: str | None = None


class Summarizer:
    """Loads the model once; `summarize` is pure computation, `summarize_async` runs it off the loop."""

    def __init__(self, config: SummarizerConfig) -> None:
        self.config = config
        self._model: Seq2SeqModel | None = None
        self.status = ModelStatus(config.model, loaded=False, load_seconds=0.0, error="not loaded yet")
        self._lock = asyncio.Lock()

    def load(self) -> ModelStatus:
        started = time.perf_counter()
        try:
            self._model = Seq2SeqModel(
                self.config.model, device=self.config.device, threads=self.config.torch_threads
            )
            self.status = ModelStatus(self.config.model, True, self._model.load_seconds)
        except ModelUnavailable as exc:
            log.warning("%s Until then Newsbrief serves extractive summaries (lead sentences).", exc)
            self.status = ModelStatus(self.config.model, False, time.perf_counter() - started, str(exc))
        return self.status

    def summarize(self, article: Article) -> Digest:
        started = time.perf_counter()
        text = article.text.strip()
        words_in = count_words(text)
        if words_in < MIN_WORDS:
            raise TooShort(f"{words_in} words")
        if self._model is not None:
            summary = self._model.generate([text], self.config.generation)[0]
            kind, model_name = "abstractive", self._model.name
        else:
            summary = lead_summary(text)
            kind, model_name = "extractive", None
        summary = _tidy(summary) or lead_summary(text)
        digest = Digest(
            headline=_headline(article, text),
            summary=summary,
            summary_kind=kind,  # type: ignore[arg-type]
            model=model_name,
            figures=extract_figures(text, limit=self.config.max_figures),
            entities=extract_entities(text),
            language=article.language,
        )
        stats = DigestStats(
            words_in=words_in,
            words_out=count_words(summary),
            seconds=time.perf_counter() - started,
        )
        return replace(digest, stats=stats)

    async def summarize_async(self, article: Article) -> Digest:
        # One generate at a time: torch already uses every core for a single batch.
        async with self._lock:
            return await asyncio.to_thread(self.summarize, article)


def _tidy(summary: str) -> str:
    """Drop a trailing fragment the model cut off mid-sentence, and repeated sentences."""
    seen: set[str] = set()
    kept: list[str] = []
    for sentence in split_sentences(summary):
        key = sentence.lower()
        if key in seen:
            continue
        seen.add(key)
        kept.append(sentence)
    if len(kept) > 1 and not kept[-1].rstrip("\"'”’)").endswith((".", "!", "?")):
        kept.pop()
    return " ".join(kept)


def _headline(article: Article, text: str) -> str:
    if article.title:
        return article.title.strip()
    first = split_sentences(text)[0] if text else ""
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"
