"""The repository: every query the bot makes. No other module writes SQL."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlite_utils

from summarizer.types import Article, Digest, DigestStats, Entity, Figure

from .schema import migrate
from .times import iso, now_iso

log = logging.getLogger(__name__)

_SPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """Hash of the normalised text, so the same article pasted twice is recognised."""
    normal = _SPACE.sub(" ", text).strip().lower()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StoredDigest:
    id: int
    article: Article
    digest: Digest
    created_at: str


@dataclass(frozen=True)
class RequestRef:
    id: int
    cached: bool


DEFAULT_BUSY_TIMEOUT_MS = 250


class Store:
    """One SQLite file, opened in WAL mode. Calls are short and run on the event-loop thread.

    They stay short when another process holds the write lock: a write waits at most the busy
    timeout (250 ms by default), then fails with "database is locked", which the bot answers with a
    plain sentence, so a lock held elsewhere can no longer freeze every chat. Readers never wait (WAL).
    """

    def __init__(self, path: str | Path, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000)
        self.db = sqlite_utils.Database(conn)
        self.db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        self.db.execute("PRAGMA foreign_keys = ON")
        if str(path) != ":memory:":
            self.db.enable_wal()
            # SQLite's advice for WAL: commits survive a crash or kill of the process (what the bot
            # promises); only a power cut may take back the last ones. Full sync per commit halved
            # the soak's throughput once accepted work was recorded too.
            self.db.execute("PRAGMA synchronous = NORMAL")
        self.schema_version = migrate(self.db)

    def close(self) -> None:
        self.db.conn.close()

    def check_writable(self) -> None:
        """Raise sqlite3.DatabaseError when the file cannot be read or written (read-only, corrupt).

        Cheap at any size: the header, the schema and the first page of every table are read, where
        `PRAGMA quick_check` read every page (seconds on a big file, at every start). Damage deeper in
        is met by the query that reaches it, as SQLite's own error, answered like any other.
        A lock held by another process is not a reason to refuse to start: it is let through.
        """
        self.db.execute("PRAGMA schema_version").fetchone()
        for table in self.db.table_names():
            self.db.execute(f"SELECT * FROM [{table}] LIMIT 1").fetchone()
        try:
            with self.db.conn:
                self.db.execute("INSERT OR REPLACE INTO counters (name, value) VALUES ('_writable', 1)")
                self.db.execute("DELETE FROM counters WHERE name = '_writable'")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise

    # --- chats -------------------------------------------------------------------------------
    def touch_chat(self, chat_id: int, chat_type: str, title: str | None) -> None:
        stamp = now_iso()
        self.db.execute(
            """INSERT INTO chats (id, type, title, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET type = excluded.type, title = excluded.title,
               last_seen = excluded.last_seen""",
            [chat_id, chat_type, title, stamp, stamp],
        )
        self.db.conn.commit()

    # --- digests -------------------------------------------------------------------------------
    def find_digest(
        self, *, canonical_url: str | None = None, text_hash: str | None = None, site: str | None = None
    ) -> StoredDigest | None:
        """A digest already made for this article (same canonical URL or same normalised text).

        `site` is where the text was fetched from (its registrable domain): a page's text matches only
        an article from the same site, so a copy published elsewhere first cannot lend its headline
        and source to the real page. None, for text that came without a URL (forwarded, pasted, a
        file), matches the same text from anywhere.
        """
        found = self.find_digest_id(canonical_url=canonical_url, text_hash=text_hash, site=site)
        return self.load_digest(found) if found is not None else None

    def find_digest_id(
        self, *, canonical_url: str | None = None, text_hash: str | None = None, site: str | None = None
    ) -> int | None:
        """`find_digest`'s id alone, for callers that need no more (nothing else is read)."""
        row = None
        if canonical_url:
            row = self.db.execute(
                "SELECT d.id FROM digests d JOIN articles a ON a.id = d.article_id "
                "WHERE a.canonical_url = ? ORDER BY d.id LIMIT 1",
                [canonical_url],
            ).fetchone()
        if row is None and text_hash:
            row = self._by_text(text_hash, site, exact=False)
        return int(row[0]) if row else None

    def _by_text(self, text_hash: str, site: str | None, *, exact: bool) -> tuple[int] | None:
        if site is None and not exact:  # text without a URL: prefer a digest of text without one too
            return self.db.execute(
                "SELECT d.id FROM digests d JOIN articles a ON a.id = d.article_id "
                "WHERE a.content_hash = ? ORDER BY COALESCE(a.site, 'x') != '', d.id LIMIT 1",
                [text_hash],
            ).fetchone()
        return self.db.execute(
            "SELECT d.id FROM digests d JOIN articles a ON a.id = d.article_id "
            "WHERE a.content_hash = ? AND a.site = ? ORDER BY d.id LIMIT 1",
            [text_hash, site or ""],
        ).fetchone()

    def save_digest(
        self, article: Article, digest: Digest, labels: list[str], *, site: str | None = None
    ) -> int:
        """Store the article, its digest and figures; returns the digest id (stable for duplicates).

        `site` as for `find_digest`: one article per text and site ('' when it came without a URL).
        """
        text_hash = content_hash(article.text)
        existing = self._by_text(text_hash, site, exact=True)
        if existing:
            return int(existing[0])
        stamp = now_iso()
        with self.db.conn:
            article_id = (
                self.db["articles"]
                .insert(
                    {
                        "canonical_url": article.url,
                        "content_hash": text_hash,
                        "site": site or "",
                        "title": article.title,
                        "source": article.source,
                        "source_url": article.source_url,
                        "language": article.language,
                        "published": article.published,
                        "words": digest.stats.words_in,
                        "created_at": stamp,
                    }
                )
                .last_pk
            )
            digest_id = (
                self.db["digests"]
                .insert(
                    {
                        "article_id": article_id,
                        "headline": digest.headline,
                        "summary": digest.summary,
                        "summary_kind": digest.summary_kind,
                        "model": digest.model,
                        "language": digest.language,
                        "entities": json.dumps([[e.text, e.kind] for e in digest.entities]),
                        "figures_text": " · ".join(labels),
                        "words_in": digest.stats.words_in,
                        "words_out": digest.stats.words_out,
                        "chunks": digest.stats.chunks,
                        "seconds": digest.stats.seconds,
                        "unsupported_removed": digest.stats.unsupported_removed,
                        "created_at": stamp,
                    }
                )
                .last_pk
            )
            self.db["figures"].insert_all(
                _figure_row(digest_id, rank, figure, label)
                for rank, (figure, label) in enumerate(zip(digest.figures, labels, strict=True))
            )
        return int(digest_id)

    def load_digest(self, digest_id: int) -> StoredDigest | None:
        rows = list(
            self.db.query(
                "SELECT d.*, a.canonical_url, a.title, a.source, a.source_url, a.published "
                "FROM digests d JOIN articles a ON a.id = d.article_id WHERE d.id = ?",
                [digest_id],
            )
        )
        if not rows:
            return None
        row = rows[0]
        figures = [
            _figure_from_row(f)
            for f in self.db.query("SELECT * FROM figures WHERE digest_id = ? ORDER BY rank", [digest_id])
        ]
        digest = Digest(
            headline=row["headline"],
            summary=row["summary"],
            summary_kind=row["summary_kind"],
            fallback_reason=row["fallback_reason"],
            model=row["model"],
            language=row["language"],
            figures=figures,
            entities=[Entity(text, kind) for text, kind in json.loads(row["entities"] or "[]")],
            stats=DigestStats(
                words_in=row["words_in"] or 0,
                words_out=row["words_out"] or 0,
                chunks=row["chunks"] or 1,
                seconds=row["seconds"] or 0.0,
                unsupported_removed=row["unsupported_removed"] or 0,
            ),
        )
        article = Article(
            text="",
            title=row["title"],
            url=row["canonical_url"],
            source=row["source"],
            source_url=row["source_url"],
            published=row["published"],
        )
        return StoredDigest(id=row["id"], article=article, digest=digest, created_at=row["created_at"])

    # --- requests and errors ---------------------------------------------------------------------
    def record_request(
        self,
        *,
        chat_id: int,
        user_id: int | None,
        digest_id: int,
        cached: bool,
        words_sent: int,
        latency_ms: float | None = None,
        at: datetime | None = None,
        message_id: int | None = None,
        origin: str | None = None,
        origin_url: str | None = None,
    ) -> int:
        """One article a chat sent us; returns the row id (see `set_latency`).

        `origin` is where this chat's forward came from (a group, a person, a file): it belongs to this
        chat alone. The same message recorded again (work resumed after a crash) keeps its one row.
        """
        if message_id is not None:
            found = self.find_request(chat_id, message_id, digest_id)
            if found is not None:
                return found.id
        row_id = (
            self.db["requests"]
            .insert(
                {
                    "chat_id": chat_id,
                    "user_id": user_id,
                    "digest_id": digest_id,
                    "cached": int(cached),
                    "latency_ms": latency_ms,
                    "words_sent": words_sent,
                    "created_at": iso(at) if at else now_iso(),
                    "message_id": message_id,
                    "origin": origin,
                    "origin_url": origin_url,
                }
            )
            .last_pk
        )
        self.db.conn.commit()
        return int(row_id)

    def find_request(self, chat_id: int, message_id: int, digest_id: int) -> RequestRef | None:
        row = self.db.execute(
            "SELECT id, cached FROM requests WHERE chat_id = ? AND message_id = ? AND digest_id = ? LIMIT 1",
            [chat_id, message_id, digest_id],
        ).fetchone()
        return RequestRef(id=row[0], cached=bool(row[1])) if row else None

    def set_latency(self, request_id: int, latency_ms: float) -> None:
        """Time from the forward to the acknowledged reply, known only after the reply is sent."""
        self.db.execute("UPDATE requests SET latency_ms = ? WHERE id = ?", [latency_ms, request_id])
        self.db.conn.commit()

    def record_error(
        self, kind: str, *, chat_id: int | None = None, detail: str = "", at: datetime | None = None
    ) -> None:
        stamp = iso(at) if at else now_iso()
        self.db["errors"].insert(
            {"chat_id": chat_id, "kind": kind, "detail": detail[:500], "created_at": stamp}
        )
        self.db.conn.commit()

    def ping(self) -> bool:
        """True when the database answers a trivial query (the health check)."""
        try:
            return self.db.execute("SELECT 1").fetchone() == (1,)
        except sqlite3.Error:
            return False

    def count(self, table: str) -> int:
        return self.db[table].count


def _figure_row(digest_id: int, rank: int, figure: Figure, label: str) -> dict[str, object]:
    low, high = figure.value if isinstance(figure.value, tuple) else (figure.value, None)
    return {
        "digest_id": digest_id,
        "rank": rank,
        "value": low,
        "value_high": high,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "event": figure.event,
        "scope": figure.scope,
        "start": figure.start,
        "end": figure.end,
        "text": figure.text,
        "label": label,
        "salience": figure.salience,
    }


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _figure_from_row(row: dict[str, object]) -> Figure:
    low = _number(row["value"])  # type: ignore[arg-type]
    high = row["value_high"]
    value = (low, _number(high)) if high is not None else low  # type: ignore[arg-type]
    return Figure(
        value=value,
        unit=row["unit"],  # type: ignore[arg-type]
        qualifier=row["qualifier"],  # type: ignore[arg-type]
        event=row["event"],  # type: ignore[arg-type]
        scope=row["scope"],  # type: ignore[arg-type]
        start=row["start"],  # type: ignore[arg-type]
        end=row["end"],  # type: ignore[arg-type]
        text=row["text"],  # type: ignore[arg-type]
        salience=row.get("salience"),  # type: ignore[arg-type]
    )
