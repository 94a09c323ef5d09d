"""The python-telegram-bot Application, built in one place."""

from __future__ import annotations

import functools
import html
import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from storage import Store
from summarizer.generation import GenerationSettings
from summarizer.pipeline import Summarizer, SummarizerConfig

from . import access, commands, destinations, library, sources, stats
from .briefings import commands as briefings
from .config import Settings
from .replies import articles, documents, jobs
from .replies.storage_trouble import attempt, explain
from .reuse import save as store_digest
from .scale import metrics
from .scale.client import QueueClient
from .services import SERVICES_KEY, Services
from .stories import handlers as story_handlers

log = logging.getLogger(__name__)
SORRY = "Sorry, something went wrong on my side while handling that. Please try again in a minute."


def make_summarizer(settings: Settings) -> Summarizer:
    config = SummarizerConfig(
        model=settings.model,
        device=settings.device,
        torch_threads=settings.torch_threads,
        backend=settings.backend,
        max_batch=settings.max_batch,
        batch_wait_ms=settings.batch_wait_ms,
        generation=GenerationSettings(num_beams=settings.num_beams),
        ner_model=settings.ner_model,
    )
    return Summarizer(config)


def build_application(
    settings: Settings,
    *,
    summarizer: Summarizer | None = None,
    store: Store | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Application:
    """The bot: handlers, rate limiter and services. Tests pass in a loaded summarizer to share it."""
    builder = ApplicationBuilder().token(settings.token).rate_limiter(AIORateLimiter(max_retries=3))
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url)
    if settings.telegram_base_file_url:
        builder = builder.base_file_url(settings.telegram_base_file_url)
    # Work of one chat must not wait for another's summary.
    app = builder.concurrent_updates(True).build()
    if summarizer is None:
        summarizer = make_summarizer(settings)
        if not settings.queue_url:  # with a queue, only the workers hold the model
            summarizer.load()
    store = store or Store(settings.database_path, busy_timeout_ms=settings.db_busy_timeout_ms)
    app.bot_data[SERVICES_KEY] = Services(
        settings=settings,
        store=store,
        summarizer=summarizer,
        queue=_queue_client(settings, store),
        **({"clock": clock} if clock else {}),
    )
    _add_handlers(app)
    return app


def _queue_client(settings: Settings, store: Store) -> QueueClient | None:
    if not settings.queue_url:
        return None
    return QueueClient(settings, functools.partial(store_digest, store))


def _add_handlers(app: Application) -> None:
    # Order matters: the access gate (group -1) before everything, then feature commands, then the
    # catch-alls for unknown commands and articles. Articles and documents count against per-user limits.
    metrics.register(app)
    access.register(app)
    app.add_handler(CommandHandler("start", commands.on_start))
    app.add_handler(CommandHandler("help", commands.on_help))
    briefings.register(app)
    destinations.register(app)
    stats.register(app)
    sources.register(app)  # before library: `/export opml` and .opml files are handled there
    library.register(app)
    story_handlers.register(app)
    # Posts in a channel are the channel's own: never answered (the bot only posts there).
    app.add_handler(
        MessageHandler(filters.COMMAND & ~filters.UpdateType.CHANNEL_POSTS, commands.on_unknown_command)
    )
    # New messages only: an edited message is not a new article to answer again.
    new = filters.UpdateType.MESSAGE
    # Accepted work is recorded durably (jobs.durable) and finished at start-up after a crash; the
    # record comes first, so work replayed at start-up that the limits refuse is answered and closed.
    jobs.register(app)
    read_document = jobs.durable(access.limited(documents.on_document))
    app.add_handler(MessageHandler(new & filters.Document.ALL, read_document))
    news = new & ~filters.COMMAND & ~filters.StatusUpdate.ALL
    app.add_handler(MessageHandler(news, jobs.durable(access.limited(articles.on_article))))
    app.add_error_handler(on_error)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log every failure with its update, and tell the user in a plain sentence."""
    log.error("update %r failed", update, exc_info=context.error)
    metrics.ERRORS.labels(kind=type(context.error).__name__).inc()
    if not isinstance(update, Update):
        return
    services: Services | None = context.bot_data.get(SERVICES_KEY)
    if services:
        store, error = services.store, context.error
        attempt(
            store.db.conn,
            "record an error",
            lambda: store.record_error(
                type(error).__name__,
                chat_id=update.effective_chat.id if update.effective_chat else None,
                detail=html.escape(str(error)),
                at=services.clock(),
            ),
        )
    # A database that cannot write (locked elsewhere, disk full) is said as such, not as "Sorry".
    text = explain(context.error) if isinstance(context.error, sqlite3.Error) else SORRY
    try:
        if update.callback_query:  # a button press waits for an answer; stop its spinner
            await update.callback_query.answer(text[:200], show_alert=True)
        elif update.effective_message:
            await update.effective_message.reply_text(text)
    except Exception:
        log.exception("could not tell the user about the error")
