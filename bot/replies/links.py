"""Links in a message: fetch each page safely, extract the article, answer with its digest."""

from __future__ import annotations

import logging

from telegram import Message

from storage import StoredDigest

from ..outgoing import SITE_CHARS, clip, reply_plain
from ..services import Services
from ..web.extract import extract_article_async
from ..web.fetch import FetchError, FetchLimits, fetch_page, parse_http_url
from ..web.urls import canonical_url
from . import jobs
from .digests import answer_stored, summarize_and_reply
from .progress import typing
from .storage_trouble import attempt

log = logging.getLogger(__name__)


def fetch_limits(svc: Services) -> FetchLimits:
    settings = svc.settings
    return FetchLimits(
        total_timeout=settings.fetch_timeout,
        read_timeout=min(10.0, settings.fetch_timeout),
        max_bytes=settings.max_page_bytes,
        allow_private=settings.allow_private_urls,
    )


async def answer_links(message: Message, links: list[str], svc: Services) -> None:
    """A digest for each link, up to the per-message limit; the rest are named in the reply."""
    limit = svc.settings.max_links_per_message
    for url in links[:limit]:
        if jobs.part_done(url):  # answered before a crash interrupted this message
            continue
        await answer_link(message, url, svc)
        jobs.mark_part_done(url)
    skipped = links[limit:]
    if skipped:
        names = "\n".join(f"• {url}" for url in skipped)  # plain text: no escaping, or "&" shows as "&amp;"
        await reply_plain(
            message,
            f"I read up to {limit} links per message. Not read (send them again separately):\n{names}",
            disable_web_page_preview=True,
        )


async def answer_link(message: Message, url: str, svc: Services) -> int | None:
    try:
        target = parse_http_url(url)  # no network: what is no http(s) URL is refused before "Reading…"
    except FetchError as refused:  # recorded like every other link we could not read
        record_error(svc, message, refused.kind, url)
        await message.reply_text(refused.message)
        return None
    link = url.strip()
    # The canonical form only recognises a link summarised before; the page fetched is the one sent.
    stored: StoredDigest | None = svc.store.find_digest(canonical_url=canonical_url(link))
    if stored:  # summarised before, by anyone: answer at once without fetching
        return await answer_stored(message, stored, svc, status_key=url)
    status = await jobs.status_message(message, f"Reading {clip(target.host, SITE_CHARS)}…", url)
    try:
        async with typing(message.get_bot(), message.chat_id):
            page = await fetch_page(link, limits=fetch_limits(svc))
            article = await extract_article_async(page)
    except FetchError as exc:
        log.info("link %s not read: %s (%s)", link, exc.kind, exc.message)
        record_error(svc, message, exc.kind, link)
        await status.edit_text(exc.message)
        return None
    return await summarize_and_reply(message, article, svc, status=status)


def record_error(svc: Services, message: Message, kind: str, detail: str) -> None:
    """Count a link or file this chat sent that could not be read (nothing, if /forget came first)."""
    if jobs.dropped():  # the chat was forgotten meanwhile: keep nothing of it
        return
    attempt(
        svc.store.db.conn,
        "record an input error",
        lambda: svc.store.record_error(kind, chat_id=message.chat_id, detail=detail, at=svc.clock()),
    )
