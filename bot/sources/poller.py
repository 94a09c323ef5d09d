"""The poller: fetch each due source once (whatever the number of chats that follow it), remember
what is new, and hand new items to the background worker.

It runs as one PTB JobQueue job every `feed_tick` seconds (no sleep loop). Fetches share a global
limit and a per-host limit; each source's next poll comes from bot.sources.timing. What a poll found
is written (items, then validators) before anything is summarised or sent, so a restart in the
middle neither loses an item (the feed is fetched again unconditionally) nor sends one twice (items
already seen are skipped, and deliveries are unique per chat and entry).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import httpx
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot.outgoing import TITLE_CHARS, clip, send_plain
from bot.services import Services, app_services
from bot.web import fetch
from bot.web.fetch import FetchError
from bot.web.urls import canonical_url
from storage import content_hash
from storage.sources import IngestItem, Source, SourceStore

from ..scale.metrics import FEED_FETCHES
from . import timing
from .fetching import Fetched, fetch_source, source_limits
from .filters import ChatFilter
from .reading import FeedItem, NotAFeed, SourceDocument, read_document

log = logging.getLogger(__name__)

RUNTIME_KEY = "sources_runtime"
JOB_NAME = "sources-poll"
MIN_HASH_WORDS = 25  # shorter texts ("Comments", a bare title) would make unrelated items look alike
ERROR_CHARS = 300  # a server's error text in a notice: enough to tell what went wrong
PAUSED_NOTICE = (
    "I stopped checking {name}: it has failed for {days} (last error: {error}). "
    "Send /follow {url} to try again."
)


@dataclass
class Runtime:
    """Per-application poller state: limits and the background worker's handle."""

    concurrency: int
    per_host: int
    rng: random.Random = field(default_factory=random.Random)
    in_flight: set[int] = field(default_factory=set)
    worker: asyncio.Task[int] | None = None
    work_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _global: asyncio.Semaphore | None = None
    _hosts: dict[str, asyncio.Semaphore] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._global = asyncio.Semaphore(self.concurrency)
        self._hosts = defaultdict(lambda: asyncio.Semaphore(self.per_host))

    def slot(self) -> asyncio.Semaphore:
        assert self._global is not None
        return self._global

    def host_slot(self, url: str) -> asyncio.Semaphore:
        return self._hosts[(urlsplit(url).hostname or "").lower()]


def runtime(app: Application) -> Runtime:
    found: Runtime | None = app.bot_data.get(RUNTIME_KEY)
    if found is None:
        settings = app_services(app).settings
        found = Runtime(
            concurrency=max(1, settings.feed_concurrency), per_host=max(1, settings.feed_per_host)
        )
        app.bot_data[RUNTIME_KEY] = found
    return found


def policy(svc: Services) -> timing.PollPolicy:
    s = svc.settings
    return timing.PollPolicy(s.feed_poll_interval, s.feed_min_interval, s.feed_max_interval, s.feed_jitter)


# --- the job -------------------------------------------------------------------------------------------


def install(app: Application) -> None:
    """The repeating poll job; the worker that summarises starts with it."""
    assert app.job_queue is not None, "python-telegram-bot[job-queue] is a dependency"
    tick = max(1, app_services(app).settings.feed_tick)
    app.job_queue.run_repeating(
        _on_tick, interval=tick, first=1, name=JOB_NAME, job_kwargs={"coalesce": True}
    )


async def _on_tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    from .work import kick  # the worker imports the poller's runtime

    await poll_due(context.application)
    kick(context.application)


async def poll_due(app: Application, *, limit: int = 500) -> int:
    """Poll every source whose time has come (at most `limit`); returns how many were polled."""
    svc = app_services(app)
    rt = runtime(app)
    due = [s for s in SourceStore(svc.store.db).due(svc.clock(), limit) if s.id not in rt.in_flight]
    if not due:
        return 0
    async with fetch.make_client(source_limits(svc.settings)) as client:  # module lookup: tests swap it
        await asyncio.gather(*(poll_source(app, source, client=client) for source in due))
    return len(due)


async def poll_source(app: Application, source: Source, *, client: httpx.AsyncClient | None = None) -> str:
    """Fetch one source and record what it said; returns "new:N", "not modified" or the error kind."""
    svc = app_services(app)
    rt = runtime(app)
    rt.in_flight.add(source.id)
    try:
        async with rt.slot(), rt.host_slot(source.url):
            try:
                fetched = await fetch_source(
                    source.url,
                    limits=source_limits(svc.settings),
                    etag=source.etag,
                    last_modified=source.last_modified,
                    client=client,
                )
                doc = None if fetched.not_modified else await _read(fetched)
            except FetchError as exc:
                FEED_FETCHES.labels(outcome=exc.kind).inc()
                await _failed(app, source, exc.kind, exc.message, exc.retry_after)
                return exc.kind
            except NotAFeed as exc:
                FEED_FETCHES.labels(outcome="not_feed").inc()
                await _failed(app, source, "not_feed", f"not a feed any more ({exc})", None)
                return "not_feed"
        FEED_FETCHES.labels(outcome="not_modified" if fetched.not_modified else "ok").inc()
        return _succeeded(svc, source, fetched, doc, rt.rng)
    finally:
        rt.in_flight.discard(source.id)


async def _read(fetched: Fetched) -> SourceDocument:
    # feedparser and lxml are CPU work: off the event loop, like article extraction.
    doc = await asyncio.to_thread(
        read_document, fetched.body, url=fetched.url, content_type=fetched.content_type
    )
    if doc.kind == "page":
        raise NotAFeed("a web page")
    if doc.kind == "channel" and not doc.has_preview:
        raise NotAFeed("the channel has no public preview")
    return doc


def _succeeded(
    svc: Services, source: Source, fetched: Fetched, doc: SourceDocument | None, rng: random.Random
) -> str:
    followers = SourceStore(svc.store.db).followers(source.id)
    title = doc.title if doc else None
    new = record_read(svc, source, fetched, doc, rng, followers=followers, title=title)
    return "not modified" if fetched.not_modified else f"new:{new}"


def record_read(
    svc: Services,
    source: Source,
    fetched: Fetched,
    doc: SourceDocument | None,
    rng: random.Random,
    *,
    followers: list[tuple[int, str]],
    title: str | None,
    always: Callable[[FeedItem], tuple[tuple[int, str], ...]] = lambda _: (),
) -> int:
    """Store a successful read of `source` (a poll, or the first read of a follow): each item, for the
    `followers` whose filters take it when it is new (and for `always(item)` even when it is not), and
    when to read the source again. Returns how many items were new."""
    store = SourceStore(svc.store.db)
    now = svc.clock()
    new = 0
    if doc is not None:
        filters = {chat: ChatFilter.load(store, chat) for chat, _ in followers}
        items = [
            ingest_item(
                item, chats_if_new=_wanted(item, followers, filters, now, svc), chats_always=always(item)
            )
            for item in doc.items
        ]
        new = len(store.ingest(source.id, items, now=now))
    interval = timing.after_success(
        policy(svc),
        max_age=timing.max_age(fetched.cache_control),
        ttl_minutes=doc.ttl_minutes if doc else None,
        rng=rng,
    )
    store.record_ok(
        source.id,
        now=now,
        not_modified=fetched.not_modified,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        interval_s=interval,
        next_poll_at=now + timedelta(seconds=interval),
        title=title,
    )
    return new


def _wanted(
    item: FeedItem,
    followers: list[tuple[int, str]],
    filters: dict[int, ChatFilter],
    now: datetime,
    svc: Services,
) -> tuple[tuple[int, str], ...]:
    if too_old(item, now, svc):
        return ()
    return tuple(
        (chat, mode)
        for chat, mode in followers
        if filters[chat].allows(item.title, item.summary or item.text)
    )


def too_old(item: FeedItem, now: datetime, svc: Services) -> bool:
    return item.published is not None and now - item.published > timedelta(
        hours=svc.settings.feed_max_age_hours
    )


def ingest_item(
    item: FeedItem,
    *,
    chats_if_new: tuple[tuple[int, str], ...] = (),
    chats_always: tuple[tuple[int, str], ...] = (),
) -> IngestItem:
    link = canonical_url(item.link) if item.link else None
    if item.guid:
        key = f"g:{item.guid}"
    elif link:
        key = f"l:{link}"
    else:
        key = "h:" + hashlib.sha256(f"{item.title}\n{item.text}".encode()).hexdigest()
    return IngestItem(
        key=key[:500],
        link=link,
        content_hash=content_hash(item.text) if item.words >= MIN_HASH_WORDS else None,
        title=item.title,
        text=item.text,
        published=item.published,
        chats_if_new=chats_if_new,
        chats_always=chats_always,
    )


# --- failures --------------------------------------------------------------------------------------------


async def _failed(app: Application, source: Source, kind: str, message: str, retry_after: str | None) -> None:
    svc = app_services(app)
    store = SourceStore(svc.store.db)
    now = svc.clock()
    interval = timing.after_failure(
        policy(svc),
        failures=source.failures + 1,
        retry_after=timing.retry_after_seconds(retry_after, now),
        rng=runtime(app).rng,
    )
    log.info("source %s failed (%s): %s; next poll in %d s", source.url, kind, message, interval)
    updated = store.record_error(
        source.id,
        now=now,
        kind=kind,
        message=message,
        interval_s=interval,
        next_poll_at=now + timedelta(seconds=interval),
    )
    limit = timedelta(days=svc.settings.feed_pause_after_days)
    if updated.failing_since is not None and now - updated.failing_since >= limit and store.pause(source.id):
        await _tell_paused(app, updated, store.all_followers(source.id))


async def _tell_paused(app: Application, source: Source, chats: list[int]) -> None:
    days = _svc_days(app_services(app).settings.feed_pause_after_days)
    text = PAUSED_NOTICE.format(
        name=clip(source.name, TITLE_CHARS),
        days=days,
        error=clip(source.last_error or "unknown", ERROR_CHARS).rstrip("."),
        url=source.url,
    )
    for chat_id in chats:
        try:
            await send_plain(app.bot, chat_id, text, disable_web_page_preview=True)
        except TelegramError as exc:
            log.warning("could not tell chat %s that %s is paused: %s", chat_id, source.url, exc)


def _svc_days(days: float) -> str:
    whole = int(days) if float(days).is_integer() else days
    return f"{whole} day" if whole == 1 else f"{whole} days"
