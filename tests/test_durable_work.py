"""Accepted work survives a crash, and /forget drops work in flight (issue 10, items 6 and 12).

A crash is simulated as the process dying at a chosen line: `Crash` is a BaseException, so nothing in
the bot catches it and the handler stops dead, like a SIGKILL (the update was already confirmed to
Telegram, so Telegram will not send it again). Then the bot is started again on the same database.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.replies import digests, jobs, links
from summarizer.pipeline import Summarizer
from tests.chat_helpers import article_text, ask, buttons, send, settle, visible, wait_until
from tests.fake_telegram import FakeTelegram
from tests.harness import running_bot
from tests.local_web import Site, serve
from tests.test_cli import GOOD_TOKEN, _env, _newsbrief
from tests.test_links_bot import story_html

CHAT = 7373


class Crash(BaseException):
    """The process dying at a chosen line."""


@pytest.fixture
async def site() -> AsyncIterator[tuple[Site, asyncio.Event]]:
    """Stories at /story/<slug>; /held/<slug> answers only once the returned event is set."""
    release = asyncio.Event()

    async def story(request: web.Request) -> web.Response:
        body = story_html(request.match_info["slug"], f"http://{request.host}")
        return web.Response(text=body, content_type="text/html", charset="utf-8")

    async def held(request: web.Request) -> web.Response:
        await release.wait()
        return await story(request)

    routes = [web.get("/story/{slug}", story), web.get("/held/{slug}", held)]
    async with serve(routes) as served:
        try:
            yield served, release
        finally:
            release.set()


def _digest_edits(fake_api: Any, since: int = 0) -> list[Any]:
    return [
        c
        for c in fake_api.calls[since:]
        if c.method == "editMessageText" and "saved as #" in str(c.params.get("text", ""))
    ]


async def _crash_while(
    fake_api: Any, monkeypatch: pytest.MonkeyPatch, target: Any, name: str, update: Any
) -> None:
    """Send `update`; the bot dies when it calls `target.name`."""
    died = asyncio.Event()

    async def die(*args: Any, **kwargs: Any) -> Any:
        died.set()
        raise Crash

    with monkeypatch.context() as patch:
        patch.setattr(target, name, die)
        fake_api.push_update(update)
        await asyncio.wait_for(died.wait(), 10)
        await settle(fake_api, 0.1)


async def test_a_crash_while_fetching_a_link_is_finished_after_restart(
    fake_api: Any, tmp_path: Path, site: tuple[Site, asyncio.Event], monkeypatch: pytest.MonkeyPatch
) -> None:
    served, _ = site
    db = tmp_path / "db.sqlite"
    async with running_bot(fake_api, db):
        await _crash_while(
            fake_api,
            monkeypatch,
            links,
            "fetch_page",
            fake_api.text_message(CHAT, served.url("/story/dam-repair")),
        )
        (reading,) = fake_api.sent_messages(CHAT)
        assert reading.raw_text == "Reading 127.0.0.1…"
    async with running_bot(fake_api, db) as (_, services):
        await wait_until(lambda: bool(_digest_edits(fake_api)), timeout=20)
        (edit,) = _digest_edits(fake_api)
        assert edit.params["message_id"] == reading.message_id, "the stale 'Reading…' became the digest"
        assert [m.message_id for m in fake_api.sent_messages(CHAT)] == [reading.message_id], (
            "no second message"
        )
        assert "dam repair" in visible(fake_api.messages_to(CHAT)[0])
        assert services.store.count("requests") == 1
    async with running_bot(fake_api, db):
        await settle(fake_api)
        assert len(_digest_edits(fake_api)) == 1, "finished work is not done again"


async def test_sigkill_while_fetching_a_link_then_a_restart_finishes_it(
    tmp_path: Path, site: tuple[Site, asyncio.Event]
) -> None:
    """The real thing: `newsbrief run` killed with SIGKILL mid-fetch, then started again."""
    served, release = site
    async with FakeTelegram(token=GOOD_TOKEN) as server:
        env = _env(tmp_path, NEWSBRIEF_TOKEN=GOOD_TOKEN, NEWSBRIEF_TELEGRAM_BASE_URL=server.base_url)
        env.update(NEWSBRIEF_ALLOW_PRIVATE_URLS="true", NEWSBRIEF_LOG_LEVEL="WARNING")
        proc = await _newsbrief("run", env=env, cwd=tmp_path)
        try:
            await server.wait_for("getUpdates", timeout=90)
            server.push_update(server.text_message(CHAT, served.url("/held/killed-story")))
            await server.wait_for(lambda c: "Reading" in str(c.params.get("text", "")), timeout=60)
            # Killed once the bot knows its "Reading…" message (before that, it is the message in flight).
            await wait_until(lambda: _status_recorded(tmp_path / "cli.db"), timeout=10)
        finally:
            proc.kill()  # SIGKILL: no clean-up of any kind
            await proc.communicate()
        (reading,) = server.sent_messages(CHAT)
        release.set()
        proc = await _newsbrief("run", env=env, cwd=tmp_path)
        try:
            edit = await server.wait_for(
                lambda c: c.method == "editMessageText" and "saved as #1" in str(c.params.get("text", "")),
                timeout=90,
            )
        finally:
            proc.send_signal(signal.SIGINT)
            _, err = await asyncio.wait_for(proc.communicate(), 60)
        assert edit.params["message_id"] == reading.message_id, err.decode()[-2000:]
        assert "killed story" in visible(server.messages_to(CHAT)[0])
        assert len(server.sent_messages(CHAT)) == 1, "the stale 'Reading…' became the digest; nothing else"


def _status_recorded(database: Path) -> bool:
    with contextlib.closing(sqlite3.connect(database)) as conn:
        row = conn.execute("SELECT status_ids FROM jobs WHERE state = 'pending'").fetchone()
    return bool(row and row[0] != "{}")


async def test_a_crash_after_the_digest_was_stored_before_the_reply(
    fake_api: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "db.sqlite"
    async with running_bot(fake_api, db) as (_, services):
        update = fake_api.text_message(CHAT, article_text("levee breach"))
        await _crash_while(fake_api, monkeypatch, digests, "_reply", update)
        assert services.store.count("digests") == services.store.count("requests") == 1
        assert fake_api.messages_to(CHAT) == ["Reading…"]
    async with running_bot(fake_api, db) as (_, services):
        await wait_until(lambda: bool(_digest_edits(fake_api)), timeout=20)
        (reply,) = fake_api.messages_to(CHAT)
        assert "saved as #1" in reply and "already summarised" not in reply
        assert services.store.count("requests") == 1, "the request recorded before the crash is the one"
        assert "levee breach" in await ask(fake_api, CHAT, "/history")


async def test_a_message_with_two_links_resumes_at_the_link_it_was_reading(
    fake_api: Any, tmp_path: Path, site: tuple[Site, asyncio.Event], monkeypatch: pytest.MonkeyPatch
) -> None:
    served, _ = site
    db = tmp_path / "db.sqlite"
    first, second = served.url("/story/first-story"), served.url("/story/second-story")
    real_fetch = links.fetch_page
    async with running_bot(fake_api, db):
        died = asyncio.Event()

        async def die_on_second(url: str, **kwargs: Any) -> Any:
            if "second" in url:
                died.set()
                raise Crash
            return await real_fetch(url, **kwargs)

        with monkeypatch.context() as patch:
            patch.setattr(links, "fetch_page", die_on_second)
            fake_api.push_update(fake_api.text_message(CHAT, f"{first}\n{second}"))
            await asyncio.wait_for(died.wait(), 20)
            await settle(fake_api, 0.1)
        assert len(_digest_edits(fake_api)) == 1
    since = len(fake_api.calls)
    async with running_bot(fake_api, db) as (_, services):
        await wait_until(lambda: bool(_digest_edits(fake_api, since)), timeout=20)
        await settle(fake_api)
        shown = [visible(m) for m in fake_api.messages_to(CHAT)]
        assert len(shown) == 2 and "first story" in shown[0] and "second story" in shown[1]
        assert len(_digest_edits(fake_api, since)) == 1, "the first link was not answered twice"
        assert services.store.count("requests") == 2


async def test_work_that_kills_every_run_is_answered_not_retried_forever(
    fake_api: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "db.sqlite"
    crashes = 0

    async def die(*args: Any, **kwargs: Any) -> Any:
        nonlocal crashes
        crashes += 1
        raise Crash

    monkeypatch.setattr(Summarizer, "summarize_async", die)
    async with running_bot(fake_api, db):
        fake_api.push_update(fake_api.text_message(CHAT, article_text("poison pill")))
        await wait_until(lambda: crashes == 1)
    for run in range(2, jobs.MAX_RUNS + 1):
        async with running_bot(fake_api, db):
            await wait_until(lambda run=run: crashes == run)  # type: ignore[misc]
    async with running_bot(fake_api, db):
        await wait_until(lambda: "interrupted" in fake_api.messages_to(CHAT)[-1])
    assert crashes == jobs.MAX_RUNS
    (answer,) = fake_api.messages_to(CHAT)
    assert answer == jobs.GAVE_UP.format(runs=jobs.MAX_RUNS), "the 'Reading…' message says what happened"


async def test_forget_while_a_link_is_in_flight_drops_it(
    fake_api: Any, tmp_path: Path, site: tuple[Site, asyncio.Event]
) -> None:
    served, release = site
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        since = len(fake_api.calls)
        fake_api.push_update(fake_api.text_message(CHAT, served.url("/held/late-story")))
        await fake_api.wait_for(lambda c: "Reading" in str(c.params.get("text", "")), since=since)
        await ask(fake_api, CHAT, "/forget")
        question = fake_api.sent_messages(CHAT)[-1]
        yes = buttons(fake_api, CHAT, question.message_id)["Yes, delete everything"]
        await send(fake_api, fake_api.callback_query(CHAT, question.message_id, yes), CHAT)
        assert "(0 article(s))" in fake_api.messages_to(CHAT)[-1]

        release.set()
        await wait_until(lambda: jobs.DROPPED in fake_api.messages_to(CHAT))
        await settle(fake_api)
        assert "No digests in this chat yet" in await ask(fake_api, CHAT, "/history")
        db = services.store.db
        assert db.execute("SELECT COUNT(*) FROM requests WHERE chat_id = ?", [CHAT]).fetchone()[0] == 0
        assert services.store.count("digests") == 0, "nothing of the forgotten chat's work was kept"
