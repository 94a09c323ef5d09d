"""A chat's briefing as stories: group the window's digests, merge figures, compare with last time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from storage import StoredDigest
from storage.stories import StoryStore
from storage.times import iso
from summarizer.stories import Reading, changes, merge, snapshot

from ..briefings.render import source_name
from ..outgoing import MAX_HREF, SITE_CHARS, TITLE_CHARS, clip
from ..services import Services
from .grouping import assign_many
from .render import BriefingPart, StoryEntry, render_stories


def readings(members: list[StoredDigest], times: dict[int, datetime], lead: StoredDigest) -> list[Reading]:
    """Every member's figures, the lead's first (its ranking leads the merged list)."""
    ordered = [lead, *(m for m in members if m.id != lead.id)]
    return [
        Reading(figure, source_name(m), m.article.source_url or m.article.url, times[m.id])
        for m in ordered
        for figure in m.digest.figures
    ]


def bounded(stored: StoredDigest) -> StoredDigest:
    """The digest with what came from outside (headline, title, source name, links) cut to what a
    reader can use, before the story is rendered: a 6,000-character title or a 5,000-character link
    would fill the briefing, and a link past MAX_HREF is one Telegram drops."""
    article, digest = stored.article, stored.digest
    name = clip(source_name(stored), SITE_CHARS)
    usable = {
        key: value if value and len(value) <= MAX_HREF else None
        for key, value in (("url", article.url), ("source_url", article.source_url))
    }
    return replace(
        stored,
        article=replace(
            article, title=clip(article.title, TITLE_CHARS) if article.title else None, source=name, **usable
        ),
        digest=replace(digest, headline=clip(digest.headline, TITLE_CHARS)),
    )


def story_entries(
    svc: Services, chat_id: int, digests: list[StoredDigest], *, briefing: str
) -> list[StoryEntry]:
    """The chat's digests grouped by story (muted stories left out), with figures and changes."""
    stories = StoryStore(svc.store.db)
    times = stories.arrivals(chat_id, [d.id for d in digests])
    for stored in digests:
        times.setdefault(stored.id, svc.clock())
    # Digests stored before stories existed (or by a path that skipped the hook) join now.
    found = stories.stories_of([d.id for d in digests])
    missing = [(stored, times[stored.id]) for stored in digests if stored.id not in found]
    for (stored, _), joined in zip(missing, assign_many(svc, missing), strict=True):
        found[stored.id] = joined.story_id
    muted = stories.muted(chat_id)
    followed = set(stories.followed(chat_id))
    grouped: dict[int, list[StoredDigest]] = {}
    for stored in digests:
        if found[stored.id] not in muted:
            grouped.setdefault(found[stored.id], []).append(bounded(stored))
    entries = []
    for story_id, members in grouped.items():
        entry = StoryEntry(story_id, members, {m.id: times[m.id] for m in members})
        entry.followed = story_id in followed
        entry.figures = merge(readings(members, entry.times, entry.lead))
        before, before_at = stories.before(chat_id, story_id, briefing=briefing)
        entry.changes = changes(before, entry.figures)
        entry.changed_since = before_at
        entries.append(entry)
    return entries


def compose_stories(
    svc: Services,
    chat_id: int,
    digests: list[StoredDigest],
    *,
    local_date: date,
    since: datetime,
    end: datetime,
    zone: ZoneInfo,
) -> list[BriefingPart]:
    """The briefing's messages; records the figures of each story shown in full, for the next
    briefing to say what changed (a one-line story showed none)."""
    key = iso(end)
    entries = story_entries(svc, chat_id, digests, briefing=key)
    parts, full = render_stories(
        entries, local_date=local_date, since=since, now=svc.clock(), zone=zone, top=svc.settings.story_top
    )
    stories = StoryStore(svc.store.db)
    for entry in full:
        stories.record_shown(chat_id, entry.story_id, snapshot(entry.figures), briefing=key, at=svc.clock())
    return parts
