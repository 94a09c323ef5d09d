"""/history, /digest, /search, /forget and /export through the real bot, and the storage under them."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from storage import Store
from storage.library import fts_query, search_chat
from storage.schema import MIGRATIONS
from tests.chat_helpers import article_text, ask, buttons, forward, send, visible, wait_until
from tests.harness import running_bot

CHAT, OTHER = 601, 602


async def test_history_pages_with_buttons(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        ids = [await forward(fake_api, services, CHAT, article_text(f"topic{i}", i)) for i in range(7)]
        await forward(fake_api, services, OTHER, article_text("elsewhere"))

        first = visible(await ask(fake_api, CHAT, "/history"))
        page_one = fake_api.sent_messages(CHAT)[-1]
        keys = buttons(fake_api, CHAT, page_one.message_id)

        assert "(1–5 of 7)" in first
        assert [int(n) for n in re.findall(r"^#(\d+)", first, re.M)] == ids[::-1][:5]  # newest first
        assert "elsewhere" not in first
        assert list(keys) == ["▶"] and len(keys["▶"].encode()) <= 64

        since = len(fake_api.calls)
        fake_api.push_update(fake_api.callback_query(CHAT, page_one.message_id, keys["▶"], user_id=CHAT))
        await fake_api.wait_for("editMessageText", since=since)
        await fake_api.wait_for("answerCallbackQuery", since=since)

        second = visible(fake_api.messages_to(CHAT)[-1])
        assert "(6–7 of 7)" in second
        assert [int(n) for n in re.findall(r"^#(\d+)", second, re.M)] == ids[::-1][5:]
        assert list(buttons(fake_api, CHAT, page_one.message_id)) == ["◀"]


async def test_empty_history(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite"):
        assert "No digests in this chat yet" in await ask(fake_api, CHAT, "/history")


async def test_digest_n_only_from_the_chats_own_library(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        own = await forward(fake_api, services, CHAT, article_text("harbour"))
        theirs = await forward(fake_api, services, OTHER, article_text("private matter"))

        shown = await ask(fake_api, CHAT, f"/digest {own}")
        hashed = await ask(fake_api, CHAT, f"/digest #{own}")
        other = await ask(fake_api, CHAT, f"/digest {theirs}")
        missing = await ask(fake_api, CHAT, "/digest 999")
        words = await ask(fake_api, CHAT, "/digest latest")
        bare = await ask(fake_api, CHAT, "/digest")

    assert f"saved as #{own}" in shown and "harbour" in visible(shown) and hashed == shown
    # Another chat's digest is answered exactly like a missing one: ids reveal nothing.
    assert other == f"There is no digest #{theirs} in this chat. /history lists yours."
    assert missing == "There is no digest #999 in this chat. /history lists yours."
    assert words.startswith("Send /digest N") and bare == words


async def test_search_ranks_own_digests_and_survives_fts_syntax(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        weak = await forward(fake_api, services, CHAT, article_text("harbour"))  # "drones" nowhere
        strong = await forward(
            fake_api,
            services,
            CHAT,
            "Drones hit the harbour of Odesa overnight. " + article_text("drones drones"),
        )
        mild = await forward(fake_api, services, CHAT, article_text("drones"))
        await forward(fake_api, services, OTHER, article_text("drones in another chat"))

        reply = await ask(fake_api, CHAT, "/search drones")
        order = [int(n) for n in re.findall(r"^#(\d+)", visible(reply), re.M)]
        assert order == [strong, mild]  # weak has no "drones"; the other chat's digest never shows
        assert "<b>drones</b>" in reply.lower() or "<b>drone" in reply.lower()

        nasty = [
            '"drones',
            "drones OR",
            "NEAR(drones",
            "drones*",
            "-drones",
            "headline:drones",
            "(drones)",
            "drones AND NOT harbour",
            '"" ^ " *',
        ]
        for query in nasty:
            answer = await ask(fake_api, CHAT, f"/search {query}")
            assert "went wrong" not in answer, query
        assert "mentions all of" in await ask(fake_api, CHAT, "/search zeppelin")
        assert (await ask(fake_api, CHAT, "/search")).startswith("Send /search")
        assert services.store.count("errors") == 0
    del weak


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('drones OR "kyiv') == '"drones" "OR" "kyiv"'
    assert fts_query("3,100 drones") == '"3,100" "drones"'
    assert fts_query(' " * ^ - ') is None
    assert fts_query("") is None


async def test_forget_confirm_and_cancel(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        db = services.store.db
        shared_text = article_text("shared story")
        shared = await forward(fake_api, services, CHAT, shared_text)
        await forward(fake_api, services, OTHER, shared_text)
        mine = await forward(fake_api, services, CHAT, article_text("only mine"))
        theirs = await forward(fake_api, services, OTHER, article_text("only theirs"))
        db["briefings"].insert({"chat_id": CHAT, "local_date": "2025-01-01", "state": "sent"})
        db["subscriptions"].insert({"chat_id": CHAT, "time_local": "08:00", "timezone": "UTC", "active": 1})
        db["subscriptions"].insert({"chat_id": OTHER, "time_local": "09:00", "timezone": "UTC", "active": 1})
        services.store.record_error("TimedOut", chat_id=CHAT)
        services.store.record_error("TimedOut", chat_id=OTHER)

        # Cancel: nothing changes.
        await ask(fake_api, CHAT, "/forget")
        question = fake_api.sent_messages(CHAT)[-1]
        keys = buttons(fake_api, CHAT, question.message_id)
        assert set(keys) == {"Yes, delete everything", "Cancel"}
        await send(fake_api, fake_api.callback_query(CHAT, question.message_id, keys["Cancel"]), CHAT)
        assert fake_api.messages_to(CHAT)[-1] == "Cancelled: nothing was deleted."
        assert db.execute("SELECT COUNT(*) FROM requests WHERE chat_id = ?", [CHAT]).fetchone()[0] == 2

        # A stranger's press on someone else's question does nothing.
        await ask(fake_api, CHAT, "/forget")
        question = fake_api.sent_messages(CHAT)[-1]
        keys = buttons(fake_api, CHAT, question.message_id)
        since = len(fake_api.calls)
        fake_api.push_update(
            fake_api.callback_query(CHAT, question.message_id, keys["Yes, delete everything"], user_id=4444)
        )
        alert = await fake_api.wait_for("answerCallbackQuery", since=since)
        assert "Only the person who sent /forget" in alert.params["text"]
        assert db.execute("SELECT COUNT(*) FROM requests WHERE chat_id = ?", [CHAT]).fetchone()[0] == 2

        await send(
            fake_api, fake_api.callback_query(CHAT, question.message_id, keys["Yes, delete everything"]), CHAT
        )
        done = fake_api.messages_to(CHAT)[-1]
        assert (
            done.startswith("Done.") and "2 article(s)" in done and "1 digest(s) only this chat had" in done
        )
        assert "1 digest(s) other chats also asked for were kept" in done
        assert buttons(fake_api, CHAT, question.message_id) == {}

        for table, key in [
            ("requests", "chat_id"),
            ("briefings", "chat_id"),
            ("subscriptions", "chat_id"),
            ("errors", "chat_id"),
            ("chats", "id"),
        ]:
            assert db.execute(f"SELECT COUNT(*) FROM {table} WHERE {key} = ?", [CHAT]).fetchone()[0] == 0, (
                table
            )
        digest_ids = {row[0] for row in db.execute("SELECT id FROM digests")}
        assert mine not in digest_ids and {shared, theirs} <= digest_ids
        assert db.execute("SELECT COUNT(*) FROM figures WHERE digest_id = ?", [mine]).fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2
        assert (
            db.execute("SELECT COUNT(*) FROM digests_fts WHERE digests_fts MATCH 'mine'").fetchone()[0] == 0
        )
        # The other chat keeps everything, search included.
        assert db.execute("SELECT COUNT(*) FROM requests WHERE chat_id = ?", [OTHER]).fetchone()[0] == 2
        assert db.execute("SELECT COUNT(*) FROM subscriptions WHERE chat_id = ?", [OTHER]).fetchone()[0] == 1
        assert db.execute("SELECT COUNT(*) FROM errors WHERE chat_id = ?", [OTHER]).fetchone()[0] == 1
        assert [hit.digest_id for hit in search_chat(db, OTHER, "shared story")] == [shared]
        assert "No digests in this chat yet" in await ask(fake_api, CHAT, "/history")


async def test_forget_cancels_the_chats_daily_briefing(fake_api: Any, tmp_path: Path) -> None:
    from bot.briefings import scheduler

    async with running_bot(fake_api, tmp_path / "db.sqlite") as (app, services):
        await scheduler.wait_started(app)
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        await ask(fake_api, OTHER, "/subscribe 09:00 Europe/Kyiv")
        assert app.job_queue is not None and app.job_queue.get_jobs_by_name(scheduler.job_name(CHAT))

        await ask(fake_api, CHAT, "/forget")
        question = fake_api.sent_messages(CHAT)[-1]
        keys = buttons(fake_api, CHAT, question.message_id)
        await send(
            fake_api, fake_api.callback_query(CHAT, question.message_id, keys["Yes, delete everything"]), CHAT
        )
        await wait_until(lambda: not app.job_queue.get_jobs_by_name(scheduler.job_name(CHAT)))  # type: ignore[union-attr]

        assert "1 subscription(s)" in fake_api.messages_to(CHAT)[-1]
        assert app.job_queue.get_jobs_by_name(scheduler.job_name(OTHER))
        assert services.store.db.execute("SELECT COUNT(*) FROM subscriptions").fetchone()[0] == 1


async def test_forget_in_a_group_needs_a_group_admin(fake_api: Any, tmp_path: Path) -> None:
    group = -100600
    fake_api.set_member_status(group, 7001, "member")
    fake_api.set_member_status(group, 7002, "administrator")
    async with running_bot(fake_api, tmp_path / "db.sqlite"):
        member = await ask(fake_api, group, "/forget", user_id=7001, chat_type="supergroup")
        admin = await ask(fake_api, group, "/forget", user_id=7002, chat_type="supergroup")
    assert member == "Only an admin of this group can make me forget its digests."
    assert admin.startswith("This deletes everything")


async def test_export_json_and_csv(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        formula = '=HYPERLINK("http://evil.example")'  # a channel can be named anything
        first = await forward(fake_api, services, CHAT, article_text("markets"), channel_title=formula)
        second = await forward(fake_api, services, CHAT, article_text("grain"), channel_title="AP")
        await forward(fake_api, services, OTHER, article_text("not yours"))

        caption = await ask(fake_api, CHAT, "/export")
        as_json = fake_api.documents_to(CHAT)[-1]
        await ask(fake_api, CHAT, "/export CSV")
        as_csv = fake_api.documents_to(CHAT)[-1]
        usage = await ask(fake_api, CHAT, "/export xml")
        empty = await ask(fake_api, 603, "/export")
        stored = services.store.load_digest(first)

    assert caption == "2 digest(s) from this chat, as JSON."
    assert as_json.filename.endswith(".json")
    document = json.loads(as_json.content.decode("utf-8"))
    assert document["chat_id"] == CHAT and [d["id"] for d in document["digests"]] == [first, second]
    record = document["digests"][0]
    assert stored is not None
    assert {k: record[k] for k in stored.digest.to_json()} == json.loads(json.dumps(stored.digest.to_json()))
    assert record["source"] == formula and record["url"] == "https://t.me/worldnews/42"
    assert record["created_at"] and record["figures"] and record["stats"]["words_in"] > 0

    assert as_csv.filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert [int(r["id"]) for r in rows] == [first, second]
    assert rows[1]["source"] == "AP" and rows[1]["headline"] == document["digests"][1]["headline"]
    assert rows[1]["figures"] and int(rows[1]["words_in"]) > 0
    assert rows[0]["source"] == "'" + formula  # defused: a spreadsheet shows it as text, never runs it
    assert not any(value.startswith("=") for row in rows for value in row.values())
    assert usage.startswith("Send /export") and "No digests in this chat yet" in empty


def test_store_is_wal_with_busy_timeout_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    store = Store(path)
    try:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        # Short but not zero: a lock held by another process costs a write at most this long (issue 10)
        assert 0 < store.db.execute("PRAGMA busy_timeout").fetchone()[0] <= 1000
        assert store.schema_version == len(MIGRATIONS)
        versions = [r[0] for r in store.db.execute("SELECT version FROM schema_version ORDER BY version")]
        assert versions == list(range(1, len(MIGRATIONS) + 1))
        indexes = {tuple(i.columns) for i in store.db["requests"].indexes}
        assert ("chat_id", "digest_id") in indexes and ("digest_id",) in indexes
        plan = " ".join(
            str(r[-1])
            for r in store.db.execute(
                "EXPLAIN QUERY PLAN SELECT 1 FROM requests WHERE chat_id = 1 AND digest_id = 2"
            )
        )
        assert "USING COVERING INDEX" in plan or "USING INDEX" in plan
    finally:
        store.close()
    # A second writer waits for the lock instead of failing at once, and reopening does not re-migrate.
    other = sqlite3.connect(path)
    other.execute("BEGIN IMMEDIATE")
    reopened = Store(path)
    try:
        assert reopened.schema_version == len(MIGRATIONS)
    finally:
        other.rollback()
        other.close()
        reopened.close()


@pytest.mark.parametrize("chunk", [1, 600])
def test_forget_handles_many_digests(tmp_path: Path, chunk: int) -> None:
    """The batched delete stays under SQLite's bound-variable limit whatever the library size."""
    from storage.library import forget_chat
    from summarizer.pipeline import Summarizer, SummarizerConfig
    from summarizer.types import Article

    store = Store(tmp_path / "db.sqlite")
    summarizer = Summarizer(SummarizerConfig())
    try:
        store.touch_chat(CHAT, "private", "t")
        for i in range(chunk):
            article = Article(text=article_text(f"bulk{i}", i))
            digest = summarizer.summarize(article)
            digest_id = store.save_digest(article, digest, ["x"] * len(digest.figures))
            store.record_request(
                chat_id=CHAT, user_id=CHAT, digest_id=digest_id, cached=False, latency_ms=1.0, words_sent=1
            )
        report = forget_chat(store.db, CHAT)
        assert (
            report.digests_deleted == chunk and store.count("digests") == 0 and store.count("articles") == 0
        )
    finally:
        store.close()


async def test_library_commands_wait_for_nothing(fake_api: Any, tmp_path: Path) -> None:
    """Commands answer while an article is still being summarised (updates run concurrently)."""
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        await forward(fake_api, services, CHAT, article_text("first"))
        release = asyncio.Event()
        original = services.summarizer.summarize_async

        async def slow(article: Any, **kwargs: Any) -> Any:
            await release.wait()
            return await original(article, **kwargs)

        services.summarizer.summarize_async = slow
        try:
            since = len(fake_api.calls)
            fake_api.push_update(fake_api.forwarded_channel_post(CHAT, article_text("slow one")))
            await fake_api.wait_for(lambda c: c.params.get("text") == "Reading…", since=since)
            assert "(1–1 of 1)" in await ask(fake_api, CHAT, "/history")
        finally:
            release.set()  # or the bot's shutdown would wait for the stuck article forever
        await wait_until(lambda: services.store.count("requests") == 2)
