"""Feed work is background work: a user's forward goes first, and the model is spent on at most the
per-hour budget of feed items (the rest are listed as headline and link, and counted)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.sources import poller, work
from storage.sources import SourceStore
from summarizer.pipeline import StepCallback, Summarizer, SummarizerConfig
from summarizer.types import Article, Digest
from tests.chat_helpers import ask, forward, visible, wait_until
from tests.feed_site import FeedSite, Item
from tests.sources_helpers import (
    CHAT,
    OTHER,
    bot,
    briefing,
    digests_to,
    follow,
    instant,
    long_text,
    poll,
)
from tests.test_briefings_helpers import Clock

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

USER_MARK = "Forwarded exclusive"


class OneAtATime(Summarizer):
    """The extractive summarizer behind one slow "model": one article at a time, 0.15 s each, and a
    log of who asked for it when."""

    def __init__(self) -> None:
        super().__init__(SummarizerConfig())
        self.lock = asyncio.Lock()
        self.events: list[tuple[str, str]] = []

    async def summarize_async(self, article: Article, on_step: StepCallback | None = None) -> Digest:
        who = "user" if USER_MARK in article.text else "feed"
        self.events.append((who, "asked"))
        async with self.lock:
            await asyncio.sleep(0.15)
            digest = await super().summarize_async(article, on_step)
        self.events.append((who, "done"))
        return digest


async def test_a_forward_is_not_queued_behind_a_busy_feed(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["busy"] = []
    model = OneAtATime()
    async with bot(fake_api, tmp_path / "s.db", clock, site, summarizer=model) as (app, services):
        await follow(fake_api, app, site.url("/feed/busy"))
        await instant(fake_api, app, services)
        site.items["busy"] = [Item(f"i{n}", f"Feed item {n}", long_text(f"item {n}", n)) for n in range(8)]
        clock.advance(hours=1)
        await poller.poll_due(app)
        worker = asyncio.create_task(work.drain(app))
        await wait_until(lambda: len(digests_to(fake_api)) >= 1)

        text = f"{USER_MARK}: " + long_text("the user's own story")
        await forward(fake_api, services, CHAT, text)
        feed_done_before_user_reply = len([e for e in model.events if e == ("feed", "done")])
        await worker

        user_asked = model.events.index(("user", "asked"))
        user_done = model.events.index(("user", "done"))
        assert ("feed", "asked") not in model.events[user_asked:user_done], model.events
        assert feed_done_before_user_reply <= 3, "the forward did not wait for the feed queue"
        assert len(digests_to(fake_api)) == 9  # eight feed items and the forward, each once


async def test_over_the_budget_items_are_kept_as_headlines_and_counted(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["flood"] = []
    async with bot(fake_api, tmp_path / "s.db", clock, site, feed_summaries_per_hour=2) as (app, services):
        await follow(fake_api, app, site.url("/feed/flood"), CHAT)
        await follow(fake_api, app, site.url("/feed/flood"), OTHER)
        await instant(fake_api, app, services, CHAT)
        site.items["flood"] = [Item(f"f{n}", f"Flood item {n}", long_text(f"flood {n}", n)) for n in range(5)]
        clock.advance(hours=1)
        await poll(app)

        sent = digests_to(fake_api, CHAT)
        assert len(sent) == 5
        busy = [m for m in sent if "not summarised: busy" in m]
        assert len(busy) == 3 and all(m.startswith("Flood item") for m in busy)
        assert site.url("/story/f") in busy[0]  # the link to read it

        text = await briefing(fake_api, clock, OTHER)  # the briefing follower: digests, then headlines
        assert "2 stories" in text
        assert "Also new in the sources you follow (not summarised)" in text
        assert text.count("(The flood feed · busy)") == 3
        stats = visible(await ask(fake_api, CHAT, "/stats"))
        assert "items 5 · digests 2 · busy 3" in stats

        # An hour later the budget is back.
        clock.advance(hours=1, minutes=1)
        site.items["flood"].insert(0, Item("later", "Later item", long_text("later")))
        await poll(app)
        assert "saved as #" in fake_api.messages_to(CHAT)[-1]


async def test_a_briefing_of_headlines_only_is_still_a_briefing(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["quiet"] = []
    async with bot(fake_api, tmp_path / "s.db", clock, site, feed_summaries_per_hour=0) as (app, _):
        await follow(fake_api, app, site.url("/feed/quiet"))
        site.items["quiet"] = [Item("q1", "Quiet item", long_text("quiet"))]
        clock.advance(hours=1)
        await poll(app)
        text = await briefing(fake_api, clock)
        assert text.startswith(
            "Your briefing · Tue 25 Nov\nAlso new in the sources you follow (not summarised)"
        )
        assert "Quiet item (The quiet feed · busy)" in text and "Nothing new" not in text


async def test_a_chat_that_blocked_the_bot_has_its_sources_paused(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["gone"] = []
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        await follow(fake_api, app, site.url("/feed/gone"))
        await instant(fake_api, app, services)
        fake_api.block_chat(CHAT)
        site.items["gone"] = [Item("g1", "Nobody reads this", long_text("gone"))]
        clock.advance(hours=1)
        await poll(app)
        assert [f.paused for f in SourceStore(services.store.db).follows(CHAT)] == [True]
        clock.advance(hours=1)
        hits = site.hits["gone"]
        await poll(app)
        assert site.hits["gone"] == hits  # nobody left to poll it for
