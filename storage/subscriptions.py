"""Subscriptions and the per-(chat, local date) briefing ledger. All briefing SQL lives here.

Times cross this boundary as aware datetimes and are stored as UTC ISO strings with seconds, the same
format `requests.created_at` uses, so windows over request times compare as strings.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils

from .times import iso

log = logging.getLogger(__name__)

DAILY = "daily"
WEEKDAYS = "weekdays"

# Ledger states. Terminal: sent, empty, blocked, abandoned. Claimable again: sending (left by a
# process that died), failed (a transient error this run will retry).
SENDING = "sending"
SENT = "sent"
EMPTY = "empty"
FAILED = "failed"
BLOCKED = "blocked"
ABANDONED = "abandoned"
_RESUMABLE = (SENDING, FAILED)


def _parse(raw: str | None) -> datetime | None:
    return datetime.fromisoformat(raw) if raw else None


@dataclass(frozen=True)
class Subscription:
    chat_id: int
    time_local: str  # "HH:MM"
    timezone: str  # IANA name
    weekdays_only: bool
    send_empty: bool
    active: bool
    last_briefing_at: datetime | None
    schedule_since: datetime
    thread_id: int = 0  # forum topic the briefing goes to; 0 = none

    @property
    def at(self) -> time:
        hour, minute = self.time_local.split(":")
        return time(int(hour), int(minute))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Claim:
    """The right to send one chat's briefing for one local date, held by this process run."""

    chat_id: int
    local_date: date
    window_start: datetime
    window_end: datetime
    messages_done: int  # parts already acknowledged by Telegram in an earlier attempt
    attempt: int
    thread_id: int = 0
    stalls: int = 0  # attempts in a row, this one included, that started where the last one did


@dataclass(frozen=True)
class BriefingRecord:
    chat_id: int
    local_date: date
    state: str
    digests: int
    messages: int
    attempts: int
    error: str | None
    thread_id: int = 0


def _subscription(row: dict[str, Any]) -> Subscription:
    since = _parse(row["schedule_since"]) or _parse(row["created_at"])
    assert since is not None  # both written on insert
    return Subscription(
        chat_id=row["chat_id"],
        time_local=row["time_local"],
        timezone=row["timezone"],
        weekdays_only=row["days"] == WEEKDAYS,
        send_empty=bool(row["send_empty"]),
        active=bool(row["active"]),
        last_briefing_at=_parse(row["last_briefing_at"]),
        schedule_since=since,
        thread_id=row.get("thread_id") or 0,
    )


def _key(claim: Claim) -> list[object]:
    return [claim.chat_id, claim.thread_id, claim.local_date.isoformat()]


class SubscriptionStore:
    """Queries over `subscriptions` and `briefings`, on the Store's connection (same thread)."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    # --- subscriptions -----------------------------------------------------------------------
    def get(self, chat_id: int, *, thread_id: int = 0) -> Subscription | None:
        rows = list(
            self.db.query(
                "SELECT * FROM subscriptions WHERE chat_id = ? AND thread_id = ?", [chat_id, thread_id]
            )
        )
        return _subscription(rows[0]) if rows else None

    def active(self) -> list[Subscription]:
        rows = self.db.query("SELECT * FROM subscriptions WHERE active = 1 ORDER BY chat_id, thread_id")
        return [_subscription(row) for row in rows]

    def subscribe(
        self, chat_id: int, time_local: str, timezone: str, *, now: datetime, thread_id: int = 0
    ) -> Subscription:
        """Create or change the one subscription of a chat (topic); keeps its options and its cursor."""
        stamp = iso(now)
        with self.db.conn:
            self.db.execute(
                """INSERT INTO subscriptions (chat_id, thread_id, time_local, timezone, days, send_empty,
                       active, created_at, updated_at, last_briefing_at, schedule_since)
                   VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?, NULL, ?)
                   ON CONFLICT(chat_id, thread_id) DO UPDATE SET time_local = excluded.time_local,
                       timezone = excluded.timezone, active = 1, paused = NULL,
                       updated_at = excluded.updated_at, schedule_since = excluded.schedule_since""",
                [chat_id, thread_id, time_local, timezone, DAILY, stamp, stamp, stamp],
            )
        return self._must_get(chat_id, thread_id)

    def deactivate(self, chat_id: int, *, now: datetime, thread_id: int = 0) -> bool:
        """Stop deliveries (unsubscribe, or the bot was blocked); True when it was active."""
        with self.db.conn:
            cursor = self.db.execute(
                "UPDATE subscriptions SET active = 0, updated_at = ? "
                "WHERE chat_id = ? AND thread_id = ? AND active = 1",
                [iso(now), chat_id, thread_id],
            )
        return cursor.rowcount == 1

    def set_weekdays_only(
        self, chat_id: int, value: bool, *, now: datetime, thread_id: int = 0
    ) -> Subscription | None:
        # A change of days is a change of schedule: slots before it are not owed.
        return self._update(
            chat_id, thread_id, "days = ?, schedule_since = ?", [WEEKDAYS if value else DAILY, iso(now)], now
        )

    def set_send_empty(
        self, chat_id: int, value: bool, *, now: datetime, thread_id: int = 0
    ) -> Subscription | None:
        return self._update(chat_id, thread_id, "send_empty = ?", [int(value)], now)

    def advance_cursor(self, chat_id: int, to: datetime, *, thread_id: int = 0) -> None:
        """The next briefing starts at `to` (used by an on-demand briefing)."""
        with self.db.conn:
            self.db.execute(
                "UPDATE subscriptions SET last_briefing_at = ? WHERE chat_id = ? AND thread_id = ?",
                [iso(to), chat_id, thread_id],
            )

    def rewind_cursor(
        self, chat_id: int, *, expected: datetime, to: datetime | None, thread_id: int = 0
    ) -> None:
        """Undo `advance_cursor` after a failed send, unless another briefing moved it since."""
        with self.db.conn:
            self.db.execute(
                "UPDATE subscriptions SET last_briefing_at = ? "
                "WHERE chat_id = ? AND thread_id = ? AND last_briefing_at = ?",
                [iso(to) if to else None, chat_id, thread_id, iso(expected)],
            )

    def _update(
        self, chat_id: int, thread_id: int, assignments: str, values: list[object], now: datetime
    ) -> Subscription | None:
        with self.db.conn:
            self.db.execute(
                f"UPDATE subscriptions SET {assignments}, updated_at = ? WHERE chat_id = ? AND thread_id = ?",
                [*values, iso(now), chat_id, thread_id],
            )
        return self.get(chat_id, thread_id=thread_id)

    def _must_get(self, chat_id: int, thread_id: int = 0) -> Subscription:
        subscription = self.get(chat_id, thread_id=thread_id)
        assert subscription is not None, "just written"
        return subscription

    # --- the briefing ledger --------------------------------------------------------------------
    def claim(
        self,
        chat_id: int,
        local_date: date,
        *,
        window_start: datetime,
        window_end: datetime,
        run_id: str,
        now: datetime,
        max_attempts: int,
        thread_id: int = 0,
    ) -> Claim | None:
        """Take the (chat, local date) slot, or resume one a dead run or a failed send left open.

        None means: delivered, deliberately skipped, in flight in this run, or given up after
        `max_attempts` attempts in a row without progress.
        A fresh claim moves the chat's cursor to `window_end` in the same transaction, so what an
        on-demand /briefing shows next starts after this briefing.
        """
        day = local_date.isoformat()
        with self.db.conn:
            inserted = self.db.execute(
                """INSERT INTO briefings (chat_id, thread_id, local_date, state, window_start, window_end,
                       digests, messages, attempts, claimed_by, created_at)
                   VALUES (?, ?, ?, ?, ?, ?, 0, 0, 1, ?, ?) ON CONFLICT DO NOTHING""",
                [chat_id, thread_id, day, SENDING, iso(window_start), iso(window_end), run_id, iso(now)],
            ).rowcount
            if inserted:
                self.db.execute(
                    "UPDATE subscriptions SET last_briefing_at = ? WHERE chat_id = ? AND thread_id = ?",
                    [iso(window_end), chat_id, thread_id],
                )
                return Claim(chat_id, local_date, window_start, window_end, 0, 1, thread_id)
            return self._resume(chat_id, thread_id, day, run_id, max_attempts, now)

    def _resume(
        self, chat_id: int, thread_id: int, day: str, run_id: str, max_attempts: int, now: datetime
    ) -> Claim | None:
        """Resume a slot as often as it takes while attempts make progress; `max_attempts` bounds only
        the attempts in a row that delivered nothing new. A slot given up is not lost: the cursor goes
        back to its window's start, so the next briefing carries its digests."""
        row = next(
            self.db.query(
                "SELECT * FROM briefings WHERE chat_id = ? AND thread_id = ? AND local_date = ?",
                [chat_id, thread_id, day],
            )
        )
        if row["state"] not in _RESUMABLE:
            return None
        if row["state"] == SENDING and row["claimed_by"] == run_id:
            return None  # another task of this run is sending it right now
        messages = row["messages"] or 0
        progressed = messages > (row["progress_mark"] or 0)
        stalls = 0 if progressed else (row["stalls"] or 0) + 1
        if stalls >= max_attempts:
            self._abandon(row, stalls, now)
            return None
        self.db.execute(
            "UPDATE briefings SET state = ?, attempts = attempts + 1, claimed_by = ?, stalls = ?, "
            "progress_mark = ? WHERE chat_id = ? AND thread_id = ? AND local_date = ?",
            [SENDING, run_id, stalls, messages, chat_id, thread_id, day],
        )
        return Claim(
            chat_id=chat_id,
            local_date=date.fromisoformat(day),
            window_start=datetime.fromisoformat(row["window_start"]),
            window_end=datetime.fromisoformat(row["window_end"]),
            messages_done=messages,
            attempt=row["attempts"] + 1,
            thread_id=thread_id,
            stalls=stalls,
        )

    def _abandon(self, row: dict[str, Any], stalls: int, now: datetime) -> None:
        chat_id, thread_id, day = row["chat_id"], row["thread_id"], row["local_date"]
        self.db.execute(
            "UPDATE briefings SET state = ?, stalls = ? "
            "WHERE chat_id = ? AND thread_id = ? AND local_date = ?",
            [ABANDONED, stalls, chat_id, thread_id, day],
        )
        # Unless a later briefing already moved on, the next one starts where this one started.
        self.db.execute(
            "UPDATE subscriptions SET last_briefing_at = ? "
            "WHERE chat_id = ? AND thread_id = ? AND last_briefing_at = ?",
            [row["window_start"], chat_id, thread_id, row["window_end"]],
        )
        self.db.execute(
            "INSERT INTO errors (chat_id, kind, detail, created_at) VALUES (?, ?, ?, ?)",
            [
                chat_id,
                "BriefingAbandoned",
                f"briefing {day}: {stalls} attempts in a row delivered nothing; "
                f"{row['messages'] or 0} part(s) had been delivered; the next briefing carries it again",
                iso(now),
            ],
        )
        log.error(
            "briefing %s for chat %s given up after %d attempts without progress; the next briefing "
            "carries its digests",
            day,
            chat_id,
            stalls,
        )

    def record_progress(self, claim: Claim, messages: int) -> None:
        """`messages` parts are acknowledged: written after each part, so a resend skips them."""
        with self.db.conn:
            self.db.execute(
                "UPDATE briefings SET messages = ? WHERE chat_id = ? AND thread_id = ? AND local_date = ?",
                [messages, *_key(claim)],
            )

    def finish(self, claim: Claim, *, state: str, digests: int, messages: int, now: datetime) -> None:
        with self.db.conn:
            self.db.execute(
                "UPDATE briefings SET state = ?, digests = ?, messages = ?, sent_at = ?, error = NULL "
                "WHERE chat_id = ? AND thread_id = ? AND local_date = ?",
                [state, digests, messages, iso(now), *_key(claim)],
            )

    def fail(self, claim: Claim, *, state: str, error: str) -> None:
        with self.db.conn:
            self.db.execute(
                "UPDATE briefings SET state = ?, error = ? "
                "WHERE chat_id = ? AND thread_id = ? AND local_date = ?",
                [state, error[:500], *_key(claim)],
            )

    def briefing(self, chat_id: int, local_date: date, *, thread_id: int = 0) -> BriefingRecord | None:
        rows = list(
            self.db.query(
                "SELECT * FROM briefings WHERE chat_id = ? AND thread_id = ? AND local_date = ?",
                [chat_id, thread_id, local_date.isoformat()],
            )
        )
        if not rows:
            return None
        row = rows[0]
        return BriefingRecord(
            chat_id=row["chat_id"],
            local_date=date.fromisoformat(row["local_date"]),
            state=row["state"],
            digests=row["digests"] or 0,
            messages=row["messages"] or 0,
            attempts=row["attempts"] or 0,
            error=row["error"],
            thread_id=row["thread_id"],
        )

    # --- content ------------------------------------------------------------------------------
    def digest_ids(self, chat_id: int, start: datetime, end: datetime) -> list[int]:
        """Digests the chat asked for in [start, end), each once, in the order it first asked."""
        rows = self.db.execute(
            """SELECT digest_id, MIN(created_at) AS first FROM requests
               WHERE chat_id = ? AND created_at >= ? AND created_at < ?
               GROUP BY digest_id ORDER BY first, digest_id""",
            [chat_id, iso(start), iso(end)],
        ).fetchall()
        return [row[0] for row in rows]
