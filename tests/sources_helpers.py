"""Shared pieces of the source tests: a local feed site, the bot with a paused scheduler, polling."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from telegram.ext import Application

from bot.briefings import scheduler
from bot.services import Services
from bot.sources import poller, work
from storage.sources import SourceStore
from tests.chat_helpers import article_text, ask, settle, visible
from tests.feed_site import FeedSite, Item
from tests.harness import running_bot
from tests.local_web import serve
from tests.test_briefings_helpers import Clock

CHAT = 7171
OTHER = 7272
KYIV = "Europe/Kyiv"


def long_text(topic: str, n: int = 0) -> str:
    """About 120 words: more than a teaser, so the feed's own text is summarised."""
    return f"{article_text(topic, n)} {article_text(topic + ' follow-up', n + 1)}"


def new_clock() -> Clock:
    c = Clock(now=None)  # type: ignore[arg-type]
    c.set_local(KYIV, 2025, 11, 25, 10)
    return c


@asynccontextmanager
async def feed_site(shared_dir: Path) -> AsyncIterator[FeedSite]:
    feeds = FeedSite(shared=shared_dir / "eval" / "feeds")
    async with serve(feeds.routes(), stop=feeds.stop) as served:
        feeds.origin = served.url("")
        yield feeds


def items(clock: Clock, topic: str, count: int, *, start: int = 0, hours_apart: float = 1) -> list[Item]:
    """`count` items, newest first, the newest published an hour before the clock's now."""
    return [
        Item(
            guid=f"{topic}-{n}",
            title=f"{topic.title()} story {n}",
            text=long_text(f"{topic} {n}", n),
            published=clock.now - timedelta(hours=1 + hours_apart * (count - 1 - (n - start))),
        )
        for n in range(start + count - 1, start - 1, -1)
    ]


@asynccontextmanager
async def bot(
    fake_api: Any, db_path: Path, clock: Clock, site: FeedSite, **overrides: Any
) -> AsyncIterator[tuple[Application, Services]]:
    settings = {"tme_base": site.url("/tme"), "feed_jitter": 0.0, **overrides}
    async with running_bot(fake_api, db_path, clock=clock, **settings) as (app, services):
        await scheduler.wait_started(app)
        app.job_queue.scheduler.pause()  # type: ignore[union-attr]
        await work.drain(app)  # whatever start-up took up
        yield app, services


async def poll(app: Application) -> None:
    await poller.poll_due(app)
    await work.drain(app)


async def follow(fake_api: Any, app: Application, text: str, chat_id: int = CHAT, **kw: Any) -> str:
    reply = await ask(fake_api, chat_id, f"/follow {text}", **kw)
    await work.drain(app)
    return visible(reply)


def store(services: Services) -> SourceStore:
    return SourceStore(services.store.db)


async def instant(fake_api: Any, app: Application, services: Services, chat_id: int = CHAT) -> None:
    for source in store(services).follows(chat_id):
        store(services).set_mode(chat_id, source.source.id, "instant")


def digests_to(fake_api: Any, chat_id: int = CHAT) -> list[str]:
    return [visible(m) for m in fake_api.messages_to(chat_id) if "saved as #" in m or "not summarised" in m]


async def briefing(fake_api: Any, clock: Clock, chat_id: int = CHAT) -> str:
    clock.advance(seconds=5)  # the window ends at "now", to the second
    since = len(fake_api.messages_to(chat_id))
    await ask(fake_api, chat_id, "/briefing")
    await settle(fake_api, 0.2)
    return "\n".join(visible(m) for m in fake_api.messages_to(chat_id)[since:])
