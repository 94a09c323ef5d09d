"""Accepted work, durably: one row per message a chat asked us to read, closed once it is answered.

Telegram considers an update delivered as soon as the bot fetched it, so a process that dies while it
works (fetching a link, or between storing a digest and replying) would otherwise leave the user
with "Reading…" forever. The row is written when the work is accepted and closed when it is answered;
at start-up the next run finishes every row an earlier run left open.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlite_utils

from .times import iso

PENDING = "pending"
DONE = "done"


@dataclass
class JobRow:
    id: int
    chat_id: int
    message_id: int
    update_json: str
    attempts: int  # runs that started it, this one included
    status_ids: dict[str, int] = field(default_factory=dict)  # "Reading…" messages already sent
    done_keys: set[str] = field(default_factory=set)  # parts (links) already answered


class JobStore:
    """Queries over `jobs`, on the Store's connection (same thread)."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def accept(
        self, chat_id: int, message_id: int, update_json: str, *, run_id: str, now: datetime
    ) -> JobRow | None:
        """Record the work, or take over the open row of an interrupted run; None when it is answered
        already or this run is working on it (the same update delivered twice)."""
        stamp = iso(now)
        with self.db.conn:
            inserted = self.db.execute(
                """INSERT INTO jobs (chat_id, message_id, update_json, status_ids, done_keys, state, run_id,
                       attempts, created_at, updated_at)
                   VALUES (?, ?, ?, '{}', '[]', ?, ?, 0, ?, ?) ON CONFLICT DO NOTHING""",
                [chat_id, message_id, update_json, PENDING, run_id, stamp, stamp],
            ).rowcount
            row = self.db.execute(
                "SELECT id, state, attempts, status_ids, done_keys, update_json, run_id FROM jobs "
                "WHERE chat_id = ? AND message_id = ?",
                [chat_id, message_id],
            ).fetchone()
            if row[1] != PENDING or (not inserted and row[6] == run_id):
                return None  # answered, or being worked on by this run (Telegram sent it again)
            self.db.execute(
                "UPDATE jobs SET attempts = attempts + 1, run_id = ?, updated_at = ? WHERE id = ?",
                [run_id, stamp, row[0]],
            )
        return JobRow(
            id=row[0],
            chat_id=chat_id,
            message_id=message_id,
            update_json=row[5],
            attempts=row[2] + 1,
            status_ids=json.loads(row[3] or "{}"),
            done_keys=set(json.loads(row[4] or "[]")),
        )

    def save_progress(self, job: JobRow) -> None:
        with self.db.conn:
            self.db.execute(
                "UPDATE jobs SET status_ids = ?, done_keys = ? WHERE id = ?",
                [json.dumps(job.status_ids), json.dumps(sorted(job.done_keys)), job.id],
            )

    def close(self, job_id: int, *, now: datetime) -> None:
        with self.db.conn:
            self.db.execute(
                "UPDATE jobs SET state = ?, updated_at = ? WHERE id = ?", [DONE, iso(now), job_id]
            )

    def alive(self, job_id: int) -> bool:
        """False once /forget deleted the chat's rows: the work must not be recorded."""
        return self.db.execute("SELECT 1 FROM jobs WHERE id = ?", [job_id]).fetchone() is not None

    def interrupted(self, run_id: str) -> list[JobRow]:
        """Open work of earlier runs, oldest first."""
        rows = self.db.execute(
            "SELECT id, chat_id, message_id, update_json, attempts, status_ids, done_keys FROM jobs "
            "WHERE state = ? AND run_id != ? ORDER BY id",
            [PENDING, run_id],
        ).fetchall()
        return [
            JobRow(
                id=r[0],
                chat_id=r[1],
                message_id=r[2],
                update_json=r[3],
                attempts=r[4],
                status_ids=json.loads(r[5] or "{}"),
                done_keys=set(json.loads(r[6] or "[]")),
            )
            for r in rows
        ]

    def prune(self, *, now: datetime, keep: timedelta = timedelta(days=2)) -> int:
        """Answered work is kept a while (a replayed update is recognised), then dropped."""
        with self.db.conn:
            return self.db.execute(
                "DELETE FROM jobs WHERE state = ? AND updated_at < ?", [DONE, iso(now - keep)]
            ).rowcount
