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


def _v4_figure_salience(db: sqlite_utils.Database) -> None:
    # The probability that a reader needs the figure (summarizer/salience.py), so a briefing can rank
    # figures of several digests without the article text, which is not stored. NULL for older rows.
    db["figures"].add_column("salience", float)


def _v5_sources(db: sqlite_utils.Database) -> None:
    # A source is fetched once however many chats follow it; its row carries the poller's state
    # (validators for conditional GET, next poll, failures) and its counters for /stats.
    db["sources"].create(
        {
            "id": int,
            "url": str,  # what is fetched: the feed URL or https://t.me/s/name
            "kind": str,  # "feed" or "channel"
            "title": str,
            "site_url": str,
            "etag": str,
            "last_modified": str,
            "interval_s": int,
            "next_poll_at": str,
            "failures": int,  # consecutive failed polls
            "failing_since": str,
            "state": str,  # "active" or "paused" (failing too long)
            "last_fetch_at": str,
            "last_ok_at": str,
            "last_new_at": str,
            "last_error": str,
            "last_error_at": str,
            "fetches": int,
            "not_modified": int,
            "items": int,
            "digests": int,
            "busy": int,  # items kept as headline and link, over the summarising budget
            "errors": str,  # JSON {kind: count}
            "created_at": str,
        },
        pk="id",
    )
    db["sources"].create_index(["url"], unique=True)
    db["sources"].create_index(["state", "next_poll_at"])
    db["follows"].create(
        {"chat_id": int, "source_id": int, "mode": str, "paused": int, "created_at": str},
        pk=("chat_id", "source_id"),
    )
    db["follows"].create_index(["source_id"])
    # An entry is one news item, shared by every source that carries it (same link or same text).
    db["entries"].create(
        {
            "id": int,
            "link": str,  # canonical URL
            "content_hash": str,
            "title": str,
            "text": str,
            "published": str,
            "source_id": int,  # the first source it came from
            "state": str,  # "pending", "done" (summarised), "reused" (digest existed), "busy", "headline"
            "digest_id": int,
            "created_at": str,
            "done_at": str,
        },
        pk="id",
    )
    db["entries"].create_index(["link"])
    db["entries"].create_index(["content_hash"])
    db["entries"].create_index(["state", "done_at"])
    # What each source has already shown us, by guid or link: the "only new items" memory.
    db["source_items"].create(
        {"source_id": int, "item_key": str, "entry_id": int, "seen_at": str}, pk=("source_id", "item_key")
    )
    # One row per (chat, entry): an entry reaches a chat once, whichever sources carry it.
    db["deliveries"].create(
        {
            "chat_id": int,
            "entry_id": int,
            "source_id": int,
            "mode": str,  # "briefing" or "instant"
            "state": str,  # "waiting" (for its digest), "ready" (for the briefing), "sent" (instant)
            "created_at": str,
            "ready_at": str,
        },
        pk=("chat_id", "entry_id"),
    )
    db["deliveries"].create_index(["entry_id"])
    db["deliveries"].create_index(["state", "entry_id"])  # the worker's queue: deliveries waiting
    db["deliveries"].create_index(["chat_id", "ready_at"])
    db["filters"].create({"chat_id": int, "kind": str, "phrase": str}, pk=("chat_id", "kind", "phrase"))


def _v6_durable_work(db: sqlite_utils.Database) -> None:
    # Work a chat handed us (a message to summarise), written when accepted and closed when answered,
    # so a restart finishes what a crash interrupted: the update was already confirmed to Telegram.
    db["jobs"].create(
        {
            "id": int,
            "chat_id": int,
            "message_id": int,
            "update_json": str,  # the Telegram update as received, replayed at start-up
            "status_ids": str,  # JSON {key: message id} of "Reading…" messages already sent
            "done_keys": str,  # JSON list of parts (links) already answered
            "state": str,  # "pending" or "done"
            "run_id": str,  # the process run working on it; a pending job of another run was interrupted
            "attempts": int,  # runs that started it; a job that kills every run is answered, not rerun
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
    )
    db["jobs"].create_index(["chat_id", "message_id"], unique=True)
    db["jobs"].create_index(["state"])
    # Who forwarded what from where belongs to the chat that forwarded it, not to the shared digest.
    db["requests"].add_column("message_id", int)
    db["requests"].add_column("origin", str)
    db["requests"].add_column("origin_url", str)
    db["requests"].create_index(["chat_id", "message_id"], if_not_exists=True)
    # A resumed briefing that delivered more parts than at its last claim made progress: only
    # attempts without progress count towards giving up.
    db["briefings"].add_column("stalls", int)
    db["briefings"].add_column("progress_mark", int)


def _v7_stories(db: sqlite_utils.Database) -> None:
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


def _v8_destinations(db: sqlite_utils.Database) -> None:
    # A forum group can have one briefing per topic: subscriptions and the ledger are keyed by
    # (chat, thread); thread 0 is "no topic" (private chats, plain groups, channels, General topic).
    db["subscriptions"].add_column("thread_id", int, not_null_default=0)
    # Why a subscription stopped when the bot did it rather than the user: "rights" (removed from a
    # channel, may not post), "topic" (topic closed or deleted). Cleared when deliveries resume.
    db["subscriptions"].add_column("paused", str)
    db["subscriptions"].transform(pk=("chat_id", "thread_id"))
    db["briefings"].add_column("thread_id", int, not_null_default=0)
    db["briefings"].transform(pk=("chat_id", "thread_id", "local_date"))
    # Channels the bot was added to; managed from the private chat of an administrator.
    db["channels"].create(
        {
            "chat_id": int,
            "title": str,
            "username": str,  # None for a private channel: no public links to its posts
            "can_post": int,  # the bot's own right to post, as the last my_chat_member said
            "silent": int,  # 1 = post with disable_notification
            "notice_sent": int,  # 1 = the managing admin was told about the current pause
            "added_by": int,  # user id of the admin who added the bot (the one told about pauses)
            "created_at": str,
            "updated_at": str,
        },
        pk="chat_id",
    )
    db["channel_managers"].create(
        {"chat_id": int, "user_id": int, "created_at": str}, pk=("chat_id", "user_id")
    )
    db["channel_managers"].create_index(["user_id"])
    # A private chat that currently manages a channel: its briefing commands act on that channel.
    db["managing"].create({"user_id": int, "chat_id": int, "created_at": str}, pk="user_id")
    # A forum group's instant items go to the topic where /follow was given (0 = General, or none).
    db["follows"].add_column("thread_id", int, not_null_default=0)


def _v9_article_site(db: sqlite_utils.Database) -> None:
    # Copied text must not lend one site's article (its headline, its source) to a page on another:
    # a content hash is unique per site ('' for text that came without a URL). Rows from before have
    # no site: a fetched page reuses them by its URL only, never by its text.
    db["articles"].add_column("site", str)
    db.execute("UPDATE articles SET site = '' WHERE canonical_url IS NULL")
    db.execute("DROP INDEX IF EXISTS idx_articles_content_hash")
    db["articles"].create_index(["content_hash", "site"], unique=True)


def _v10_story_publishers(db: sqlite_utils.Database) -> None:
    # Stories grouped at a briefing could name a member after the chat's own view of it (a private
    # group's title, a person, a file name). A member's publisher is what the shared article says.
    db.execute(
        """UPDATE story_members SET publisher = (
               SELECT COALESCE(a.source, 'Forwarded and pasted text') FROM digests d
               JOIN articles a ON a.id = d.article_id WHERE d.id = story_members.digest_id)
           WHERE publisher IN (SELECT r.origin FROM requests r
                               WHERE r.digest_id = story_members.digest_id AND r.origin IS NOT NULL)"""
    )


def _v11_story_members_version(db: sqlite_utils.Database) -> None:
    # The bot keeps its open story window in memory and must see any change to story_members (a
    # /forget, another process): a counter the triggers move, read in O(1) instead of scanning
    # every member each time a digest is stored.
    db.execute(
        "CREATE TABLE story_members_version (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)"
    )
    db.execute("INSERT INTO story_members_version (id, n) VALUES (1, 0)")
    for event in ("INSERT", "UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER story_members_{event.lower()} AFTER {event} ON story_members "
            "BEGIN UPDATE story_members_version SET n = n + 1 WHERE id = 1; END"
        )


MIGRATIONS = [
    _v1_core,
    _v2_briefings,
    _v3_library_indexes,
    _v4_figure_salience,
    _v5_sources,
    _v6_durable_work,
    _v7_stories,
    _v8_destinations,
    _v9_article_site,
    _v10_story_publishers,
    _v11_story_members_version,
]


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
