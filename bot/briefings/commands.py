"""Daily briefing commands: /subscribe, /unsubscribe, /briefing, /settings (and its buttons).

/briefing is an extra, on-demand briefing: it shows what is new since the last briefing and moves
the "since" mark, so the scheduled one that day still comes but holds only what arrived after it
(a user who just read everything does not want it again at 08:00, but does expect the daily one).
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, available_timezones

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from storage.destinations import PAUSED_RIGHTS, DestinationStore
from storage.subscriptions import Subscription, SubscriptionStore

from ..config import Settings
from ..destinations import Target, command_target, delivery, target_chat
from ..outgoing import clip, reply_html, unless_unchanged
from ..outgoing.render import esc
from ..services import services
from . import scheduler
from .render import describe

log = logging.getLogger(__name__)

EXAMPLE = "Example: <code>/subscribe 07:30 Europe/Kyiv</code>"
FALLBACK_TIME = "08:00"
NOT_SUBSCRIBED = (
    "You have no daily briefing. <code>/subscribe</code> starts one at the default time, or choose: "
    "<code>/subscribe 07:30 Europe/Kyiv</code>"
)
SETTINGS_USAGE = (
    "Change with the buttons, or: <code>/settings weekdays on|off</code> · "
    "<code>/settings empty on|off</code> · <code>/subscribe HH:MM Area/City</code>"
)
# ASCII digits only: \d and int() also take "٨" and "𝟖", which would set a time nobody typed.
_TIME = re.compile(r"^([0-9]{1,2})(?:[:.]([0-9]{2}))?([ap]\.?m\.?)?$", re.IGNORECASE | re.ASCII)
# Files in the zone database that are not places: the host's own zone, a placeholder, a rules template.
_NOT_ZONES = frozenset({"localtime", "factory", "posixrules", "leapseconds", "tzdata.zi", "zone.tab"})
_BUTTON = re.compile(r"^briefing:(weekdays|empty):(on|off)$")
_ON = {"on", "yes", "true", "1"}
_OFF = {"off", "no", "false", "0"}


def register(app: Application) -> None:
    """Add the briefing commands and queue the start-up job that rebuilds the schedule."""
    app.add_handler(CommandHandler("subscribe", on_subscribe))
    app.add_handler(CommandHandler("unsubscribe", on_unsubscribe))
    app.add_handler(CommandHandler("briefing", on_briefing))
    app.add_handler(CommandHandler("settings", on_settings))
    app.add_handler(CallbackQueryHandler(on_settings_button, pattern=_BUTTON))
    scheduler.install(app)


# --- parsing -------------------------------------------------------------------------------------
class ArgumentError(ValueError):
    """A user's argument we cannot use; the message (HTML) says why."""


@dataclass(frozen=True)
class SubscribeRequest:
    time_local: str | None = None
    timezone: str | None = None


def parse_time(text: str) -> str | None:
    """'8', '8:00', '08:00', '8.30', '8am', '6:30pm' -> 'HH:MM'; None when it is not a time of day."""
    match = _TIME.match(text.strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match.group(3).lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


@functools.cache
def real_zones() -> frozenset[str]:
    """IANA zone names a briefing may use: what zoneinfo lists, less the files that are no place."""
    return frozenset(
        name
        for name in available_timezones()
        if name.lower() not in _NOT_ZONES and not name.startswith(("posix/", "right/"))
    )


@functools.cache
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in real_zones()}


@functools.cache
def _zones_by_city() -> dict[str, list[str]]:
    cities: dict[str, list[str]] = {}
    for name in real_zones():
        if "/" in name:
            cities.setdefault(name.rsplit("/", 1)[1].lower(), []).append(name)
    return cities


def parse_zone(text: str) -> str | None:
    """An IANA zone name in any letter case, or a city alone when only one zone has it ('kyiv')."""
    key = text.strip().lower().replace(" ", "_")
    if key in _zone_names():
        return _zone_names()[key]
    matches = _zones_by_city().get(key, [])
    return matches[0] if len(matches) == 1 else None


def parse_subscribe_args(args: list[str]) -> SubscribeRequest:
    """Time and zone in either order, each optional; anything else is an ArgumentError."""
    args = _join_meridiem(args)
    if len(args) > 2:
        raise ArgumentError("Too many arguments: /subscribe takes a time and a time zone, in either order.")
    time_local: str | None = None
    zone: str | None = None
    for arg in args:
        if (parsed_time := parse_time(arg)) is not None and time_local is None:
            time_local = parsed_time
        elif (parsed_zone := parse_zone(arg)) is not None and zone is None:
            zone = parsed_zone
        else:
            raise ArgumentError(_explain(arg, time_local, zone))
    return SubscribeRequest(time_local, zone)


def _join_meridiem(args: list[str]) -> list[str]:
    """'8 am' arrives as two arguments; glue them back together."""
    joined: list[str] = []
    for arg in args:
        if joined and arg.lower().rstrip(".") in {"am", "pm", "a.m", "p.m"}:
            joined[-1] += arg
        else:
            joined.append(arg)
    return joined


def _explain(arg: str, time_local: str | None, zone: str | None) -> str:
    shown = f"“{esc(clip(arg, 40))}”"
    if parse_time(arg) is not None:
        return f"Two times given ({time_local} and {esc(clip(arg, 40))}): a briefing has one time."
    if parse_zone(arg) is not None:
        return f"Two time zones given ({zone} and {esc(clip(arg, 40))}): a briefing has one zone."
    if any(ch.isdigit() and not ch.isascii() for ch in arg):
        return f"{shown} has digits I don't read as a time. Write it with 0-9: 07:30, 8:00, 18:45 or 8am."
    if any(ch.isdigit() for ch in arg) and "/" not in arg:
        return f"{shown} is not a time of day. Use 24-hour HH:MM (07:30, 8:00, 18:45) or 8am / 6:30pm."
    return (
        f"{shown} is not a time zone I know. Use an IANA name, Area/City: Europe/Kyiv, "
        "America/New_York, Asia/Kolkata."
    )


def parse_switch(text: str) -> bool | None:
    word = text.strip().lower()
    return True if word in _ON else False if word in _OFF else None


def default_time(settings: Settings) -> str:
    parsed = parse_time(settings.default_briefing_time)
    if parsed is None:
        log.warning(
            "default briefing time %r is not HH:MM; using %s", settings.default_briefing_time, FALLBACK_TIME
        )
    return parsed or FALLBACK_TIME


# --- replies -------------------------------------------------------------------------------------
async def _reply(message: Message, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    await reply_html(message, text, reply_markup=markup)


def _days_text(sub: Subscription) -> str:
    return "Monday to Friday" if sub.weekdays_only else "every day"


def upcoming(store: SubscriptionStore, sub: Subscription, now: datetime) -> datetime:
    """The next delivery, skipping today when today's briefing is already sent (never twice a day)."""
    moment = scheduler.next_delivery(sub, now)
    today: date = now.astimezone(sub.zone).date()
    done = store.briefing(sub.chat_id, today, thread_id=sub.thread_id) is not None
    if moment.astimezone(sub.zone).date() == today and done:
        moment = scheduler.next_delivery(sub, scheduler.scheduled_at(sub, today))
    return moment


def _next_line(store: SubscriptionStore, sub: Subscription, now: datetime) -> str:
    return f"Next briefing: {describe(upcoming(store, sub, now), sub.timezone)}"


def settings_text(store: SubscriptionStore, sub: Subscription, now: datetime) -> str:
    empty = "a short “nothing new” message" if sub.send_empty else "no message"
    return (
        "<b>Daily briefing</b>\n"
        f"Time: {sub.time_local} ({esc(sub.timezone)})\n"
        f"Days: {_days_text(sub)}\n"
        f"When there is nothing new: {empty}\n"
        f"{_next_line(store, sub, now)}\n\n{SETTINGS_USAGE}"
    )


def settings_keyboard(sub: Subscription) -> InlineKeyboardMarkup:
    days = (
        InlineKeyboardButton("Every day", callback_data="briefing:weekdays:off")
        if sub.weekdays_only
        else InlineKeyboardButton("Monday to Friday only", callback_data="briefing:weekdays:on")
    )
    empty = (
        InlineKeyboardButton("No “nothing new” message", callback_data="briefing:empty:off")
        if sub.send_empty
        else InlineKeyboardButton("Send “nothing new”", callback_data="briefing:empty:on")
    )
    return InlineKeyboardMarkup([[days], [empty]])


# --- commands ------------------------------------------------------------------------------------
async def on_subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    try:
        request = parse_subscribe_args(list(context.args or []))
    except ArgumentError as exc:
        await _reply(message, f"{exc}\n{EXAMPLE}")
        return
    target = await target_chat(update, context)
    if target is None:
        return
    svc = services(context)
    store = scheduler.subscriptions(context.application)
    current = store.get(target.chat_id, thread_id=target.thread_id)
    now = svc.clock()
    if current and current.active and request == SubscribeRequest():
        text = f"{_summary(current)}\n{_next_line(store, current, now)}\n\n{SETTINGS_USAGE}"
        await _reply(message, target.prefix + text)
        return
    sub = store.subscribe(
        target.chat_id,
        request.time_local or (current.time_local if current else default_time(svc.settings)),
        request.timezone or (current.timezone if current else svc.settings.default_timezone),
        now=now,
        thread_id=target.thread_id,
    )
    if target.channel is not None and not target.channel.can_post:
        # Kept paused, not failing every morning: it starts when the bot gets the right to post.
        DestinationStore(svc.store.db).pause(target.chat_id, PAUSED_RIGHTS, now=now)
    else:
        scheduler.schedule(context.application, sub)
    log.info("chat %s/%s subscribed at %s %s", target.chat_id, target.thread_id, sub.time_local, sub.timezone)
    opening = "Briefing changed" if current and current.active else "Subscribed"
    text = (
        f"{opening}: {_summary(sub)}\n{_next_line(store, sub, now)}{_paused_note(target)}\n\n{SETTINGS_USAGE}"
    )
    await _reply(message, target.prefix + text)


def _paused_note(target: Target) -> str:
    if target.channel is not None and not target.channel.can_post:
        return "\n⚠ I may not post in the channel now: give me “Post messages” there and it starts."
    return ""


def _summary(sub: Subscription) -> str:
    return f"a daily briefing at {sub.time_local} ({esc(sub.timezone)}), {_days_text(sub)}."


async def on_unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await command_target(update, context)
    if found is None:
        return
    message, target = found
    store = scheduler.subscriptions(context.application)
    now = services(context).clock()
    if not store.deactivate(target.chat_id, now=now, thread_id=target.thread_id):
        await _reply(message, target.prefix + NOT_SUBSCRIBED)
        return
    scheduler.unschedule(context.application, target.chat_id, target.thread_id)
    log.info("chat %s/%s unsubscribed", target.chat_id, target.thread_id)
    await _reply(
        message,
        target.prefix + "Unsubscribed: no more daily briefings. /subscribe brings them back, same settings.",
    )


async def on_briefing(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Today's briefing now, on demand: everything since the last briefing (or the last 24 hours)."""
    found = await command_target(update, context)
    if found is None:
        return
    message, target = found
    chat_id, thread_id = target.chat_id, target.thread_id
    svc = services(context)
    store = scheduler.subscriptions(context.application)
    sub = store.get(chat_id, thread_id=thread_id)
    subscribed = sub is not None and sub.active
    now = svc.clock()
    end = now.replace(microsecond=0)
    start = scheduler.window_start(sub if subscribed else None, end)
    zone = sub.zone if sub else ZoneInfo(svc.settings.default_timezone)
    if subscribed:
        # Moved before the first await, so a scheduled briefing starting meanwhile cannot repeat these.
        store.advance_cursor(chat_id, end, thread_id=thread_id)
    try:
        today = now.astimezone(zone).date()
        parts, _ = scheduler.compose(
            svc, chat_id, start=start, end=end, local_date=today, zone=zone, quiet_when_empty=False
        )
        options = delivery.send_options(svc.store.db, chat_id, thread_id)
        for part in parts:
            await scheduler.send_part(context.application, chat_id, part, **options)
    except Exception as exc:
        if subscribed:
            assert sub is not None
            store.rewind_cursor(chat_id, expected=end, to=sub.last_briefing_at, thread_id=thread_id)
        if target.channel is not None and isinstance(exc, TelegramError) and delivery.refusal(exc):
            await _reply(message, target.prefix + delivery.cannot_post_text(target.channel))
            return
        raise
    if target.channel is not None:
        await _reply(message, f"{target.prefix}Posted the briefing in the channel.")
    elif not subscribed:
        await _reply(message, "Want this every morning? <code>/subscribe 07:30 Europe/Kyiv</code>")


async def on_settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await command_target(update, context)
    if found is None:
        return
    message, target = found
    store = scheduler.subscriptions(context.application)
    sub = store.get(target.chat_id, thread_id=target.thread_id)
    if sub is None or not sub.active:
        await _reply(message, target.prefix + NOT_SUBSCRIBED)
        return
    args = list(context.args or [])
    if args:
        option = args[0].lower() if len(args) == 2 else ""
        value = parse_switch(args[1]) if len(args) == 2 else None
        if option not in {"weekdays", "empty"} or value is None:
            await _reply(message, f"{target.prefix}I did not understand that. {SETTINGS_USAGE}")
            return
        sub = _apply(context, sub, option, value)
    now = services(context).clock()
    await _reply(message, target.prefix + settings_text(store, sub, now), settings_keyboard(sub))


async def on_settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None or not query.data:
        return
    await query.answer()
    target = await target_chat(update, context)
    if target is None:
        return
    match = _BUTTON.match(query.data)
    store = scheduler.subscriptions(context.application)
    sub = store.get(target.chat_id, thread_id=target.thread_id)
    if match is None or sub is None or not sub.active:
        await query.edit_message_text(target.prefix + NOT_SUBSCRIBED, parse_mode=ParseMode.HTML)
        return
    sub = _apply(context, sub, match.group(1), match.group(2) == "on")
    with unless_unchanged():  # a double tap on a stale keyboard changes nothing
        await query.edit_message_text(
            target.prefix + settings_text(store, sub, services(context).clock()),
            parse_mode=ParseMode.HTML,
            reply_markup=settings_keyboard(sub),
        )


def _apply(context: ContextTypes.DEFAULT_TYPE, sub: Subscription, option: str, value: bool) -> Subscription:
    store = scheduler.subscriptions(context.application)
    now = services(context).clock()
    if option == "weekdays":
        if value == sub.weekdays_only:
            return sub  # no schedule change, so no reset of what is owed today
        changed = store.set_weekdays_only(sub.chat_id, value, now=now, thread_id=sub.thread_id)
    else:
        changed = store.set_send_empty(sub.chat_id, value, now=now, thread_id=sub.thread_id)
    assert changed is not None  # the row exists: we just read it
    if option == "weekdays":
        scheduler.schedule(context.application, changed)
    return changed
