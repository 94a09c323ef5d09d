"""Article in, Digest out: joins the model (or the extractive fallback), figures and entities.

The summarising logic is written once, as a plan (a generator) that yields "generate these texts with
these settings" requests and receives the summaries back. `summarize` drives it synchronously against
the model; `summarize_async` drives it through the micro-batcher, so concurrent requests share
generate calls, and runs the plan's own CPU work (tokenising, chunking, the guard, figures, entities)
off the event loop. Both paths therefore chunk, fuse, guard and shape exactly alike.

Long input is map-reduced: chunks of the model window are summarised, the chunk summaries joined
and summarised again (at most `max_reduce_rounds` extra rounds, then the joined text is cut to the
window), so time grows with the article's length and memory stays at one bounded batch.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable
from collections.abc import Generator as PyGenerator
from dataclasses import dataclass, field, replace

from summarizer.entities import EntityModel, EntityModelUnavailable, extract_entities
from summarizer.figures import extract_figures, select_figures
from summarizer.generation import (
    BatchStats,
    Chunk,
    GenerationSettings,
    Generator,
    MicroBatcher,
    ModelUnavailable,
    Seq2SeqModel,
    chunk_budget,
    chunk_sentences,
    chunk_text,
    filter_sentences,
    source_values,
    unsupported_values,
    value_key,
)
from summarizer.text import (
    clean_text,
    count_words,
    extractive_summary,
    looks_english,
    readable_words,
    split_sentences,
    split_title,
    write_headline,
)

from .types import Article, Digest, DigestStats

log = logging.getLogger(__name__)

MIN_WORDS = 25  # below this there is nothing to condense: the bot asks for the whole article
MIN_READABLE = 15  # fewer real words than this (digits, symbols, links, encoded data) is not prose
_END = re.compile(r"[.!?…]['\"”’)\]]*$")
_WORDS = re.compile(r"\w+")


class NotSummarisable(ValueError):
    """Input the summarizer cannot summarise; `user_message` says why, in words for the user."""

    def __init__(self, message: str, user_message: str) -> None:
        super().__init__(message)
        self.user_message = user_message


class TooShort(NotSummarisable):
    """The text is too short (or has too few real words) to summarise. str() starts with the count."""

    def __init__(self, words: int, detail: str = "") -> None:
        self.words = words
        message = f"{words} words" + (f" ({detail})" if detail else "")
        super().__init__(
            message,
            f"That is too short to summarise ({words} words). Send the whole article.",
        )


@dataclass(frozen=True)
class SummarizerConfig:
    model: str = "sshleifer/distilbart-cnn-12-6"
    device: str = "cpu"
    torch_threads: int = 0  # 0 = one per available core
    generation: GenerationSettings = field(default_factory=GenerationSettings)
    max_figures: int = 8
    backend: str = "torch"  # "torch" or "ctranslate2" (int8, converted at first use)
    max_batch: int = 4  # texts per generate call (micro-batching and chunk groups)
    batch_wait_ms: int = 30  # how long a lone request waits for companions
    chunk_tokens: int = 0  # tokens per chunk; 0 = the model window minus special tokens and a margin
    chunk_max_new_tokens: int = 80  # chunk summaries are shorter: they are fused again
    max_chunks: int = 40  # about 30,000 words; the rest of a longer text is not read
    max_reduce_rounds: int = 2  # extra fuse rounds when the chunk summaries exceed the window
    max_summary_sentences: int = 4
    # Who / where: a token-classification model (hub id or path); empty = the rules (offline default).
    ner_model: str = ""


@dataclass(frozen=True)
class ModelStatus:
    name: str
    loaded: bool
    load_seconds: float
    error: str | None = None
    backend: str | None = None  # the backend actually serving: "torch", "ctranslate2" or None


@dataclass(frozen=True)
class GenerateRequest:
    """What a plan asks its driver for: one summary per text, all with the same settings."""

    texts: list[str]
    settings: GenerationSettings


Plan = PyGenerator[GenerateRequest, list[str], Digest]
StepCallback = Callable[[int, int], Awaitable[None]]


@dataclass
class _Abstract:
    sentences: list[str]
    chunks: int = 1
    removed: int = 0
    failed: bool = False  # the model raised: serve the extractive summary


class Summarizer:
    """Loads the model once; `summarize` is pure computation, `summarize_async` runs it off the loop."""

    def __init__(self, config: SummarizerConfig, *, generator: Generator | None = None) -> None:
        """`generator` serves instead of loading `config.model` (tests, benchmarks, a shared model)."""
        self.config = config
        self._given = generator
        self._model: Generator | None = None
        self._batcher: MicroBatcher | None = None
        self._entity_model: EntityModel | None = None
        self.status = ModelStatus(config.model, loaded=False, load_seconds=0.0, error="not loaded yet")

    # -- lifecycle ------------------------------------------------------------------------------

    def load(self) -> ModelStatus:
        started = time.perf_counter()
        self.close()  # a second load replaces the model and its batch worker
        try:
            self._model = self._given or self._load_backend()
            self.status = ModelStatus(
                self.config.model, True, self._model.load_seconds, backend=self._model.backend
            )
            self._batcher = MicroBatcher(
                self._model.generate, max_batch=self.config.max_batch, wait_ms=self.config.batch_wait_ms
            )
        except ModelUnavailable as exc:
            self._model = None
            log.warning("%s Until then Newsbrief serves extractive summaries.", exc)
            self.status = ModelStatus(self.config.model, False, time.perf_counter() - started, str(exc))
        self._load_entity_model()
        return self.status

    def _load_entity_model(self) -> None:
        cfg = self.config
        self._entity_model = None
        if not cfg.ner_model:
            return
        try:
            self._entity_model = EntityModel(cfg.ner_model, device=cfg.device, threads=cfg.torch_threads)
        except EntityModelUnavailable as exc:
            log.warning("%s Who / where comes from the rules instead.", exc)

    @property
    def entity_model(self) -> str | None:
        """The token-classification model finding names, None when the rules do."""
        return self._entity_model.name if self._entity_model else None

    def close(self) -> None:
        if self._batcher is not None:
            self._batcher.close()
            self._batcher = None

    @property
    def batch_stats(self) -> BatchStats | None:
        """Generate calls and batch sizes so far (None without a model)."""
        return self._batcher.stats if self._batcher else None

    def _load_backend(self) -> Generator:
        cfg = self.config
        if cfg.backend == "ctranslate2":
            from summarizer.generation import CT2Model

            try:
                return CT2Model(cfg.model, device=cfg.device, threads=cfg.torch_threads)
            except ModelUnavailable as exc:
                # The weights may still load with torch: slower beats extractive. Warn only if torch
                # serves; when it cannot either, its own warning (with the fix) is the one that counts.
                model = Seq2SeqModel(cfg.model, device=cfg.device, threads=cfg.torch_threads)
                log.warning("ctranslate2 backend unavailable (%s); serving with torch", exc)
                return model
        elif cfg.backend != "torch":
            log.warning("unknown backend %r; using torch", cfg.backend)
        return Seq2SeqModel(cfg.model, device=cfg.device, threads=cfg.torch_threads)

    # -- drivers --------------------------------------------------------------------------------

    def summarize(self, article: Article) -> Digest:
        """The digest of one article, computed in the calling thread."""
        plan = self._plan(article)
        step = _advance(plan, None, None)
        while isinstance(step, GenerateRequest):
            try:
                outputs, error = self._generate_now(step), None
            except Exception as exc:  # handed to the plan, which falls back to extractive
                outputs, error = None, exc
            step = _advance(plan, outputs, error)
        return step

    async def summarize_async(self, article: Article, on_step: StepCallback | None = None) -> Digest:
        """The digest of one article; generate calls are micro-batched with concurrent requests.

        `on_step(step, texts)` is awaited before each generate request (step 1, 2, ... and how many
        texts it holds), so a caller can show progress on long articles: step 1 with many texts is the
        map over chunks, later steps fuse or retry.
        """
        plan = self._plan(article)
        step = await asyncio.to_thread(_advance, plan, None, None)
        number = 0
        while isinstance(step, GenerateRequest):
            assert self._batcher is not None  # a plan only asks for text when a model is loaded
            number += 1
            if on_step is not None:
                await on_step(number, len(step.texts))
            try:
                outputs, error = await self._batcher.generate(step.texts, step.settings), None
            except Exception as exc:
                outputs, error = None, exc
            step = await asyncio.to_thread(_advance, plan, outputs, error)
        return step

    def _generate_now(self, request: GenerateRequest) -> list[str]:
        assert self._model is not None
        size = max(1, self.config.max_batch)
        outputs: list[str] = []
        for start in range(0, len(request.texts), size):
            outputs += self._model.generate(request.texts[start : start + size], request.settings)
        return outputs

    # -- the plan -------------------------------------------------------------------------------

    def _plan(self, article: Article) -> Plan:
        started = time.perf_counter()
        text = clean_text(article.text)
        _check_input(text)
        title_line, body = split_title(text)
        if article.title and (title_line or "").casefold() != article.title.strip().casefold():
            body = text  # the first line is not the given title: it is part of the text
        title = (article.title or title_line or "").strip() or None
        # Cleaning can make a number readable ("Copy this linkFour days" -> "Four days"): both count.
        supported = source_values(f"{article.title or ''}\n{article.text}\n{text}")
        reason = self._extractive_reason(article, body)
        abstract = _Abstract([])
        if reason is None:
            abstract = yield from self._abstractive(body, supported)
            if abstract.failed:
                reason = "model-error"
            elif not abstract.sentences:
                reason = "guard" if abstract.removed else "model-empty"
        if reason is None:
            summary_sentences, kind = abstract.sentences, "abstractive"
        else:
            summary_sentences, kind = split_sentences(extractive_summary(body, title)), "extractive"
        summary = " ".join(summary_sentences)
        digest = Digest(
            headline=_headline(title, summary_sentences, body, supported),
            summary=summary,
            summary_kind=kind,  # type: ignore[arg-type]
            model=self._model.name if kind == "abstractive" and self._model else None,
            figures=select_figures(
                extract_figures(article.text),
                article.text,
                title=title,
                summary=summary,
                limit=self.config.max_figures,
            ),
            entities=extract_entities(
                body, finder=self._entity_model.mentions if self._entity_model else None
            ),
            language=article.language,
            fallback_reason=reason,
        )
        stats = DigestStats(
            words_in=count_words(article.text),
            words_out=count_words(summary),
            chunks=abstract.chunks,
            seconds=time.perf_counter() - started,
            unsupported_removed=abstract.removed,
        )
        return replace(digest, stats=stats)

    def _extractive_reason(self, article: Article, body: str) -> str | None:
        if self._model is None:
            return "no-model"
        declared = (article.language or "en").lower()
        if not declared.startswith("en") or not looks_english(body):
            return "language"  # the default model is English-only: it would write fluent nonsense
        return None

    def _abstractive(
        self, body: str, supported: frozenset[float]
    ) -> PyGenerator[GenerateRequest, list[str], _Abstract]:
        model = self._model
        assert model is not None
        cfg = self.config
        budget = chunk_budget(model.max_input_tokens, model.special_tokens)
        if cfg.chunk_tokens > 0:
            budget = min(budget, cfg.chunk_tokens)
        source = _Source(supported, model)
        result = _Abstract([])
        try:
            chunks = chunk_text(body, model.token_counts, budget)
            if len(chunks) > cfg.max_chunks:
                log.info("article has %d chunks; reading the first %d", len(chunks), cfg.max_chunks)
                chunks = chunks[: cfg.max_chunks]
            result.chunks = len(chunks)
            fused = chunks[0].text
            if len(chunks) > 1:
                fused = yield from self._map_reduce(chunks, budget, source, result)
                if not fused:
                    return result
            summaries = yield from self._guarded([fused], cfg.generation, source, result)
        except Exception:
            log.exception("summarising with %s failed; serving the extractive summary", model.name)
            return _Abstract([], failed=True)
        result.sentences = summaries[0][: cfg.max_summary_sentences]
        return result

    def _map_reduce(
        self, chunks: list[Chunk], budget: int, source: _Source, result: _Abstract
    ) -> PyGenerator[GenerateRequest, list[str], str]:
        """Summarise chunks, then the joined summaries while they exceed the window; the text to fuse."""
        model = self._model
        assert model is not None
        cfg = self.config
        settings = replace(
            cfg.generation,
            max_new_tokens=min(cfg.chunk_max_new_tokens, cfg.generation.max_new_tokens),
            min_new_tokens=min(cfg.generation.min_new_tokens, cfg.chunk_max_new_tokens // 2),
        )
        texts = [c.text for c in chunks]
        for round_ in range(cfg.max_reduce_rounds + 1):
            summaries = yield from self._guarded(texts, settings, source, result, max_sentences=6)
            sentences = [s for summary in summaries for s in summary]
            if not sentences:
                return ""
            regrouped = chunk_sentences(sentences, model.token_counts, budget)
            if len(regrouped) == 1 or round_ == cfg.max_reduce_rounds:
                if len(regrouped) > 1:
                    log.info("chunk summaries still span %d windows; fusing the first", len(regrouped))
                return regrouped[0].text
            texts = [c.text for c in regrouped]
        return ""  # pragma: no cover - the loop always returns

    def _guarded(
        self,
        texts: list[str],
        settings: GenerationSettings,
        source: _Source,
        result: _Abstract,
        max_sentences: int = 4,
    ) -> PyGenerator[GenerateRequest, list[str], list[list[str]]]:
        """Summaries of `texts` as sentence lists, every number supported by the source.

        A summary that loses a sentence to the guard is generated once more with the number tokens the
        source never uses banned; the version that keeps more sentences wins. Every removed sentence
        is counted in `result.removed`.
        """
        outputs = yield GenerateRequest(texts, settings)
        kept: list[list[str]] = []
        retry: list[int] = []
        for index, output in enumerate(outputs):
            guarded = filter_sentences(shape_summary(output, max_sentences), source.values)
            result.removed += len(guarded.removed)
            kept.append(guarded.kept)
            if guarded.removed:
                retry.append(index)
        if retry:
            banned = replace(settings, banned_ids=source.banned_ids())
            again = yield GenerateRequest([texts[i] for i in retry], banned)
            for index, output in zip(retry, again, strict=True):
                guarded = filter_sentences(shape_summary(output, max_sentences), source.values)
                result.removed += len(guarded.removed)
                if len(guarded.kept) > len(kept[index]):
                    kept[index] = guarded.kept
        return kept


class _Source:
    """The article as the guard sees it: its number values, and (on demand) the number tokens it uses."""

    def __init__(self, values: frozenset[float], model: Generator) -> None:
        self.values = values
        self._model = model

    def banned_ids(self) -> tuple[int, ...]:
        """Number tokens of the vocabulary whose own value the source does not have. Strict on purpose
        (it also bans pieces such as the "3" of "3,100"): it only applies to a regeneration."""
        return tuple(
            sorted(
                i
                for i, value in self._model.numeric_tokens().items()
                if value is None or value_key(value) not in self.values
            )
        )


def _advance(plan: Plan, value: list[str] | None, error: BaseException | None) -> GenerateRequest | Digest:
    """One step of a plan: the next request, or the finished digest (StopIteration cannot cross
    asyncio.to_thread, so it is unwrapped here)."""
    try:
        return plan.throw(error) if error is not None else plan.send(value)  # type: ignore[arg-type]
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


def _check_input(text: str) -> None:
    words = count_words(text)
    if words < MIN_WORDS:
        raise TooShort(words)
    readable = readable_words(text)
    if readable < MIN_READABLE:
        raise TooShort(readable, "mostly digits, symbols or links, not prose")


def shape_summary(text: str, max_sentences: int = 4) -> list[str]:
    """Sentences of a generated summary: no repeats or near-repeats, no trailing fragment, at most
    `max_sentences`."""
    kept: list[str] = []
    seen: list[set[str]] = []
    for sentence in split_sentences(text):
        words = {w.lower() for w in _WORDS.findall(sentence)}
        if len(words) < 3 or any(_jaccard(words, other) >= 0.8 for other in seen):
            continue
        seen.append(words)
        kept.append(sentence.strip())
    if len(kept) > 1 and not _END.search(kept[-1]):
        kept.pop()  # cut off by the token limit mid-sentence
    elif kept and not _END.search(kept[-1]):
        kept[-1] = kept[-1].rstrip(",;:- ") + "…"
    return kept[:max_sentences]


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _headline(title: str | None, summary_sentences: list[str], body: str, supported: frozenset[float]) -> str:
    """The article's own title; else one written from the summary's first sentence (the lead, when
    extractive), without leaving a number cut in half ("hundreds of millions" must not end as
    "hundreds")."""
    if title:
        return title
    first = summary_sentences[0] if summary_sentences else (split_sentences(body) or [""])[0]
    headline = write_headline(first)
    while unsupported_values(headline, supported) and len(headline.split()) > 4:
        headline = write_headline(headline.rsplit(" ", 1)[0])
    return headline
