"""Channels: the bot notices being made an admin (my_chat_member), tells the admin who did it, and
that admin manages the channel from their private chat with /channels and its buttons."""

from __future__ import annotations

import logging
import re

from telegram import (
    ChatMemberAdministrator,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ChatType
from telegram.ext import Application, ContextTypes

from storage.destinations import PAUSED_RIGHTS, Channel, DestinationStore
from storage.subscriptions import SubscriptionStore

from ..briefings import scheduler
from ..outgoing import edit_html, reply_html, unless_unchanged
from ..outgoing.render import esc
from ..outgoing.split import visible_text
from ..services import app_services, services
from . import delivery
from .delivery import channel_name
from .target import may_manage, refusal_text

log = logging.getLogger(__name__)

BUTTON = re.compile(r"^dest:(use|silent|back)(?::(-?\d+))?(?::(on|off))?$")
PRIVATE_ONLY = (
    "Channels are managed from a private chat with me, so nobody else in this chat sees their settings: "
    "open a private chat with me and send /channels."
)
NONE_YET = (
    "You manage no channel with me yet. Add me to your channel as an administrator with the right to "
    "“Post messages” and I will tell you here; another admin of a channel I am in can send "
    "<code>/channels @channelname</code> (or the channel's id) to manage it too."
)


# --- the bot's own membership ---------------------------------------------------------------------
def can_post(update: ChatMemberUpdated) -> bool:
    member = update.new_chat_member
    return isinstance(member, ChatMemberAdministrator) and bool(member.can_post_messages)


async def on_my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was added to, promoted in, restricted in or removed from a channel."""
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.CHANNEL:
        return
    svc = services(context)
    store = DestinationStore(svc.store.db)
    chat, now, by = change.chat, svc.clock(), change.from_user
    posting = can_post(change)
    present = change.new_chat_member.status in ("administrator", "member", "creator")
    channel, could_post = store.save_channel(
        chat.id,
        title=chat.title or str(chat.id),
        username=chat.username,
        can_post=posting,
        added_by=by.id if by and posting else None,  # the one told about pauses later
        now=now,
    )
    if present and by is not None:  # whoever put the bot there may manage it
        store.add_manager(chat.id, by.id, now=now)
    log.info("channel %s: bot is %s (can post: %s)", chat.id, change.new_chat_member.status, posting)
    if posting and not could_post:
        await _gained(context.application, channel, by.id if by else None)
    elif not posting:
        await _lost(context.application, channel, by.id if by and present else None)


async def _gained(app: Application, channel: Channel, by: int | None) -> None:
    DestinationStore(app_services(app).store.db).mark_notice(channel.chat_id, False)
    if by is not None:
        await delivery.tell_admin(
            app,
            by,
            f"I can post in {channel_name(channel)} now. You manage it from here: /channels sets its "
            "daily briefing (time, zone, days) and whether posts are silent.",
        )
    await _resume(app, channel)


async def _lost(app: Application, channel: Channel, added_without_rights_by: int | None) -> None:
    svc = app_services(app)
    store = DestinationStore(svc.store.db)
    store.pause(channel.chat_id, PAUSED_RIGHTS, now=svc.clock())
    for thread in store.threads(channel.chat_id):
        scheduler.unschedule(app, channel.chat_id, thread)
    if added_without_rights_by is not None and channel.added_by is None:
        # Never could post: tell the one who added the bot what is missing.
        await delivery.tell_admin(
            app,
            added_without_rights_by,
            f"I am in {channel_name(channel)} but may not post there: give me the “Post messages” "
            "right and I will tell you when I can.",
        )
        return
    await delivery.tell_admin_once(app, channel)


async def _resume(app: Application, channel: Channel) -> None:
    """The bot may post again: restart what losing the right paused, and send today's if owed."""
    svc = app_services(app)
    threads = DestinationStore(svc.store.db).resume(channel.chat_id, PAUSED_RIGHTS, now=svc.clock())
    subs = SubscriptionStore(svc.store.db)
    for thread in threads:
        sub = subs.get(channel.chat_id, thread_id=thread)
        if sub is not None:
            scheduler.schedule(app, sub)
            await scheduler.deliver_due(app, channel.chat_id, thread)


# --- /channels ------------------------------------------------------------------------------------
async def on_channels(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    if chat.type != ChatType.PRIVATE:
        await reply_html(message, PRIVATE_ONLY)
        return
    args = list(context.args or [])
    if len(args) == 1:
        await _claim(update, context, args[0])
        return
    if args:
        await reply_html(message, "Use <code>/channels</code>, or <code>/channels @channelname</code>.")
        return
    text, markup = listing(context, user.id)
    await reply_html(message, text, reply_markup=markup)


async def _claim(update: Update, context: ContextTypes.DEFAULT_TYPE, name: str) -> None:
    """Another admin of a channel the bot is in asks to manage it too (checked with getChatMember)."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    svc = services(context)
    store = DestinationStore(svc.store.db)
    raw = name.strip()
    channel = store.channel(int(raw)) if re.fullmatch(r"-?\d+", raw) else store.channel_by_username(raw)
    if channel is None:
        await reply_html(
            message,
            f"I am not in a channel called {esc(raw[:64])}: add me there as an administrator with "
            "“Post messages”, then send /channels.",
        )
        return
    allowed = await may_manage(context.bot, channel.chat_id, user.id)
    if not allowed:
        await reply_html(message, refusal_text(channel, allowed))
        return
    store.add_manager(channel.chat_id, user.id, now=svc.clock())
    text, markup = listing(context, user.id)
    await reply_html(message, text, reply_markup=markup)


def listing(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> tuple[str, InlineKeyboardMarkup | None]:
    svc = services(context)
    store = DestinationStore(svc.store.db)
    channels = store.managed_by(user_id)
    if not channels:
        return NONE_YET, None
    subs = SubscriptionStore(svc.store.db)
    current = store.managing(user_id)
    lines = ["<b>Your channels</b>"]
    rows: list[list[InlineKeyboardButton]] = []
    for channel in channels:
        lines.append(f"• {channel_name(channel)}: {_state(channel, subs)}")
        silent = "🔕 silent" if channel.silent else "🔔 with sound"
        rows.append(
            [
                InlineKeyboardButton(
                    f"Manage {clip_title(channel)}", callback_data=f"dest:use:{channel.chat_id}"
                ),
                InlineKeyboardButton(
                    f"Posts: {silent}",
                    callback_data=f"dest:silent:{channel.chat_id}:{'off' if channel.silent else 'on'}",
                ),
            ]
        )
    if current is not None:
        lines.append(
            f"\nNow managing {channel_name(current)}: /subscribe, /settings, /unsubscribe and "
            "/briefing act on it."
        )
        rows.append([InlineKeyboardButton("↩ Back to this chat", callback_data="dest:back")])
    else:
        lines.append("\n“Manage” makes /subscribe, /settings, /unsubscribe and /briefing act on the channel.")
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def clip_title(channel: Channel) -> str:
    return channel.title if len(channel.title) <= 24 else channel.title[:23] + "…"


def _state(channel: Channel, subs: SubscriptionStore) -> str:
    sub = subs.get(channel.chat_id)
    if not channel.can_post:
        return "paused, I may not post there"
    if sub is None or not sub.active:
        return "no daily briefing"
    days = "Mon-Fri" if sub.weekdays_only else "daily"
    return f"briefing {days} at {sub.time_local} ({esc(sub.timezone)})"


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or not query.data or query.message is None:
        return
    match = BUTTON.match(query.data)
    if match is None:
        await query.answer()
        return
    action, raw_id, switch = match.groups()
    svc = services(context)
    store = DestinationStore(svc.store.db)
    now = svc.clock()
    if action == "back":
        store.set_managing(user.id, None, now=now)
        await query.answer("Commands act on this chat again.")
        await _refresh(update, context, user.id)
        return
    channel = store.channel(int(raw_id)) if raw_id else None
    if channel is None:
        await query.answer("I do not know that channel any more.", show_alert=True)
        return
    allowed = await may_manage(context.bot, channel.chat_id, user.id)
    if not allowed:
        current = store.managing(user.id)
        if current is not None and current.chat_id == channel.chat_id:
            store.set_managing(user.id, None, now=now)
        await query.answer(visible_text(refusal_text(channel, allowed))[:200], show_alert=True)
        return
    if action == "use":
        store.set_managing(user.id, channel.chat_id, now=now)
        await query.answer(f"Managing {channel.title[:150]}")
    else:
        store.set_silent(channel.chat_id, switch == "on", now=now)
        await query.answer("Posts will be silent." if switch == "on" else "Posts will notify.")
    await _refresh(update, context, user.id)


async def _refresh(update: Update, context: ContextTypes.DEFAULT_TYPE, user_id: int) -> None:
    query = update.callback_query
    assert query is not None and query.message is not None
    text, markup = listing(context, user_id)
    with unless_unchanged():  # a double tap changes nothing
        await edit_html(query.message, text, reply_markup=markup)  # type: ignore[arg-type]
