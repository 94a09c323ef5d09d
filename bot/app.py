"""The python-telegram-bot Application, built in one place."""

from __future__ import annotations

import html
import logging
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
from summarizer.model import GenerationSettings
from summarizer.pipeline import Summarizer, SummarizerConfig

from . import access, articles, briefings, commands, documents, library, stats
from .config import Settings
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
        summarizer.load()
    app.bot_data[SERVICES_KEY] = Services(
        settings=settings,
        store=store or Store(settings.database_path),
        summarizer=summarizer,
        **({"clock": clock} if clock else {}),
    )
    _add_handlers(app)
    return app


def _add_handlers(app: Application) -> None:
    # Order matters: the access gate (group -1) before everything, then feature commands, then the
    # catch-alls for unknown commands and articles. Articles and documents count against per-user limits.
    access.register(app)
    app.add_handler(CommandHandler("start", commands.on_start))
    app.add_handler(CommandHandler("help", commands.on_help))
    briefings.register(app)
    stats.register(app)
    library.register(app)
    story_handlers.register(app)
    app.add_handler(MessageHandler(filters.COMMAND, commands.on_unknown_command))
    # New messages only: an edited message is not a new article to answer again.
    new = filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(new & filters.Document.ALL, access.limited(documents.on_document)))
    news = new & ~filters.COMMAND & ~filters.StatusUpdate.ALL
    app.add_handler(MessageHandler(news, access.limited(articles.on_article)))
    app.add_error_handler(on_error)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log every failure with its update, and tell the user in a plain sentence."""
    log.error("update %r failed", update, exc_info=context.error)
    if not isinstance(update, Update):
        return
    services: Services | None = context.bot_data.get(SERVICES_KEY)
    if services:
        services.store.record_error(
            type(context.error).__name__,
            chat_id=update.effective_chat.id if update.effective_chat else None,
            detail=html.escape(str(context.error)),
            at=services.clock(),
        )
    try:
        if update.callback_query:  # a button press waits for an answer; stop its spinner
            await update.callback_query.answer(SORRY[:200], show_alert=True)
        elif update.effective_message:
            await update.effective_message.reply_text(SORRY)
    except Exception:
        log.exception("could not tell the user about the error")
