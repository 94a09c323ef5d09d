"""/stats through the real bot: per chat, admin view, time ranges, bad arguments."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from storage.repo import now_iso
from tests.chat_helpers import article_text, ask, forward, visible
from tests.harness import running_bot

CHAT, OTHER, ADMIN = 501, 502, 900
GROUP = -100777


def table(reply: str) -> dict[str, str]:
    """The <pre> table of a /stats reply as {label: value}; top-sources lines are indented."""
    match = re.search(r"<pre>(.*?)</pre>", reply, re.DOTALL)
    assert match, reply
    rows = {}
    for line in visible(match.group(1)).splitlines():
        parts = re.match(r"^\s*(\S.*?)\s{2,}(\S.*)$", line)
        if parts:
            rows[parts.group(1)] = parts.group(2)
    return rows


async def _three_articles_and_a_repeat(fake_api: Any, services: Any) -> None:
    await forward(fake_api, services, CHAT, article_text("drones"), channel_title="Kyiv Independent")
    await forward(fake_api, services, CHAT, article_text("wheat"), channel_title="Reuters")
    await forward(fake_api, services, CHAT, article_text("election"), channel_title="Reuters")
    await forward(fake_api, services, CHAT, article_text("drones"), channel_title="Kyiv Independent")


async def test_stats_for_a_chat_after_some_forwards(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        await _three_articles_and_a_repeat(fake_api, services)
        await forward(fake_api, services, OTHER, article_text("volcano"), channel_title="BBC News")
        db = services.store.db
        for state in ("sent", "failed"):
            db["briefings"].insert(
                {
                    "chat_id": CHAT,
                    "local_date": f"2025-01-0{len(state)}",
                    "state": state,
                    "created_at": now_iso(),
                    "sent_at": now_iso(),
                }
            )

        reply = await ask(fake_api, CHAT, "/stats")

        assert "this chat" in reply and "all time" in reply
        rows = table(reply)
        words_read, words_sent = db.execute(
            "SELECT SUM(d.words_in), SUM(r.words_sent) FROM requests r JOIN digests d ON d.id = r.digest_id "
            "WHERE r.chat_id = ?",
            [CHAT],
        ).fetchone()
        figures = db.execute(
            "SELECT COUNT(*) FROM figures WHERE digest_id IN "
            "(SELECT digest_id FROM requests WHERE chat_id = ?)",
            [CHAT],
        ).fetchone()[0]
        assert rows["articles read"] == "4"  # the repeat counts: the user sent it
        assert rows["digests"] == "3"
        assert rows["figures found"] == f"{figures:,}" and figures > 0
        assert rows["words read"] == f"{words_read:,}"
        assert rows["words sent"] == f"{words_sent:,}"
        assert rows["compression"] == f"{words_read / words_sent:.1f}×"
        assert re.fullmatch(r"\d+ ms|\d+\.\d s", rows["reply p50"])
        assert re.fullmatch(r"\d+ ms|\d+\.\d s", rows["reply p95"])
        assert rows["briefings"] == "1"  # only state "sent" counts
        assert rows["Kyiv Independent"] == "2" and rows["Reuters"] == "2"
        assert "BBC News" not in reply  # another chat's source


async def test_admin_sees_every_chat_model_and_errors(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite", admin_ids=frozenset({ADMIN})) as (_, services):
        await _three_articles_and_a_repeat(fake_api, services)
        await forward(fake_api, services, OTHER, article_text("volcano"), channel_title="BBC News")
        db = services.store.db
        db.execute("UPDATE digests SET unsupported_removed = 2 WHERE id = 1")
        db["subscriptions"].insert({"chat_id": CHAT, "time_local": "08:00", "timezone": "UTC", "active": 1})
        db["subscriptions"].insert({"chat_id": OTHER, "time_local": "08:00", "timezone": "UTC", "active": 0})
        old = (datetime.now(UTC) - timedelta(days=3)).isoformat(timespec="seconds")
        for kind, stamp in [
            ("TimedOut", now_iso()),
            ("TimedOut", now_iso()),
            ("BadRequest", now_iso()),
            ("NetworkError", old),
        ]:
            db["errors"].insert({"chat_id": CHAT, "kind": kind, "detail": "", "created_at": stamp})
        db.conn.commit()

        admin_reply = await ask(fake_api, ADMIN, "/stats")
        user_reply = await ask(fake_api, CHAT, "/stats")
        admin_in_group = await ask(fake_api, GROUP, "/stats", user_id=ADMIN, chat_type="supergroup")

        rows = table(admin_reply)
        assert "all chats" in admin_reply
        assert rows["articles read"] == "5" and rows["digests"] == "4" and rows["chats"] == "2"
        assert rows["subscribers"] == "1" and rows["guard removed"] == "2"
        assert rows["TimedOut"] == "2" and rows["BadRequest"] == "1" and "NetworkError" not in rows
        assert rows["BBC News"] == "1"
        assert "Model <code>sshleifer/distilbart-cnn-12-6</code> not loaded" in admin_reply
        assert "this chat" in user_reply and "subscribers" not in user_reply and "Model" not in user_reply
        # In a group even an admin gets the group's own numbers: other chats' reading stays private.
        assert "this chat" in admin_in_group and "subscribers" not in admin_in_group


async def test_stats_time_ranges_and_bad_arguments(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        await _three_articles_and_a_repeat(fake_api, services)
        ten_days_ago = (datetime.now(UTC) - timedelta(days=10)).isoformat(timespec="seconds")
        services.store.db.execute("UPDATE requests SET created_at = ? WHERE id = 1", [ten_days_ago])
        services.store.db.conn.commit()

        week, all_time = await ask(fake_api, CHAT, "/stats week"), await ask(fake_api, CHAT, "/stats ALL")
        today, month = await ask(fake_api, CHAT, "/stats today"), await ask(fake_api, CHAT, "/stats month")
        garbage = await ask(fake_api, CHAT, "/stats <b>fortnight</b>")
        too_many = await ask(fake_api, CHAT, "/stats week all")

        assert "last 7 days" in week and table(week)["articles read"] == "3"
        assert "all time" in all_time and table(all_time)["articles read"] == "4"
        assert table(today)["articles read"] == "3" and table(month)["articles read"] == "4"
        assert "I can't read “<b>fortnight</b>” as a time range" in garbage and "/stats week" in garbage
        assert "I can't read “week all”" in too_many


async def test_stats_of_an_empty_chat(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite"):
        rows = table(await ask(fake_api, CHAT, "/stats"))
    assert rows["articles read"] == "0" and rows["compression"] == "—" and rows["reply p50"] == "—"
    assert rows["top sources"] == "none"
