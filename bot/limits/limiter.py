"""Per-sender limits: a sliding-window rate, a cap on articles in progress, and a queue behind it."""

from __future__ import annotations

import asyncio
import functools
import logging
import math
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from telegram import Update
from telegram.ext import ContextTypes

from ..services import services
from .keys import limit_key
from .notices import notices

log = logging.getLogger(__name__)

LIMITER_KEY = "user_limiter"
WINDOW = timedelta(minutes=1)
RATE_LIMITED = "You've sent {count} articles in the last minute; try again in {seconds} s."
QUEUE_FULL = (
    "I'm working on {running} of your articles and {waiting} more are waiting, the most I take at once; "
    "send these again when I've answered."
)

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


@dataclass
class _SenderState:
    accepted: deque[datetime] = field(default_factory=deque)  # times of articles taken in the window
    running: int = 0  # articles being worked on now
    waiting: deque[asyncio.Future[None]] = field(default_factory=deque)  # taken, waiting for a slot


@dataclass(frozen=True)
class Rejection:
    kind: str  # "rate" or "queue": refusals of one kind in one burst are named together
    text: str  # why, in one sentence


class Ticket:
    """An article taken: it runs now, or after the sender's earlier ones (`wait`); `release` when done."""

    def __init__(self, owner: UserLimiter, key: Hashable, turn: asyncio.Future[None] | None) -> None:
        self._owner, self._key, self._turn = owner, key, turn

    @property
    def queued(self) -> bool:
        return self._turn is not None and not self._turn.done()

    async def wait(self) -> None:
        if self._turn is None:
            return
        try:
            await self._turn
        except asyncio.CancelledError:
            self._owner.abandon(self._key, self._turn)
            raise

    def release(self) -> None:
        self._owner.release(self._key)


class UserLimiter:
    """Limits per sender (see keys.limit_key). Runs on the event loop only."""

    def __init__(
        self,
        clock: Callable[[], datetime],
        rate_per_minute: int,
        max_pending: int,
        max_queued: int = 0,
    ) -> None:
        self._clock = clock
        self.rate_per_minute = rate_per_minute
        self.max_pending = max_pending
        self.max_queued = max_queued
        self._senders: dict[Hashable, _SenderState] = {}

    def admit(self, key: Hashable) -> Ticket | Rejection:
        """Take one article from `key`, to run now or after its earlier ones, or say why not."""
        now = self._clock()
        state = self._senders.setdefault(key, _SenderState())
        while state.accepted and now - state.accepted[0] >= WINDOW:
            state.accepted.popleft()
        if self.rate_per_minute > 0 and len(state.accepted) >= self.rate_per_minute:
            seconds = max(1, math.ceil((state.accepted[0] + WINDOW - now).total_seconds()))
            return Rejection("rate", RATE_LIMITED.format(count=len(state.accepted), seconds=seconds))
        if self.max_pending > 0 and state.running >= self.max_pending:
            if len(state.waiting) >= self.max_queued:
                text = QUEUE_FULL.format(running=state.running, waiting=len(state.waiting))
                return Rejection("queue", text)
            turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            state.waiting.append(turn)
            state.accepted.append(now)
            return Ticket(self, key, turn)
        state.accepted.append(now)
        state.running += 1
        return Ticket(self, key, None)

    def release(self, key: Hashable) -> None:
        """One article of `key` is done: its slot passes to the next one waiting, or is freed."""
        state = self._senders.get(key)
        if state is None:
            return
        while state.waiting:
            turn = state.waiting.popleft()
            if not turn.done():  # a waiter cancelled meanwhile has no use for the slot
                turn.set_result(None)
                return
        state.running = max(0, state.running - 1)
        self._forget_if_idle(key, state)

    def abandon(self, key: Hashable, turn: asyncio.Future[None]) -> None:
        """A waiting article was cancelled (shutdown): leave the queue, or hand on a slot just given."""
        state = self._senders.get(key)
        if state is not None and turn in state.waiting:
            state.waiting.remove(turn)
        elif turn.done() and not turn.cancelled():
            self.release(key)

    def pending(self, key: Hashable) -> int:
        """Articles of `key` running or waiting."""
        state = self._senders.get(key)
        return state.running + len(state.waiting) if state else 0

    def in_progress(self) -> int:
        """Articles of all senders running or waiting (background feed work waits while this is > 0)."""
        return sum(state.running + len(state.waiting) for state in self._senders.values())

    def _forget_if_idle(self, key: Hashable, state: _SenderState) -> None:
        # Memory stays bounded by active senders: an idle one whose window has passed is dropped.
        if state.running or state.waiting:
            return
        if not state.accepted or self._clock() - state.accepted[-1] >= WINDOW:
            self._senders.pop(key, None)


def limiter(context: ContextTypes.DEFAULT_TYPE) -> UserLimiter:
    """The application's limiter, made on first use from the settings; reads time from services.clock."""
    found: UserLimiter | None = context.bot_data.get(LIMITER_KEY)
    if found is None:
        svc = services(context)
        found = UserLimiter(
            lambda: svc.clock(),  # late-bound: tests may swap the clock after start-up
            svc.settings.rate_per_minute,
            svc.settings.max_pending_per_user,
            svc.settings.max_queued_per_user,
        )
        context.bot_data[LIMITER_KEY] = found
    return found


def limited(callback: Callback) -> Callback:
    """Wrap an article handler: run it within the sender's limits; name what they refuse."""

    @functools.wraps(callback)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        key = limit_key(update)
        if key is None:
            await callback(update, context)
            return
        ticket = limiter(context).admit(key)
        if isinstance(ticket, Rejection):
            log.info("sender %s over limits: %s", key, ticket.text)
            if update.effective_message is not None:
                await notices(context).refused(key, update.effective_message, ticket)
            return
        if ticket.queued:
            log.info("sender %s: article queued behind earlier ones", key)
        await ticket.wait()
        try:
            await callback(update, context)
        finally:
            ticket.release()

    return wrapper
