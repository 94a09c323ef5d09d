"""The story members' version that tells the bot's kept story window it is stale (migration 11)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from storage import Store
from storage.library import forget_chat
from storage.stories import StoryStore
from tests.test_briefings_helpers import add_digest

AT = datetime(2025, 11, 25, 8, tzinfo=UTC)


def test_every_change_to_story_members_moves_the_version_and_a_repeat_join_does_not(tmp_path: Path) -> None:
    store = Store(tmp_path / "v.db")
    stories = StoryStore(store.db)
    first = add_digest(store, 1, AT, "Dam opens after repairs")
    second = add_digest(store, 2, AT, "Dam reopens to traffic")
    start = stories.members_version()
    story = stories.join(first, None, at=AT, publisher="Wire", title="Dam opens")
    assert stories.members_version() == start + 1
    stories.join(second, story, at=AT, publisher="Paper", title="Dam reopens")
    assert stories.members_version() == start + 2
    stories.join(second, story, at=AT, publisher="Paper", title="Dam reopens")  # already a member
    assert stories.members_version() == start + 2
    forget_chat(store.db, 2)  # the second digest was only chat 2's: its membership goes
    assert stories.story_of(second) is None
    assert stories.members_version() == start + 3


def test_a_change_made_through_another_connection_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "v.db"
    bot, other = Store(path), Store(path)
    digest = add_digest(bot, 1, AT, "Dam opens after repairs")
    seen = StoryStore(bot.db).members_version()
    StoryStore(other.db).join(digest, None, at=AT, publisher="Wire", title="Dam opens")
    assert StoryStore(bot.db).members_version() == seen + 1
    other.close()
    bot.close()
