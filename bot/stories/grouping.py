"""Put a stored digest in its story: the open window's grouper, kept per process, asks the pure grouper.

The grouper is rebuilt from storage (every member of the window, replayed in arrival order) only when
what it remembers no longer matches: story members changed by anything but this module (/forget,
another process), an arrival older than the last one, other settings, or a window's time since the
last rebuild (expired members' rows and document counts then go).
"""

from __future__ import annotations

import logging
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from storage import StoredDigest
from storage.stories import StoryStore
from summarizer.stories import StoryConfig, StoryGrouper, StoryItem, load_embedder

from ..briefings.render import source_name
from ..services import Services

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Joined:
    story_id: int
    created: bool  # the digest started a new story
    new_source: bool  # the digest's source had not reported the story before
    already: bool  # the digest was in its story before this call


def item_of(stored: StoredDigest, at: datetime) -> StoryItem:
    """What grouping reads of a digest: headline, summary, entities, figures, time, publisher."""
    return StoryItem(
        id=str(stored.id),
        title=stored.article.title or stored.digest.headline,
        text=stored.digest.summary,
        published=at,
        publisher=source_name(stored),
        entities=tuple(e.text for e in stored.digest.entities),
        figures=tuple(stored.digest.figures),
    )


def shared(svc: Services, stored: StoredDigest) -> StoredDigest:
    """The digest as every chat may see it (its site, its public channel).

    Stories are shared by all chats; a chat's own view (bot.replies.origins.as_seen_by: its private group,
    sender or file name) must never name a story member, or reach another chat through one.
    """
    return svc.store.load_digest(stored.id) or stored


@dataclass
class _Window:
    grouper: StoryGrouper
    settings: tuple[int, str]  # window hours and embedding model it was built with
    members: int  # StoryStore.members_version() after its last change here
    built: datetime
    latest: datetime


# One open window per database object in this process, gone with the database.
_WINDOWS: weakref.WeakKeyDictionary[Any, _Window] = weakref.WeakKeyDictionary()


def window(svc: Services) -> timedelta:
    return timedelta(hours=svc.settings.story_window_hours)


def assign(svc: Services, stored: StoredDigest, *, at: datetime) -> Joined:
    """The digest's story: the one it is in already, an open one it belongs to, or a new one."""
    return assign_many(svc, [(stored, at)])[0]


def assign_many(svc: Services, arrivals: list[tuple[StoredDigest, datetime]]) -> list[Joined]:
    """`assign` for several digests in arrival order, reading the stored window once."""
    stories = StoryStore(svc.store.db)
    grouper: StoryGrouper | None = None
    out: list[tuple[int, Joined]] = []
    for seen, at in sorted(arrivals, key=lambda pair: pair[1]):
        stored = shared(svc, seen)
        existing = stories.story_of(stored.id)
        if existing is not None:
            out.append((stored.id, Joined(existing, created=False, new_source=False, already=True)))
            continue
        if grouper is None:
            grouper = _current_window(svc, stories, at)
        item = item_of(stored, at)
        decision = grouper.decide(item)
        story = int(decision.story) if decision.story is not None else None
        publishers = {m.publisher for m in stories.members(story)} if story is not None else set()
        story_id = stories.join(stored.id, story, at=at, publisher=item.publisher, title=item.title)
        grouper.add(item, story=str(story_id))
        _remember(svc, at)
        log.info("digest #%d -> story %d (%s, %.2f)", stored.id, story_id, decision.reason, decision.score)
        joined = Joined(
            story_id, created=story is None, new_source=item.publisher not in publishers, already=False
        )
        out.append((stored.id, joined))
    by_id = dict(out)
    return [by_id[stored.id] for stored, _ in arrivals]


def _current_window(svc: Services, stories: StoryStore, at: datetime) -> StoryGrouper:
    """The kept grouper when it still matches storage and `at`, else one rebuilt from storage."""
    kept = _WINDOWS.get(svc.store.db)
    settings = (svc.settings.story_window_hours, svc.settings.embedding_model)
    version = stories.members_version()
    if (
        kept is not None
        and kept.settings == settings
        and kept.members == version
        and kept.latest <= at < kept.built + window(svc)
    ):
        return kept.grouper
    grouper = _open_window(svc, stories, at)
    # The version read before the rebuild: a change made during it shows as a mismatch next time.
    _WINDOWS[svc.store.db] = _Window(grouper, settings, version, at, at)
    return grouper


def _remember(svc: Services, at: datetime) -> None:
    """The kept grouper now holds the member just stored: its version moves by that one row.

    Derived rather than read again, so a change made meanwhile by anyone else still shows as a
    mismatch next time and the window is rebuilt.
    """
    kept = _WINDOWS.get(svc.store.db)
    if kept is not None:
        kept.members += 1  # the one row joined; a duplicate ignored by storage only forces a rebuild
        kept.latest = max(kept.latest, at)


def _open_window(svc: Services, stories: StoryStore, at: datetime) -> StoryGrouper:
    """The grouper as it stood: every stored member of the window before `at`, in arrival order."""
    grouper = StoryGrouper(StoryConfig(window=window(svc)), load_embedder(svc.settings.embedding_model))
    for member in stories.window(at - window(svc)):
        known = svc.store.load_digest(member.digest_id)
        if known is not None:
            grouper.add(item_of(known, member.joined_at), story=str(member.story_id))
    return grouper
