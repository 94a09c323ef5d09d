"""Summarising on model workers through the Dramatiq Redis queue, driven through the real bot.

Each test has its own redis-server (tests/conftest.py) and real worker processes (tests/worker_main.py
runs the real worker loop with a fast summarizer; the end-to-end test runs `newsbrief worker` itself
with the tiny model through CTranslate2). The bot is the real Application on the fake Bot API.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

from bot.replies.digests import BUSY, GAVE_UP
from bot.scale.dispatch import summarise
from bot.scale.jobs import Priority, attempts_key
from summarizer.types import Article
from tests.chat_helpers import BOT_REPLIES, article_text, forward, visible, wait_until
from tests.harness import running_bot
from tests.redis_server import RedisServer
from tests.scale_helpers import workers

USER_QUEUE = "dramatiq:newsbrief-user"


def queue_settings(redis_server: RedisServer, **overrides: Any) -> dict[str, Any]:
    return {"queue_url": redis_server.url, "worker_heartbeat": 1.0, "queue_max_tries": 2, **overrides}


async def reply_text(fake_api: Any, chat_id: int, predicate: Any, since: int = 0, timeout: float = 30) -> str:
    call = await fake_api.wait_for(
        lambda c: (
            c.method in BOT_REPLIES
            and c.params.get("chat_id") in (chat_id, str(chat_id))
            and predicate(visible(c.params.get("text", "")))
        ),
        timeout=timeout,
        since=since,
    )
    return visible(call.params["text"])


async def test_digest_comes_back_from_a_newsbrief_worker(
    fake_api: Any,
    tmp_path: Path,
    redis_server: RedisServer,
    tiny_model_dir: Path,
) -> None:
    """`newsbrief worker` with the tiny model (CTranslate2) summarises; the bot stores and answers.

    The worker converts the checkpoint itself, in its converting child process, as on a first start
    in production; the test process never converts (it already holds torch and CTranslate2)."""
    cache = tmp_path / "cache"
    async with (
        running_bot(fake_api, tmp_path / "bot.db", **queue_settings(redis_server)) as (_, svc),
        workers(redis_server.url, model=str(tiny_model_dir), backend="ctranslate2") as pool,
    ):
        await pool.start(
            "cli", ready_timeout=180, NEWSBRIEF_CACHE_DIR=str(cache), NEWSBRIEF_TORCH_THREADS="1"
        )
        assert any((path / "model.bin").exists() for path in cache.rglob("*")), "the worker converted"
        digest_id = await forward(fake_api, svc, 501, article_text("harbour bridge"))
        stored = svc.store.load_digest(digest_id)
        assert stored is not None and stored.digest.headline
        assert stored.digest.model == str(tiny_model_dir)  # the worker's model wrote it
        assert not svc.summarizer.status.loaded  # the bot itself holds no model
        client = redis_server.client()
        # Acknowledged once stored: nothing left waiting or unacked for the user queue.
        await wait_until(lambda: client.hlen(f"{USER_QUEUE}.msgs") == 0, timeout=5)


async def test_same_article_twice_while_in_flight_is_summarised_once(
    fake_api: Any, tmp_path: Path, redis_server: RedisServer
) -> None:
    client = redis_server.client()
    text = article_text("grain exports")
    async with (
        running_bot(fake_api, tmp_path / "bot.db", **queue_settings(redis_server)) as (_, svc),
        workers(redis_server.url) as pool,
    ):
        fake_api.push_update(fake_api.forwarded_channel_post(601, text))
        fake_api.push_update(fake_api.forwarded_channel_post(602, text))
        await reply_text(fake_api, 601, lambda t: t.startswith("Reading"))
        await reply_text(fake_api, 602, lambda t: t.startswith("Reading"))
        await asyncio.sleep(0.3)
        assert client.llen(USER_QUEUE) == 1  # one job for both chats
        await pool.start("extractive")
        first = await reply_text(fake_api, 601, lambda t: "saved as #" in t)
        second = await reply_text(fake_api, 602, lambda t: "saved as #" in t)
        assert first.split("saved as #")[1] == second.split("saved as #")[1]
        assert svc.store.count("digests") == 1


async def test_worker_killed_mid_job_has_the_job_run_by_another(
    fake_api: Any, tmp_path: Path, redis_server: RedisServer
) -> None:
    client = redis_server.client()
    async with (
        running_bot(fake_api, tmp_path / "bot.db", **queue_settings(redis_server)) as (_, svc),
        workers(redis_server.url, worker_concurrency="1") as pool,
    ):
        doomed = await pool.start("slow", TEST_GENERATE_DELAY="30")
        fake_api.push_update(fake_api.forwarded_channel_post(701, article_text("river flood")))
        await wait_until(lambda: client.keys(attempts_key("*")) != [], timeout=10)
        job_runs = client.keys(attempts_key("*"))[0]
        doomed.kill()  # SIGKILL mid-generate: no ack, no goodbye
        await pool.start("extractive")
        text = await reply_text(fake_api, 701, lambda t: "saved as #" in t)
        assert "river flood" in text
        assert client.get(job_runs) == "2"
        assert svc.store.count("digests") == 1


async def test_a_result_the_bot_could_not_store_is_not_acked_and_runs_again(
    fake_api: Any, tmp_path: Path, redis_server: RedisServer
) -> None:
    client = redis_server.client()
    async with (
        running_bot(fake_api, tmp_path / "bot.db", **queue_settings(redis_server)) as (_, svc),
        workers(redis_server.url, worker_receipt_timeout="1") as pool,
    ):
        assert svc.queue is not None
        real_store = svc.queue._store_digest
        failures: list[str] = []

        def store_fails_once(article: Article, digest: Any) -> int:
            if not failures:
                failures.append(article.text)
                raise sqlite3.OperationalError("database is locked")
            return real_store(article, digest)

        svc.queue._store_digest = store_fails_once
        await pool.start("extractive")
        fake_api.push_update(fake_api.forwarded_channel_post(1401, article_text("dock cranes")))
        text = await reply_text(fake_api, 1401, lambda t: "saved as #" in t)
        assert "dock cranes" in text and failures
        assert client.get(client.keys(attempts_key("*"))[0]) == "2"  # no receipt, so it ran again
        assert svc.store.count("digests") == 1
        await wait_until(lambda: client.hlen(f"{USER_QUEUE}.msgs") == 0, timeout=5)


async def test_poison_job_goes_to_the_dead_letter_queue_and_the_user_is_told(
    fake_api: Any, tmp_path: Path, redis_server: RedisServer
) -> None:
    client = redis_server.client()
    async with (
        running_bot(fake_api, tmp_path / "bot.db", **queue_settings(redis_server)) as (_, svc),
        workers(redis_server.url, queue_max_tries="2") as pool,
    ):
        await pool.start("poison")
        poison = article_text("POISON pill") + " POISON"
        fake_api.push_update(fake_api.forwarded_channel_post(801, poison))
        answer = await reply_text(fake_api, 801, lambda t: t.startswith("Sorry"))
        assert answer == GAVE_UP.format(tries=2)
        assert client.zcard(f"{USER_QUEUE}.XQ") == 1
        assert svc.store.count("digests") == 0
        # The worker survives its poison and serves the next article.
        await forward(fake_api, svc, 801, article_text("city budget"))


async def test_user_forward_is_served_before_a_flood_of_feed_items(
    fake_api: Any, tmp_path: Path, redis_server: RedisServer
) -> None:
    async with (
        running_bot(fake_api, tmp_path / "bot.db", **queue_settings(redis_server)) as (_, svc),
        workers(redis_server.url, worker_concurrency="1") as pool,
    ):
        await pool.start("slow", TEST_GENERATE_DELAY="0.1")
        assert svc.queue is not None
        feed = [Article(text=article_text(f"feed story {n}", n), source="Feed") for n in range(30)]
        flood = [asyncio.create_task(summarise(svc, a, priority=Priority.FEED)) for a in feed]
        await wait_until(lambda: svc.store.count("digests") >= 1, timeout=15)  # the flood has begun
        fake_api.push_update(fake_api.forwarded_channel_post(901, article_text("user's own story")))
        await reply_text(fake_api, 901, lambda t: t.startswith("Reading"))
        done_when_asked = sum(task.done() for task in flood)
        await reply_text(fake_api, 901, lambda t: "saved as #" in t)
        done_when_answered = sum(task.done() for task in flood)
        # At most the feed item in hand (and one whose result was on its way) went first.
        assert done_when_answered - done_when_asked <= 2, (done_when_asked, done_when_answered)
        assert done_when_answered < len(flood) // 2
        for task in flood:
            task.cancel()


async def test_too_deep_a_queue_answers_busy_and_loses_nothing(
    fake_api: Any, tmp_path: Path, redis_server: RedisServer
) -> None:
    client = redis_server.client()
    settings = queue_settings(redis_server, queue_max_depth=1)
    async with (
        running_bot(fake_api, tmp_path / "bot.db", **settings) as _,
        workers(redis_server.url) as pool,
    ):
        fake_api.push_update(fake_api.forwarded_channel_post(1001, article_text("port strike")))
        await wait_until(lambda: client.llen(USER_QUEUE) == 1, timeout=10)
        fake_api.push_update(fake_api.forwarded_channel_post(1002, article_text("rail strike")))
        assert await reply_text(fake_api, 1002, lambda t: "busy" in t) == BUSY
        await pool.start("extractive")
        assert "port strike" in await reply_text(fake_api, 1001, lambda t: "saved as #" in t)
