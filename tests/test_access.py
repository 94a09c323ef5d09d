"""A bot that is safe to share: allowlist, group addressing, per-user limits, errors and flood control."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.access import UserLimiter
from bot.limits import Rejection, Ticket
from tests.chat_helpers import BOT_REPLIES, article_text, ask, forward, send, settle, visible, wait_until
from tests.fake_telegram import BOT_USERNAME
from tests.harness import running_bot

GROUP = -100700
SORRY = "Sorry, something went wrong on my side"


class Clock:
    """services.clock for tests: time moves only when the test says so."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def _replies_to(fake_api: Any, chat_id: int, since: int = 0) -> list[Any]:
    return [
        c for c in fake_api.calls[since:] if c.method in BOT_REPLIES and c.params.get("chat_id") == chat_id
    ]


async def test_allowlist_refuses_strangers_once(fake_api: Any, tmp_path: Path) -> None:
    clock = Clock()
    settings = {"allowed_users": frozenset({701}), "admin_ids": frozenset({709})}
    async with running_bot(fake_api, tmp_path / "db.sqlite", clock=clock, **settings) as (_, services):
        first = await send(fake_api, fake_api.forwarded_channel_post(702, article_text("stranger")), 702)
        assert (
            first.params["text"]
            == "Sorry, this Newsbrief bot is private. Ask its owner to add your Telegram id 702."
        )

        since = len(fake_api.calls)
        fake_api.push_update(fake_api.command(702, "/stats"))
        fake_api.push_update(fake_api.forwarded_channel_post(702, article_text("stranger again")))
        await forward(fake_api, services, 701, article_text("friend"))  # the allowed user is served
        assert "Newsbrief stats" in await ask(fake_api, 709, "/stats")  # admins are allowed implicitly
        await settle(fake_api)
        assert _replies_to(fake_api, 702, since) == []  # one refusal an hour, not an echo
        assert (
            services.store.db.execute("SELECT COUNT(*) FROM requests WHERE chat_id = 702").fetchone()[0] == 0
        )

        clock.advance(3601)
        again = await send(fake_api, fake_api.command(702, "/help"), 702)
        assert again.params["text"].startswith("Sorry, this Newsbrief bot is private")

        since = len(fake_api.calls)
        fake_api.push_update(fake_api.callback_query(702, 1, "hist:5", user_id=702))
        alert = await fake_api.wait_for("answerCallbackQuery", since=since)
        assert alert.params["text"].startswith("Sorry, this Newsbrief bot is private")


async def test_group_chatter_is_ignored_and_addressed_messages_answered(
    fake_api: Any, tmp_path: Path
) -> None:
    group = {"chat_type": "supergroup", "user_id": 711}
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        since = len(fake_api.calls)
        fake_api.push_update(fake_api.text_message(GROUP, article_text("lunch plans"), **group))
        fake_api.push_update(fake_api.command(GROUP, "/stats@some_other_bot", **group))
        fake_api.push_update(fake_api.command(GROUP, "/nonsense@some_other_bot", **group))
        await settle(fake_api)
        assert _replies_to(fake_api, GROUP, since) == []  # chatter: not a word, not a row
        assert services.store.count("requests") == 0

        assert "Newsbrief" in await ask(fake_api, GROUP, "/help", **group)  # a command for all bots
        assert "this chat" in await ask(fake_api, GROUP, f"/stats@{BOT_USERNAME}", **group)

        mention = f"@{BOT_USERNAME}"
        entities = [{"type": "mention", "offset": 0, "length": len(mention)}]
        text = f"{mention} {article_text('mentioned')}"
        reply = await send(
            fake_api, fake_api.text_message(GROUP, text, entities=entities, **group), GROUP, count=2
        )
        assert "saved as #" in reply.params["text"]

        bot_message = fake_api.sent_messages(GROUP)[-1].json
        update = fake_api.text_message(GROUP, article_text("a reply"), reply_to_message=bot_message, **group)
        assert "saved as #" in (await send(fake_api, update, GROUP, count=2)).params["text"]

        await forward(fake_api, services, GROUP, article_text("forwarded"), **group)
        await wait_until(lambda: services.store.count("requests") == 3)


async def test_rate_limit_per_user_with_a_clear_reply(fake_api: Any, tmp_path: Path) -> None:
    clock = Clock()
    async with running_bot(fake_api, tmp_path / "db.sqlite", clock=clock, rate_per_minute=2) as (_, services):
        await forward(fake_api, services, 721, article_text("one"))
        clock.advance(10)
        await forward(fake_api, services, 721, article_text("two"))
        clock.advance(10)
        refused = await send(fake_api, fake_api.forwarded_channel_post(721, article_text("three")), 721)
        assert refused.params["text"] == (
            "You've sent 2 articles in the last minute; try again in 40 s. Not read:\n"
            "• “Officials reported on Monday that three was the main story”"
        )

        clock.advance(10)
        await forward(fake_api, services, 722, article_text("someone else"))  # other users are not limited
        # Every article refused is named, not only the first: nothing is dropped without a word.
        again = await send(fake_api, fake_api.forwarded_channel_post(721, article_text("four")), 721)
        assert "try again in 30 s" in again.params["text"] and "that four was" in again.params["text"]

        clock.advance(31)  # 61 s after the first article
        await forward(fake_api, services, 721, article_text("five"))
        assert (
            services.store.db.execute("SELECT COUNT(*) FROM requests WHERE user_id = 721").fetchone()[0] == 3
        )


async def test_pending_limit_does_not_block_other_users(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite", max_pending_per_user=1) as (_, services):
        release = asyncio.Event()
        original = services.summarizer.summarize_async

        async def slow_for_one_story(article: Any, **kwargs: Any) -> Any:
            if "slowpoke" in article.text:
                await release.wait()
            return await original(article, **kwargs)

        services.summarizer.summarize_async = slow_for_one_story
        try:
            since = len(fake_api.calls)
            fake_api.push_update(fake_api.forwarded_channel_post(731, article_text("slowpoke")))
            await fake_api.wait_for(lambda c: c.params.get("text") == "Reading…", since=since)

            # The second article waits its turn (no refusal, no "Reading…" yet) ...
            since = len(fake_api.calls)
            fake_api.push_update(fake_api.forwarded_channel_post(731, article_text("impatient")))
            await forward(fake_api, services, 732, article_text("unrelated"))  # served while 731 waits
            assert _replies_to(fake_api, 731, since) == []
            assert services.store.count("requests") == 1
        finally:
            release.set()
        # ... and is answered once the first is done.
        await wait_until(lambda: services.store.count("requests") == 3)
        await wait_until(lambda: sum("saved as #" in t for t in fake_api.messages_to(731)) == 2)
        await forward(fake_api, services, 731, article_text("later"))  # the slot is free again


async def test_a_failing_handler_gets_a_plain_reply_and_an_error_row(
    fake_api: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite", max_pending_per_user=1) as (_, services):
        real_find = services.store.find_digest
        calls = {"n": 0}

        def find_digest_once_broken(**kw: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == 1:
                raise RuntimeError("disk on fire")
            return real_find(**kw)

        monkeypatch.setattr(services.store, "find_digest", find_digest_once_broken)
        reply = await send(fake_api, fake_api.forwarded_channel_post(741, article_text("unlucky")), 741)
        assert reply.params["text"].startswith(SORRY) and "disk" not in reply.params["text"]
        row = next(services.store.db.query("SELECT * FROM errors"))
        assert row["kind"] == "RuntimeError" and row["chat_id"] == 741 and "disk on fire" in row["detail"]

        # The failure released the user's slot (max 1 pending) and the next update is served.
        await forward(fake_api, services, 741, article_text("lucky"))

        def broken_stats(*args: Any) -> Any:
            raise ValueError("bad numbers")

        monkeypatch.setattr("bot.stats.chat_stats", broken_stats)
        assert (await ask(fake_api, 741, "/stats")).startswith(SORRY)
        assert services.store.count("errors") == 2


# PTB's own rate limiter reads RetryAfter.retry_after, which warns until PTB 23 makes it a timedelta.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_flood_control_retries_instead_of_dropping(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        fake_api.fail_next("sendMessage", status=429, retry_after=1)
        fake_api.push_update(fake_api.command(751, "/help"))
        retry = await fake_api.wait_for("sendMessage", count=2, timeout=10)
        first = fake_api.calls_of("sendMessage")[0]
        assert retry.time - first.time >= 1.0  # waited as told (retry_after=1), then sent again
        assert "Newsbrief" in visible(fake_api.messages_to(751)[-1])
        assert services.store.count("errors") == 0


async def test_many_users_at_once_are_all_answered(fake_api: Any, tmp_path: Path) -> None:
    users = range(801, 821)
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        for user in users:
            fake_api.push_update(fake_api.forwarded_channel_post(user, article_text(f"crowd{user}", user)))
        await fake_api.wait_for(
            lambda c: c.method in BOT_REPLIES and "saved as #" in c.params.get("text", ""),
            count=len(users),
            timeout=20,
        )
        assert services.store.count("requests") == len(users)
        for user in users:
            assert "saved as #" in fake_api.messages_to(user)[-1]
        assert services.store.count("digests") == len(users)


async def test_limiter_window_slides_queues_and_releases() -> None:
    clock = Clock()
    limiter = UserLimiter(clock, rate_per_minute=3, max_pending=1, max_queued=1)
    first = limiter.admit(1)
    queued = limiter.admit(1)
    assert isinstance(first, Ticket) and isinstance(queued, Ticket) and queued.queued
    full = limiter.admit(1)
    assert isinstance(full, Rejection) and full.kind == "queue" and "1 more are waiting" in full.text
    assert isinstance(limiter.admit(2), Ticket)  # another sender is unaffected
    first.release()  # the slot passes to the queued article
    await asyncio.wait_for(queued.wait(), 1)
    assert limiter.pending(1) == 1
    queued.release()
    third = limiter.admit(1)
    assert isinstance(third, Ticket) and not third.queued
    third.release()
    rate = limiter.admit(1)
    assert isinstance(rate, Rejection) and rate.kind == "rate" and "try again in 60 s" in rate.text
    clock.advance(60)
    assert isinstance(limiter.admit(1), Ticket)


async def test_a_cancelled_waiter_leaves_the_queue() -> None:
    limiter = UserLimiter(Clock(), rate_per_minute=0, max_pending=1, max_queued=2)
    running, waiting, last = limiter.admit(1), limiter.admit(1), limiter.admit(1)
    assert isinstance(running, Ticket) and isinstance(waiting, Ticket) and isinstance(last, Ticket)
    task = asyncio.create_task(waiting.wait())
    await asyncio.sleep(0)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    running.release()  # skips the cancelled one
    await asyncio.wait_for(last.wait(), 1)
    last.release()
    assert limiter.pending(1) == 0
