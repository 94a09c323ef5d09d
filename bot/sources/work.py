"""Background work on new items: turn each into a digest (or a headline when that is not possible)
and deliver it to the chats that follow its sources.

Lower priority than users: before each item the worker waits while any user's forward or link is
being worked on, and the model is spent on at most `feed_summaries_per_hour` feed items; items over
the budget are kept as headline and link ("not summarised: busy"). Digests go through the same store
as forwarded articles (`Store.find_digest` / `save_digest`), so one article has one digest whoever
brought it. A teaser (a feed item of a few words) is read from the article's page through the link
path (bot.web.fetch + trafilatura).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlsplit

from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application

from bot.destinations import delivery
from bot.limits import LIMITER_KEY, UserLimiter
from bot.outgoing import SITE_CHARS, TITLE_CHARS, clip, link, send_html
from bot.outgoing.render import esc, render_digest
from bot.replies.links import fetch_limits
from bot.reuse import find_earlier
from bot.scale.client import JobFailed, JobTimeout, QueueBusy, QueueUnavailable
from bot.scale.dispatch import NotStored, summarise
from bot.scale.jobs import Priority
from bot.services import Services, app_services
from bot.stories.hook import on_digest_stored
from bot.web.extract import extract_article_async
from bot.web.fetch import FetchError, fetch_page
from bot.web.sites import same_site
from storage import StoredDigest
from storage.destinations import DestinationStore
from storage.sources import BUSY, DONE, HEADLINE, PENDING, REUSED, Entry, SourceStore
from summarizer.pipeline import MIN_WORDS, NotSummarisable
from summarizer.types import Article

from .poller import runtime

log = logging.getLogger(__name__)

USER_WAIT_STEP = 0.05  # seconds between two looks at whether users still have work in progress
BUSY_NOTE = "not summarised: busy"
HEADLINE_NOTE = "no article text to summarise"
URL_CHARS = 120  # a link shown as text: long enough to recognise, the full address is its href


def kick(app: Application) -> None:
    """Start the worker unless it is already running."""
    rt = runtime(app)
    if rt.worker is None or rt.worker.done():
        rt.worker = app.create_task(drain(app), name="sources-worker")


async def drain(app: Application) -> int:
    """Work through every entry that chats wait for; returns how many were handled."""
    svc = app_services(app)
    store = SourceStore(svc.store.db)
    handled = 0
    async with runtime(app).work_lock:  # one worker at a time: an entry is processed once
        while batch := store.entries_to_process(limit=20):
            for entry in batch:
                await _users_first(app)
                try:
                    await process_entry(app, entry)
                except Exception:  # a bug on one item must not stop the others, nor loop on it forever
                    log.exception("feed entry %s failed", entry.id)
                    store.finish(entry, state=HEADLINE, digest_id=None, now=svc.clock())
                handled += 1
    return handled


async def _users_first(app: Application) -> None:
    users: UserLimiter | None = app.bot_data.get(LIMITER_KEY)
    while users is not None and users.in_progress() > 0:
        await asyncio.sleep(USER_WAIT_STEP)


async def process_entry(app: Application, entry: Entry) -> None:
    svc = app_services(app)
    store = SourceStore(svc.store.db)
    if entry.state == PENDING:
        state, digest_id = await _digest(app, store, entry)
    else:  # summarised before; a chat that followed later waits for it
        state, digest_id = entry.state, entry.digest_id
    chats = store.finish(entry, state=state, digest_id=digest_id, now=svc.clock())
    if not chats:
        return
    parts = instant_parts(svc, entry, state, digest_id)  # the same message for every instant chat
    for chat_id in chats:
        await send_instant(app, chat_id, entry, parts)


async def _digest(app: Application, store: SourceStore, entry: Entry) -> tuple[str, int | None]:
    svc = app_services(app)
    source = store.source(entry.source_id)
    # A feed may link anywhere: its item is that page only when the feed shares the page's site.
    # Otherwise the item's text is the feed's word, not the page's, and must not become the digest
    # every later sender of that link gets (the link still shows as the item's source).
    claimed = entry.link if entry.link and source and same_site(entry.link, source.url) else None
    article = Article(
        text=entry.text,
        title=entry.title,
        url=claimed,
        source=(source.title if source else None) or _host(entry.link),
        source_url=entry.link,
        published=entry.published,
    )
    # Reading a digest made from the page itself is safe whoever links to it.
    stored = svc.store.find_digest(canonical_url=entry.link) if entry.link else None
    stored = stored or find_earlier(svc.store, article, by_text=_fingerprint(entry.text))
    if stored:
        await _join_story(app, stored)
        return REUSED, stored.id
    budget = svc.settings.feed_summaries_per_hour
    if store.summaries_since(svc.clock() - timedelta(hours=1)) >= budget:
        return BUSY, None
    if len(entry.text.split()) < svc.settings.feed_teaser_words and entry.link and not _is_tme(entry.link):
        async with runtime(app).host_slot(entry.link):  # politely: the site's poll limit holds here too
            article = await _from_page(svc, article)
        stored = find_earlier(svc.store, article, by_text=_fingerprint(article.text))
        if stored:
            await _join_story(app, stored)
            return REUSED, stored.id
    if len(article.text.split()) < MIN_WORDS:
        return HEADLINE, None
    try:
        # The same call forwards use: in this process or on the queue's feed lane, behind users' work.
        stored = await summarise(svc, article, priority=Priority.FEED)
    except NotSummarisable:
        return HEADLINE, None
    except (QueueBusy, QueueUnavailable, JobFailed, JobTimeout, NotStored) as exc:
        log.info("feed entry %s kept as a headline: %s", entry.id, type(exc).__name__)
        return BUSY, None
    await _join_story(app, stored)
    return DONE, stored.id


async def _join_story(app: Application, stored: StoredDigest) -> None:
    # A feed digest joins its story through the call forwards use; followers of the story hear of it.
    svc = app_services(app)
    try:
        await on_digest_stored(app.bot, svc, stored, at=svc.clock(), chat_id=None)
    except Exception:
        log.exception("feed digest #%d could not join a story", stored.id)


async def _from_page(svc: Services, article: Article) -> Article:
    """The article behind a teaser, read like a link a user sent; the teaser itself when that fails."""
    assert article.source_url is not None
    try:
        page = await fetch_page(article.source_url, limits=fetch_limits(svc))
        found = await extract_article_async(page)
    except FetchError as exc:
        log.info("teaser %s: article not read (%s)", article.source_url, exc.kind)
        return article
    if len(found.text) <= len(article.text):
        return article
    if article.url is None:
        # The feed is on another site: what is stored under the page's address is the page's own
        # title and site, never words the feed put on it (every later sender of the link gets them).
        return replace(found, published=found.published or article.published)
    # A feed on the page's own site: its title and source name stay, what the follower chose to read.
    return replace(
        found, title=article.title or found.title, source=article.source, published=article.published
    )


def instant_parts(svc: Services, entry: Entry, state: str, digest_id: int | None) -> list[str]:
    """An instant item's message: its digest, or its headline and link when it has none."""
    stored = svc.store.load_digest(digest_id) if digest_id else None
    if stored is not None:
        return render_digest(stored.digest, stored.article, digest_id=stored.id, cached=False)
    return [headline_message(svc, entry, state)]


async def send_instant(app: Application, chat_id: int, entry: Entry, parts: list[str]) -> None:
    svc = app_services(app)
    # The topic where /follow was given, a channel's silent posting.
    thread = DestinationStore(svc.store.db).follow_thread(chat_id, entry.source_id)
    options = delivery.send_options(svc.store.db, chat_id, thread)
    try:
        for part in parts:
            await send_html(app.bot, chat_id, part, disable_web_page_preview=True, **options)
    except Forbidden as exc:
        if await _destination_refused(app, chat_id, thread, entry.source_id, exc):
            return
        # The chat blocked the bot or removed it: sending it more would fail forever. Its follows are
        # paused (not deleted: /following shows them again if it comes back).
        log.warning("chat %s blocked the bot (%s): its sources are paused", chat_id, exc)
        store = SourceStore(svc.store.db)
        for follow in store.follows(chat_id):
            store.set_paused(chat_id, follow.source.id, True)
    except TelegramError as exc:
        if isinstance(exc, BadRequest) and await _destination_refused(
            app, chat_id, thread, entry.source_id, exc
        ):
            return
        log.warning("instant item %s to chat %s not sent: %s", entry.id, chat_id, exc)


async def _destination_refused(
    app: Application, chat_id: int, thread: int, source_id: int, exc: TelegramError
) -> bool:
    """A channel that removed the bot or took its right to post: its deliveries pause and the admin
    is told once (bot.destinations); the follows stay, so items flow again when the right returns.
    A forum topic closed or deleted: this follow pauses (/following resumes it), with a note."""
    kind = delivery.refusal(exc)
    if kind is None:
        return False
    log.warning("instant item to chat %s refused (%s): deliveries paused", chat_id, exc)
    if kind in (delivery.TOPIC_CLOSED, delivery.TOPIC_GONE):
        SourceStore(app_services(app).store.db).set_paused(chat_id, source_id, True)
    await delivery.pause(app, chat_id, thread, kind)
    return True


def headline_message(svc: Services, entry: Entry, state: str) -> str:
    source = SourceStore(svc.store.db).source(entry.source_id)
    note = BUSY_NOTE if state == BUSY else HEADLINE_NOTE
    # A feed may title an item with 6,000 characters or link it with 5,000: bounded like a digest's.
    lines = [f"<b>{esc(clip(entry.title or entry.link or 'Untitled', TITLE_CHARS))}</b>"]
    if entry.link:
        lines.append(link(entry.link, clip(entry.link, URL_CHARS)))
    name = (source.title if source else None) or _host(entry.link) or "source"
    lines.append(f"<i>{esc(clip(name, SITE_CHARS))} · {note}</i>")
    return "\n".join(lines)


def _fingerprint(text: str) -> bool:
    # A feed item of a few words is no fingerprint of its article: match it by link only.
    return len(text.split()) >= MIN_WORDS


def _host(link: str | None) -> str | None:
    return (urlsplit(link).hostname or None) if link else None


def _is_tme(link: str) -> bool:
    return (urlsplit(link).hostname or "").lower() in {"t.me", "telegram.me"}
