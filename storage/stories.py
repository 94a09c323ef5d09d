"""Stories: which digests tell the same event, and what each chat did with a story. All story SQL.

A digest belongs to at most one story, decided once when it arrives (summarizer/stories/grouping.py decides,
this module remembers). Per chat: followed / muted, and a snapshot of the figures the chat was shown
for the story at its last briefing, so the next one can say what changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from .times import iso


@dataclass(frozen=True)
class StoryMember:
    digest_id: int
    story_id: int
    joined_at: datetime
    publisher: str | None


@dataclass(frozen=True)
class ChatStory:
    chat_id: int
    story_id: int
    followed: bool
    muted: bool
    # Figures as shown: list of {"key": [event, noun, scope], "value", "label", "source", "url", "at"}.
    shown: list[dict[str, Any]]
    shown_at: datetime | None


class StoryStore:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    # --- membership --------------------------------------------------------------------------
    def story_of(self, digest_id: int) -> int | None:
        row = self.db.execute(
            "SELECT story_id FROM story_members WHERE digest_id = ?", [digest_id]
        ).fetchone()
        return int(row[0]) if row else None

    def stories_of(self, digest_ids: list[int]) -> dict[int, int]:
        if not digest_ids:
            return {}
        marks = ",".join("?" for _ in digest_ids)
        rows = self.db.execute(
            f"SELECT digest_id, story_id FROM story_members WHERE digest_id IN ({marks})", digest_ids
        ).fetchall()
        return {int(d): int(s) for d, s in rows}

    def window(self, since: datetime) -> list[StoryMember]:
        """Members that joined at or after `since`, in arrival order: the open stories' evidence."""
        rows = self.db.execute(
            "SELECT digest_id, story_id, joined_at, publisher FROM story_members "
            "WHERE joined_at >= ? ORDER BY joined_at, digest_id",
            [iso(since)],
        ).fetchall()
        return [_member(row) for row in rows]

    def members_version(self) -> int:
        """Moves by one for every member row added, changed or removed, by anyone (triggers of
        migration 11): a kept window compares it."""
        return int(self.db.execute("SELECT n FROM story_members_version WHERE id = 1").fetchone()[0])

    def members(self, story_id: int) -> list[StoryMember]:
        rows = self.db.execute(
            "SELECT digest_id, story_id, joined_at, publisher FROM story_members "
            "WHERE story_id = ? ORDER BY joined_at, digest_id",
            [story_id],
        ).fetchall()
        return [_member(row) for row in rows]

    def join(
        self, digest_id: int, story_id: int | None, *, at: datetime, publisher: str | None, title: str
    ) -> int:
        """Put the digest in `story_id`, or in a new story when None; returns the story id."""
        with self.db.conn:
            if story_id is None:
                story_id = int(
                    self.db["stories"]
                    .insert({"title": title, "created_at": iso(at), "updated_at": iso(at)})
                    .last_pk
                )
            else:
                self.db.execute("UPDATE stories SET updated_at = ? WHERE id = ?", [iso(at), story_id])
            self.db.execute(
                "INSERT OR IGNORE INTO story_members (digest_id, story_id, joined_at, publisher) "
                "VALUES (?, ?, ?, ?)",
                [digest_id, story_id, iso(at), publisher],
            )
        return story_id

    def title(self, story_id: int) -> str | None:
        row = self.db.execute("SELECT title FROM stories WHERE id = ?", [story_id]).fetchone()
        return row[0] if row else None

    # --- per chat ----------------------------------------------------------------------------
    def arrivals(self, chat_id: int, digest_ids: list[int]) -> dict[int, datetime]:
        """When each digest first reached the chat."""
        if not digest_ids:
            return {}
        marks = ",".join("?" for _ in digest_ids)
        rows = self.db.execute(
            f"SELECT digest_id, MIN(created_at) FROM requests WHERE chat_id = ? AND digest_id IN ({marks}) "
            "GROUP BY digest_id",
            [chat_id, *digest_ids],
        ).fetchall()
        return {int(d): datetime.fromisoformat(t) for d, t in rows}

    def update_shown(
        self, chat_id: int, story_id: int, entries: list[dict[str, Any]], *, at: datetime
    ) -> None:
        """An instant update told the chat these figures: later briefings compare against them."""
        state = self.chat_story(chat_id, story_id)
        merged = {tuple(e["key"]): e for e in state.shown}
        merged.update({tuple(e["key"]): e for e in entries})
        self._upsert(chat_id, story_id, shown=json.dumps(list(merged.values())), shown_at=iso(at))

    def chat_story(self, chat_id: int, story_id: int) -> ChatStory:
        rows = list(
            self.db.query(
                "SELECT * FROM chat_stories WHERE chat_id = ? AND story_id = ?", [chat_id, story_id]
            )
        )
        if not rows:
            return ChatStory(chat_id, story_id, False, False, [], None)
        return _chat_story(rows[0])

    def set_followed(self, chat_id: int, story_id: int, followed: bool) -> None:
        self._upsert(chat_id, story_id, followed=int(followed))

    def set_muted(self, chat_id: int, story_id: int, muted: bool) -> None:
        self._upsert(chat_id, story_id, muted=int(muted), **({"followed": 0} if muted else {}))

    def record_shown(
        self, chat_id: int, story_id: int, shown: list[dict[str, Any]], *, briefing: str, at: datetime
    ) -> None:
        """The figures a briefing showed. Composing the same briefing again (a resume after a crash)
        keeps the snapshot it compared against, so the resent part says the same thing."""
        current = list(
            self.db.query(
                "SELECT shown, shown_at, briefing, previous, previous_at FROM chat_stories "
                "WHERE chat_id = ? AND story_id = ?",
                [chat_id, story_id],
            )
        )
        previous, previous_at = "[]", None
        if current:
            row = current[0]
            same = row["briefing"] == briefing
            previous = row["previous"] if same else row["shown"]
            previous_at = row["previous_at"] if same else row["shown_at"]
        self._upsert(
            chat_id,
            story_id,
            shown=json.dumps(shown),
            shown_at=iso(at),
            briefing=briefing,
            previous=previous or "[]",
            previous_at=previous_at,
        )

    def before(
        self, chat_id: int, story_id: int, *, briefing: str
    ) -> tuple[list[dict[str, Any]], datetime | None]:
        """The snapshot a briefing compares against: the last one shown before this briefing."""
        rows = list(
            self.db.query(
                "SELECT shown, shown_at, briefing, previous, previous_at FROM chat_stories "
                "WHERE chat_id = ? AND story_id = ?",
                [chat_id, story_id],
            )
        )
        if not rows:
            return [], None
        row = rows[0]
        if row["briefing"] == briefing:
            return json.loads(row["previous"] or "[]"), _time(row["previous_at"])
        return json.loads(row["shown"] or "[]"), _time(row["shown_at"])

    def followed(self, chat_id: int) -> list[int]:
        rows = self.db.execute(
            "SELECT story_id FROM chat_stories WHERE chat_id = ? AND followed = 1 AND muted = 0 "
            "ORDER BY story_id DESC",
            [chat_id],
        ).fetchall()
        return [int(r[0]) for r in rows]

    def followers(self, story_id: int) -> list[int]:
        rows = self.db.execute(
            "SELECT chat_id FROM chat_stories WHERE story_id = ? AND followed = 1 AND muted = 0", [story_id]
        ).fetchall()
        return [int(r[0]) for r in rows]

    def muted(self, chat_id: int) -> set[int]:
        rows = self.db.execute(
            "SELECT story_id FROM chat_stories WHERE chat_id = ? AND muted = 1", [chat_id]
        ).fetchall()
        return {int(r[0]) for r in rows}

    def _upsert(self, chat_id: int, story_id: int, **values: Any) -> None:
        self.db["chat_stories"].upsert(
            {"chat_id": chat_id, "story_id": story_id, **values}, pk=("chat_id", "story_id")
        )
        self.db.conn.commit()


def prune_forgotten(db: sqlite_utils.Database, story_ids: list[int]) -> None:
    """After members were deleted (/forget): a story left empty goes, with every chat's state for it;
    one that keeps members is titled after its earliest remaining member, never after a forgotten one."""
    for story_id in story_ids:
        first = db.execute(
            "SELECT COALESCE(a.title, d.headline) FROM story_members m JOIN digests d ON d.id = m.digest_id "
            "JOIN articles a ON a.id = d.article_id WHERE m.story_id = ? ORDER BY m.joined_at, m.digest_id "
            "LIMIT 1",
            [story_id],
        ).fetchone()
        if first is None:
            db.execute("DELETE FROM chat_stories WHERE story_id = ?", [story_id])
            db.execute("DELETE FROM stories WHERE id = ?", [story_id])
        else:
            db.execute("UPDATE stories SET title = ? WHERE id = ?", [first[0], story_id])


def _time(raw: str | None) -> datetime | None:
    return datetime.fromisoformat(raw) if raw else None


def _member(row: Any) -> StoryMember:
    return StoryMember(int(row[0]), int(row[1]), datetime.fromisoformat(row[2]), row[3])


def _chat_story(row: dict[str, Any]) -> ChatStory:
    return ChatStory(
        chat_id=row["chat_id"],
        story_id=row["story_id"],
        followed=bool(row["followed"]),
        muted=bool(row["muted"]),
        shown=json.loads(row["shown"] or "[]"),
        shown_at=_time(row["shown_at"]),
    )
