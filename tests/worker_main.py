"""`python -m tests.worker_main MODE`: the real worker loop (bot.scale.worker.run_worker) with a fast
summarizer, for the queue tests. Settings come from the environment like `newsbrief worker`.

Modes:
- extractive: the summarizer with no model loaded (the labelled extractive fallback).
- slow: the scripted model of tests/summarizer_fakes.py, sleeping TEST_GENERATE_DELAY s per generate
  call, so a test can kill the worker mid-job or pile jobs up behind it.
- poison: like extractive, but an article containing POISON makes the summarizer raise, the way a
  bug triggered by one input would: every run of that job fails.
"""

from __future__ import annotations

import logging
import os
import sys

from bot.config import Settings
from bot.scale.worker import run_worker
from summarizer.pipeline import StepCallback, Summarizer, SummarizerConfig
from summarizer.types import Article, Digest
from tests.summarizer_fakes import FakeGenerator


class PoisonedSummarizer(Summarizer):
    async def summarize_async(self, article: Article, on_step: StepCallback | None = None) -> Digest:
        if "POISON" in article.text:
            raise RuntimeError("this article always crashes the summarizer")
        return await super().summarize_async(article, on_step)


def build(mode: str) -> Summarizer:
    if mode == "extractive":
        return Summarizer(SummarizerConfig())
    if mode == "poison":
        return PoisonedSummarizer(SummarizerConfig())
    if mode == "slow":
        delay = float(os.environ.get("TEST_GENERATE_DELAY", "1"))
        summarizer = Summarizer(SummarizerConfig(model="fake-model"), generator=FakeGenerator(delay=delay))
        summarizer.load()
        return summarizer
    raise SystemExit(f"unknown mode {mode!r}")


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return run_worker(Settings.from_env(env_file=None), build(sys.argv[1]))


if __name__ == "__main__":
    sys.exit(main())
