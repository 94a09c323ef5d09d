"""The fake's channels, topics and migrations, seen through the REAL python-telegram-bot: each case
must raise the exception PTB raises for Telegram's answer, or parse into the objects PTB builds."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Bot, ChatMemberAdministrator, ChatMemberOwner, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden

from tests.fake_telegram import BOT_ID, FakeTelegram
from tests.fake_telegram_chats import ChatWorld

OWNER, ADMIN = 11, 12
CHANNEL, FORUM, GROUP, SUPERGROUP = -1005000000001, -1005000000002, -4006, -1005000000006


@pytest.fixture
async def bot(fake_api: FakeTelegram) -> Any:
    async with Bot("123456:TEST", base_url=fake_api.base_url) as b:
        yield b


@pytest.fixture
def world(fake_api: FakeTelegram) -> ChatWorld:
    w = ChatWorld(fake_api)
    w.channel(CHANNEL, "Wire", "wire", owner=OWNER)
    w.forum(FORUM, "Desk", {5: "Politics"})
    return w


async def test_channel_rights_decide_what_the_bot_may_send(bot: Bot, world: ChatWorld) -> None:
    with pytest.raises(Forbidden, match="bot is not a member of the channel chat"):
        await bot.send_message(CHANNEL, "hello")
    with pytest.raises(Forbidden, match="bot is not a member of the channel chat"):
        await bot.get_chat_member(CHANNEL, OWNER)
    world.set_bot(CHANNEL, "administrator", can_post=False, by=OWNER)
    with pytest.raises(BadRequest, match=r"(?i)need administrator rights in the channel chat"):
        await bot.send_message(CHANNEL, "hello")
    world.set_bot(CHANNEL, "administrator", can_post=True, by=OWNER)
    message = await bot.send_message(CHANNEL, "hello", disable_notification=True)
    assert message.chat.type == "channel" and message.chat.username == "wire"
    world.set_bot(CHANNEL, "kicked", by=OWNER)
    with pytest.raises(Forbidden, match="bot was kicked from the channel chat"):
        await bot.send_message(CHANNEL, "hello")


async def test_members_and_administrators_of_a_channel(bot: Bot, world: ChatWorld) -> None:
    world.set_bot(CHANNEL, "administrator", by=OWNER)
    world.set_admin(CHANNEL, ADMIN, can_post=False)
    owner = await bot.get_chat_member(CHANNEL, OWNER)
    admin = await bot.get_chat_member(CHANNEL, ADMIN)
    me = await bot.get_chat_member(CHANNEL, BOT_ID)
    assert isinstance(owner, ChatMemberOwner)
    assert isinstance(admin, ChatMemberAdministrator) and admin.can_post_messages is False
    assert isinstance(me, ChatMemberAdministrator) and me.can_post_messages is True
    assert (await bot.get_chat_member(CHANNEL, 99)).status == "member"
    admins = await bot.get_chat_administrators(CHANNEL)
    assert {m.user.id for m in admins} == {OWNER, ADMIN, BOT_ID}


async def test_updates_parse_as_ptb_objects(bot: Bot, world: ChatWorld) -> None:
    change = Update.de_json(world.set_bot(CHANNEL, "administrator", by=OWNER), bot)
    assert change.my_chat_member is not None
    assert change.my_chat_member.old_chat_member.status == "left"
    new = change.my_chat_member.new_chat_member
    assert isinstance(new, ChatMemberAdministrator) and new.can_post_messages and new.user.id == BOT_ID
    post = Update.de_json(world.channel_post(CHANNEL, "/start"), bot)
    assert post.channel_post is not None and post.effective_user is None
    assert post.channel_post.text == "/start" and post.channel_post.entities[0].type == "bot_command"
    topic = Update.de_json(world.topic_command(FORUM, 5, "/help", user_id=OWNER), bot)
    assert (
        topic.message is not None and topic.message.is_topic_message and topic.message.message_thread_id == 5
    )
    assert topic.message.chat.is_forum


async def test_topics_closed_deleted_or_unknown(bot: Bot, world: ChatWorld) -> None:
    message = await bot.send_message(FORUM, "in the topic", message_thread_id=5)
    assert message.message_thread_id == 5 and message.is_topic_message
    with pytest.raises(BadRequest, match=r"(?i)message thread not found"):
        await bot.send_message(FORUM, "nowhere", message_thread_id=6)
    world.close_topic(FORUM, 5)
    with pytest.raises(BadRequest, match=r"(?i)TOPIC_CLOSED"):
        await bot.send_message(FORUM, "closed", message_thread_id=5)
    await bot.send_message(FORUM, "the General topic still works")
    world.delete_topic(FORUM, 5)
    with pytest.raises(BadRequest, match=r"(?i)message thread not found"):
        await bot.send_message(FORUM, "deleted", message_thread_id=5)


async def test_an_upgraded_group_answers_chat_migrated(bot: Bot, world: ChatWorld) -> None:
    old, new = world.upgrade(GROUP, SUPERGROUP, by=OWNER)
    assert Update.de_json(old, bot).message.migrate_to_chat_id == SUPERGROUP  # type: ignore[union-attr]
    assert Update.de_json(new, bot).message.migrate_from_chat_id == GROUP  # type: ignore[union-attr]
    with pytest.raises(ChatMigrated) as raised:
        await bot.send_message(GROUP, "hello")
    assert raised.value.new_chat_id == SUPERGROUP
    assert (await bot.send_message(SUPERGROUP, "hello")).chat.type == "supergroup"
