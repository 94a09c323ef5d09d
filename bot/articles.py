"""The main flow: message -> article -> digest -> store -> reply."""

from __future__ import annotations

import logging
import time

from summarizer.figures import figure_label
from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from storage import StoredDigest, content_hash
from summarizer.pipeline import MIN_WORDS, TooShort
from summarizer.sentences import count_words
from summarizer.types import Article

from .inputs import read_message
from .progress import typing
from .render import render_digest
from .services import Services, services

log = logging.getLogger(__name__)

TOO_SHORT = (
    "That is too short to summarise ({words} words). Forward or paste the whole article "
    f"(at least {MIN_WORDS} words), or send a link to it."
)
NOTHING_TO_READ = (
    "I read news: forward an article or a channel post, paste its text, or send a link. "
    "Photos, stickers and voice messages without article text are not something I can summarise."
)


async def on_article(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    incoming = read_message(message)
    if not incoming.text.strip():
        await message.reply_text(NOTHING_TO_READ)
        return
    article = incoming.article()
    words = count_words(article.text)
    if words < MIN_WORDS:
        await message.reply_text(TOO_SHORT.format(words=words))
        return
    await summarize_and_reply(message, article, services(context))


async def summarize_and_reply(message: Message, article: Article, svc: Services) -> int | None:
    """Summarise (or reuse the stored digest of) one article and answer with it; returns the digest id."""
    started = time.perf_counter()
    svc.store.touch_chat(message.chat_id, message.chat.type, message.chat.title or message.chat.full_name)
    stored = svc.store.find_digest(canonical_url=article.url, text_hash=content_hash(article.text))
    if stored:
        await _reply(message, None, stored, cached=True)
        _record(svc, message, stored, cached=True, started=started)
        return stored.id
    status = await message.reply_text("Reading…")
    try:
        async with typing(message.get_bot(), message.chat_id):
            digest = await svc.summarizer.summarize_async(article)
    except TooShort as exc:
        await status.edit_text(TOO_SHORT.format(words=str(exc).split()[0]))
        return None
    labels = [figure_label(f) for f in digest.figures]
    digest_id = svc.store.save_digest(article, digest, labels)
    stored = svc.store.load_digest(digest_id)
    assert stored is not None  # just written
    await _reply(message, status, stored, cached=False)
    _record(svc, message, stored, cached=False, started=started)
    return digest_id


async def _reply(message: Message, status: Message | None, stored: StoredDigest, *, cached: bool) -> None:
    parts = render_digest(stored.digest, stored.article, digest_id=stored.id, cached=cached)
    if status is not None:
        await status.edit_text(parts[0], parse_mode=ParseMode.HTML, disable_web_page_preview=True)
    else:
        await message.reply_text(parts[0], parse_mode=ParseMode.HTML, disable_web_page_preview=True)
    for part in parts[1:]:
        await message.reply_text(part, parse_mode=ParseMode.HTML, disable_web_page_preview=True)


def _record(svc: Services, message: Message, stored: StoredDigest, *, cached: bool, started: float) -> None:
    svc.store.record_request(
        chat_id=message.chat_id,
        user_id=message.from_user.id if message.from_user else None,
        digest_id=stored.id,
        cached=cached,
        latency_ms=(time.perf_counter() - started) * 1000,
        words_sent=stored.digest.stats.words_out,
    )
