"""Posting somewhere other than a private chat: send options per destination, and what to do when
Telegram refuses a delivery because of the destination (bot removed, no right to post, topic gone).

Kept free of bot.briefings.scheduler (which imports this) so the scheduler can ask without a cycle.
"""

from __future__ import annotations

import logging
from typing import Any

import sqlite_utils
from telegram.error import TelegramError
from telegram.ext import Application

from storage.destinations import PAUSED_RIGHTS, PAUSED_TOPIC, Channel, DestinationStore

from ..outgoing import send_html
from ..outgoing.render import esc
from ..services import app_services

log = logging.getLogger(__name__)

PAUSED = "paused"  # what deliver_due reports for a delivery refused because of its destination

# Kinds of refusal, from Telegram's error text (the Bot API has no codes finer than 400/403).
CHANNEL_GONE = "channel-gone"  # 403 "bot is not a member of the channel chat", "bot was kicked ..."
CHANNEL_READ_ONLY = "channel-read-only"  # 400 "need administrator rights in the channel chat"
TOPIC_CLOSED = "topic-closed"  # 400 "TOPIC_CLOSED"
TOPIC_GONE = "topic-gone"  # 400 "message thread not found", "TOPIC_DELETED"


def refusal(exc: TelegramError) -> str | None:
    """The destination problem behind a 400/403, or None for anything else (kept as before)."""
    text = exc.message.lower()
    if "channel chat" in text:
        if "administrator rights" in text or "not enough rights" in text:
            return CHANNEL_READ_ONLY
        if "not a member" in text or "kicked" in text:
            return CHANNEL_GONE
    if "topic_closed" in text:
        return TOPIC_CLOSED
    if "message thread not found" in text or "topic_deleted" in text or "topic_id_invalid" in text:
        return TOPIC_GONE
    return None


def send_options(db: sqlite_utils.Database, chat_id: int, thread_id: int = 0) -> dict[str, Any]:
    """Extra send_message arguments for a destination: its forum topic, silent posting in a channel."""
    options: dict[str, Any] = {}
    if thread_id:
        options["message_thread_id"] = thread_id
    channel = DestinationStore(db).channel(chat_id)
    if channel is not None and channel.silent:
        options["disable_notification"] = True
    return options


def buttons_allowed(db: sqlite_utils.Database, chat_id: int) -> bool:
    """No buttons under channel posts: every reader could press them, changing it for all readers."""
    return DestinationStore(db).channel(chat_id) is None


def channel_name(channel: Channel) -> str:
    """«Title» (@username), HTML; a private channel has no username and is named by title alone."""
    name = f"«{esc(channel.title)}»"
    return f"{name} (@{esc(channel.username)})" if channel.username else name


def rights_lost_text(channel: Channel) -> str:
    return (
        f"I can no longer post in {channel_name(channel)} (I was removed or lost the right to post), "
        "so its daily briefing is paused. Make me an administrator with “Post messages” again and it "
        "resumes by itself."
    )


def cannot_post_text(channel: Channel) -> str:
    return (
        f"I may not post in {channel_name(channel)}: make me an administrator there with “Post "
        "messages”, then send /briefing again."
    )


async def pause(app: Application, chat_id: int, thread_id: int, kind: str) -> None:
    """Stop deliveries a refusal shows cannot succeed, and say so once, where someone can act."""
    svc = app_services(app)
    store = DestinationStore(svc.store.db)
    now = svc.clock()
    if kind in (CHANNEL_GONE, CHANNEL_READ_ONLY):
        store.pause(chat_id, PAUSED_RIGHTS, now=now)
        channel = store.channel(chat_id)
        if channel is not None:
            await tell_admin_once(app, channel)
        log.warning("chat %s: deliveries paused (%s)", chat_id, kind)
        return
    paused = store.pause(chat_id, PAUSED_TOPIC, now=now, thread_id=thread_id)
    log.warning("chat %s topic %s: posting paused (%s)", chat_id, thread_id, kind)
    state = "was closed" if kind == TOPIC_CLOSED else "no longer exists"
    what = "The daily briefing of a topic here is" if paused else "Posting in a topic here is"
    note = (
        f"{what} paused: the topic {state}. Send /subscribe in the topic where the briefing should go, "
        "or for a source /follow in that topic and resume it in /following."
    )
    try:  # the General topic: every member can read it and it cannot be closed away from them
        await send_html(app.bot, chat_id, note)
    except TelegramError as exc:
        log.warning("chat %s: could not post the paused-topic note (%s)", chat_id, exc)


async def tell_admin_once(app: Application, channel: Channel) -> None:
    """Tell the admin who manages the channel that its deliveries stopped, once per pause."""
    store = DestinationStore(app_services(app).store.db)
    if channel.added_by is None or not store.mark_notice(channel.chat_id, True):
        return
    await tell_admin(app, channel.added_by, rights_lost_text(channel))


async def tell_admin(app: Application, user_id: int, text: str) -> bool:
    """A private message to an admin; a 403 (never started the bot, or blocked it) means silence."""
    try:
        await send_html(app.bot, user_id, text)
    except TelegramError as exc:
        log.info("could not tell admin %s (%s)", user_id, exc)
        return False
    return True
