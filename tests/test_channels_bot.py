"""Channels end to end: the bot added to a channel, managed from an admin's private chat, posting the
briefing there, and every way that can go wrong (not an admin, may not post, removed mid-briefing)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.briefings import scheduler
from bot.services import Services
from storage.subscriptions import FAILED, SENT, SubscriptionStore
from tests.chat_helpers import article_text, ask, buttons, forward, send, settle, visible, wait_until
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram_chats import ChatWorld
from tests.test_briefings_bot import bot
from tests.test_briefings_helpers import Clock, add_digest

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

KYIV = "Europe/Kyiv"
ADMIN, COADMIN, STRANGER = 7001, 7002, 7003
CHANNEL, SECRET = -1002000000001, -1002000000002
WED = date(2025, 11, 26)
TOPICS = ["floods", "drought", "ballots", "markets", "railways", "wildfires"]
TOPICS += ["vaccines", "satellites", "tariffs", "harvest", "strikes", "bridges"]
HEAD = "📣 Channel «Kyiv Daily» (@kyivdaily) · back to this chat: /channels\n"  # a managed reply


@pytest.fixture
def world(fake_api: FakeTelegram) -> ChatWorld:
    w = ChatWorld(fake_api)
    w.channel(CHANNEL, "Kyiv Daily", "kyivdaily", owner=ADMIN)
    w.channel(SECRET, "Newsroom Only", None, owner=ADMIN)
    return w


def to(chat_id: int) -> Any:
    return lambda c: c.method == "sendMessage" and c.params.get("chat_id") in (chat_id, str(chat_id))


async def push(fake_api: FakeTelegram, update: dict[str, Any], chat_id: int) -> str:
    """Push an update; return the text of the bot's next message to `chat_id`."""
    since = len(fake_api.calls)
    fake_api.push_update(update)
    call = await fake_api.wait_for(to(chat_id), since=since, timeout=10)
    return visible(str(call.params["text"]))


async def add_bot(fake_api: FakeTelegram, world: ChatWorld, channel: int = CHANNEL) -> str:
    return await push(fake_api, world.set_bot(channel, "administrator", by=ADMIN), ADMIN)


async def press(fake_api: FakeTelegram, chat_id: int, label: str) -> str:
    """Press the button whose label starts with `label` on the bot's last message in the chat."""
    (last,) = fake_api.sent_messages(chat_id)[-1:]
    found = {k: v for k, v in buttons(fake_api, chat_id, last.message_id).items() if k.startswith(label)}
    assert found, f"no button {label!r} in {buttons(fake_api, chat_id, last.message_id)}"
    (data,) = found.values()
    since = len(fake_api.calls)
    fake_api.push_update(fake_api.callback_query(chat_id, last.message_id, data, user_id=chat_id))
    answer = await fake_api.wait_for("answerCallbackQuery", since=since)
    if not answer.params.get("show_alert"):  # a change: the listing is redrawn
        await fake_api.wait_for("editMessageText", since=since)
    return str(answer.params.get("text") or "")


async def manage(fake_api: FakeTelegram, name: str = "Kyiv Daily") -> None:
    await ask(fake_api, ADMIN, "/channels")
    assert (await press(fake_api, ADMIN, f"Manage {name}")).startswith("Managing")


async def fire(app: Application, chat_id: int) -> None:
    (job,) = app.job_queue.get_jobs_by_name(scheduler.job_name(chat_id))  # type: ignore[union-attr]
    await job.run(app)


def posts(fake_api: FakeTelegram, chat_id: int = CHANNEL) -> list[str]:
    return [visible(m) for m in fake_api.messages_to(chat_id)]


def ledger(services: Services, chat_id: int = CHANNEL) -> Any:
    return SubscriptionStore(services.store.db).briefing(chat_id, WED)


# --- adding the bot and managing from a private chat ----------------------------------------------
async def test_added_channel_is_managed_from_the_private_chat_and_gets_its_briefing(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "c.db", clock) as (app, services):
        told = await add_bot(fake_api, world)
        assert told.startswith(
            "I can post in «Kyiv Daily» (@kyivdaily) now. You manage it from here: /channels"
        )

        listing = await ask(fake_api, ADMIN, "/channels")
        assert "«Kyiv Daily» (@kyivdaily): no daily briefing" in visible(listing)
        assert (await press(fake_api, ADMIN, "Manage Kyiv Daily")) == "Managing Kyiv Daily"
        assert "Now managing «Kyiv Daily»" in visible(fake_api.messages_to(ADMIN)[-1])

        reply = visible(await ask(fake_api, ADMIN, "/subscribe 08:00 Europe/Kyiv"))
        assert reply.startswith(HEAD + "Subscribed: a daily briefing at 08:00")
        settings = visible(await ask(fake_api, ADMIN, "/settings weekdays on"))
        assert settings.startswith("📣 Channel «Kyiv Daily»") and "Days: Monday to Friday" in settings
        assert SubscriptionStore(services.store.db).get(ADMIN) is None, "the private chat itself is untouched"

        add_digest(services.store, CHANNEL, clock.now, "Drones hit Kyiv overnight")
        clock.set_local(KYIV, 2025, 11, 26, 8)
        await fire(app, CHANNEL)
        (post,) = posts(fake_api)
        assert post.startswith("Your briefing · Wed 26 Nov") and "Drones hit Kyiv overnight" in post
        (message,) = fake_api.sent_messages(CHANNEL)
        assert message.reply_markup is None, "no Follow/Mute buttons every reader could press"
        assert ledger(services).state == SENT
        assert not any("Your briefing" in m for m in fake_api.messages_to(ADMIN))

        await ask(fake_api, ADMIN, "/channels")
        assert (await press(fake_api, ADMIN, "↩ Back to this chat")) == "Commands act on this chat again."
        reply = visible(await ask(fake_api, ADMIN, "/settings"))
        assert not reply.startswith("📣") and "You have no daily briefing" in reply


async def test_silent_posting_is_a_per_channel_button(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "c.db", clock):
        await add_bot(fake_api, world)
        await manage(fake_api)
        assert (await press(fake_api, ADMIN, "Posts: 🔔 with sound")) == "Posts will be silent."
        assert "Posts: 🔕 silent" in buttons(fake_api, ADMIN, fake_api.sent_messages(ADMIN)[-1].message_id)
        since = len(fake_api.calls)
        reply = visible(await ask(fake_api, ADMIN, "/briefing"))
        assert reply == HEAD + "Posted the briefing in the channel."
        post = await fake_api.wait_for(to(CHANNEL), since=since)
        assert post.params.get("disable_notification") is True


async def test_a_private_channel_without_username_is_named_by_title(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "c.db", clock):
        told = await add_bot(fake_api, world, SECRET)
        assert told.startswith("I can post in «Newsroom Only» now.") and "@" not in told
        await manage(fake_api, "Newsroom Only")
        reply = visible(await ask(fake_api, ADMIN, "/subscribe 7:30"))
        assert reply.startswith(
            "📣 Channel «Newsroom Only» · back to this chat: /channels\nSubscribed: a daily briefing at 07:30"
        )
        reply = visible(await ask(fake_api, ADMIN, "/briefing"))
        assert "t.me" not in reply and posts(fake_api, SECRET)[0].startswith("Your briefing")


async def test_an_admin_who_never_started_the_bot_is_not_told_but_the_channel_is_kept(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "c.db", clock) as (_, services):
        fake_api.fail_next(
            "sendMessage", status=403, description="Forbidden: bot can't initiate conversation with a user"
        )
        fake_api.push_update(world.set_bot(CHANNEL, "administrator", by=ADMIN))
        await wait_until(lambda: services.store.count("channels") == 1)
        await settle(fake_api)
        assert fake_api.messages_to(ADMIN) == []
        assert "«Kyiv Daily»" in visible(await ask(fake_api, ADMIN, "/channels"))


# --- who may manage --------------------------------------------------------------------------------
async def test_a_non_admin_cannot_manage_a_channel(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "c.db", clock):
        await add_bot(fake_api, world)
        reply = visible(await ask(fake_api, STRANGER, "/channels @kyivdaily"))
        assert reply == (
            "Only the channel's creator or an administrator who may post can manage «Kyiv Daily» "
            "(@kyivdaily), and Telegram says you are not one, so I changed nothing."
        )
        assert "You manage no channel with me yet" in await ask(fake_api, STRANGER, "/channels")

        world.set_admin(CHANNEL, COADMIN)
        assert "«Kyiv Daily»" in visible(await ask(fake_api, COADMIN, "/channels @kyivdaily"))


async def test_an_admin_demoted_since_cannot_change_the_channel(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "c.db", clock) as (_, services):
        world.set_admin(CHANNEL, COADMIN)
        fake_api.push_update(world.set_bot(CHANNEL, "administrator", by=COADMIN))
        await fake_api.wait_for(to(COADMIN))
        await ask(fake_api, COADMIN, "/channels")
        await press(fake_api, COADMIN, "Manage Kyiv Daily")
        world.demote(CHANNEL, COADMIN)
        reply = visible(await ask(fake_api, COADMIN, "/subscribe 08:00"))
        assert reply.startswith("Only the channel's creator or an administrator who may post can manage")
        assert SubscriptionStore(services.store.db).get(CHANNEL) is None, "nothing changed"
        reply = visible(await ask(fake_api, COADMIN, "/subscribe 08:00"))
        assert reply.startswith("Subscribed"), "the private chat is itself again"
        assert SubscriptionStore(services.store.db).get(COADMIN) is not None


async def test_channels_in_a_group_points_to_the_private_chat(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "c.db", clock):
        reply = await ask(fake_api, -4004, "/channels", user_id=ADMIN, chat_type="group")
        assert "Channels are managed from a private chat with me" in reply


# --- rights ------------------------------------------------------------------------------------------
async def test_a_channel_where_the_bot_may_not_post(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "c.db", clock) as (app, _):
        told = await push(fake_api, world.set_bot(CHANNEL, "administrator", can_post=False, by=ADMIN), ADMIN)
        assert told == (
            "I am in «Kyiv Daily» (@kyivdaily) but may not post there: give me the “Post messages” "
            "right and I will tell you when I can."
        )
        assert "«Kyiv Daily» (@kyivdaily): paused, I may not post there" in visible(
            await ask(fake_api, ADMIN, "/channels")
        )
        await press(fake_api, ADMIN, "Manage Kyiv Daily")
        reply = visible(await ask(fake_api, ADMIN, "/subscribe 08:00 Europe/Kyiv"))
        assert "⚠ I may not post in the channel now: give me “Post messages” there and it starts." in reply
        assert app.job_queue.get_jobs_by_name(scheduler.job_name(CHANNEL)) == ()  # type: ignore[union-attr]
        told = await push(fake_api, world.set_bot(CHANNEL, "administrator", can_post=True, by=ADMIN), ADMIN)
        assert told.startswith("I can post in «Kyiv Daily» (@kyivdaily) now.")
        await wait_until(lambda: bool(app.job_queue.get_jobs_by_name(scheduler.job_name(CHANNEL))))  # type: ignore[union-attr]


async def test_losing_the_right_to_post_pauses_tells_once_and_resumes(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "c.db", clock) as (app, services):
        await add_bot(fake_api, world)
        await manage(fake_api)
        await ask(fake_api, ADMIN, "/subscribe 08:00 Europe/Kyiv")
        told = await push(fake_api, world.set_bot(CHANNEL, "administrator", can_post=False, by=ADMIN), ADMIN)
        assert told.startswith("I can no longer post in «Kyiv Daily» (@kyivdaily)")
        assert "its daily briefing is paused" in told
        before = len(fake_api.messages_to(ADMIN))
        fake_api.push_update(world.set_bot(CHANNEL, "left", by=ADMIN))
        await settle(fake_api)
        assert len(fake_api.messages_to(ADMIN)) == before, "told once"
        assert app.job_queue.get_jobs_by_name(scheduler.job_name(CHANNEL)) == ()  # type: ignore[union-attr]
        assert "paused, I may not post there" in visible(await ask(fake_api, ADMIN, "/channels"))

        add_digest(services.store, CHANNEL, clock.now, "Story kept while paused")
        clock.set_local(KYIV, 2025, 11, 26, 9)
        told = await add_bot(fake_api, world)
        assert told.startswith("I can post in «Kyiv Daily»")
        await wait_until(lambda: bool(posts(fake_api)))
        assert "Story kept while paused" in posts(fake_api)[0], "today's briefing sent on return"


async def test_the_bot_removed_mid_briefing_pauses_and_the_briefing_is_not_marked_sent(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "c.db", clock) as (app, services):
        await add_bot(fake_api, world)
        await manage(fake_api)
        await ask(fake_api, ADMIN, "/subscribe 08:00 Europe/Kyiv")
        for n, topic in enumerate(TOPICS):  # twelve stories: a briefing of several messages
            words = " ".join(f"{topic}{k}" for k in range(60))
            add_digest(services.store, CHANNEL, clock.now, f"Story {n} {topic}", summary=f"{words}.")
        send = fake_api.handler("sendMessage")
        assert send is not None

        def removed_after_first_post(params: dict[str, Any], files: Any) -> Any:
            result = send(params, files)
            if params.get("chat_id") == CHANNEL:  # removed; the my_chat_member update not yet read
                world.channels[CHANNEL].bot_status = "left"
            return result

        fake_api.set_handler("sendMessage", removed_after_first_post)
        clock.set_local(KYIV, 2025, 11, 26, 8)
        since = len(fake_api.calls)
        await fire(app, CHANNEL)
        fake_api.set_handler("sendMessage", send)
        told = visible(str((await fake_api.wait_for(to(ADMIN), since=since)).params["text"]))
        assert told.startswith("I can no longer post in «Kyiv Daily»")
        assert len(posts(fake_api)) == 1, "the first part went out before the removal"
        record = ledger(services)
        assert (record.state, record.messages) == (FAILED, 1), "not sent, so not marked sent"
        fake_api.push_update(world.set_bot(CHANNEL, "left", by=ADMIN))
        await settle(fake_api)
        assert len([m for m in fake_api.messages_to(ADMIN) if "no longer post" in m]) == 1

        clock.set_local(KYIV, 2025, 11, 26, 11)
        await add_bot(fake_api, world)
        await wait_until(lambda: ledger(services).state == SENT)
        sent = posts(fake_api)
        assert len(sent) == ledger(services).messages == 2, "the rest, each part once"
        assert (
            sent[0].startswith("Your briefing")
            and sum(text.startswith("Your briefing") for text in sent) == 1
        )
        assert all(f"Story {n} {topic}" in "".join(sent) for n, topic in enumerate(TOPICS))


async def test_posts_in_the_channel_are_never_answered(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "c.db", clock):
        await add_bot(fake_api, world)
        since = len(fake_api.calls)
        fake_api.push_update(world.channel_post(CHANNEL, "/help"))
        fake_api.push_update(world.channel_post(CHANNEL, "Good morning, readers: today's news follows."))
        await settle(fake_api)
        assert [c.method for c in fake_api.calls[since:] if c.method != "getUpdates"] == []


async def test_articles_sent_while_managing_go_into_the_channels_briefing(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "c.db", clock) as (app, services):
        await add_bot(fake_api, world)
        await manage(fake_api)
        await ask(fake_api, ADMIN, "/subscribe 08:00 Europe/Kyiv")
        since = len(fake_api.calls)
        await forward(fake_api, services, ADMIN, article_text("floods"))
        added = await fake_api.wait_for(
            lambda c: "Added to the next briefing" in c.params.get("text", ""), since=since
        )
        assert visible(added.params["text"]) == "Added to the next briefing of «Kyiv Daily» (@kyivdaily)."

        world.set_admin(CHANNEL, ADMIN, can_post=False)  # handed the channel over; may no longer post
        since = len(fake_api.calls)
        await forward(fake_api, services, ADMIN, article_text("drought"))
        refused = await fake_api.wait_for(
            lambda c: "changed nothing" in c.params.get("text", ""), since=since
        )
        assert visible(refused.params["text"]).startswith("Only the channel's creator or an administrator")

        clock.set_local(KYIV, 2025, 11, 26, 8)
        await fire(app, CHANNEL)
        (post,) = posts(fake_api)
        assert "floods" in post.lower() and "drought" not in post.lower()


async def test_managing_a_channel_the_bot_was_removed_from(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "c.db", clock):
        await add_bot(fake_api, world)
        await manage(fake_api)
        await ask(fake_api, ADMIN, "/subscribe 08:00 Europe/Kyiv")
        told = await push(fake_api, world.set_bot(CHANNEL, "kicked", by=ADMIN), ADMIN)
        assert told.startswith("I can no longer post in «Kyiv Daily»")
        reply = visible(await ask(fake_api, ADMIN, "/settings weekdays on"))
        assert reply == (
            "I am no longer in «Kyiv Daily» (@kyivdaily), so I changed nothing there, and commands act on "
            "this chat again."
        )
        assert "You have no daily briefing" in visible(await ask(fake_api, ADMIN, "/settings"))


async def test_forget_in_the_private_chat_forgets_which_channels_the_person_manages(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "c.db", clock):
        await add_bot(fake_api, world)
        await manage(fake_api)
        await ask(fake_api, ADMIN, "/forget")
        question = fake_api.sent_messages(ADMIN)[-1]
        yes = buttons(fake_api, ADMIN, question.message_id)["Yes, delete everything"]
        await send(fake_api, fake_api.callback_query(ADMIN, question.message_id, yes), ADMIN)
        assert "You manage no channel with me yet" in await ask(fake_api, ADMIN, "/channels")
        assert "«Kyiv Daily»" in visible(await ask(fake_api, ADMIN, "/channels @kyivdaily")), "still an admin"


async def test_an_on_demand_briefing_to_a_channel_the_bot_may_not_post_in(
    fake_api: FakeTelegram, world: ChatWorld, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "c.db", clock):
        await add_bot(fake_api, world)
        await manage(fake_api)
        world.channels[CHANNEL].bot_can_post = False  # demoted; the update not read yet
        reply = visible(await ask(fake_api, ADMIN, "/briefing"))
        assert reply == HEAD + (
            "I may not post in «Kyiv Daily» (@kyivdaily): make me an administrator there with “Post "
            "messages”, then send /briefing again."
        )
