"""Run the real Newsbrief Application against the fake Bot API, the way production runs it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from telegram.ext import Application

from bot.app import build_application
from bot.briefings import scheduler
from bot.config import Settings
from bot.services import SERVICES_KEY, Services
from storage import Store
from summarizer.pipeline import Summarizer, SummarizerConfig

TOKEN = "123456789:TEST-token-for-the-fake-bot-api-server"


def bot_settings(fake_api: Any, db_path: Path, **overrides: Any) -> Settings:
    """Production defaults, pointed at the fake server; links to 127.0.0.1 are allowed for the test server."""
    base = Settings(
        token=TOKEN,
        database_path=db_path,
        telegram_base_url=f"{fake_api.url}/bot",
        telegram_base_file_url=f"{fake_api.url}/file/bot",
        allow_private_urls=True,
    )
    return replace(base, **overrides)


def extractive_summarizer() -> Summarizer:
    """A summarizer that was never loaded: the labelled extractive fallback, fast and deterministic."""
    return Summarizer(SummarizerConfig())


@asynccontextmanager
async def running_bot(
    fake_api: Any,
    db_path: Path,
    *,
    summarizer: Summarizer | None = None,
    clock: Callable[[], datetime] | None = None,
    **overrides: Any,
) -> AsyncIterator[tuple[Application, Services]]:
    """Start polling like `newsbrief run` does; stop cleanly on exit. Yields the app and its services."""
    settings = bot_settings(fake_api, db_path, **overrides)
    store = Store(db_path)
    app = build_application(
        settings, summarizer=summarizer or extractive_summarizer(), store=store, clock=clock
    )
    try:
        async with app:
            await app.start()
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
            try:
                yield app, app.bot_data[SERVICES_KEY]
            finally:
                await app.updater.stop()
                await app.stop()
                queue = app.bot_data[SERVICES_KEY].queue
                if queue is not None:
                    await queue.close()
    finally:
        store.close()


@asynccontextmanager
async def paused_bot(
    fake_api: Any, db_path: Path, clock: Callable[[], datetime], **overrides: Any
) -> AsyncIterator[tuple[Application, Services]]:
    """The bot as `newsbrief run` starts it, after its start-up job (jobs rebuilt, catch-up sent), with
    the job scheduler paused: the test fires the jobs it means to, when it means to."""
    async with running_bot(fake_api, db_path, clock=clock, **overrides) as (app, services):
        await scheduler.wait_started(app)
        app.job_queue.scheduler.pause()  # type: ignore[union-attr]
        yield app, services
