"""A chat's own library of digests: history, ownership checks, full-text search, forget, export.

Digests are shared between chats (one digest per article, deduplicated), so "a chat's digests" are
the digests its `requests` rows point at. Every query here is restricted to one chat by that join:
a chat can never page, search or export another chat's reading.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass

import sqlite_utils

from .stories import prune_forgotten

log = logging.getLogger(__name__)

MAX_QUERY_TERMS = 12
# Markers around matched words in search snippets; control characters never occur in digest text
# the bot stores, and the bot turns them into <b> after HTML-escaping.
MATCH_START, MATCH_END = "\x02", "\x03"
_WORD = re.compile(r"\w")
# The source a chat credits for one of its digests: where its own latest forward came from, if any.
_CHAT_ORIGIN = (
    "(SELECT o.{col} FROM requests o WHERE o.chat_id = {chat} AND o.digest_id = {digest} "
    "AND o.origin IS NOT NULL ORDER BY o.id DESC LIMIT 1)"
)
_ORIGIN_R = _CHAT_ORIGIN.replace("{chat}", "r.chat_id").replace("{digest}", "r.digest_id")
# Tables with a chat_id column that hold something else than "this chat's data" would go here.
_NOT_CHAT_DATA: frozenset[str] = frozenset()


@dataclass(frozen=True)
class HistoryItem:
    digest_id: int
    headline: str
    source: str | None
    url: str | None
    requested_at: str  # when this chat last sent the article (UTC ISO)


@dataclass(frozen=True)
class HistoryPage:
    items: list[HistoryItem]
    offset: int
    total: int  # distinct digests the chat has


@dataclass(frozen=True)
class SearchHit:
    digest_id: int
    headline: str
    snippet: str  # plain text with MATCH_START/MATCH_END around matched words
    source: str | None
    score: float  # bm25: lower is better


@dataclass(frozen=True)
class DigestRef:
    digest_id: int
    requested_at: str  # when this chat first sent the article (UTC ISO)


@dataclass(frozen=True)
class ForgetReport:
    requests: int
    digests_deleted: int  # digests only this chat had
    digests_kept: int  # digests other chats also asked for
    briefings: int
    subscriptions: int
    errors: int
    other_rows: int  # rows in other tables keyed by chat_id (added by later features)


def history_page(db: sqlite_utils.Database, chat_id: int, offset: int, limit: int) -> HistoryPage:
    """The chat's digests, most recently requested first."""
    total = db.execute(
        "SELECT COUNT(DISTINCT digest_id) FROM requests WHERE chat_id = ?", [chat_id]
    ).fetchone()[0]
    rows = db.execute(
        f"""SELECT r.digest_id, MAX(r.id) AS last_id, MAX(r.created_at), d.headline,
                  COALESCE({_ORIGIN_R.format(col="origin")}, a.source),
                  COALESCE({_ORIGIN_R.format(col="origin_url")}, a.source_url, a.canonical_url)
           FROM requests r JOIN digests d ON d.id = r.digest_id JOIN articles a ON a.id = d.article_id
           WHERE r.chat_id = ? GROUP BY r.digest_id ORDER BY last_id DESC LIMIT ? OFFSET ?""",
        [chat_id, limit, offset],
    ).fetchall()
    items = [
        HistoryItem(digest_id=row[0], requested_at=row[2], headline=row[3], source=row[4], url=row[5])
        for row in rows
    ]
    return HistoryPage(items=items, offset=offset, total=total)


def chat_origins(
    db: sqlite_utils.Database, chat_id: int, digest_ids: list[int]
) -> dict[int, tuple[str, str | None]]:
    """Where this chat's latest forward of each digest came from (name, link), for those it forwarded."""
    found: dict[int, tuple[str, str | None]] = {}
    for start in range(0, len(digest_ids), 500):  # stay under SQLite's bound-variable limit
        batch = digest_ids[start : start + 500]
        marks = ", ".join("?" for _ in batch)
        rows = db.execute(
            f"""SELECT digest_id, origin, origin_url FROM requests
                WHERE chat_id = ? AND origin IS NOT NULL AND digest_id IN ({marks}) ORDER BY id""",
            [chat_id, *batch],
        ).fetchall()
        found.update({row[0]: (row[1], row[2]) for row in rows})
    return found


def chat_has_digest(db: sqlite_utils.Database, chat_id: int, digest_id: int) -> bool:
    row = db.execute(
        "SELECT 1 FROM requests WHERE chat_id = ? AND digest_id = ? LIMIT 1", [chat_id, digest_id]
    ).fetchone()
    return row is not None


def fts_query(text: str) -> str | None:
    """User words -> an FTS5 query that matches all of them and can never be a syntax error.

    Each whitespace-separated chunk becomes a quoted FTS5 string (quotes inside dropped), so AND, OR,
    NOT, NEAR, *, ^, column filters and parentheses are just words; "3,100" stays one phrase.
    """
    terms = []
    for chunk in search_words(text).split():
        chunk = chunk.replace('"', "")
        if _WORD.search(chunk):
            terms.append(f'"{chunk}"')
    return " ".join(terms[:MAX_QUERY_TERMS]) or None


def search_words(text: str) -> str:
    """The words of a search, control characters and lone surrogates dropped: no word contains them,
    NUL cuts an FTS5 query short (a syntax error), a surrogate cannot be encoded for SQLite at all,
    and \x02/\x03 are our own snippet markers."""
    return " ".join("".join(" " if unicodedata.category(ch) in {"Cc", "Cs"} else ch for ch in text).split())


def search_chat(db: sqlite_utils.Database, chat_id: int, text: str, limit: int = 5) -> list[SearchHit]:
    """The chat's digests matching every word of `text`, best first (bm25; headline weighs most)."""
    query = fts_query(text)
    if query is None:
        return []
    origin = _CHAT_ORIGIN.format(col="origin", chat="?", digest="d.id")
    rows = db.execute(
        f"""SELECT d.id, d.headline, COALESCE({origin}, a.source),
                  snippet(digests_fts, -1, ?, ?, '…', 14),
                  bm25(digests_fts, 4.0, 1.0, 2.0) AS score
           FROM digests_fts
           JOIN digests d ON d.id = digests_fts.rowid
           JOIN articles a ON a.id = d.article_id
           WHERE digests_fts MATCH ?
             AND d.id IN (SELECT digest_id FROM requests WHERE chat_id = ?)
           ORDER BY score, d.id DESC LIMIT ?""",
        [chat_id, MATCH_START, MATCH_END, query, chat_id, limit],
    ).fetchall()
    return [
        SearchHit(digest_id=row[0], headline=row[1], source=row[2], snippet=row[3] or "", score=row[4])
        for row in rows
    ]


def chat_digest_refs(db: sqlite_utils.Database, chat_id: int) -> list[DigestRef]:
    """Every digest of the chat, oldest first, with the time the chat first asked for it."""
    rows = db.execute(
        """SELECT digest_id, MIN(created_at) AS first_at, MIN(id) AS first_id FROM requests
           WHERE chat_id = ? GROUP BY digest_id ORDER BY first_id""",
        [chat_id],
    ).fetchall()
    return [DigestRef(digest_id=row[0], requested_at=row[1]) for row in rows]


def forget_chat(db: sqlite_utils.Database, chat_id: int) -> ForgetReport:
    """Delete everything stored for the chat, in one transaction.

    Digests other chats also asked for, or that a followed source's item holds, stay; digests only this
    chat had go, with their figures, full-text rows (triggers) and articles.
    """
    with db.conn:
        exclusive = [
            row[0]
            for row in db.execute(
                # Like discard_unclaimed_digest: a followed source's item may hold it too.
                """SELECT DISTINCT r.digest_id FROM requests r WHERE r.chat_id = ?
                   AND NOT EXISTS (SELECT 1 FROM requests o
                                   WHERE o.digest_id = r.digest_id AND o.chat_id != ?)
                   AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.digest_id = r.digest_id)""",
                [chat_id, chat_id],
            ).fetchall()
        ]
        total = db.execute(
            "SELECT COUNT(DISTINCT digest_id) FROM requests WHERE chat_id = ?", [chat_id]
        ).fetchone()[0]
        counts = {table: _delete_chat_rows(db, table, chat_id) for table in _chat_tables(db)}
        _delete_digests(db, exclusive)
        db.execute("DELETE FROM chats WHERE id = ?", [chat_id])
    known = ("requests", "briefings", "subscriptions", "errors")
    report = ForgetReport(
        requests=counts.get("requests", 0),
        digests_deleted=len(exclusive),
        digests_kept=total - len(exclusive),
        briefings=counts.get("briefings", 0),
        subscriptions=counts.get("subscriptions", 0),
        errors=counts.get("errors", 0),
        other_rows=sum(n for table, n in counts.items() if table not in known),
    )
    log.info("chat %s forgotten: %s", chat_id, report)
    return report


def discard_unclaimed_digest(db: sqlite_utils.Database, digest_id: int) -> bool:
    """Delete a digest nobody asked for (its chat was forgotten while it was being made); a digest that
    another chat or a followed source also holds stays. True when it was deleted."""
    with db.conn:
        if db.execute("SELECT 1 FROM requests WHERE digest_id = ? LIMIT 1", [digest_id]).fetchone():
            return False
        if db.execute("SELECT 1 FROM entries WHERE digest_id = ? LIMIT 1", [digest_id]).fetchone():
            return False
        _delete_digests(db, [digest_id])
    return True


def _chat_tables(db: sqlite_utils.Database) -> list[str]:
    """Tables keyed by chat_id, requests first; later features' tables are swept too, so /forget
    keeps its promise without being updated for every new table."""
    found = [
        name for name in db.table_names() if name not in _NOT_CHAT_DATA and "chat_id" in db[name].columns_dict
    ]
    return sorted(found, key=lambda name: (name != "requests", name))


def _delete_chat_rows(db: sqlite_utils.Database, table: str, chat_id: int) -> int:
    # The table name comes from sqlite_master, never from the user; quote it all the same.
    cursor = db.execute(f"DELETE FROM [{table}] WHERE chat_id = ?", [chat_id])
    return cursor.rowcount


def _delete_digests(db: sqlite_utils.Database, digest_ids: list[int]) -> None:
    for start in range(0, len(digest_ids), 500):  # stay under SQLite's bound-variable limit
        batch = digest_ids[start : start + 500]
        marks = ", ".join("?" for _ in batch)
        article_ids = [
            row[0]
            for row in db.execute(f"SELECT article_id FROM digests WHERE id IN ({marks})", batch).fetchall()
        ]
        db.execute(f"DELETE FROM figures WHERE digest_id IN ({marks})", batch)
        if "story_members" in db.table_names():
            touched = [
                int(row[0])
                for row in db.execute(
                    f"SELECT DISTINCT story_id FROM story_members WHERE digest_id IN ({marks})", batch
                ).fetchall()
            ]
            db.execute(f"DELETE FROM story_members WHERE digest_id IN ({marks})", batch)
            prune_forgotten(db, touched)
        db.execute(f"DELETE FROM digests WHERE id IN ({marks})", batch)
        if article_ids:
            article_marks = ", ".join("?" for _ in article_ids)
            db.execute(f"DELETE FROM articles WHERE id IN ({article_marks})", article_ids)
