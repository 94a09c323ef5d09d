"""A bot that is safe to share: who may use it, what it answers in groups, how much one user may ask.

- The gate (a TypeHandler in group -1, before every other handler) drops group chatter that is not
  meant for the bot and refuses users outside the allowlist; raising ApplicationHandlerStop there
  means no feature handler ever sees such an update.
- `limited(callback)` (bot.limits) wraps the article handlers with per-sender limits on articles per
  minute and in progress, a queue behind them, and a reply naming every article refused.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from telegram import Bot, Message, MessageEntity, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes, TypeHandler, filters

from .limits import UserLimiter, limited
from .services import Services, services

log = logging.getLogger(__name__)

REFUSALS_KEY = "access_refusals"
# A refused stranger hears "no" once an hour at most: the bot must not become their echo.
REFUSAL_QUIET = timedelta(hours=1)
REFUSAL = "Sorry, this Newsbrief bot is private. Ask its owner to add your Telegram id {user_id}."
_GROUPS = {ChatType.GROUP, ChatType.SUPERGROUP}


def register(app: Application) -> None:
    """Install the gate before every other handler (group -1 runs first)."""
    app.add_handler(TypeHandler(Update, gate), group=-1)


# --- who may change a chat's settings ------------------------------------------------------------


async def may_change_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Anyone in a private chat; in groups, the group's admins (or the bot's admins) — not any member."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None or user is None:
        return False
    if chat.type == ChatType.PRIVATE or user.id in services(context).settings.admin_ids:
        return True
    if message is not None and message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True  # an anonymous admin posting as the group
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}


# --- the gate --------------------------------------------------------------------------------------


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop updates the bot must not act on; let everything else through to the feature handlers."""
    if not addressed_to_bot(update, context.bot):
        raise ApplicationHandlerStop
    svc = services(context)
    if is_allowed(update, svc):
        return
    await _refuse(update, context, svc)
    raise ApplicationHandlerStop


def addressed_to_bot(update: Update, bot: Bot) -> bool:
    """In groups the bot answers commands for it or for all bots, mentions, replies to it and forwards.

    Other group chatter is ignored without a word; private chats and non-message updates always pass.
    """
    message = update.message or update.edited_message
    if message is None or message.chat.type not in _GROUPS:
        return True
    if filters.StatusUpdate.ALL.check_update(update):  # joins, title changes: no handler replies to them
        return True
    if message.forward_origin is not None:
        return True
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
        return True
    return _commands_or_mentions_bot(message, bot)


def _commands_or_mentions_bot(message: Message, bot: Bot) -> bool:
    username = (bot.username or "").lower()
    entities = message.parse_entities() if message.text else message.parse_caption_entities()
    for entity, text in entities.items():
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            _, _, target = text.partition("@")
            return not target or target.lower() == username  # "/stats" is for all bots in the group
        if entity.type == MessageEntity.MENTION and text.lower() == f"@{username}":
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id:
            return True
    return False


def is_allowed(update: Update, svc: Services) -> bool:
    allowed = svc.settings.allowed_users
    if not allowed:
        return True
    user = update.effective_user
    if user is None:
        # Channel posts carry no user: with an allowlist, a stranger could add the bot to a channel.
        return False
    return user.id in allowed or user.id in svc.settings.admin_ids


async def _refuse(update: Update, context: ContextTypes.DEFAULT_TYPE, svc: Services) -> None:
    user = update.effective_user
    if user is None:
        return
    text = REFUSAL.format(user_id=user.id)
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
        return
    refused: dict[int, datetime] = context.bot_data.setdefault(REFUSALS_KEY, {})
    now = svc.clock()
    last = refused.get(user.id)
    if update.effective_message is None or (last is not None and now - last < REFUSAL_QUIET):
        return
    refused[user.id] = now
    log.info("refused user %s (not in NEWSBRIEF_ALLOWED_USERS)", user.id)
    await update.effective_message.reply_text(text)


__all__ = ["UserLimiter", "addressed_to_bot", "gate", "is_allowed", "limited", "register"]
