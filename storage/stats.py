"""Statistics queries behind /stats: per chat, or across all chats for admins.

Times in the database are UTC ISO strings in one format (`storage.times.iso`), so a time range is
a plain string comparison on `created_at`, which the `(chat_id, created_at)` and `(created_at)`
indexes on `requests` serve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import sqlite_utils

TOP_SOURCES = 5
ERROR_KINDS = 8
UNKNOWN_SOURCE = "(pasted text)"


@dataclass(frozen=True)
class ChatStats:
    """What a chat (or, with chat_id None, the whole bot) got out of Newsbrief over a time range."""

    articles: int  # requests: every article sent, repeats included
    digests: int  # distinct digests among them
    figures: int  # figures in those digests
    words_read: int  # words of the articles sent (what the reader would have read)
    words_sent: int  # words of the digests sent back
    p50_ms: float | None
    p95_ms: float | None
    briefings: int  # briefings delivered (state "sent")
    top_sources: list[tuple[str, int]] = field(default_factory=list)

    @property
    def compression(self) -> float | None:
        return self.words_read / self.words_sent if self.words_sent else None


@dataclass(frozen=True)
class AdminStats:
    """Bot-wide figures only admins see."""

    chats: int  # chats that sent at least one article in the range
    subscribers: int  # active briefing subscriptions (now, whatever the range)
    unsupported_removed: int  # numbers the faithfulness guard removed, digests made in the range
    errors_24h: list[tuple[str, int]] = field(default_factory=list)  # (kind, count), most frequent first


def _scope(chat_id: int | None, since: str | None, alias: str = "r") -> tuple[str, list[object]]:
    """WHERE clause for requests of one chat (or all) since a time (or ever); fixed SQL, bound values."""
    clauses, params = ["1 = 1"], []
    if chat_id is not None:
        clauses.append(f"{alias}.chat_id = ?")
        params.append(chat_id)
    if since is not None:
        clauses.append(f"{alias}.created_at >= ?")
        params.append(since)
    return " AND ".join(clauses), params


def chat_stats(db: sqlite_utils.Database, chat_id: int | None, since: str | None) -> ChatStats:
    """Usage of one chat (chat_id None: every chat) from `since` (None: all time) to now."""
    where, params = _scope(chat_id, since)
    articles, digests, words_read, words_sent = db.execute(
        f"""SELECT COUNT(*), COUNT(DISTINCT r.digest_id), COALESCE(SUM(d.words_in), 0),
                   COALESCE(SUM(r.words_sent), 0)
            FROM requests r JOIN digests d ON d.id = r.digest_id WHERE {where}""",
        params,
    ).fetchone()
    figures = db.execute(
        f"""SELECT COUNT(*) FROM figures WHERE digest_id IN
            (SELECT DISTINCT r.digest_id FROM requests r WHERE {where})""",
        params,
    ).fetchone()[0]
    return ChatStats(
        articles=articles,
        digests=digests,
        figures=figures,
        words_read=words_read,
        words_sent=words_sent,
        p50_ms=_percentile(db, where, params, articles, 0.50),
        p95_ms=_percentile(db, where, params, articles, 0.95),
        briefings=_briefings_sent(db, chat_id, since),
        top_sources=_top_sources(db, where, params, own_origins=chat_id is not None),
    )


def _percentile(
    db: sqlite_utils.Database, where: str, params: list[object], count: int, fraction: float
) -> float | None:
    """Nearest-rank percentile of reply latency, found by the database (no full scan into Python)."""
    if count == 0:
        return None
    rank = max(1, math.ceil(round(count * fraction, 6)))  # round first: 20 * 0.95 must give 19, not 20
    row = db.execute(
        f"SELECT r.latency_ms FROM requests r WHERE {where} ORDER BY r.latency_ms LIMIT 1 OFFSET ?",
        [*params, rank - 1],
    ).fetchone()
    return float(row[0]) if row and row[0] is not None else None


def _top_sources(
    db: sqlite_utils.Database, where: str, params: list[object], *, own_origins: bool
) -> list[tuple[str, int]]:
    # A chat counts where its own forwards came from; across chats only public sources are named.
    origin = "NULLIF(TRIM(r.origin), ''), " if own_origins else ""
    rows = db.execute(
        f"""SELECT COALESCE({origin}NULLIF(TRIM(a.source), ''), ?) AS name, COUNT(*) AS n
            FROM requests r JOIN digests d ON d.id = r.digest_id JOIN articles a ON a.id = d.article_id
            WHERE {where} GROUP BY name ORDER BY n DESC, name LIMIT ?""",
        [UNKNOWN_SOURCE, *params, TOP_SOURCES],
    ).fetchall()
    return [(name, n) for name, n in rows]


def _briefings_sent(db: sqlite_utils.Database, chat_id: int | None, since: str | None) -> int:
    if "briefings" not in db.table_names():
        return 0
    clauses, params = ["state = 'sent'"], []
    if chat_id is not None:
        clauses.append("chat_id = ?")
        params.append(chat_id)
    if since is not None:
        clauses.append("COALESCE(sent_at, created_at) >= ?")
        params.append(since)
    sql = f"SELECT COUNT(*) FROM briefings WHERE {' AND '.join(clauses)}"
    return int(db.execute(sql, params).fetchone()[0])


def admin_stats(db: sqlite_utils.Database, since: str | None, errors_since: str) -> AdminStats:
    where, params = _scope(None, since)
    sql = f"SELECT COUNT(DISTINCT r.chat_id) FROM requests r WHERE {where}"
    chats = db.execute(sql, params).fetchone()[0]
    subscribers = 0
    if "subscriptions" in db.table_names():
        subscribers = db.execute("SELECT COUNT(*) FROM subscriptions WHERE active = 1").fetchone()[0]
    digest_where, digest_params = ("created_at >= ?", [since]) if since else ("1 = 1", [])
    removed = db.execute(
        f"SELECT COALESCE(SUM(unsupported_removed), 0) FROM digests WHERE {digest_where}", digest_params
    ).fetchone()[0]
    errors = db.execute(
        "SELECT kind, COUNT(*) AS n FROM errors WHERE created_at >= ? GROUP BY kind ORDER BY n DESC, kind "
        "LIMIT ?",
        [errors_since, ERROR_KINDS],
    ).fetchall()
    return AdminStats(
        chats=chats,
        subscribers=subscribers,
        unsupported_removed=removed,
        errors_24h=[(kind or "unknown", n) for kind, n in errors],
    )
