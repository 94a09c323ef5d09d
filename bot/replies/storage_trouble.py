"""When SQLite cannot write (locked by another process, disk full): say so plainly, never go silent.

Every write the reply flow makes goes through `attempt`: a failed write is logged and answered with a
sentence, and the user still gets the digest (answer first, record after).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

BUSY = (
    "I couldn't save that: my database is busy (another program is using it). It is not in /history; "
    "send it again in a minute to keep it."
)
FULL = "I couldn't save that: the disk my database lives on is full. It is not in /history."
BROKEN = "I couldn't save that: my database refused the write. It is not in /history."


def explain(exc: sqlite3.Error) -> str:
    """The sentence a user reads for a database that could not write."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return BUSY
    if "full" in text or "no space" in text:
        return FULL
    return BROKEN


def attempt(
    conn: sqlite3.Connection, what: str, write: Callable[[], T]
) -> tuple[T | None, sqlite3.Error | None]:
    """Run one database call; on a database error log it, roll back what it left open, and return the
    error instead of raising."""
    try:
        return write(), None
    except sqlite3.Error as exc:
        log.warning("database: could not %s: %s", what, exc)
        try:
            conn.rollback()
        except sqlite3.Error:
            log.debug("rollback after a failed write failed too", exc_info=True)
        return None, exc
