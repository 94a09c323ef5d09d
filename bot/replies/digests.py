"""The core flow shared by every input: article -> digest -> store -> reply.

The user is answered even when the database cannot write (locked by another process, disk full):
the digest goes out without a number, followed by a sentence saying it was not saved.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

from telegram import Message
from telegram.constants import ParseMode

from storage import StoredDigest
from storage.library import discard_unclaimed_digest
from summarizer.pipeline import MIN_WORDS, TooShort
from summarizer.types import Article

from ..destinations.share import share_with_channel
from ..outgoing import unless_unchanged
from ..outgoing.render import render_digest
from ..reuse import find_earlier
from ..scale import metrics
from ..scale.client import JobFailed, JobTimeout, QueueBusy, QueueUnavailable
from ..scale.dispatch import NotStored, summarise
from ..services import Services
from ..stories.hook import on_digest_stored
from . import jobs
from .inputs import Origin
from .origins import seen_with
from .progress import LongArticleProgress, typing
from .storage_trouble import BROKEN, attempt, explain

log = logging.getLogger(__name__)

TOO_SHORT = (
    "That is too short to summarise ({words} words). Forward or paste the whole article "
    f"(at least {MIN_WORDS} words), or send a link to it."
)
CUT_NOTE = "The article was longer than {limit:,} characters; I summarised the first part."
BUSY = "I'm busy right now, try again in a minute."
GAVE_UP = "Sorry, I could not summarise this article: it failed {tries} times, so I have set it aside."
TOO_SLOW = "Sorry, summarising this is taking too long right now; please try again in a few minutes."


async def summarize_and_reply(
    message: Message,
    article: Article,
    svc: Services,
    *,
    status: Message | None = None,
    origin: Origin | None = None,
) -> int | None:
    """Summarise (or reuse the stored digest of) one article and answer with it; returns the digest id.

    `status` is a "Reading…" message already sent (for links); it is edited into the digest.
    `origin` is where this chat's forward came from: credited to this chat only, never stored with
    the shared digest.
    """
    started = time.perf_counter()
    stored = find_earlier(svc.store, article)
    if stored:
        return await answer_stored(message, stored, svc, status=status, started=started, origin=origin)
    article, was_cut = _within_limit(article, svc.settings.max_article_chars)
    status = status or await jobs.status_message(message, "Reading…")
    try:
        async with typing(message.get_bot(), message.chat_id):
            stored = await summarise(svc, article, on_step=LongArticleProgress(status))
    except TooShort as exc:
        await status.edit_text(TOO_SHORT.format(words=str(exc).split()[0]))
        return None
    except (QueueBusy, QueueUnavailable, JobFailed, JobTimeout) as exc:
        await status.edit_text(_queue_answer(exc, svc))
        return None
    except NotStored as exc:  # answer first: the digest, unnumbered, then why it was not kept
        await _send(message, status, render_digest(exc.digest, seen_with(article, origin)))
        await message.reply_text(explain(exc.error))
        return None
    if jobs.dropped():  # forgotten while it was being made: keep nothing only this chat asked for
        attempt(
            svc.store.db.conn, "discard a digest", lambda: discard_unclaimed_digest(svc.store.db, stored.id)
        )
        await status.edit_text(jobs.DROPPED)
        return None
    metrics.DIGESTS.labels(kind=stored.digest.summary_kind).inc()
    # Recorded before the reply goes out, so what the user sees is already in /stats and /history;
    # the latency is completed once the reply is acknowledged.
    request_id, failed = attempt(
        svc.store.db.conn, "record a request", lambda: _record(svc, message, stored, False, origin)
    )
    await _join_story(message, svc, stored)
    await _reply(message, status, stored, cached=False, origin=origin)
    if failed is not None or request_id is None:
        await message.reply_text(explain(failed) if failed else BROKEN)
        return None
    _set_latency(svc, request_id, started)
    await share_with_channel(message, stored, svc)
    if was_cut:
        await message.reply_text(CUT_NOTE.format(limit=svc.settings.max_article_chars))
    return stored.id


async def answer_stored(
    message: Message,
    stored: StoredDigest,
    svc: Services,
    *,
    status: Message | None = None,
    started: float | None = None,
    origin: Origin | None = None,
    status_key: str = "",
) -> int | None:
    """Answer with a digest made earlier (by anyone), marked as already summarised; no model run."""
    started = started if started is not None else time.perf_counter()
    metrics.DIGESTS.labels(kind="cached").inc()
    status = status or jobs.earlier_status(message, status_key)  # resumed: edit the old "Reading…"
    if jobs.dropped():
        await (status.edit_text(jobs.DROPPED) if status else message.reply_text(jobs.DROPPED))
        return None
    # Work resumed after a crash finds the row it wrote before: same row, same "already" marker.
    earlier = svc.store.find_request(message.chat_id, message.message_id, stored.id)
    cached = earlier.cached if earlier else True
    request_id, failed = attempt(
        svc.store.db.conn, "record a request", lambda: _record(svc, message, stored, cached, origin)
    )
    await _join_story(message, svc, stored)
    await _reply(message, status, stored, cached=cached, origin=origin)
    if failed is not None:
        await message.reply_text(explain(failed))
        return None
    assert request_id is not None
    _set_latency(svc, request_id, started)
    await share_with_channel(message, stored, svc)
    return stored.id


def _queue_answer(exc: Exception, svc: Services) -> str:
    if isinstance(exc, QueueBusy | QueueUnavailable):
        return BUSY
    if isinstance(exc, JobFailed):
        return GAVE_UP.format(tries=svc.settings.queue_max_tries)
    return TOO_SLOW


async def _join_story(message: Message, svc: Services, stored: StoredDigest) -> None:
    # Grouping is a convenience on top of the digest: a failure there must not cost the reply.
    try:
        await on_digest_stored(message.get_bot(), svc, stored, at=svc.clock(), chat_id=message.chat_id)
    except Exception:
        log.exception("digest #%d could not join a story", stored.id)


def _record(
    svc: Services, message: Message, stored: StoredDigest, cached: bool, origin: Origin | None
) -> int:
    svc.store.touch_chat(message.chat_id, message.chat.type, message.chat.title or message.chat.full_name)
    return svc.store.record_request(
        chat_id=message.chat_id,
        user_id=message.from_user.id if message.from_user else None,
        digest_id=stored.id,
        cached=cached,
        words_sent=stored.digest.stats.words_out,
        at=svc.clock(),
        message_id=message.message_id,
        origin=origin.name if origin else None,
        origin_url=origin.url if origin else None,
    )


def _set_latency(svc: Services, request_id: int, started: float) -> None:
    latency = (time.perf_counter() - started) * 1000
    attempt(svc.store.db.conn, "record the reply time", lambda: svc.store.set_latency(request_id, latency))


def _within_limit(article: Article, limit: int) -> tuple[Article, bool]:
    if len(article.text) <= limit:
        return article, False
    cut = article.text.rfind(". ", 0, limit)
    return replace(article, text=article.text[: cut + 1 if cut > 0 else limit]), True


async def _reply(
    message: Message, status: Message | None, stored: StoredDigest, *, cached: bool, origin: Origin | None
) -> None:
    article = seen_with(stored.article, origin)
    await _send(message, status, render_digest(stored.digest, article, digest_id=stored.id, cached=cached))


async def _send(message: Message, status: Message | None, parts: list[str]) -> None:
    if status is not None:
        with unless_unchanged():  # resumed work may find the digest already in place
            await status.edit_text(parts[0], parse_mode=ParseMode.HTML, disable_web_page_preview=True)
    else:
        await message.reply_text(parts[0], parse_mode=ParseMode.HTML, disable_web_page_preview=True)
    for part in parts[1:]:
        await message.reply_text(part, parse_mode=ParseMode.HTML, disable_web_page_preview=True)
