"""Followed sources: the sources themselves and the poller's state, follows, the "seen" memory,
entries and their deliveries to chats, and per-chat word filters. All source SQL lives here.

Times cross this boundary as aware datetimes and are stored as UTC ISO strings (storage.times.iso), so
windows compare as strings, like `requests.created_at`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlite_utils

from .times import iso

log = logging.getLogger(__name__)

ACTIVE, PAUSED = "active", "paused"
BRIEFING, INSTANT = "briefing", "instant"
PENDING, DONE, REUSED, BUSY, HEADLINE = "pending", "done", "reused", "busy", "headline"
WAITING, READY, SENT = "waiting", "ready", "sent"


def _when(raw: str | None) -> datetime | None:
    return datetime.fromisoformat(raw) if raw else None


@dataclass(frozen=True)
class Source:
    id: int
    url: str
    kind: str
    title: str | None
    site_url: str | None
    etag: str | None
    last_modified: str | None
    interval_s: int | None
    next_poll_at: datetime | None
    failures: int
    failing_since: datetime | None
    state: str
    last_ok_at: datetime | None
    last_new_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    fetches: int = 0
    not_modified: int = 0
    items: int = 0
    digests: int = 0
    busy: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.title or self.url


def _source(row: dict[str, Any]) -> Source:
    return Source(
        id=row["id"],
        url=row["url"],
        kind=row["kind"],
        title=row["title"],
        site_url=row["site_url"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        interval_s=row["interval_s"],
        next_poll_at=_when(row["next_poll_at"]),
        failures=row["failures"] or 0,
        failing_since=_when(row["failing_since"]),
        state=row["state"] or ACTIVE,
        last_ok_at=_when(row["last_ok_at"]),
        last_new_at=_when(row["last_new_at"]),
        last_error=row["last_error"],
        last_error_at=_when(row["last_error_at"]),
        fetches=row["fetches"] or 0,
        not_modified=row["not_modified"] or 0,
        items=row["items"] or 0,
        digests=row["digests"] or 0,
        busy=row["busy"] or 0,
        errors=json.loads(row["errors"] or "{}"),
    )


@dataclass(frozen=True)
class Follow:
    chat_id: int
    source: Source
    mode: str
    paused: bool


@dataclass(frozen=True)
class IngestItem:
    """One item of a fetched document, with the chats it should reach."""

    key: str  # guid, else canonical link, else a hash of title and text
    link: str | None
    content_hash: str | None  # only for items with enough text to identify them
    title: str | None
    text: str
    published: datetime | None
    chats_if_new: tuple[tuple[int, str], ...] = ()  # (chat, mode) when the source shows it for the first time
    chats_always: tuple[tuple[int, str], ...] = ()  # (chat, mode) even when seen before (a first follow)


@dataclass(frozen=True)
class Entry:
    id: int
    link: str | None
    title: str | None
    text: str
    published: str | None
    source_id: int
    state: str
    digest_id: int | None


def _entry(r: dict[str, Any]) -> Entry:
    return Entry(
        r["id"],
        r["link"],
        r["title"],
        r["text"] or "",
        r["published"],
        r["source_id"],
        r["state"],
        r["digest_id"],
    )


@dataclass(frozen=True)
class Headline:
    """An entry a briefing lists without a digest (over budget, or no text to summarise)."""

    title: str | None
    link: str | None
    source: str
    state: str


class SourceStore:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction: sqlite-utils commits each statement on its own unless one is open, which
        costs a disk sync per row (3 ms here) and would let a crash keep half a poll."""
        with self.db.conn:
            if not self.db.conn.in_transaction:
                self.db.conn.execute("BEGIN")
            yield

    # --- sources -------------------------------------------------------------------------------------
    def source_by_url(self, url: str) -> Source | None:
        rows = list(self.db.query("SELECT * FROM sources WHERE url = ?", [url]))
        return _source(rows[0]) if rows else None

    def source(self, source_id: int) -> Source | None:
        rows = list(self.db.query("SELECT * FROM sources WHERE id = ?", [source_id]))
        return _source(rows[0]) if rows else None

    def add_source(
        self, url: str, kind: str, title: str | None, site_url: str | None, *, now: datetime
    ) -> Source:
        with self._transaction():
            self.db.execute(
                """INSERT INTO sources (url, kind, title, site_url, state, failures, next_poll_at, created_at)
                   VALUES (?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT(url) DO NOTHING""",
                [url, kind, title, site_url, ACTIVE, iso(now), iso(now)],
            )
            if title:
                self.db.execute("UPDATE sources SET title = ? WHERE url = ? AND title IS NULL", [title, url])
        found = self.source_by_url(url)
        assert found is not None
        return found

    def due(self, now: datetime, limit: int) -> list[Source]:
        """Active sources with at least one follower not paused, whose next poll time has come."""
        rows = self.db.query(
            """SELECT * FROM sources s WHERE state = ? AND (next_poll_at IS NULL OR next_poll_at <= ?)
               AND EXISTS (SELECT 1 FROM follows f WHERE f.source_id = s.id AND f.paused = 0)
               ORDER BY next_poll_at, id LIMIT ?""",
            [ACTIVE, iso(now), limit],
        )
        return [_source(row) for row in rows]

    def record_ok(
        self,
        source_id: int,
        *,
        now: datetime,
        not_modified: bool,
        etag: str | None,
        last_modified: str | None,
        interval_s: int,
        next_poll_at: datetime,
        title: str | None = None,
    ) -> None:
        with self._transaction():
            self.db.execute(
                """UPDATE sources SET fetches = COALESCE(fetches, 0) + 1,
                   not_modified = COALESCE(not_modified, 0) + ?, failures = 0, failing_since = NULL,
                   last_fetch_at = ?, last_ok_at = ?, interval_s = ?, next_poll_at = ?,
                   etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified),
                   title = COALESCE(title, ?) WHERE id = ?""",
                [
                    int(not_modified),
                    iso(now),
                    iso(now),
                    interval_s,
                    iso(next_poll_at),
                    etag,
                    last_modified,
                    title,
                    source_id,
                ],
            )

    def record_error(
        self,
        source_id: int,
        *,
        now: datetime,
        kind: str,
        message: str,
        interval_s: int,
        next_poll_at: datetime,
    ) -> Source:
        """Count a failed poll; returns the source as it is now (failures, failing_since)."""
        with self._transaction():
            row = self.db.execute("SELECT errors FROM sources WHERE id = ?", [source_id]).fetchone()
            errors = json.loads((row[0] if row else None) or "{}")
            errors[kind] = errors.get(kind, 0) + 1
            self.db.execute(
                """UPDATE sources SET fetches = COALESCE(fetches, 0) + 1,
                   failures = COALESCE(failures, 0) + 1, failing_since = COALESCE(failing_since, ?),
                   last_fetch_at = ?, last_error = ?, last_error_at = ?,
                   interval_s = ?, next_poll_at = ?, errors = ? WHERE id = ?""",
                [
                    iso(now),
                    iso(now),
                    message[:300],
                    iso(now),
                    interval_s,
                    iso(next_poll_at),
                    json.dumps(errors),
                    source_id,
                ],
            )
        found = self.source(source_id)
        assert found is not None
        return found

    def pause(self, source_id: int) -> bool:
        """Stop polling a failing source; True when this call paused it (so followers are told once)."""
        with self._transaction():
            cursor = self.db.execute(
                "UPDATE sources SET state = ? WHERE id = ? AND state = ?", [PAUSED, source_id, ACTIVE]
            )
        return cursor.rowcount > 0

    def resume(self, source_id: int, *, now: datetime) -> None:
        with self._transaction():
            self.db.execute(
                """UPDATE sources SET state = ?, failures = 0, failing_since = NULL, next_poll_at = ?
                   WHERE id = ?""",
                [ACTIVE, iso(now), source_id],
            )

    # --- follows -------------------------------------------------------------------------------------
    def follow(self, chat_id: int, source_id: int, *, now: datetime, mode: str = BRIEFING) -> bool:
        """True when the chat did not follow the source yet."""
        with self._transaction():
            cursor = self.db.execute(
                """INSERT INTO follows (chat_id, source_id, mode, paused, created_at) VALUES (?, ?, ?, 0, ?)
                   ON CONFLICT(chat_id, source_id) DO NOTHING""",
                [chat_id, source_id, mode, iso(now)],
            )
        return cursor.rowcount > 0

    def unfollow(self, chat_id: int, source_id: int) -> bool:
        with self._transaction():
            cursor = self.db.execute(
                "DELETE FROM follows WHERE chat_id = ? AND source_id = ?", [chat_id, source_id]
            )
            # Digests still waiting for this chat from that source are no longer wanted.
            self.db.execute(
                "DELETE FROM deliveries WHERE chat_id = ? AND source_id = ? AND state = ?",
                [chat_id, source_id, WAITING],
            )
        return cursor.rowcount > 0

    def follows(self, chat_id: int) -> list[Follow]:
        rows = self.db.query(
            """SELECT s.*, f.chat_id AS f_chat, f.mode AS f_mode, f.paused AS f_paused FROM follows f
               JOIN sources s ON s.id = f.source_id WHERE f.chat_id = ? ORDER BY f.created_at, s.id""",
            [chat_id],
        )
        return [Follow(row["f_chat"], _source(row), row["f_mode"], bool(row["f_paused"])) for row in rows]

    def follow_of(self, chat_id: int, source_id: int) -> Follow | None:
        return next((f for f in self.follows(chat_id) if f.source.id == source_id), None)

    def followers(self, source_id: int) -> list[tuple[int, str]]:
        """(chat, mode) of every chat that follows the source and has not paused it."""
        rows = self.db.execute(
            "SELECT chat_id, mode FROM follows WHERE source_id = ? AND paused = 0 ORDER BY chat_id",
            [source_id],
        ).fetchall()
        return [(int(row[0]), str(row[1])) for row in rows]

    def all_followers(self, source_id: int) -> list[int]:
        rows = self.db.execute("SELECT chat_id FROM follows WHERE source_id = ?", [source_id]).fetchall()
        return [int(row[0]) for row in rows]

    def set_mode(self, chat_id: int, source_id: int, mode: str) -> None:
        with self._transaction():
            self.db.execute(
                "UPDATE follows SET mode = ? WHERE chat_id = ? AND source_id = ?", [mode, chat_id, source_id]
            )
            self.db.execute(
                "UPDATE deliveries SET mode = ? WHERE chat_id = ? AND source_id = ? AND state = ?",
                [mode, chat_id, source_id, WAITING],
            )

    def set_paused(self, chat_id: int, source_id: int, paused: bool) -> None:
        with self._transaction():
            self.db.execute(
                "UPDATE follows SET paused = ? WHERE chat_id = ? AND source_id = ?",
                [int(paused), chat_id, source_id],
            )

    def count_follows(self, chat_id: int) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM follows WHERE chat_id = ?", [chat_id]).fetchone()[0])

    # --- items ---------------------------------------------------------------------------------------
    def ingest(self, source_id: int, items: list[IngestItem], *, now: datetime) -> list[int]:
        """Remember the items (one transaction); returns the ids of entries that got new deliveries.

        An item the source showed before (same key) is skipped: an edited item is not news again. A
        new item joins the entry of the same story from any source (same canonical link or same text),
        and each chat gets an entry once, whichever sources carry it.
        """
        touched: list[int] = []
        new_items = 0
        stamp = iso(now)
        with self._transaction():
            for item in items:
                row = self.db.execute(
                    "SELECT entry_id FROM source_items WHERE source_id = ? AND item_key = ?",
                    [source_id, item.key],
                ).fetchone()
                is_new = row is None
                chats = list(item.chats_always) + (list(item.chats_if_new) if is_new else [])
                entry_id = int(row[0]) if row else self._entry_for(source_id, item, stamp, wanted=bool(chats))
                if is_new:
                    new_items += 1
                    self.db.execute(
                        "INSERT INTO source_items (source_id, item_key, entry_id, seen_at) "
                        "VALUES (?, ?, ?, ?)",
                        [source_id, item.key, entry_id, stamp],
                    )
                if chats and self._deliver(entry_id, source_id, chats, stamp, item.text):
                    touched.append(entry_id)
            if new_items:
                self.db.execute(
                    "UPDATE sources SET items = COALESCE(items, 0) + ?, last_new_at = ? WHERE id = ?",
                    [new_items, stamp, source_id],
                )
        return touched

    def _entry_for(self, source_id: int, item: IngestItem, stamp: str, *, wanted: bool) -> int:
        row = None
        if item.link:
            row = self.db.execute("SELECT id FROM entries WHERE link = ? LIMIT 1", [item.link]).fetchone()
        if row is None and item.content_hash:
            row = self.db.execute(
                "SELECT id FROM entries WHERE content_hash = ? LIMIT 1", [item.content_hash]
            ).fetchone()
        if row is not None:
            return int(row[0])
        cursor = self.db.execute(
            """INSERT INTO entries (link, content_hash, title, text, published, source_id, state, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                item.link,
                item.content_hash,
                item.title,
                item.text if wanted else "",
                iso(item.published) if item.published else None,
                source_id,
                PENDING if wanted else "seen",
                stamp,
            ],
        )
        return int(cursor.lastrowid or 0)

    def _deliver(
        self, entry_id: int, source_id: int, chats: list[tuple[int, str]], stamp: str, text: str
    ) -> bool:
        added = 0
        for chat_id, mode in chats:
            cursor = self.db.execute(
                """INSERT INTO deliveries (chat_id, entry_id, source_id, mode, state, created_at)
                   VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(chat_id, entry_id) DO NOTHING""",
                [chat_id, entry_id, source_id, mode, WAITING, stamp],
            )
            added += cursor.rowcount
        if added:
            # An entry first seen when no chat wanted it (filtered, too old) was kept without its text.
            self.db.execute(
                "UPDATE entries SET state = ?, text = ? WHERE id = ? AND state = 'seen'",
                [PENDING, text, entry_id],
            )
        return added > 0

    def entries_to_process(self, limit: int = 50) -> list[Entry]:
        """Entries whose deliveries wait for them: pending ones, and finished ones a new chat now wants."""
        rows = self.db.query(
            """SELECT * FROM entries WHERE id IN (SELECT entry_id FROM deliveries WHERE state = ?)
               ORDER BY id LIMIT ?""",
            [WAITING, limit],
        )
        return [_entry(r) for r in rows]

    def summaries_since(self, since: datetime) -> int:
        """Feed items summarised by the model since `since` (the per-hour budget counts these)."""
        row = self.db.execute(
            "SELECT COUNT(*) FROM entries WHERE state = ? AND done_at >= ?", [DONE, iso(since)]
        ).fetchone()
        return int(row[0])

    def finish(self, entry: Entry, *, state: str, digest_id: int | None, now: datetime) -> list[int]:
        """Record the entry's outcome and release its deliveries: briefing ones become ready (dated
        now), instant ones are claimed as sent. Returns the chats to send the instant message to.

        Claimed before the send: a crash between the two loses that one message rather than sending
        it twice on restart. The item's text is dropped: the digest holds what is kept, as for links.
        """
        stamp = iso(now)
        with self._transaction():
            if entry.state == PENDING:
                self.db.execute(
                    "UPDATE entries SET state = ?, digest_id = ?, done_at = ?, text = '' WHERE id = ?",
                    [state, digest_id, stamp, entry.id],
                )
                counter = "busy" if state == BUSY else "digests" if digest_id else None
                if counter:
                    self.db.execute(
                        f"UPDATE sources SET {counter} = COALESCE({counter}, 0) + 1 WHERE id = ?",
                        [entry.source_id],
                    )
            instant = [
                int(row[0])
                for row in self.db.execute(
                    "SELECT chat_id FROM deliveries WHERE entry_id = ? AND state = ? AND mode = ?",
                    [entry.id, WAITING, INSTANT],
                ).fetchall()
            ]
            self.db.execute(
                "UPDATE deliveries SET state = ?, ready_at = ? WHERE entry_id = ? AND state = ? AND mode = ?",
                [SENT, stamp, entry.id, WAITING, INSTANT],
            )
            self.db.execute(
                "UPDATE deliveries SET state = ?, ready_at = ? WHERE entry_id = ? AND state = ? AND mode = ?",
                [READY, stamp, entry.id, WAITING, BRIEFING],
            )
        return instant

    # --- briefings -----------------------------------------------------------------------------------
    def briefing_digest_ids(self, chat_id: int, start: datetime, end: datetime) -> list[tuple[str, int]]:
        """(ready time, digest id) of source digests ready for the chat's briefing in [start, end)."""
        rows = self.db.execute(
            """SELECT d.ready_at, e.digest_id FROM deliveries d JOIN entries e ON e.id = d.entry_id
               WHERE d.chat_id = ? AND d.state = ? AND d.ready_at >= ? AND d.ready_at < ?
               AND e.digest_id IS NOT NULL ORDER BY d.ready_at, e.id""",
            [chat_id, READY, iso(start), iso(end)],
        ).fetchall()
        return [(str(row[0]), int(row[1])) for row in rows]

    def briefing_headlines(self, chat_id: int, start: datetime, end: datetime) -> list[Headline]:
        rows = self.db.execute(
            """SELECT e.title, e.link, COALESCE(s.title, s.url), e.state FROM deliveries d
               JOIN entries e ON e.id = d.entry_id JOIN sources s ON s.id = d.source_id
               WHERE d.chat_id = ? AND d.state = ? AND d.ready_at >= ? AND d.ready_at < ?
               AND e.digest_id IS NULL ORDER BY d.ready_at, e.id""",
            [chat_id, READY, iso(start), iso(end)],
        ).fetchall()
        return [Headline(row[0], row[1], row[2], row[3]) for row in rows]

    # --- filters -------------------------------------------------------------------------------------
    def filters(self, chat_id: int) -> list[tuple[str, str]]:
        rows = self.db.execute(
            "SELECT kind, phrase FROM filters WHERE chat_id = ? ORDER BY kind, phrase", [chat_id]
        ).fetchall()
        return [(str(row[0]), str(row[1])) for row in rows]

    def add_filter(self, chat_id: int, kind: str, phrase: str) -> bool:
        with self._transaction():
            cursor = self.db.execute(
                "INSERT INTO filters (chat_id, kind, phrase) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [chat_id, kind, phrase],
            )
        return cursor.rowcount > 0

    def remove_filter(self, chat_id: int, phrase: str) -> int:
        with self._transaction():
            cursor = self.db.execute(
                "DELETE FROM filters WHERE chat_id = ? AND phrase = ?", [chat_id, phrase]
            )
        return cursor.rowcount

    def clear_filters(self, chat_id: int) -> int:
        with self._transaction():
            cursor = self.db.execute("DELETE FROM filters WHERE chat_id = ?", [chat_id])
        return cursor.rowcount

    # --- statistics ----------------------------------------------------------------------------------
    def totals(self) -> dict[str, int]:
        row = self.db.execute(
            """SELECT COUNT(*), COALESCE(SUM(fetches), 0), COALESCE(SUM(not_modified), 0),
               COALESCE(SUM(items), 0), COALESCE(SUM(digests), 0), COALESCE(SUM(busy), 0) FROM sources"""
        ).fetchone()
        keys = ("sources", "fetches", "not_modified", "items", "digests", "busy")
        return dict(zip(keys, (int(v) for v in row), strict=True))
