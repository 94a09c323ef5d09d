"""A button pressed twice (or an old keyboard pressed again) through the real bot: the second press asks
Telegram for an edit that changes nothing, which Telegram refuses ("message is not modified"). The person
sees the message as it is and no error; the bot keeps answering."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.app import SORRY
from tests.chat_helpers import article_text, ask, buttons, forward, send, settle, visible
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram_chats import ChatWorld
from tests.feed_site import FeedSite
from tests.harness import paused_bot, running_bot
from tests.sources_helpers import CHAT as SOURCES_CHAT
from tests.sources_helpers import bot, follow, items, store
from tests.test_briefings_helpers import Clock
from tests.test_channels_bot import ADMIN, CHANNEL, add_bot, manage, press

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

CHAT = 6161


def refusals(fake_api: FakeTelegram, since: int) -> list[str]:
    """The "something went wrong" the bot said since call `since`, as an alert or a message."""
    said = (str(c.params.get("text", "")) for c in fake_api.calls[since:])
    return [text for text in said if text.startswith(SORRY[:40])]


async def press_twice(fake_api: FakeTelegram, chat_id: int, message_id: int, data: str) -> None:
    """Press the same button twice, as a quick double tap does. The second press asks for the very edit
    the first made, which the fake Bot API (like Telegram) refuses as "message is not modified"."""
    edits = []
    for _ in range(2):
        since = len(fake_api.calls)
        fake_api.push_update(fake_api.callback_query(chat_id, message_id, data, user_id=chat_id))
        edits.append(await fake_api.wait_for("editMessageText", since=since))
    await settle(fake_api)
    first, second = (dict(e.params) for e in edits)
    assert first == second, "the second press asked for the same edit"


async def test_history_page_button_pressed_twice(fake_api: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        for i in range(6):
            await forward(fake_api, services, CHAT, article_text(f"topic{i}", i))
        await ask(fake_api, CHAT, "/history")
        page_one = fake_api.sent_messages(CHAT)[-1]
        forward_key = buttons(fake_api, CHAT, page_one.message_id)["▶"]

        await press_twice(fake_api, CHAT, page_one.message_id, forward_key)

        assert refusals(fake_api, 0) == []
        assert "(6–6 of 6)" in visible(fake_api.messages_to(CHAT)[-1])
        assert "(1–5 of 6)" in visible(await ask(fake_api, CHAT, "/history")), "the bot still answers"


async def test_briefing_settings_button_pressed_twice(
    fake_api: FakeTelegram, tmp_path: Path, clock: Clock
) -> None:
    async with paused_bot(fake_api, tmp_path / "b.db", clock):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        await ask(fake_api, CHAT, "/settings")
        message = fake_api.sent_messages(CHAT)[-1]
        weekdays = buttons(fake_api, CHAT, message.message_id)["Monday to Friday only"]

        await press_twice(fake_api, CHAT, message.message_id, weekdays)

        assert refusals(fake_api, 0) == []
        assert "Days: Monday to Friday" in visible(fake_api.messages_to(CHAT)[-1])


async def test_channel_button_pressed_twice(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    async with paused_bot(fake_api, tmp_path / "c.db", clock):
        await add_bot(fake_api, world)
        await manage(fake_api)
        listing = fake_api.sent_messages(ADMIN)[-1]
        silent = {
            k: v for k, v in buttons(fake_api, ADMIN, listing.message_id).items() if k.startswith("Posts:")
        }
        (data,) = silent.values()

        await press_twice(fake_api, ADMIN, listing.message_id, data)

        assert refusals(fake_api, 0) == []
        assert "Posts: 🔕 silent" in buttons(fake_api, ADMIN, listing.message_id)
        assert (await press(fake_api, ADMIN, "Posts: 🔕 silent")) == "Posts will notify.", "still answers"


@pytest.fixture
def world(fake_api: FakeTelegram) -> ChatWorld:
    w = ChatWorld(fake_api)
    w.channel(CHANNEL, "Kyiv Daily", "kyivdaily", owner=ADMIN)
    return w


async def test_following_button_pressed_twice(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["alpha"] = items(clock, "alpha", 1)
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        await follow(fake_api, app, site.url("/feed/alpha"))
        await send(fake_api, fake_api.command(SOURCES_CHAT, "/following"), SOURCES_CHAT)
        message_id = fake_api.sent_messages(SOURCES_CHAT)[-1].message_id
        pause = buttons(fake_api, SOURCES_CHAT, message_id)["⏸ 1"]

        await press_twice(fake_api, SOURCES_CHAT, message_id, pause)

        assert refusals(fake_api, 0) == []
        assert [f.paused for f in store(services).follows(SOURCES_CHAT)] == [True]
        assert list(buttons(fake_api, SOURCES_CHAT, message_id))[:2] == ["✕ 1", "▶ 1"]
