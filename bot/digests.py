"""The core flow shared by every input: article -> digest -> store -> reply."""

from __future__ import annotations

import logging
import time
from dataclasses import replace

from telegram import Message
from telegram.constants import ParseMode

from storage import StoredDigest, content_hash
from summarizer.figures import figure_label
from summarizer.pipeline import MIN_WORDS, TooShort
from summarizer.types import Article

from .progress import LongArticleProgress, typing
from .render import render_digest
from .services import Services
from .stories.hook import on_digest_stored

log = logging.getLogger(__name__)

TOO_SHORT = (
    "That is too short to summarise ({words} words). Forward or paste the whole article "
    f"(at least {MIN_WORDS} words), or send a link to it."
)
CUT_NOTE = "The article was longer than {limit:,} characters; I summarised the first part."


async def summarize_and_reply(
    message: Message, article: Article, svc: Services, *, status: Message | None = None
) -> int | None:
    """Summarise (or reuse the stored digest of) one article and answer with it; returns the digest id.

    `status` is a "Reading…" message already sent (for links); it is edited into the digest.
    """
    started = time.perf_counter()
    stored = svc.store.find_digest(canonical_url=article.url, text_hash=content_hash(article.text))
    if stored:
        return await answer_stored(message, stored, svc, status=status, started=started)
    _touch_chat(svc, message)
    article, was_cut = _within_limit(article, svc.settings.max_article_chars)
    status = status or await message.reply_text("Reading…")
    try:
        async with typing(message.get_bot(), message.chat_id):
            digest = await svc.summarizer.summarize_async(article, on_step=LongArticleProgress(status))
    except TooShort as exc:
        await status.edit_text(TOO_SHORT.format(words=str(exc).split()[0]))
        return None
    labels = [figure_label(f) for f in digest.figures]
    digest_id = svc.store.save_digest(article, digest, labels)
    stored = svc.store.load_digest(digest_id)
    assert stored is not None  # just written
    # Recorded before the reply goes out, so what the user sees is already in /stats and /history;
    # the latency is completed once the reply is acknowledged.
    request_id = _record(svc, message, stored, cached=False)
    await _join_story(message, svc, stored)
    await _reply(message, status, stored, cached=False)
    svc.store.set_latency(request_id, (time.perf_counter() - started) * 1000)
    if was_cut:
        await message.reply_text(CUT_NOTE.format(limit=svc.settings.max_article_chars))
    return digest_id


async def answer_stored(
    message: Message,
    stored: StoredDigest,
    svc: Services,
    *,
    status: Message | None = None,
    started: float | None = None,
) -> int:
    """Answer with a digest made earlier (by anyone), marked as already summarised; no model run."""
    started = started if started is not None else time.perf_counter()
    _touch_chat(svc, message)
    request_id = _record(svc, message, stored, cached=True)
    await _join_story(message, svc, stored)
    await _reply(message, status, stored, cached=True)
    svc.store.set_latency(request_id, (time.perf_counter() - started) * 1000)
    return stored.id


async def _join_story(message: Message, svc: Services, stored: StoredDigest) -> None:
    # Grouping is a convenience on top of the digest: a failure there must not cost the reply.
    try:
        await on_digest_stored(message.get_bot(), svc, stored, at=svc.clock(), chat_id=message.chat_id)
    except Exception:
        log.exception("digest #%d could not join a story", stored.id)


def _touch_chat(svc: Services, message: Message) -> None:
    svc.store.touch_chat(message.chat_id, message.chat.type, message.chat.title or message.chat.full_name)


def _within_limit(article: Article, limit: int) -> tuple[Article, bool]:
    if len(article.text) <= limit:
        return article, False
    cut = article.text.rfind(". ", 0, limit)
    return replace(article, text=article.text[: cut + 1 if cut > 0 else limit]), True


async def _reply(message: Message, status: Message | None, stored: StoredDigest, *, cached: bool) -> None:
    parts = render_digest(stored.digest, stored.article, digest_id=stored.id, cached=cached)
    if status is not None:
        await status.edit_text(parts[0], parse_mode=ParseMode.HTML, disable_web_page_preview=True)
    else:
        await message.reply_text(parts[0], parse_mode=ParseMode.HTML, disable_web_page_preview=True)
    for part in parts[1:]:
        await message.reply_text(part, parse_mode=ParseMode.HTML, disable_web_page_preview=True)


def _record(svc: Services, message: Message, stored: StoredDigest, *, cached: bool) -> int:
    return svc.store.record_request(
        chat_id=message.chat_id,
        user_id=message.from_user.id if message.from_user else None,
        digest_id=stored.id,
        cached=cached,
        words_sent=stored.digest.stats.words_out,
        at=svc.clock(),
    )
