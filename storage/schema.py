"""Versioned migrations. Each entry upgrades the schema by one version; never edit a released one."""

from __future__ import annotations

import logging

import sqlite_utils

log = logging.getLogger(__name__)


def _v1_core(db: sqlite_utils.Database) -> None:
    db["chats"].create({"id": int, "type": str, "title": str, "first_seen": str, "last_seen": str}, pk="id")
    db["articles"].create(
        {
            "id": int,
            "canonical_url": str,
            "content_hash": str,
            "title": str,
            "source": str,
            "source_url": str,
            "language": str,
            "published": str,
            "words": int,
            "created_at": str,
        },
        pk="id",
    )
    db["articles"].create_index(["content_hash"], unique=True)
    db["articles"].create_index(["canonical_url"])
    db["digests"].create(
        {
            "id": int,
            "article_id": int,
            "headline": str,
            "summary": str,
            "summary_kind": str,
            "fallback_reason": str,  # why an extractive summary was served (see Digest.fallback_reason)
            "model": str,
            "language": str,
            "entities": str,  # JSON list of {"text", "kind"}
            "figures_text": str,  # figure labels joined, for full-text search
            "words_in": int,
            "words_out": int,
            "chunks": int,
            "seconds": float,
            "unsupported_removed": int,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["digests"].create_index(["article_id"], unique=True)
    db["figures"].create(
        {
            "id": int,
            "digest_id": int,
            "rank": int,
            "value": float,
            "value_high": float,  # set for ranges only
            "unit": str,
            "qualifier": str,
            "event": str,
            "scope": str,
            "start": int,
            "end": int,
            "text": str,
            "label": str,
        },
        pk="id",
        foreign_keys=[("digest_id", "digests", "id")],
    )
    db["figures"].create_index(["digest_id", "rank"])
    # One row per article a chat sent us: the digest may be shared by many chats (dedup).
    db["requests"].create(
        {
            "id": int,
            "chat_id": int,
            "user_id": int,
            "digest_id": int,
            "cached": int,
            "latency_ms": float,
            "words_sent": int,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("chat_id", "chats", "id"), ("digest_id", "digests", "id")],
    )
    db["requests"].create_index(["chat_id", "created_at"])
    db["requests"].create_index(["created_at"])
    db["errors"].create({"id": int, "chat_id": int, "kind": str, "detail": str, "created_at": str}, pk="id")
    db["errors"].create_index(["created_at"])
    db["counters"].create({"name": str, "value": int}, pk="name")
    # Full-text search over what a user reads in a digest; triggers keep it in step with the table.
    db["digests"].enable_fts(["headline", "summary", "figures_text"], create_triggers=True, tokenize="porter")


def _v2_briefings(db: sqlite_utils.Database) -> None:
    # The subscription row is the source of truth; scheduler jobs are rebuilt from it at start-up.
    db["subscriptions"].create(
        {
            "chat_id": int,
            "time_local": str,  # "HH:MM" in the subscriber's zone
            "timezone": str,  # IANA name
            "days": str,  # "daily" or "weekdays"
            "send_empty": int,  # 1 = send a short "nothing new" message when there is nothing
            "active": int,
            "created_at": str,
            "updated_at": str,
            "last_briefing_at": str,  # UTC ISO time of the last briefing: the next one starts there
            # UTC ISO time the current schedule took effect: slots before it are not owed (no catch-up
            # for an 08:00 briefing when the user subscribed at 10:00).
            "schedule_since": str,
        },
        pk="chat_id",
    )
    db["subscriptions"].create_index(["active"])
    # One row per (chat, local date): written before the send, so a briefing is never sent twice.
    db["briefings"].create(
        {
            "chat_id": int,
            "local_date": str,
            # "sending", "sent", "empty" (nothing new, no message wanted), "failed" (transient error,
            # retried), "blocked" (403: subscription deactivated), "abandoned" (attempts used up)
            "state": str,
            # UTC ISO window [start, end) of request times the briefing covers, fixed when the slot is
            # claimed, so a resend after a crash sends the same content.
            "window_start": str,
            "window_end": str,
            "digests": int,
            "messages": int,  # parts Telegram acknowledged so far; a resend continues after them
            "attempts": int,
            "claimed_by": str,  # id of the process run that holds the claim
            "error": str,
            "created_at": str,
            "sent_at": str,
        },
        pk=("chat_id", "local_date"),
    )


def _v3_library_indexes(db: sqlite_utils.Database) -> None:
    # /history and /digest N look up a chat's digests; /forget asks which digests other chats share.
    db["requests"].create_index(["chat_id", "digest_id"], if_not_exists=True)
    db["requests"].create_index(["digest_id"], if_not_exists=True)
    # /forget deletes a chat's error rows; /stats counts errors by kind over the last 24 hours.
    db["errors"].create_index(["chat_id"], if_not_exists=True)


def _v4_stories(db: sqlite_utils.Database) -> None:
    # A story is the set of digests about one event; a digest joins one story, once, on arrival.
    db["stories"].create({"id": int, "title": str, "created_at": str, "updated_at": str}, pk="id")
    db["story_members"].create(
        {"digest_id": int, "story_id": int, "joined_at": str, "publisher": str},
        pk="digest_id",
        foreign_keys=[("digest_id", "digests", "id"), ("story_id", "stories", "id")],
    )
    db["story_members"].create_index(["story_id"])
    db["story_members"].create_index(["joined_at"])  # grouping reads the open window
    db["chat_stories"].create(
        {
            "chat_id": int,
            "story_id": int,
            "followed": int,
            "muted": int,
            "shown": str,  # JSON: the figures the chat's last briefing showed for the story
            "shown_at": str,
            "briefing": str,  # which briefing (its window end) wrote `shown`
            "previous": str,  # the snapshot before it, so a resumed briefing compares the same way
            "previous_at": str,
        },
        pk=("chat_id", "story_id"),
        defaults={"followed": 0, "muted": 0},
    )
    db["chat_stories"].create_index(["story_id", "followed"])


MIGRATIONS = [_v1_core, _v2_briefings, _v3_library_indexes, _v4_stories]


def migrate(db: sqlite_utils.Database) -> int:
    """Bring the database up to the latest version; returns that version."""
    if "schema_version" not in db.table_names():
        db["schema_version"].create({"version": int, "applied_at": str}, pk="version")
    current = db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]
    for version, step in enumerate(MIGRATIONS, start=1):
        if version <= current:
            continue
        with db.conn:
            step(db)
            db.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, datetime('now'))", [version]
            )
        log.info("database migrated to schema version %d", version)
    return len(MIGRATIONS)
