"""Put a stored digest in its story: rebuild the open window from storage, ask the pure grouper."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage import StoredDigest
from storage.stories import StoryStore
from summarizer.embeddings import load_embedder
from summarizer.stories import StoryConfig, StoryGrouper, StoryItem

from ..briefing_render import source_name
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


def window(svc: Services) -> timedelta:
    return timedelta(hours=svc.settings.story_window_hours)


def assign(svc: Services, stored: StoredDigest, *, at: datetime) -> Joined:
    """The digest's story: the one it is in already, an open one it belongs to, or a new one."""
    stories = StoryStore(svc.store.db)
    existing = stories.story_of(stored.id)
    if existing is not None:
        return Joined(existing, created=False, new_source=False, already=True)
    grouper = StoryGrouper(StoryConfig(window=window(svc)), load_embedder(svc.settings.embedding_model))
    for member in stories.window(at - window(svc)):
        known = svc.store.load_digest(member.digest_id)
        if known is not None:
            grouper.add(item_of(known, member.joined_at), story=str(member.story_id))
    item = item_of(stored, at)
    decision = grouper.decide(item)
    story = int(decision.story) if decision.story is not None else None
    publishers = {m.publisher for m in stories.members(story)} if story is not None else set()
    story_id = stories.join(stored.id, story, at=at, publisher=item.publisher, title=item.title)
    log.info("digest #%d -> story %d (%s, %.2f)", stored.id, story_id, decision.reason, decision.score)
    return Joined(story_id, created=story is None, new_source=item.publisher not in publishers, already=False)
