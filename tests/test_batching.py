"""Micro-batching: concurrent requests share generate calls on one thread; each gets its own answer."""

from __future__ import annotations

import asyncio
import threading

import pytest

from summarizer.generation import GenerationSettings, MicroBatcher
from summarizer.pipeline import Summarizer, SummarizerConfig
from summarizer.types import Article
from tests.summarizer_fakes import FakeGenerator

SETTINGS = GenerationSettings()


def _article(i: int) -> Article:
    return Article(
        f"Story {i}: the council of town {i} approved a new budget on Monday after a long debate. "
        f"The mayor said the plan would fund schools, roads and parks across the town for years. "
        f"Opponents said the vote came too early and asked for a review of the spending plans."
    )


async def test_concurrent_requests_share_generate_calls() -> None:
    calls: list[list[str]] = []
    threads: set[str] = set()

    def run(texts: list[str], settings: GenerationSettings) -> list[str]:
        calls.append(list(texts))
        threads.add(threading.current_thread().name)
        return [t.upper() for t in texts]

    batcher = MicroBatcher(run, max_batch=4, wait_ms=50)
    results = await asyncio.gather(*(batcher.generate([f"text {i}"], SETTINGS) for i in range(8)))
    assert results == [[f"TEXT {i}"] for i in range(8)], "each caller gets its own result"
    assert len(calls) == 2 and all(len(c) == 4 for c in calls)
    assert len(threads) == 1 and threading.current_thread().name not in threads
    batcher.close()


async def test_a_lone_request_waits_at_most_the_batch_window() -> None:
    batcher = MicroBatcher(lambda texts, s: texts, max_batch=8, wait_ms=20)
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await batcher.generate(["alone"], SETTINGS) == ["alone"]
    assert loop.time() - started < 1.0
    batcher.close()


async def test_long_request_does_not_starve_a_short_one() -> None:
    order: list[list[str]] = []

    def run(texts: list[str], settings: GenerationSettings) -> list[str]:
        order.append(list(texts))
        return texts

    batcher = MicroBatcher(run, max_batch=4, wait_ms=30)
    long_job = asyncio.create_task(batcher.generate([f"long {i}" for i in range(20)], SETTINGS))
    short_job = asyncio.create_task(batcher.generate(["short"], SETTINGS))
    await asyncio.gather(long_job, short_job)
    first_with_short = next(i for i, batch in enumerate(order) if "short" in batch)
    assert first_with_short == 0, "batches are filled round-robin over requests"
    batcher.close()


async def test_settings_are_never_mixed_in_one_call() -> None:
    seen: list[tuple[int, ...]] = []

    def run(texts: list[str], settings: GenerationSettings) -> list[str]:
        seen.append(tuple({int(t.split()[1]) for t in texts}))
        return [f"{t}/{settings.max_new_tokens}" for t in texts]

    batcher = MicroBatcher(run, max_batch=8, wait_ms=30)
    short, long = GenerationSettings(max_new_tokens=60), GenerationSettings(max_new_tokens=120)
    a, b = await asyncio.gather(batcher.generate(["x 60"], short), batcher.generate(["y 120"], long))
    assert a == ["x 60/60"] and b == ["y 120/120"]
    assert sorted(seen) == [(60,), (120,)]
    batcher.close()


async def test_a_failing_batch_fails_its_callers_not_the_worker() -> None:
    def run(texts: list[str], settings: GenerationSettings) -> list[str]:
        if "boom" in texts:
            raise RuntimeError("out of memory")
        return texts

    batcher = MicroBatcher(run, max_batch=2, wait_ms=0)
    with pytest.raises(RuntimeError):
        await batcher.generate(["boom"], SETTINGS)
    assert await batcher.generate(["fine"], SETTINGS) == ["fine"]
    batcher.close()


async def test_summarize_async_batches_articles_and_routes_results() -> None:
    fake = FakeGenerator(delay=0.05)
    summarizer = Summarizer(SummarizerConfig(max_batch=4, batch_wait_ms=50), generator=fake)
    summarizer.load()
    digests = await asyncio.gather(*(summarizer.summarize_async(_article(i)) for i in range(6)))
    for i, digest in enumerate(digests):
        assert digest.summary.startswith(f"Story {i}:"), "each caller gets its own article's summary"
        assert digest.summary_kind == "abstractive"
    assert len(fake.calls) < 6, f"6 articles took {len(fake.calls)} generate calls"
    assert max(len(texts) for texts, _ in fake.calls) > 1
    assert fake.max_parallel == 1, "one generate at a time"
    stats = summarizer.batch_stats
    assert stats is not None and stats.calls == len(fake.calls)
    summarizer.close()


async def test_model_failure_in_async_path_serves_extractive() -> None:
    def broken(text: str, settings: GenerationSettings) -> str:
        raise RuntimeError("CUDA error: device-side assert triggered")

    summarizer = Summarizer(SummarizerConfig(), generator=FakeGenerator(respond=broken))
    summarizer.load()
    digest = await summarizer.summarize_async(_article(1))
    assert digest.summary_kind == "extractive" and digest.fallback_reason == "model-error"
    summarizer.close()


def test_batcher_survives_a_new_event_loop() -> None:
    summarizer = Summarizer(SummarizerConfig(batch_wait_ms=1), generator=FakeGenerator())
    summarizer.load()
    first = asyncio.run(summarizer.summarize_async(_article(1)))
    second = asyncio.run(summarizer.summarize_async(_article(2)))
    assert first.summary.startswith("Story 1") and second.summary.startswith("Story 2")
    summarizer.close()
