"""A bot that is safe to share: who may use it, what it answers in groups, how much one user may ask.

- The gate (a TypeHandler in group -1, before every other handler) drops group chatter that is not
  meant for the bot and refuses users outside the allowlist; raising ApplicationHandlerStop there
  means no feature handler ever sees such an update.
- `limited(callback)` wraps the article handler with a per-user limit on articles per minute and on
  articles in progress, so one user's flood cannot starve the others (updates run concurrently).
"""

from __future__ import annotations

import functools
import logging
import math
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from telegram import Bot, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes, TypeHandler, filters

from .services import Services, services

log = logging.getLogger(__name__)

LIMITER_KEY = "user_limiter"
REFUSALS_KEY = "access_refusals"
WINDOW = timedelta(minutes=1)
# A refused stranger hears "no" once an hour at most: the bot must not become their echo.
REFUSAL_QUIET = timedelta(hours=1)
REFUSAL = "Sorry, this Newsbrief bot is private. Ask its owner to add your Telegram id {user_id}."
RATE_LIMITED = "You've sent {count} articles in the last minute; try again in {seconds} s."
TOO_MANY_PENDING = "I'm still working on your {earlier}; send this one again when I've answered."
_GROUPS = {ChatType.GROUP, ChatType.SUPERGROUP}

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


def register(app: Application) -> None:
    """Install the gate before every other handler (group -1 runs first)."""
    app.add_handler(TypeHandler(Update, gate), group=-1)


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


# --- per-user limits -------------------------------------------------------------------------------


@dataclass
class _UserState:
    accepted: deque[datetime] = field(default_factory=deque)  # times of articles taken in the window
    pending: int = 0  # articles being worked on now
    rate_notice_until: datetime | None = None  # said "try again in N s"; quiet until then
    pending_notice: bool = False  # said "still working"; quiet until one finishes


@dataclass(frozen=True)
class Rejection:
    text: str
    notify: bool  # False when the user was already told and nothing changed since


class UserLimiter:
    """Sliding-window rate and a cap on work in progress, per user. Runs on the event loop only."""

    def __init__(self, clock: Callable[[], datetime], rate_per_minute: int, max_pending: int) -> None:
        self._clock = clock
        self.rate_per_minute = rate_per_minute
        self.max_pending = max_pending
        self._users: dict[int, _UserState] = {}

    def admit(self, user_id: int) -> Rejection | None:
        """Take one article from the user, or say why not; an admitted article must be released."""
        now = self._clock()
        state = self._users.setdefault(user_id, _UserState())
        while state.accepted and now - state.accepted[0] >= WINDOW:
            state.accepted.popleft()
        if self.max_pending > 0 and state.pending >= self.max_pending:
            notify = not state.pending_notice
            state.pending_notice = True
            earlier = "earlier article" if state.pending == 1 else f"{state.pending} earlier articles"
            return Rejection(TOO_MANY_PENDING.format(earlier=earlier), notify)
        if self.rate_per_minute > 0 and len(state.accepted) >= self.rate_per_minute:
            retry_at = state.accepted[0] + WINDOW
            seconds = max(1, math.ceil((retry_at - now).total_seconds()))
            notify = state.rate_notice_until is None or now >= state.rate_notice_until
            state.rate_notice_until = retry_at
            return Rejection(RATE_LIMITED.format(count=len(state.accepted), seconds=seconds), notify)
        state.accepted.append(now)
        state.pending += 1
        return None

    def release(self, user_id: int) -> None:
        state = self._users.get(user_id)
        if state is None:
            return
        state.pending = max(0, state.pending - 1)
        state.pending_notice = False
        if state.pending == 0 and not state.accepted:
            del self._users[user_id]  # keep memory bounded by active users
        elif state.pending == 0 and self._clock() - state.accepted[-1] >= WINDOW:
            del self._users[user_id]

    def pending(self, user_id: int) -> int:
        state = self._users.get(user_id)
        return state.pending if state else 0

    def in_progress(self) -> int:
        """Articles of all users being worked on now (background feed work waits while this is > 0)."""
        return sum(state.pending for state in self._users.values())


def limiter(context: ContextTypes.DEFAULT_TYPE) -> UserLimiter:
    """The application's limiter, made on first use from the settings; reads time from services.clock."""
    found: UserLimiter | None = context.bot_data.get(LIMITER_KEY)
    if found is None:
        svc = services(context)
        found = UserLimiter(
            lambda: svc.clock(),  # late-bound: tests may swap the clock after start-up
            svc.settings.rate_per_minute,
            svc.settings.max_pending_per_user,
        )
        context.bot_data[LIMITER_KEY] = found
    return found


def _user_key(update: Update) -> int | None:
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat else None  # channel posts


def limited(callback: Callback) -> Callback:
    """Wrap an article handler: refuse work over the user's limits with one clear reply."""

    @functools.wraps(callback)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        key = _user_key(update)
        if key is None:
            await callback(update, context)
            return
        users = limiter(context)
        rejection = users.admit(key)
        if rejection is not None:
            log.info("user %s over limits: %s", key, rejection.text)
            if rejection.notify and update.effective_message is not None:
                await update.effective_message.reply_text(rejection.text)
            return
        try:
            await callback(update, context)
        finally:
            users.release(key)

    return wrapper
