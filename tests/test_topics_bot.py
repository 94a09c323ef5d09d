"""Groups end to end: one briefing per forum topic, closed and deleted topics, and a group that
becomes a supergroup keeping its subscriptions, digests and history."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.briefings import scheduler
from bot.services import Services
from storage.subscriptions import FAILED, SENT, SubscriptionStore
from tests.chat_helpers import article_text, ask, forward, send, visible, wait_until
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram_chats import ChatWorld
from tests.test_briefings_bot import bot
from tests.test_briefings_helpers import Clock, add_digest

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

KYIV = "Europe/Kyiv"
MEMBER = 8001
FORUM, NEWS, MARKETS = -1003000000001, 10, 20
GROUP, SUPERGROUP = -4005, -1004000000005
WED = date(2025, 11, 26)


@pytest.fixture
def world(fake_api: FakeTelegram) -> ChatWorld:
    w = ChatWorld(fake_api)
    w.forum(FORUM, "Newsroom", {NEWS: "News", MARKETS: "Markets"})
    return w


async def in_topic(fake_api: FakeTelegram, world: ChatWorld, thread: int, text: str) -> Any:
    """A command in a topic; returns the bot's reply call."""
    return await send(fake_api, world.topic_command(FORUM, thread, text, MEMBER), FORUM)


async def fire(app: Application, chat_id: int, thread: int = 0) -> None:
    (job,) = app.job_queue.get_jobs_by_name(scheduler.job_name(chat_id, thread))  # type: ignore[union-attr]
    await job.run(app)


def briefings_in(fake_api: FakeTelegram, chat_id: int) -> list[tuple[int | None, str]]:
    """(topic, visible text) of every briefing the bot posted in a chat."""
    return [
        (m.json.get("message_thread_id"), visible(m.raw_text or ""))
        for m in fake_api.sent_messages(chat_id)
        if "Your briefing" in (m.raw_text or "")
    ]


def record(services: Services, chat_id: int, thread: int = 0) -> Any:
    return SubscriptionStore(services.store.db).briefing(chat_id, WED, thread_id=thread)


# --- topics -----------------------------------------------------------------------------------------
async def test_two_topics_each_get_their_own_briefing(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "t.db", clock) as (app, services):
        reply = await in_topic(fake_api, world, NEWS, "/subscribe 08:00 Europe/Kyiv")
        assert reply.params["message_thread_id"] == NEWS, "the reply goes to the topic it was asked in"
        assert "Subscribed: a daily briefing at 08:00" in reply.params["text"]
        reply = await in_topic(fake_api, world, MARKETS, "/subscribe 09:30 Europe/Kyiv")
        assert reply.params["message_thread_id"] == MARKETS and "09:30" in reply.params["text"]
        settings = await in_topic(fake_api, world, NEWS, "/settings")
        assert "Time: 08:00" in settings.params["text"], "each topic keeps its own settings"

        add_digest(services.store, FORUM, clock.now, "Drones hit Kyiv overnight")
        clock.set_local(KYIV, 2025, 11, 26, 8)
        await fire(app, FORUM, NEWS)
        clock.set_local(KYIV, 2025, 11, 26, 9, 30)
        await fire(app, FORUM, MARKETS)
        sent = briefings_in(fake_api, FORUM)
        assert [topic for topic, _ in sent] == [NEWS, MARKETS]
        assert all("Drones hit Kyiv overnight" in text for _, text in sent)
        assert (record(services, FORUM, NEWS).state, record(services, FORUM, MARKETS).state) == (SENT, SENT)

        reply = await in_topic(fake_api, world, MARKETS, "/unsubscribe")
        assert reply.params["message_thread_id"] == MARKETS
        assert SubscriptionStore(services.store.db).get(FORUM, thread_id=NEWS).active  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("break_topic", "said"),
    [(ChatWorld.close_topic, "the topic was closed"), (ChatWorld.delete_topic, "the topic no longer exists")],
)
async def test_a_closed_or_deleted_topic_pauses_its_briefing_with_a_note_in_general(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock, break_topic: Any, said: str
) -> None:
    async with bot(fake_api, tmp_path / "t.db", clock) as (app, services):
        await in_topic(fake_api, world, NEWS, "/subscribe 08:00 Europe/Kyiv")
        await in_topic(fake_api, world, MARKETS, "/subscribe 08:00 Europe/Kyiv")
        break_topic(world, FORUM, NEWS)
        clock.set_local(KYIV, 2025, 11, 26, 8)
        await fire(app, FORUM, NEWS)
        await fire(app, FORUM, MARKETS)
        assert [topic for topic, _ in briefings_in(fake_api, FORUM)] == [MARKETS]
        (note,) = [m for m in fake_api.sent_messages(FORUM) if "is paused" in (m.raw_text or "")]
        assert "message_thread_id" not in note.json, "told in the General topic"
        text = note.raw_text or ""
        assert text.startswith("The daily briefing of a topic here is paused") and said in text
        assert record(services, FORUM, NEWS).state == FAILED, "not marked sent"
        subs = SubscriptionStore(services.store.db)
        assert not subs.get(FORUM, thread_id=NEWS).active  # type: ignore[union-attr]
        assert subs.get(FORUM, thread_id=MARKETS).active  # type: ignore[union-attr]
        assert app.job_queue.get_jobs_by_name(scheduler.job_name(FORUM, NEWS)) == ()  # type: ignore[union-attr]


# --- group -> supergroup --------------------------------------------------------------------------------
async def test_a_group_that_becomes_a_supergroup_keeps_everything(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "t.db", clock) as (app, services):
        await ask(fake_api, GROUP, "/subscribe 08:00 Europe/Kyiv", user_id=MEMBER, chat_type="group")
        await forward(fake_api, services, GROUP, article_text("floods"), user_id=MEMBER, chat_type="group")
        old, new = world.upgrade(GROUP, SUPERGROUP, by=MEMBER)
        fake_api.push_update(old)
        fake_api.push_update(new)
        await wait_until(lambda: SubscriptionStore(services.store.db).get(SUPERGROUP) is not None)
        assert SubscriptionStore(services.store.db).get(GROUP) is None
        assert app.job_queue.get_jobs_by_name(scheduler.job_name(GROUP)) == ()  # type: ignore[union-attr]

        history = await ask(fake_api, SUPERGROUP, "/history", user_id=MEMBER, chat_type="supergroup")
        assert "floods" in history, "the group's digests came along"
        reply = await ask(fake_api, SUPERGROUP, "/settings", user_id=MEMBER, chat_type="supergroup")
        assert "Time: 08:00 (Europe/Kyiv)" in reply

        clock.set_local(KYIV, 2025, 11, 26, 8)
        await fire(app, SUPERGROUP)
        ((_, text),) = briefings_in(fake_api, SUPERGROUP)
        assert "floods" in text.lower()


async def test_a_briefing_sent_to_a_group_that_was_upgraded_follows_it(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    """The service message was missed (bot down): Telegram's ChatMigrated error moves the data."""
    async with bot(fake_api, tmp_path / "t.db", clock) as (app, services):
        await ask(fake_api, GROUP, "/subscribe 08:00 Europe/Kyiv", user_id=MEMBER, chat_type="group")
        add_digest(services.store, GROUP, clock.now, "Story before the upgrade")
        world.upgrade(GROUP, SUPERGROUP, by=MEMBER)  # updates never pushed
        clock.set_local(KYIV, 2025, 11, 26, 8)
        await fire(app, GROUP)
        ((_, text),) = briefings_in(fake_api, SUPERGROUP)
        assert "Story before the upgrade" in text
        assert record(services, SUPERGROUP).state == SENT
        assert (
            services.store.db.execute("SELECT COUNT(*) FROM requests WHERE chat_id = ?", [GROUP]).fetchone()[
                0
            ]
            == 0
        )
        (job,) = app.job_queue.get_jobs_by_name(scheduler.job_name(SUPERGROUP))  # type: ignore[union-attr]
        assert job is not None
