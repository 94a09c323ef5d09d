"""Followed sources pointed at a channel or a forum topic: /follow while managing a channel makes the
channel follow, its instant items are posted in the channel (silently when chosen), and a channel that
took the bot's right to post pauses and tells its admin once instead of failing item after item; in a
forum group, instant items go to the topic /follow was given in, and a closed topic pauses the follow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storage.subscriptions import SubscriptionStore
from tests.chat_helpers import ask, send, settle, visible
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram_chats import ChatWorld
from tests.feed_site import FeedSite, Item
from tests.sources_helpers import bot, long_text, poll, store
from tests.test_briefings_helpers import Clock
from tests.test_channels_bot import ADMIN, CHANNEL, HEAD, add_bot, manage, press

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


FORUM, NEWS = -1003000000009, 10


@pytest.fixture
def world(fake_api: FakeTelegram) -> ChatWorld:
    w = ChatWorld(fake_api)
    w.channel(CHANNEL, "Kyiv Daily", "kyivdaily", owner=ADMIN)
    w.forum(FORUM, "Newsroom", {NEWS: "News"})
    return w


def channel_posts(fake_api: FakeTelegram) -> list[Any]:
    return fake_api.sent_messages(CHANNEL)


async def test_a_managed_channel_follows_a_feed_and_gets_instant_items_silently(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["wire"] = []
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        await add_bot(fake_api, world)
        await manage(fake_api)
        await press(fake_api, ADMIN, "Posts: 🔔 with sound")
        reply = visible(await ask(fake_api, ADMIN, f"/follow {site.url('/feed/wire')}"))
        assert reply.startswith(HEAD + "Following The wire feed")
        assert [f.source.title for f in store(services).follows(CHANNEL)] == ["The wire feed"]
        assert store(services).follows(ADMIN) == [], "the private chat follows nothing"
        (follow,) = store(services).follows(CHANNEL)
        store(services).set_mode(CHANNEL, follow.source.id, "instant")

        site.items["wire"] = [Item("w1", "Wire breaking news", long_text("breaking"))]
        clock.advance(hours=1)
        await poll(app)
        (post,) = channel_posts(fake_api)
        assert visible(post.raw_text or "").startswith("Wire breaking news")
        calls = [c for c in fake_api.calls_of("sendMessage") if c.params.get("chat_id") == CHANNEL]
        assert calls[-1].params.get("disable_notification") is True


async def test_instant_items_to_a_channel_that_took_the_right_to_post_pause_and_tell_once(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["wire"] = []
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        await add_bot(fake_api, world)
        await manage(fake_api)
        await ask(fake_api, ADMIN, "/subscribe 08:00 Europe/Kyiv")
        await ask(fake_api, ADMIN, f"/follow {site.url('/feed/wire')}")
        (follow,) = store(services).follows(CHANNEL)
        store(services).set_mode(CHANNEL, follow.source.id, "instant")
        world.channels[CHANNEL].bot_can_post = False  # demoted; the my_chat_member update not read yet

        site.items["wire"] = [Item(f"w{n}", f"Wire story {n}", long_text(f"wire {n}")) for n in range(2)]
        clock.advance(hours=1)
        await poll(app)
        await settle(fake_api)
        assert channel_posts(fake_api) == []
        told = [m for m in fake_api.messages_to(ADMIN) if "no longer post" in m]
        assert len(told) == 1, "two items refused, one message to the admin"
        sub = SubscriptionStore(services.store.db).get(CHANNEL)
        assert sub is not None and not sub.active, "the channel's briefing is paused too"
        assert store(services).follows(CHANNEL), "the follow is kept for when the right comes back"


async def test_instant_items_go_to_the_topic_of_the_follow_and_a_closed_topic_pauses_it(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["wire"] = []
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        fake_api.set_member_status(FORUM, ADMIN, "administrator")
        command = world.topic_command(FORUM, NEWS, f"/follow {site.url('/feed/wire')}", ADMIN)
        reply = await send(fake_api, command, FORUM)
        assert reply.params["message_thread_id"] == NEWS
        assert visible(reply.params["text"]).startswith("Following The wire feed")
        (follow,) = store(services).follows(FORUM)
        store(services).set_mode(FORUM, follow.source.id, "instant")

        site.items["wire"] = [Item("w1", "Wire story one", long_text("one"))]
        clock.advance(hours=1)
        await poll(app)
        (item,) = [m for m in fake_api.sent_messages(FORUM) if "Wire story one" in (m.raw_text or "")]
        assert item.json.get("message_thread_id") == NEWS

        world.close_topic(FORUM, NEWS)
        site.items["wire"].insert(0, Item("w2", "Wire story two", long_text("two")))
        clock.advance(hours=1)
        await poll(app)
        await settle(fake_api)
        assert not [m for m in fake_api.sent_messages(FORUM) if "Wire story two" in (m.raw_text or "")]
        (note,) = [m for m in fake_api.sent_messages(FORUM) if "is paused" in (m.raw_text or "")]
        assert (note.raw_text or "").startswith("Posting in a topic here is paused: the topic was closed.")
        assert "message_thread_id" not in note.json, "told in the General topic"
        assert store(services).follows(FORUM)[0].paused, "the follow waits, /following resumes it"
