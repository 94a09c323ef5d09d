"""Where the bot posts besides the chat it was asked in: channels, their managers, paused deliveries,
and moving a group's rows when it becomes a supergroup. All destination SQL lives here."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from .times import iso

log = logging.getLogger(__name__)

# Why the bot (not the user) stopped a subscription; cleared when deliveries resume.
PAUSED_RIGHTS = "rights"  # removed from the channel, or may not post there
PAUSED_TOPIC = "topic"  # the forum topic was closed or deleted


@dataclass(frozen=True)
class Channel:
    chat_id: int
    title: str
    username: str | None
    can_post: bool
    silent: bool
    notice_sent: bool
    added_by: int | None


def _channel(row: dict[str, Any]) -> Channel:
    return Channel(
        chat_id=row["chat_id"],
        title=row["title"] or str(row["chat_id"]),
        username=row["username"] or None,
        can_post=bool(row["can_post"]),
        silent=bool(row["silent"]),
        notice_sent=bool(row["notice_sent"]),
        added_by=row["added_by"],
    )


class DestinationStore:
    """Queries over `channels`, `channel_managers`, `managing` and the paused state of subscriptions."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    # --- channels ------------------------------------------------------------------------------
    def channel(self, chat_id: int) -> Channel | None:
        rows = list(self.db.query("SELECT * FROM channels WHERE chat_id = ?", [chat_id]))
        return _channel(rows[0]) if rows else None

    def channel_by_username(self, username: str) -> Channel | None:
        rows = list(
            self.db.query("SELECT * FROM channels WHERE lower(username) = ?", [username.lstrip("@").lower()])
        )
        return _channel(rows[0]) if rows else None

    def save_channel(
        self,
        chat_id: int,
        *,
        title: str,
        username: str | None,
        can_post: bool,
        added_by: int | None,
        now: datetime,
    ) -> tuple[Channel, bool]:
        """Record what the latest my_chat_member said; returns it and whether the bot could post before."""
        before = self.channel(chat_id)
        stamp = iso(now)
        with self.db.conn:
            self.db.execute(
                """INSERT INTO channels (chat_id, title, username, can_post, silent, notice_sent, added_by,
                       created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?)
                   ON CONFLICT(chat_id) DO UPDATE SET title = excluded.title, username = excluded.username,
                       can_post = excluded.can_post, updated_at = excluded.updated_at,
                       added_by = COALESCE(excluded.added_by, channels.added_by)""",
                [chat_id, title, username, int(can_post), added_by, stamp, stamp],
            )
            if added_by is not None:
                self._add_manager(chat_id, added_by, stamp)
        channel = self.channel(chat_id)
        assert channel is not None, "just written"
        return channel, bool(before and before.can_post)

    def set_silent(self, chat_id: int, silent: bool, *, now: datetime) -> None:
        with self.db.conn:
            self.db.execute(
                "UPDATE channels SET silent = ?, updated_at = ? WHERE chat_id = ?",
                [int(silent), iso(now), chat_id],
            )

    def mark_notice(self, chat_id: int, sent: bool) -> bool:
        """Set the "admin was told about the pause" flag; True when it changed (tell only then)."""
        with self.db.conn:
            cursor = self.db.execute(
                "UPDATE channels SET notice_sent = ? WHERE chat_id = ? AND notice_sent != ?",
                [int(sent), chat_id, int(sent)],
            )
        return cursor.rowcount == 1

    # --- who manages what ------------------------------------------------------------------------
    def add_manager(self, chat_id: int, user_id: int, *, now: datetime) -> None:
        with self.db.conn:
            self._add_manager(chat_id, user_id, iso(now))

    def _add_manager(self, chat_id: int, user_id: int, stamp: str) -> None:
        self.db.execute(
            "INSERT INTO channel_managers (chat_id, user_id, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            [chat_id, user_id, stamp],
        )

    def managed_by(self, user_id: int) -> list[Channel]:
        rows = self.db.query(
            "SELECT c.* FROM channels c JOIN channel_managers m ON m.chat_id = c.chat_id "
            "WHERE m.user_id = ? ORDER BY lower(c.title), c.chat_id",
            [user_id],
        )
        return [_channel(row) for row in rows]

    def managing(self, user_id: int) -> Channel | None:
        """The channel this user's private chat acts on now, if any."""
        rows = list(
            self.db.query(
                "SELECT c.* FROM channels c JOIN managing m ON m.chat_id = c.chat_id WHERE m.user_id = ?",
                [user_id],
            )
        )
        return _channel(rows[0]) if rows else None

    def set_managing(self, user_id: int, chat_id: int | None, *, now: datetime) -> None:
        with self.db.conn:
            if chat_id is None:
                self.db.execute("DELETE FROM managing WHERE user_id = ?", [user_id])
            else:
                self.db.execute(
                    "INSERT INTO managing (user_id, chat_id, created_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(user_id) DO UPDATE SET chat_id = excluded.chat_id, "
                    "created_at = excluded.created_at",
                    [user_id, chat_id, iso(now)],
                )

    def forget_user(self, user_id: int) -> None:
        """A person's /forget: the channels they manage and the one they were managing (the channels
        themselves stay: they belong to their other admins too)."""
        with self.db.conn:
            self.db.execute("DELETE FROM channel_managers WHERE user_id = ?", [user_id])
            self.db.execute("DELETE FROM managing WHERE user_id = ?", [user_id])

    # --- paused subscriptions --------------------------------------------------------------------
    def pause(self, chat_id: int, reason: str, *, now: datetime, thread_id: int | None = None) -> int:
        """Stop a chat's active subscriptions (one topic's when `thread_id` is given); how many stopped."""
        where, values = "chat_id = ? AND active = 1", [chat_id]
        if thread_id is not None:
            where, values = where + " AND thread_id = ?", [chat_id, thread_id]
        with self.db.conn:
            cursor = self.db.execute(
                f"UPDATE subscriptions SET active = 0, paused = ?, updated_at = ? WHERE {where}",
                [reason, iso(now), *values],
            )
        return cursor.rowcount

    def resume(self, chat_id: int, reason: str, *, now: datetime) -> list[int]:
        """Restart what `pause` stopped for `reason`; returns the thread ids restarted."""
        threads = [
            row[0]
            for row in self.db.execute(
                "SELECT thread_id FROM subscriptions WHERE chat_id = ? AND paused = ?", [chat_id, reason]
            ).fetchall()
        ]
        with self.db.conn:
            self.db.execute(
                "UPDATE subscriptions SET active = 1, paused = NULL, updated_at = ? "
                "WHERE chat_id = ? AND paused = ?",
                [iso(now), chat_id, reason],
            )
        return threads

    def threads(self, chat_id: int) -> list[int]:
        """The topics (0 = none) a chat has subscriptions for, active or not."""
        rows = self.db.execute("SELECT thread_id FROM subscriptions WHERE chat_id = ?", [chat_id])
        return [row[0] for row in rows.fetchall()]

    # --- the topic of a followed source ---------------------------------------------------------------
    def set_follow_thread(self, chat_id: int, source_id: int, thread_id: int) -> None:
        with self.db.conn:
            self.db.execute(
                "UPDATE follows SET thread_id = ? WHERE chat_id = ? AND source_id = ?",
                [thread_id, chat_id, source_id],
            )

    def follow_thread(self, chat_id: int, source_id: int) -> int:
        row = self.db.execute(
            "SELECT thread_id FROM follows WHERE chat_id = ? AND source_id = ?", [chat_id, source_id]
        ).fetchone()
        return int(row[0] or 0) if row else 0

    # --- a group that became a supergroup ----------------------------------------------------------
    def move_chat(self, old: int, new: int) -> int:
        """Move every row of chat `old` to `new` in one transaction; returns the rows moved.

        Generic over the schema: every table with a `chat_id` column is moved (tables added later by
        other features included), plus the `chats` row itself. Where `new` already has a row with the
        same key (the supergroup is seconds old: at most a greeting), the group's row wins.
        """
        tables = [
            name
            for name in self.db.table_names()
            if not name.endswith(("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config"))
            and "chat_id" in self.db[name].columns_dict
        ]
        moved = 0
        with self.db.conn:
            # The chats row first: `requests` points at it with a foreign key.
            self.db.execute(
                "INSERT OR IGNORE INTO chats (id, type, title, first_seen, last_seen) "
                "SELECT ?, 'supergroup', title, first_seen, last_seen FROM chats WHERE id = ?",
                [new, old],
            )
            for table in tables:
                moved += self.db.execute(
                    f"UPDATE OR REPLACE [{table}] SET chat_id = ? WHERE chat_id = ?", [new, old]
                ).rowcount
            self.db.execute("DELETE FROM chats WHERE id = ?", [old])
        log.info("chat %s became %s: %d row(s) moved across %d table(s)", old, new, moved, len(tables))
        return moved
