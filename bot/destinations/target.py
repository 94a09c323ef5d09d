"""Which chat a command acts on: the one resolution every per-chat command shares.

- In a private chat that is managing a channel (chosen with /channels), the channel, after checking
  that the user may still manage it (rights are checked when an action is taken, not only once).
- In a forum supergroup, the chat and the topic the command was given in (thread 0 = General).
- Anywhere else, the chat itself.

A command adopts it with one line: ``target = await target_chat(update, context)``, return when it is
None (the user was already told why in one sentence), then use ``target.chat_id`` (and
``target.thread_id`` for per-topic data) instead of ``update.effective_chat.id``; prefix replies with
``target.prefix`` so a user managing a channel always sees which chat they changed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Bot, ChatMemberAdministrator, ChatMemberOwner, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden
from telegram.ext import ContextTypes

from storage.destinations import Channel, DestinationStore

from ..outgoing import reply_html
from ..services import services
from .delivery import channel_name

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Target:
    chat_id: int
    thread_id: int = 0  # forum topic; 0 = none (or the General topic)
    channel: Channel | None = None  # set when a private chat acts on a channel it manages

    @property
    def prefix(self) -> str:
        """A first line naming the channel a reply is about (HTML); empty for the chat itself."""
        return (
            f"📣 Channel {channel_name(self.channel)} · back to this chat: /channels\n"
            if self.channel
            else ""
        )


# Who may manage a channel: its creator, or an administrator with the right to post messages, which
# is exactly what the bot does on their behalf. (Not can_change_info: an admin who may only edit the
# channel's title must not be able to make the bot post there every morning.)
async def may_manage(bot: Bot, chat_id: int, user_id: int) -> bool | None:
    """True/False from getChatMember; None when the bot cannot see the channel any more."""
    try:
        member = await bot.get_chat_member(chat_id, user_id)
    except (Forbidden, BadRequest) as exc:
        log.info("getChatMember(%s, %s) refused: %s", chat_id, user_id, exc)
        return None
    if isinstance(member, ChatMemberOwner):
        return True
    return isinstance(member, ChatMemberAdministrator) and bool(member.can_post_messages)


def refusal_text(channel: Channel, allowed: bool | None) -> str:
    if allowed is None:
        return (
            f"I am no longer in {channel_name(channel)}, so I changed nothing there, and commands act "
            "on this chat again."
        )
    return (
        f"Only the channel's creator or an administrator who may post can manage {channel_name(channel)}, "
        "and Telegram says you are not one, so I changed nothing."
    )


async def target_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Target | None:
    """The chat (and topic) this update's command acts on; None after telling the user why not."""
    chat, message, user = update.effective_chat, update.effective_message, update.effective_user
    if chat is None:
        return None
    if chat.type == ChatType.PRIVATE and user is not None:
        store = DestinationStore(services(context).store.db)
        channel = store.managing(user.id)
        if channel is not None:
            allowed = await may_manage(context.bot, channel.chat_id, user.id)
            if allowed:
                return Target(channel.chat_id, 0, channel)
            store.set_managing(user.id, None, now=services(context).clock())
            if message is not None:
                await reply_html(message, refusal_text(channel, allowed))
            return None
    thread = message.message_thread_id if message is not None and message.is_topic_message else None
    return Target(chat.id, thread or 0)


async def command_target(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[Message, Target] | None:
    """A command's message and the chat it acts on (`target_chat`); None once the user was told why not."""
    message = update.effective_message
    if message is None or update.effective_chat is None:
        return None
    target = await target_chat(update, context)
    return None if target is None else (message, target)
