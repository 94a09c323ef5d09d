"""Following sources end to end: the real bot, the fake Bot API, feeds on a local web site, and a clock
the test moves. The scheduler is paused after start-up: a test polls with `poller.poll_due` (what the
poll job runs) and lets the background worker finish with `work.drain`.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.sources import poller
from storage.sources import SourceStore
from tests.chat_helpers import ask, settle, visible, wait_until
from tests.feed_site import FeedSite, Item
from tests.sources_helpers import (
    CHAT,
    OTHER,
    bot,
    briefing,
    digests_to,
    follow,
    instant,
    items,
    long_text,
    poll,
    store,
)
from tests.test_briefings_helpers import Clock

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


# --- follow, first items, briefing ----------------------------------------------------------------------


async def test_first_follow_brings_only_the_newest_few_into_the_briefing(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["world"] = items(clock, "world", 6)
    site.items["world"].append(
        Item("ancient", "Ancient story", long_text("ancient"), published=clock.now - timedelta(days=5))
    )
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, _):
        reply = await follow(fake_api, app, site.url("/feed/world"))
        assert reply.startswith("Following The world feed (feed: http://127.0.0.1:")
        assert "daily briefing" in reply
        text = await briefing(fake_api, clock)
        assert "World story 5" in text and "World story 4" in text and "World story 3" in text
        assert "World story 2" not in text and "Ancient story" not in text
        assert "The world feed" in text  # grouped under the source's name


async def test_new_items_arrive_once_unchanged_feed_costs_a_304_and_edits_are_not_news(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["wire"] = items(clock, "wire", 2)
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        await follow(fake_api, app, site.url("/feed/wire"))
        await instant(fake_api, app, services)
        assert site.hits["wire"] == 1

        clock.advance(hours=1)
        await poll(app)
        assert site.not_modified["wire"] == 1  # conditional GET: nothing changed, nothing read
        assert digests_to(fake_api) == []

        site.items["wire"].insert(0, Item("wire-new", "Wire breaking news", long_text("breaking")))
        site.items["wire"][1].title = "Wire story 1 (updated)"  # an edit by the publisher
        site.items["wire"][1].text += " Updated with a correction."
        clock.advance(hours=1)
        await poll(app)
        clock.advance(hours=1)
        await poll(app)

        sent = digests_to(fake_api)
        assert len(sent) == 1 and sent[0].startswith("Wire breaking news")
        # 3 digests: the 2 items of the first follow (for the briefing), then the new one
        source = store(services).follows(CHAT)[0].source
        assert (source.fetches, source.not_modified, source.items, source.digests) == (4, 2, 3, 3)


async def test_the_same_story_in_two_feeds_is_one_digest(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["a"] = []
    site.items["b"] = []
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        await follow(fake_api, app, site.url("/feed/a"))
        await follow(fake_api, app, site.url("/feed/b"))
        await instant(fake_api, app, services)
        shared_link = site.url("/story/harbour-bridge?utm_source=feed")
        site.items["a"] = [Item("a-1", "Harbour bridge reopens", long_text("bridge"), link=shared_link)]
        site.items["b"] = [
            Item(
                "b-77",
                "Bridge reopens (B's copy)",
                long_text("bridge"),
                link=site.url("/story/harbour-bridge"),
            ),
            Item("b-78", "Same words, other link", long_text("market"), link=site.url("/story/x")),
        ]
        site.items["a"].append(Item("a-2", "Markets copy", long_text("market"), link=site.url("/story/y")))
        clock.advance(hours=1)
        await poll(app)

        sent = digests_to(fake_api)
        assert len(sent) == 2, sent
        assert services.store.count("digests") == 2


async def test_a_digest_reaches_every_follower_with_one_fetch(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["one"] = []
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        await follow(fake_api, app, site.url("/feed/one"), CHAT)
        await follow(fake_api, app, site.url("/feed/one"), OTHER)
        await instant(fake_api, app, services, CHAT)
        await instant(fake_api, app, services, OTHER)
        site.items["one"] = [Item("x", "Shared news item", long_text("shared"))]
        clock.advance(hours=1)
        await poll(app)
        assert site.hits["one"] == 3  # two follows, one poll for both
        assert len(digests_to(fake_api, CHAT)) == 1 and len(digests_to(fake_api, OTHER)) == 1
        assert services.store.count("digests") == 1


async def test_a_teaser_is_summarised_from_the_article_page(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["teasers"] = []
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        await follow(fake_api, app, site.url("/feed/teasers"))
        await instant(fake_api, app, services)
        site.items["teasers"] = [
            Item("grain-deal", "Grain deal signed", "Ministers signed the grain deal. More inside.")
        ]
        clock.advance(hours=1)
        await poll(app)
        assert site.hits["story:grain-deal"] == 1
        (sent,) = digests_to(fake_api)
        assert sent.startswith("Grain deal signed") and "grain deal" in sent.lower()
        assert "The teasers feed" in sent


# --- restarts -------------------------------------------------------------------------------------------


class Crash(BaseException):
    """The process dying at a chosen line."""


async def test_a_restart_mid_poll_loses_nothing_and_sends_nothing_twice(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "s.db"
    site.items["live"] = []
    async with bot(fake_api, db, clock, site) as (app, services):
        await follow(fake_api, app, site.url("/feed/live"))
        await instant(fake_api, app, services)
        site.items["live"] = [Item("n1", "First new item", long_text("first"))]
        clock.advance(hours=1)
        # Dies after reading the feed, before anything of it is stored.
        original = SourceStore.ingest

        def crash(*args: Any, **kwargs: Any) -> Any:
            raise Crash

        monkeypatch.setattr(SourceStore, "ingest", crash)
        with pytest.raises(Crash):
            await poller.poll_due(app)
        monkeypatch.setattr(SourceStore, "ingest", original)

    async with bot(fake_api, db, clock, site) as (app, services):
        site.items["live"].insert(0, Item("n2", "Second new item", long_text("second")))
        await poller.poll_due(app)  # stored, then dies before the worker summarises anything
    assert digests_to(fake_api) == []

    async with bot(fake_api, db, clock, site) as (app, services):  # start-up takes up the stored items
        await wait_until(lambda: len(digests_to(fake_api)) == 2)
        clock.advance(hours=2)
        await poll(app)
        clock.advance(hours=2)
        await poll(app)
        await settle(fake_api)
    titles = sorted(m.split("\n")[0] for m in digests_to(fake_api))
    assert titles == ["First new item", "Second new item"]


# --- failures: backoff, Retry-After, pause ----------------------------------------------------------------


async def test_errors_back_off_and_a_source_failing_for_days_is_paused_once(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["flaky"] = items(clock, "flaky", 1)
    async with bot(fake_api, tmp_path / "s.db", clock, site, feed_pause_after_days=1) as (app, services):
        await follow(fake_api, app, site.url("/feed/flaky"))
        source_id = store(services).follows(CHAT)[0].source.id
        site.fail["flaky"] = (503, {})
        waits = []
        for _ in range(3):
            clock.now = store(services).source(source_id).next_poll_at  # type: ignore[assignment, union-attr]
            await poll(app)
            waits.append(store(services).source(source_id).interval_s)  # type: ignore[union-attr]
        assert waits == [900, 1800, 3600]  # doubling from the 15-minute interval

        site.fail["flaky"] = (429, {"Retry-After": "7200"})
        clock.now = store(services).source(source_id).next_poll_at  # type: ignore[assignment, union-attr]
        await poll(app)
        assert store(services).source(source_id).interval_s == 7200  # type: ignore[union-attr]

        hits = site.hits["flaky"]
        clock.advance(minutes=30)
        await poll(app)
        assert site.hits["flaky"] == hits, "not before its next poll time"

        site.fail["flaky"] = (500, {})
        while store(services).source(source_id).state == "active":  # type: ignore[union-attr]
            clock.now = store(services).source(source_id).next_poll_at  # type: ignore[assignment, union-attr]
            await poll(app)
        notices = [visible(m) for m in fake_api.messages_to(CHAT) if "stopped checking" in m]
        assert len(notices) == 1
        assert notices[0].startswith("I stopped checking The flaky feed: it has failed for 1 day")
        assert f"Send /follow {site.url('/feed/flaky')} to try again." in notices[0]

        hits = site.hits["flaky"]
        clock.advance(days=2)
        await poll(app)
        assert site.hits["flaky"] == hits, "a paused source is not fetched"
        listing = visible(await ask(fake_api, CHAT, "/following"))
        assert "paused: failing" in listing and "last error" in listing

        del site.fail["flaky"]
        reply = await follow(fake_api, app, site.url("/feed/flaky"))
        assert "already follows" in reply
        assert store(services).source(source_id).state == "active"  # type: ignore[union-attr]
        stats = visible(await ask(fake_api, CHAT, "/stats"))
        assert "The flaky feed: fetches" in stats and "dead_link" in stats and "refused 1" in stats


async def test_instant_followers_get_a_message_briefing_followers_get_it_in_the_briefing(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["split"] = []
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        await follow(fake_api, app, site.url("/feed/split"), CHAT)
        await follow(fake_api, app, site.url("/feed/split"), OTHER)
        await instant(fake_api, app, services, CHAT)
        site.items["split"] = [Item("s1", "Split decision announced", long_text("split"))]
        clock.advance(hours=1)
        await poll(app)
        (sent,) = digests_to(fake_api, CHAT)
        assert sent.startswith("Split decision announced") and "The split feed" in sent
        assert digests_to(fake_api, OTHER) == []
        assert "Split decision announced" in await briefing(fake_api, clock, OTHER)
        assert "Split decision announced" not in await briefing(fake_api, clock, CHAT)  # had it already


async def test_last_modified_alone_gives_a_304_and_cache_control_sets_the_interval(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["dated"] = items(clock, "dated", 1)
    site.send_etag = False
    site.cache_control = "public, max-age=7200"
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        await follow(fake_api, app, site.url("/feed/dated"))
        source = store(services).follows(CHAT)[0].source
        assert (source.etag, source.interval_s) == (None, 7200)  # the publisher asked for 2 hours
        clock.advance(hours=1)
        await poll(app)
        assert site.hits["dated"] == 1, "not before max-age ran out"
        clock.advance(hours=1, minutes=1)
        await poll(app)
        assert (site.hits["dated"], site.not_modified["dated"]) == (2, 1)  # If-Modified-Since


@pytest.mark.parametrize(("overrides", "most"), [({"feed_per_host": 2}, 2), ({"feed_concurrency": 1}, 1)])
async def test_polls_keep_to_the_per_host_and_global_limits(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite, overrides: dict[str, int], most: int
) -> None:
    names = [f"c{n}" for n in range(6)]
    for name in names:
        site.items[name] = []
    async with bot(fake_api, tmp_path / "s.db", clock, site, **overrides) as (app, _):
        for name in names:
            await follow(fake_api, app, site.url(f"/feed/{name}"))
        site.delay, site.max_in_flight = 0.1, 0
        clock.advance(hours=1)
        await poll(app)
        assert all(site.hits[name] == 2 for name in names)
        assert site.max_in_flight == most


async def test_a_new_follow_brings_earlier_followers_what_is_new_to_them(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    """A follow reads the source at once; what that read finds new reaches the chats already following
    (by their filters, once) as a poll's would, and the new follower gets its newest items."""
    site.items["one"] = []
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        await follow(fake_api, app, site.url("/feed/one"), CHAT)
        await instant(fake_api, app, services, CHAT)
        site.items["one"] = [Item("n1", "Harbour reopens", long_text("harbour"))]
        site.items["one"].append(Item("n2", "Zeppelin festival", long_text("festival")))
        await ask(fake_api, CHAT, "/filter exclude zeppelin")
        clock.advance(minutes=1)  # before the next poll is due: the follow's read finds them first
        await follow(fake_api, app, site.url("/feed/one"), OTHER)
        assert site.hits["one"] == 2
        assert [m.split("\n")[0] for m in digests_to(fake_api, CHAT)] == ["Harbour reopens"]
        text = await briefing(fake_api, clock, OTHER)
        assert "Zeppelin festival" in text, "filtered out for one chat, not for the new follower"

        clock.advance(hours=1)
        await poll(app)
        assert [m.split("\n")[0] for m in digests_to(fake_api, CHAT)] == ["Harbour reopens"], "once"
