"""Following and unfollowing: the steps shared by /follow, a follow by forward and OPML import.

A first follow reads the source once, remembers everything it shows (so nothing of it is "new"
later) and sends only the newest few items, none older than the settings allow.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram.ext import Application

from bot.services import app_services
from storage.sources import BRIEFING, PAUSED, Source, SourceStore

from .discovery import Discovered, FollowError, discover, target_url
from .fetching import source_limits
from .filters import ChatFilter
from .poller import record_read, runtime, too_old
from .reading import FeedItem

ADDED, ALREADY, REFUSED = "added", "already", "refused"


@dataclass(frozen=True)
class FollowResult:
    status: str  # added, already, refused
    reason: str = ""  # for refused: the sentence why
    source: Source | None = None
    found: Discovered | None = None


async def follow(app: Application, chat_id: int, target: str) -> FollowResult:
    svc = app_services(app)
    store = SourceStore(svc.store.db)
    if store.count_follows(chat_id) >= svc.settings.max_sources_per_chat:
        limit = svc.settings.max_sources_per_chat
        return FollowResult(REFUSED, f"This chat already follows {limit} sources, the most I allow.")
    try:
        found = await discover(target, limits=source_limits(svc.settings), tme_base=svc.settings.tme_base)
    except FollowError as exc:
        return FollowResult(REFUSED, str(exc))
    now = svc.clock()
    source = store.add_source(found.url, found.kind, found.title, found.doc.site_url, now=now)
    others = store.followers(source.id)
    if not store.follow(chat_id, source.id, now=now, mode=BRIEFING):
        if source.state == PAUSED:  # "send /follow again to retry" after a pause
            store.resume(source.id, now=now)
        return FollowResult(ALREADY, source=source, found=found)
    if source.state == PAUSED:
        store.resume(source.id, now=now)
    _first_read(app, source, found, chat_id, others)
    updated = store.source(source.id)
    return FollowResult(ADDED, source=updated or source, found=found)


def _first_read(
    app: Application, source: Source, found: Discovered, chat_id: int, others: list[tuple[int, str]]
) -> None:
    """Remember what the source shows now; the new follower gets its newest few items (the chats that
    followed it before get what is new to them, as from any poll)."""
    svc = app_services(app)
    now = svc.clock()
    newest = {id(item) for item in newest_items(found, svc.settings.feed_first_items)}
    mine = ChatFilter.load(SourceStore(svc.store.db), chat_id)

    def always(item: FeedItem) -> tuple[tuple[int, str], ...]:
        wanted = id(item) in newest and not too_old(item, now, svc)
        return ((chat_id, BRIEFING),) if wanted and mine.allows(item.title, item.summary or item.text) else ()

    record_read(
        svc,
        source,
        found.fetched,
        found.doc,
        runtime(app).rng,
        followers=others,
        title=found.title,
        always=always,
    )


def newest_items(found: Discovered, count: int) -> list[FeedItem]:
    """The `count` newest items: by date when the items carry dates, else in the document's order
    (newest first in feeds, oldest first on a channel page)."""
    items = list(found.doc.items)
    if found.kind == "channel":
        items.reverse()
    if items and all(item.published for item in items):
        items.sort(key=lambda item: item.published, reverse=True)  # type: ignore[arg-type, return-value]
    return items[: max(0, count)]


def find_followed(store: SourceStore, chat_id: int, text: str, tme_base: str) -> Source | None:
    """The chat's source that `text` names: its number in /following, its URL, @channel or title."""
    follows = store.follows(chat_id)
    text = text.strip()
    if text.isdigit() and 1 <= int(text) <= len(follows):
        return follows[int(text) - 1].source
    try:
        url, _ = target_url(text, tme_base)
    except FollowError:
        url = ""
    for follow_ in follows:
        source = follow_.source
        if url and url in (source.url, source.site_url):
            return source
        if source.title and source.title.casefold() == text.casefold():
            return source
    return None
