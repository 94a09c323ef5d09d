"""Telegram-correct output from followed sources and stories (issue 10, item 8), through the real bot.

A feed may call itself, and its items, anything: 6,000 characters of emoji and ampersands. A story may
be told by sources with names as long. Every message about them (/follow, /following, instant items,
headlines, story updates, /stories) must still reach the chat: the fake Bot API refuses what Telegram
refuses (over 4,096 UTF-16 units, broken HTML).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storage.stories import StoryStore
from tests.chat_helpers import ask, visible, wait_until
from tests.feed_site import FeedSite, Item
from tests.sources_helpers import (
    CHAT,
    bot,
    follow,
    instant,
    long_text,
    poll,
)
from tests.telegram_html import utf16_len
from tests.test_briefings_helpers import Clock, new_clock
from tests.test_stories_bot import CHAT as STORY_CHAT
from tests.test_stories_bot import NINE_KILLED, OTHER, SEVEN_KILLED, briefing, digest_of, send_press
from tests.test_stories_bot import bot as stories_bot

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

SORRY = "Sorry, something went wrong"
HUGE = ("🛰️ Orbit & Co " * 430)[:6000]  # emoji (two UTF-16 units, a joiner) and escaped ampersands


def _all_sent(fake_api: Any, chat: int) -> list[str]:
    return list(fake_api.messages_to(chat))


async def test_a_feed_with_a_six_thousand_character_title(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.titles["huge"] = HUGE
    site.items["huge"] = []
    async with bot(fake_api, tmp_path / "s.db", clock, site, feed_summaries_per_hour=1) as (app, services):
        answer = await follow(fake_api, app, site.url("/feed/huge"))
        assert answer.startswith("Following 🛰️ Orbit & Co") and "…" in answer
        listing = visible(await ask(fake_api, CHAT, "/following"))
        assert "1. 🛰️ Orbit & Co" in listing
        await instant(fake_api, app, services)

        site.items["huge"] = [
            Item("long", HUGE, long_text("orbit launch"), published=clock.now),  # summarised
            Item("busy", HUGE + " busy", long_text("orbit delay", 3), published=clock.now),  # over budget
            Item("more", "More " + HUGE, long_text("orbit debris", 5), published=clock.now),  # over budget
        ]
        clock.advance(hours=1)
        await poll(app)
        await wait_until(lambda: sum("Orbit" in m for m in _all_sent(fake_api, CHAT)) >= 5)
        sent = _all_sent(fake_api, CHAT)
        assert not [m for m in sent if SORRY in m]
        assert sum("saved as #" in m for m in sent) == 1, "the summarised item arrived"
        assert sum("not summarised: busy" in m for m in sent) == 2, "the busy headlines arrived"
        assert all(utf16_len(visible(m)) <= 4096 for m in sent)


async def test_story_updates_and_stories_with_very_long_names(fake_api: Any, tmp_path: Path) -> None:
    clock = new_clock()
    long_name = "Black Sea News " + "🌊 & " * 1500
    async with stories_bot(fake_api, tmp_path / "s.db", clock) as (_, services):
        forward = fake_api.forwarded_channel_post(STORY_CHAT, SEVEN_KILLED, channel_title="Odesa Today")
        await digest_of(fake_api, services, forward)
        (part,) = await briefing(fake_api, clock)
        await send_press(fake_api, part.message_id, f"story:follow:{_only_story(services)}")

        since = len(fake_api.calls)
        other = fake_api.forwarded_channel_post(OTHER, NINE_KILLED, channel_title=long_name)
        await digest_of(fake_api, services, other, OTHER)
        update = await fake_api.wait_for(
            lambda c: c.method == "sendMessage" and c.params.get("chat_id") in (STORY_CHAT, str(STORY_CHAT)),
            timeout=10,
            since=since,
        )
        seen = visible(update.params["text"])
        assert "Story update" in seen and "New source confirms it: Black Sea News 🌊" in seen

        stories = StoryStore(services.store.db)
        for n in range(25):  # followed stories with titles as long as a page may give
            row = {"title": f"{n} {HUGE}", "created_at": "2025-11-25", "updated_at": "2025-11-25"}
            story = services.store.db["stories"].insert(row).last_pk
            stories.set_followed(STORY_CHAT, int(story), True)
        listing = visible(await ask(fake_api, STORY_CHAT, "/stories"))
        assert listing.startswith("Stories you follow") and SORRY not in listing
        await wait_until(lambda: any("…and 6 older ones" in m for m in _all_sent(fake_api, STORY_CHAT)))


def _only_story(services: Any) -> int:
    (row,) = services.store.db.execute("SELECT id FROM stories").fetchall()
    return int(row[0])
