"""The summarizer end to end: bad input, the fallback, shape, and the real load-and-generate path."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.generation import GenerationSettings, source_values, unsupported_values
from summarizer.pipeline import (
    MIN_WORDS,
    NotSummarisable,
    Summarizer,
    SummarizerConfig,
    TooShort,
    shape_summary,
)
from summarizer.types import Article
from tests.summarizer_fakes import FakeGenerator

UKRAINIAN = (
    "Президент України Володимир Зеленський заявив, що провів другу поспіль телефонну розмову з "
    "президентом США Дональдом Трампом. Сторони обговорили оборону, далекобійну зброю та енергетику. "
    "Вночі Росія запустила 118 дронів, сім людей загинули, щонайменше 23 поранені. Енергетики DTEK "
    "постраждали під час удару по підстанції на Київщині, повідомив голова області."
)
GERMAN = (
    "Der ukrainische Präsident hat am Sonntag zum zweiten Mal in Folge mit dem amerikanischen "
    "Präsidenten telefoniert. Die beiden sprachen über die Verteidigung, über Marschflugkörper und über "
    "die Energieversorgung des Landes, die seit Wochen unter russischen Angriffen leidet. In der Nacht "
    "wurden nach Angaben der Behörden mindestens sieben Menschen getötet und viele weitere verletzt."
)
BACKENDS = ["torch", "ctranslate2"]


@pytest.fixture
def offline() -> Summarizer:
    summarizer = Summarizer(SummarizerConfig(model="/nonexistent/model"))
    assert not summarizer.load().loaded
    return summarizer


@pytest.fixture
def faked() -> Summarizer:
    summarizer = Summarizer(SummarizerConfig(), generator=FakeGenerator())
    summarizer.load()
    return summarizer


@pytest.fixture(scope="module", params=BACKENDS)
def tiny(
    request: pytest.FixtureRequest, tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Summarizer]:
    """The tiny real checkpoint through each installed backend (ctranslate2 converts it on load)."""
    if request.param == "ctranslate2":
        pytest.importorskip("ctranslate2")
    cache = tmp_path_factory.mktemp("newsbrief-cache")
    previous = os.environ.get("NEWSBRIEF_CACHE_DIR")
    os.environ["NEWSBRIEF_CACHE_DIR"] = str(cache)
    config = SummarizerConfig(model=str(tiny_model_dir), backend=request.param, batch_wait_ms=20)
    summarizer = Summarizer(config)
    status = summarizer.load()
    assert status.loaded and status.backend == request.param, status.error
    yield summarizer
    summarizer.close()
    if previous is None:
        os.environ.pop("NEWSBRIEF_CACHE_DIR", None)
    else:
        os.environ["NEWSBRIEF_CACHE_DIR"] = previous


# -- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [("", 0), ("   \n\t ", 0), ("Breaking: big news today.", 4), ("word " * (MIN_WORDS - 1), MIN_WORDS - 1)],
)
def test_empty_and_tiny_input_is_too_short(faked: Summarizer, text: str, words: int) -> None:
    with pytest.raises(TooShort) as caught:
        faked.summarize(Article(text))
    assert str(caught.value).split()[0] == str(words), "the bot reads the word count from str()"
    assert isinstance(caught.value, NotSummarisable) and caught.value.user_message


@pytest.mark.parametrize(
    "garbage",
    [
        "aGVsbG8gd29ybGQ= " * 40,  # base64 noise
        " ".join(str(n) for n in range(200)),  # a column of numbers
        "https://example.com/a?b=1 " * 30 + "$$$ ### @@@ " * 10,
    ],
)
def test_garbage_is_refused_with_a_clear_error(faked: Summarizer, garbage: str) -> None:
    with pytest.raises(TooShort, match="not prose"):
        faked.summarize(Article(garbage))


@pytest.mark.parametrize("text", [UKRAINIAN, GERMAN])
def test_non_english_gets_a_labelled_extractive_summary(faked: Summarizer, text: str) -> None:
    digest = faked.summarize(Article(text))
    assert digest.summary_kind == "extractive" and digest.fallback_reason == "language"
    assert digest.summary and digest.summary.split()[0] in text
    fake = faked._model
    assert isinstance(fake, FakeGenerator) and not fake.calls, "the English-only model is not asked"


def test_declared_language_is_respected(faked: Summarizer, seed_text: str) -> None:
    digest = faked.summarize(Article(seed_text, language="uk"))
    assert digest.fallback_reason == "language"


# -- the extractive fallback and shape ----------------------------------------------------------


def test_without_weights_the_summary_is_labelled_extractive(offline: Summarizer, seed_text: str) -> None:
    status = offline.status
    assert not status.loaded and status.error and "NEWSBRIEF_MODEL" in status.error
    digest = offline.summarize(Article(seed_text))
    assert digest.summary_kind == "extractive" and digest.model is None
    assert digest.fallback_reason == "no-model"
    assert 2 <= len(shape_summary(digest.summary)) <= 4
    assert digest.headline.startswith("Ukraine’s President Volodymyr Zelenskyy")
    assert len(digest.headline) <= 90 and not digest.headline.endswith((".", "…"))
    # The wire story's figures that matter: the overnight attack, its casualties, the week's totals.
    assert {118, 7, 23, 3100, 92, 1360} <= {f.value for f in digest.figures}
    assert digest.stats.words_in > 300 and digest.stats.unsupported_removed == 0


def test_title_is_the_headline(offline: Summarizer, seed_text: str) -> None:
    digest = offline.summarize(Article(seed_text, title="Zelenskyy and Trump talk again"))
    assert digest.headline == "Zelenskyy and Trump talk again"


def test_leading_title_line_is_detected(offline: Summarizer, seed_text: str) -> None:
    digest = offline.summarize(Article("Zelenskyy and Trump discuss defence in second call\n" + seed_text))
    assert digest.headline == "Zelenskyy and Trump discuss defence in second call"
    assert not digest.summary.startswith("Zelenskyy and Trump discuss")


def test_model_headline_is_its_first_sentence_trimmed(seed_text: str) -> None:
    long_first = (
        "Russia launched a total of 118 drones overnight across Ukraine, killing seven and injuring at "
        "least 23 others, while energy infrastructure in Donetsk and Chernihiv was attacked again. "
        "Two DTEK employees were wounded."
    )
    summarizer = Summarizer(SummarizerConfig(), generator=FakeGenerator(respond=lambda t, s: long_first))
    summarizer.load()
    digest = summarizer.summarize(Article(seed_text))
    assert digest.headline == "Russia launched a total of 118 drones overnight across Ukraine"
    assert digest.summary == long_first


def test_shape_drops_repeats_and_trailing_fragments() -> None:
    generated = (
        "Russia launched 118 drones overnight. Russia launched 118 drones overnight. "
        "Seven people were killed across Ukraine. Seven people were killed across Ukraine! "
        "Energy sites in Odesa were hit. Kyiv was struck too. Officials said more. The attack came as"
    )
    sentences = shape_summary(generated)
    assert sentences == [
        "Russia launched 118 drones overnight.",
        "Seven people were killed across Ukraine.",
        "Energy sites in Odesa were hit.",
        "Kyiv was struck too.",
    ]


# -- the real model path ------------------------------------------------------------------------


def test_tiny_model_loads_and_generates(tiny: Summarizer, seed_text: str) -> None:
    digest = tiny.summarize(Article(seed_text))
    assert digest.stats.chunks > 1, "the tiny model's 256-token window forces chunking"
    assert digest.summary and digest.headline
    if digest.summary_kind == "abstractive":
        assert digest.model == tiny.config.model
    # Whatever the untrained model wrote, no number survives that the source lacks.
    assert not unsupported_values(digest.summary, source_values(seed_text))


def test_tiny_model_async_requests_are_batched(tiny: Summarizer, seed_text: str) -> None:
    async def many() -> list[object]:
        articles = [Article(seed_text + f" Paragraph {i} adds a closing line.") for i in range(4)]
        return list(await asyncio.gather(*(tiny.summarize_async(a) for a in articles)))

    stats = tiny.batch_stats
    assert stats is not None
    calls_before, texts_before = stats.calls, stats.texts
    digests = asyncio.run(many())
    assert len(digests) == 4
    assert stats.calls - calls_before < stats.texts - texts_before, "texts shared generate calls"


def test_generation_settings_reach_the_backend(tiny: Summarizer) -> None:
    model = tiny._model
    assert model is not None
    short = model.generate(
        ["Russia launched 118 drones overnight."],
        GenerationSettings(num_beams=1, max_new_tokens=6, min_new_tokens=6),
    )
    longer = model.generate(
        ["Russia launched 118 drones overnight."],
        GenerationSettings(num_beams=1, max_new_tokens=24, min_new_tokens=24),
    )
    assert len(short[0]) < len(longer[0])


def test_ctranslate2_conversion_is_cached(
    tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("ctranslate2")
    from summarizer.generation import ct2

    monkeypatch.setenv("NEWSBRIEF_CACHE_DIR", str(tmp_path))
    first = ct2.ensure_converted(tiny_model_dir, "int8")
    assert (first / "model.bin").exists() and first.is_relative_to(tmp_path / "ct2")
    stamp = (first / "model.bin").stat().st_mtime_ns
    assert ct2.ensure_converted(tiny_model_dir, "int8") == first
    assert (first / "model.bin").stat().st_mtime_ns == stamp, "not converted twice"


def test_missing_backend_package_falls_back_to_torch(
    tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_ct2(name: str, *args: object, **kwargs: object) -> object:
        if name == "ctranslate2":
            raise ImportError("No module named 'ctranslate2'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_ct2)
    summarizer = Summarizer(SummarizerConfig(model=str(tiny_model_dir), backend="ctranslate2"))
    assert summarizer.load().backend == "torch"


def test_model_failure_in_sync_path_serves_extractive(seed_text: str) -> None:
    def broken(text: str, settings: GenerationSettings) -> str:
        raise RuntimeError("RuntimeError: [enforce fail at alloc_cpu.cpp:117] not enough memory")

    summarizer = Summarizer(SummarizerConfig(), generator=FakeGenerator(respond=broken))
    summarizer.load()
    digest = summarizer.summarize(Article(seed_text))
    assert digest.summary_kind == "extractive" and digest.fallback_reason == "model-error"
    assert digest.summary.startswith("Ukraine’s President")


def test_empty_model_output_serves_extractive(seed_text: str) -> None:
    summarizer = Summarizer(SummarizerConfig(), generator=FakeGenerator(respond=lambda t, s: "  "))
    summarizer.load()
    digest = summarizer.summarize(Article(seed_text))
    assert digest.summary_kind == "extractive" and digest.fallback_reason == "model-empty"


def test_article_of_short_lines_still_gets_a_summary(offline: Summarizer) -> None:
    results = "\n".join(f"Team {i} {i % 4}-{i % 3} Club {i}" for i in range(30))
    digest = offline.summarize(Article(results))
    # The first short line reads as a title; the summary is the opening lines after it, cut short.
    assert digest.headline == "Team 0 0-0 Club 0"
    assert digest.summary.startswith("Team 1 1-1 Club 1") and digest.summary.endswith("…")


def test_given_title_repeated_as_first_line_is_not_summarised(offline: Summarizer, seed_text: str) -> None:
    title = "Zelenskyy and Trump discuss defence in second call"
    digest = offline.summarize(Article(f"{title}\n{seed_text}", title=title))
    assert digest.headline == title and title not in digest.summary


def test_trimmed_headline_never_cuts_a_number_in_half(offline: Summarizer) -> None:
    lead = (
        "The authority said relocating the station could generate up to 6,500 more jobs across the region "
        "and bring in hundreds of millions of pounds of investment over the coming decade."
    )
    text = lead + " " + "Council leaders welcomed the plan and said work could start next year. " * 4
    digest = offline.summarize(Article(text))
    assert not digest.headline.endswith("…") and "hundreds" not in digest.headline
    assert not unsupported_values(digest.headline, source_values(text))
