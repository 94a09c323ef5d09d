"""What every handler needs, built once at start-up and kept in `application.bot_data`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from telegram.ext import Application, ContextTypes

from storage import Store
from summarizer.pipeline import Summarizer

from .config import Settings

if TYPE_CHECKING:
    from .scale.client import QueueClient

SERVICES_KEY = "services"


@dataclass
class Services:
    settings: Settings
    store: Store
    summarizer: Summarizer
    # Every "now" the bot needs comes from here, so tests can move time without sleeping.
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    # Set when NEWSBRIEF_QUEUE_URL is: summarising then runs in `newsbrief worker` processes.
    queue: QueueClient | None = None
    # Articles being summarised now, by content hash: a second request waits for the same run.
    inflight: dict[str, asyncio.Future[int]] = field(default_factory=dict)


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.bot_data[SERVICES_KEY]  # type: ignore[no-any-return]


def app_services(app: Application) -> Services:
    """The same, for code that holds the application rather than a handler's context (jobs, hooks)."""
    return app.bot_data[SERVICES_KEY]  # type: ignore[no-any-return]
