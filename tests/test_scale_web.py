"""Webhook mode (python-telegram-bot's own server, secret header checked) and /healthz + /metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp

from bot.app import build_application
from bot.replies.digests import BUSY
from bot.scale import webhook
from bot.services import SERVICES_KEY, Services
from storage import Store
from tests.chat_helpers import BOT_REPLIES, article_text, forward, settle
from tests.harness import bot_settings, extractive_summarizer, running_bot
from tests.redis_server import RedisServer, free_port

SECRET = "s3cret-token_for-the-test"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


@asynccontextmanager
async def webhook_bot(fake_api: Any, db_path: Path) -> AsyncIterator[tuple[str, Services]]:
    """The bot as `newsbrief run` starts it with NEWSBRIEF_WEBHOOK_URL set; yields the local hook URL."""
    port = free_port()
    settings = bot_settings(
        fake_api,
        db_path,
        webhook_url="https://news.example.org/telegram/hook",
        webhook_listen="127.0.0.1",
        webhook_port=port,
        webhook_secret=SECRET,
    )
    store = Store(db_path)
    app = build_application(settings, summarizer=extractive_summarizer(), store=store)
    try:
        async with app:
            await app.start()
            await app.updater.start_webhook(**webhook.webhook_options(settings))
            try:
                yield f"http://127.0.0.1:{port}/telegram/hook", app.bot_data[SERVICES_KEY]
            finally:
                await app.updater.stop()
                await app.stop()
    finally:
        store.close()


async def post_update(url: str, update: dict[str, Any], secret: str | None) -> int:
    headers = {HEADER: secret} if secret is not None else {}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json=update, headers=headers) as response,
    ):
        return response.status


async def test_webhook_refuses_a_missing_or_wrong_secret_and_serves_the_right_one(
    fake_api: Any, tmp_path: Path
) -> None:
    async with webhook_bot(fake_api, tmp_path / "bot.db") as (url, _):
        registered = [c for c in fake_api.calls if c.method == "setWebhook"]
        assert registered and registered[-1].params.get("secret_token") == SECRET
        since = len(fake_api.calls)
        assert await post_update(url, fake_api.command(1101, "/start"), None) == 403
        assert await post_update(url, fake_api.command(1101, "/start"), "not-the-secret") == 403
        await settle(fake_api)
        assert not [c for c in fake_api.calls[since:] if c.method in BOT_REPLIES]
        assert await post_update(url, fake_api.command(1101, "/start"), SECRET) == 200
        reply = await fake_api.wait_for(lambda c: c.method in BOT_REPLIES, since=since, timeout=10)
        assert reply.params["chat_id"] in (1101, "1101")


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


async def test_healthz_goes_not_ready_when_redis_stops_and_metrics_count(
    fake_api: Any, tmp_path: Path, redis_server: RedisServer
) -> None:
    port = free_port()
    settings = {"queue_url": redis_server.url, "health_port": port, "health_listen": "127.0.0.1"}
    async with running_bot(fake_api, tmp_path / "bot.db", **settings) as (app, _):
        await webhook.on_start(app)  # what `newsbrief run` does after start-up, in both modes
        try:
            base = f"http://127.0.0.1:{port}"
            status, body = await get(f"{base}/healthz")
            assert status == 200 and '"queue": "ok"' in body and '"database": "ok"' in body
            fake_api.push_update(fake_api.command(1201, "/start"))
            await fake_api.wait_for(lambda c: c.method in BOT_REPLIES, timeout=10)
            status, text = await get(f"{base}/metrics")
            assert status == 200
            for name in ("newsbrief_updates_total", "newsbrief_summarise_seconds", "newsbrief_errors_total"):
                assert name in text
            assert 'newsbrief_queue_depth{queue="user"} 0.0' in text
            redis_server.stop()
            status, body = await get(f"{base}/healthz")
            assert status == 503 and '"queue": "down"' in body and '"ready": false' in body
            # Without its queue the bot still answers, in one sentence.
            since = len(fake_api.calls)
            fake_api.push_update(fake_api.forwarded_channel_post(1201, article_text("lost queue")))
            reply = await fake_api.wait_for(
                lambda c: c.method in BOT_REPLIES and "busy" in c.params.get("text", ""),
                since=since,
                timeout=10,
            )
            assert reply.params["text"] == BUSY
        finally:
            await webhook.on_stop(app)


async def test_healthz_without_a_queue_checks_the_database_and_counts_digests(
    fake_api: Any, tmp_path: Path
) -> None:
    port = free_port()
    async with running_bot(fake_api, tmp_path / "bot.db", health_port=port, health_listen="127.0.0.1") as (
        app,
        svc,
    ):
        await webhook.on_start(app)
        try:
            status, body = await get(f"http://127.0.0.1:{port}/healthz")
            assert status == 200 and '"queue": "not configured"' in body
            before = await get(f"http://127.0.0.1:{port}/metrics")
            await forward(fake_api, svc, 1301, article_text("metrics day"))
            after = await get(f"http://127.0.0.1:{port}/metrics")
            assert _value(after[1], 'newsbrief_digests_total{kind="extractive"}') == (
                _value(before[1], 'newsbrief_digests_total{kind="extractive"}') + 1
            )
        finally:
            await webhook.on_stop(app)


def _value(metrics_text: str, series: str) -> float:
    for line in metrics_text.splitlines():
        if line.startswith(series + " "):
            return float(line.split()[-1])
    return 0.0
