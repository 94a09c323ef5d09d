"""Daily briefing jobs: when a briefing is due, and sending it exactly once per (chat, local date).

The subscriptions table is the source of truth. At start-up one job rebuilds a job per active
subscription (PTB's JobQueue, i.e. APScheduler 3, with DailyBriefingTrigger below; no persistent job
store) and sends, once, every briefing whose time passed today while the bot was down.

Delivery protocol (the ledger is `briefings`, one row per chat and local date, see
storage/subscriptions.py):
1. claim: insert the (chat, date) row in state "sending" with the content window [start, end) fixed;
   the primary key makes a second claim (a duplicate trigger, a restart, a second process run) fail.
2. send the parts; after Telegram acknowledges each one, record how many are acknowledged.
3. mark the row "sent" (or "empty" when there was nothing and the user wants no message).
A row left in "sending" by a dead process is resumed by the next run on the same local date, from
the first unacknowledged part, as many times as it takes while attempts make progress (only
MAX_ATTEMPTS attempts in a row that deliver nothing give up, and then the next briefing starts where
this one started). A part Telegram refuses (bad request) is sent again as plain text, shortened, or
replaced by a note, so one bad part never holds back the rest. So a crash can never lose a
briefing, and can repeat at most the one part that was in flight when it died (Telegram has no
idempotency key, so that single part is the price of never losing one; the window between
Telegram's answer and our commit is microseconds, the window before the send is much longer).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.ext import Application, ContextTypes

from storage.destinations import DestinationStore
from storage.subscriptions import (
    BLOCKED,
    EMPTY,
    FAILED,
    SENT,
    Claim,
    Subscription,
    SubscriptionStore,
)

from ..destinations import delivery
from ..replies.origins import as_seen_by
from ..services import Services, app_services
from ..sources import briefing as source_briefing
from ..stories.briefing import compose_stories
from ..stories.render import BriefingPart
from .render import nothing_new
from .safe_send import chat_gone, send_html_or_repair

log = logging.getLogger(__name__)

RUNTIME_KEY = "briefings"
JOB_PREFIX = "briefing:"
MAX_ATTEMPTS = 3  # attempts in a row that deliver no new part (crash or transient error), then give up
RETRY_DELAY = timedelta(minutes=5)  # after a transient error (network, flood wait beyond retries)
MAX_PARALLEL_SENDS = 16  # briefings in flight at once; AIORateLimiter paces the messages themselves
NEW_SUBSCRIBER_WINDOW = timedelta(hours=24)
MAX_WINDOW = timedelta(days=7)  # after a long pause, a briefing is a week's news, not a year's
WORKDAYS = frozenset(range(5))  # date.weekday(): Monday=0 .. Friday=4


# --- when: pure functions, shared by the trigger, the catch-up and /subscribe's reply ---------------
def delivers_on(sub: Subscription, day: date) -> bool:
    return not sub.weekdays_only or day.weekday() in WORKDAYS


def scheduled_at(sub: Subscription, day: date) -> datetime:
    """The instant (UTC) of `day`'s briefing: the first moment the local clock shows the chosen time.

    A wall time that happens twice (01:30 when New York falls back) means the first one. A wall time
    the clock skips (02:30 when New York springs forward) means the moment of the jump (03:00 EDT):
    the earliest instant the clock reads past the chosen time, so the briefing is never later than
    it has to be.
    """
    first = datetime.combine(day, sub.at, tzinfo=sub.zone).astimezone(UTC)  # fold=0
    if first.astimezone(sub.zone).time() == sub.at:
        return first
    # In a gap: fold=1 reads the wall time with the offset after the jump, which puts it before the
    # jump; fold=0 puts it after. The jump itself lies between; find it to the second.
    wanted = datetime.combine(day, sub.at)
    before = datetime.combine(day, sub.at, tzinfo=sub.zone).replace(fold=1).astimezone(UTC)
    after = first
    while after - before > timedelta(seconds=1):
        middle = before + (after - before) / 2
        if middle.astimezone(sub.zone).replace(tzinfo=None) >= wanted:
            after = middle
        else:
            before = middle
    return after.replace(microsecond=0)


def next_delivery(sub: Subscription, after: datetime) -> datetime:
    """The first briefing strictly after `after`, as a UTC instant (what replies show, in the zone)."""
    after = after.astimezone(UTC)
    day = after.astimezone(sub.zone).date()
    for offset in range(8):
        candidate = day + timedelta(days=offset)
        if delivers_on(sub, candidate):
            at = scheduled_at(sub, candidate)
            if at > after:
                return at
    raise AssertionError("a subscription delivers at least five days a week")


def due_date(sub: Subscription, now: datetime) -> date | None:
    """The local date whose briefing is owed at `now`, if any.

    Owed: today is a delivery day, today's time has come, and it came after the schedule took effect
    (subscribing at 10:00 for 08:00 starts tomorrow). Once the local day is over it is not owed any
    more: a briefing missed while the bot was down is sent when it comes back only the same day.
    """
    day = now.astimezone(sub.zone).date()
    if not delivers_on(sub, day):
        return None
    at = scheduled_at(sub, day)
    # Instants compare in UTC (scheduled_at is UTC): aware datetimes that share a tzinfo compare by
    # wall time and ignore fold, which is wrong twice a year.
    return day if sub.schedule_since.astimezone(UTC) < at <= now.astimezone(UTC) else None


class DailyBriefingTrigger(BaseTrigger):
    """An APScheduler trigger that fires on next_delivery(), so the job and the replies agree.

    Not CronTrigger (PTB's run_daily): APScheduler 3.11's cron trigger adds 24 hours in UTC when it
    moves to the next day, so after a spring-forward night it skips a day for times before the jump
    (00:30 in Kyiv fires on 30 March, then 1 April; agronholm/apscheduler#606, #529), and it fires a
    repeated time twice in autumn.
    """

    __slots__ = ("sub",)

    def __init__(self, sub: Subscription) -> None:
        self.sub = sub

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime:
        # From the previous fire: the next day's slot. On a fresh job: a slot at `now` still counts.
        return next_delivery(self.sub, previous_fire_time or now - timedelta(microseconds=1))

    def __str__(self) -> str:
        days = "mon-fri" if self.sub.weekdays_only else "daily"
        return f"briefing[{self.sub.time_local} {self.sub.timezone} {days}]"


def window_start(sub: Subscription | None, end: datetime) -> datetime:
    """Where a briefing ending at `end` starts: the last briefing, or a day back for a new subscriber."""
    start = sub.last_briefing_at if sub and sub.last_briefing_at else end - NEW_SUBSCRIBER_WINDOW
    return max(start, end - MAX_WINDOW)


def job_name(chat_id: int, thread_id: int = 0) -> str:
    return f"{JOB_PREFIX}{chat_id}" + (f":{thread_id}" if thread_id else "")


# --- runtime state of this process run ---------------------------------------------------------
@dataclass
class Runtime:
    # Distinguishes "being sent by this run" from "left half-sent by a run that died".
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    gate: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(MAX_PARALLEL_SENDS))
    started: asyncio.Event = field(default_factory=asyncio.Event)


def install(app: Application) -> None:
    """Set up the runtime and queue the start-up job (runs as soon as the JobQueue starts)."""
    if app.job_queue is None:
        raise RuntimeError(
            'daily briefings need PTB\'s job queue: pip install "python-telegram-bot[job-queue]"'
        )
    app.bot_data[RUNTIME_KEY] = Runtime()
    # No misfire limit: start-up may take longer than APScheduler's default second of grace.
    app.job_queue.run_once(
        _on_startup, when=0, name="briefings:startup", job_kwargs={"misfire_grace_time": None}
    )


def runtime(app: Application) -> Runtime:
    return app.bot_data[RUNTIME_KEY]  # type: ignore[no-any-return]


async def wait_started(app: Application, timeout: float = 10.0) -> None:
    """Until jobs are rebuilt and the catch-up sends are done (tests and health checks)."""
    await asyncio.wait_for(runtime(app).started.wait(), timeout)


def subscriptions(app: Application) -> SubscriptionStore:
    return SubscriptionStore(app_services(app).store.db)


# --- jobs ----------------------------------------------------------------------------------------
def schedule(app: Application, sub: Subscription) -> None:
    """One job per subscription, replaced on every change; none for an inactive one."""
    unschedule(app, sub.chat_id, sub.thread_id)
    if not sub.active:
        return
    assert app.job_queue is not None
    app.job_queue.run_custom(
        _on_briefing_time,
        data=(sub.chat_id, sub.thread_id),
        name=job_name(sub.chat_id, sub.thread_id),
        # A late run (busy loop, suspended machine) still runs once; due_date() decides if it is owed.
        job_kwargs={"trigger": DailyBriefingTrigger(sub), "misfire_grace_time": None, "coalesce": True},
    )


def unschedule(app: Application, chat_id: int, thread_id: int = 0) -> None:
    assert app.job_queue is not None
    for job in app.job_queue.get_jobs_by_name(job_name(chat_id, thread_id)):
        job.schedule_removal()


def unschedule_chat(app: Application, chat_id: int) -> None:
    """Every job of a chat, its topics' included (the chat was forgotten or moved)."""
    assert app.job_queue is not None
    name = job_name(chat_id)
    for job in app.job_queue.jobs():
        if job.name == name or (job.name or "").startswith(name + ":"):
            job.schedule_removal()


async def _on_startup(context: ContextTypes.DEFAULT_TYPE) -> None:
    app = context.application
    try:
        subs = subscriptions(app).active()
        for sub in subs:
            schedule(app, sub)
        log.info("briefings: %d daily jobs rebuilt from the database", len(subs))
        outcomes = await asyncio.gather(*(deliver_due(app, sub.chat_id, sub.thread_id) for sub in subs))
        caught_up = sum(1 for outcome in outcomes if outcome in (SENT, EMPTY))
        if caught_up:
            log.info("briefings: %d missed briefing(s) of today sent at start-up", caught_up)
    finally:
        runtime(app).started.set()


async def _on_briefing_time(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The daily job and the retry job: both only ask for what is owed now."""
    assert context.job is not None
    chat_id, thread_id = context.job.data  # type: ignore[misc]
    await deliver_due(context.application, chat_id, thread_id)


# --- delivery ------------------------------------------------------------------------------------
async def deliver_due(app: Application, chat_id: int, thread_id: int = 0) -> str:
    """Send the chat's (topic's) briefing if one is owed now and nobody sent it yet; returns what
    happened."""
    svc = app_services(app)
    store = SubscriptionStore(svc.store.db)
    sub = store.get(chat_id, thread_id=thread_id)
    if sub is None or not sub.active:
        return "inactive"
    now = svc.clock()
    day = due_date(sub, now)
    if day is None:
        return "not due"
    end = now.replace(microsecond=0)  # request times are stored to the second
    claim = store.claim(
        chat_id,
        day,
        window_start=window_start(sub, end),
        window_end=end,
        run_id=runtime(app).run_id,
        now=now,
        max_attempts=MAX_ATTEMPTS,
        thread_id=thread_id,
    )
    if claim is None:
        return "already handled"
    if claim.attempt > 1:
        log.info("briefing %s for chat %s: resuming (attempt %d)", day, chat_id, claim.attempt)
    try:
        async with runtime(app).gate:
            return await _send_claimed(app, svc, store, sub, claim)
    except ChatMigrated as exc:  # the group became a supergroup: move its data, send there
        await migrated(app, chat_id, exc.new_chat_id)
        return await deliver_due(app, exc.new_chat_id, thread_id)


async def _send_claimed(
    app: Application, svc: Services, store: SubscriptionStore, sub: Subscription, claim: Claim
) -> str:
    try:
        parts, digests = compose(
            svc,
            claim.chat_id,
            start=claim.window_start,
            end=claim.window_end,
            local_date=claim.local_date,
            zone=sub.zone,
            quiet_when_empty=not sub.send_empty,
        )
        if not parts:
            store.finish(claim, state=EMPTY, digests=0, messages=0, now=svc.clock())
            return EMPTY
        options = delivery.send_options(svc.store.db, claim.chat_id, claim.thread_id)
        for index in range(claim.messages_done, len(parts)):
            await send_part(app, claim.chat_id, parts[index], _part_name(index, len(parts)), **options)
            store.record_progress(claim, index + 1)
    except ChatMigrated as exc:  # deliver_due moves the chat and sends there, outside the gate
        store.fail(claim, state=FAILED, error=f"moved to {exc.new_chat_id}")
        raise
    except (Forbidden, BadRequest) as exc:
        if (refusal := delivery.refusal(exc)) is not None:
            return await _paused(app, store, claim, refusal, exc)
        if isinstance(exc, BadRequest) and not chat_gone(exc):
            return _failed(app, store, claim, exc, retry=True)
        return _blocked(app, store, claim, exc, svc.clock())
    except TelegramError as exc:  # network, timeout, flood wait beyond the limiter's retries
        return _failed(app, store, claim, exc, retry=True)
    except Exception as exc:  # a bug: keep the slot resumable by the next run, not stuck in "sending"
        log.exception("briefing %s for chat %s failed", claim.local_date, claim.chat_id)
        store.fail(claim, state=FAILED, error=repr(exc))
        return FAILED
    store.finish(claim, state=SENT, digests=digests, messages=len(parts), now=svc.clock())
    log.info(
        "briefing %s sent to chat %s: %d digest(s), %d message(s)",
        claim.local_date,
        claim.chat_id,
        digests,
        len(parts),
    )
    return SENT


def compose(
    svc: Services,
    chat_id: int,
    *,
    start: datetime,
    end: datetime,
    local_date: date,
    zone: ZoneInfo,
    quiet_when_empty: bool,
) -> tuple[list[str | BriefingPart], int]:
    """The briefing's messages (stories, bot/stories/) and how many digests they hold; none when
    nothing is new and the subscriber chose quiet."""
    ids = SubscriptionStore(svc.store.db).digest_ids(chat_id, start, end)
    ids = source_briefing.add_source_digests(svc, chat_id, start, end, ids)  # followed sources' news
    found = [stored for stored in map(svc.store.load_digest, ids) if stored is not None]
    headlines = source_briefing.headline_parts(
        svc, chat_id, start, end, local_date=local_date, alone=not found
    )
    found = as_seen_by(svc.store, chat_id, found)  # credited as this chat received them
    if not found and not headlines and quiet_when_empty:
        return [], 0
    if not found:  # "nothing new" unless busy headlines carry the briefing's title themselves
        empty: list[str | BriefingPart] = (
            [] if headlines else [nothing_new(local_date=local_date, since=start, zone=zone)]
        )
        return empty + list(headlines), 0
    parts: list[str | BriefingPart] = list(
        compose_stories(svc, chat_id, found, local_date=local_date, since=start, end=end, zone=zone)
    )
    return parts + list(headlines), len(found)


async def send_part(
    app: Application,
    chat_id: int,
    part: str | BriefingPart,
    what: str = "a part of this briefing",
    **options: Any,
) -> None:
    """One part; a part Telegram refuses goes out repaired (plain, shortened) or as a note.
    `options` from delivery.send_options (forum topic, silent channel)."""
    text, markup = (part, None) if isinstance(part, str) else (part.text, part.markup)
    if markup is not None and not delivery.buttons_allowed(app_services(app).store.db, chat_id):
        markup = None
    await send_html_or_repair(app.bot, chat_id, text, what=what, reply_markup=markup, **options)


async def _paused(
    app: Application, store: SubscriptionStore, claim: Claim, refusal: str, exc: TelegramError
) -> str:
    # Not the chat's fault and not transient: pause (the slot stays resumable, not "sent") and say so
    # once; deliveries resume when the bot gets its right back or the topic's subscription is renewed.
    store.fail(claim, state=FAILED, error=f"{type(exc).__name__}: {exc}")
    unschedule(app, claim.chat_id, claim.thread_id)
    await delivery.pause(app, claim.chat_id, claim.thread_id, refusal)
    return delivery.PAUSED


async def migrated(app: Application, old: int, new: int) -> None:
    """Move a group's rows to its supergroup id and move its jobs with them."""
    svc = app_services(app)
    store = SubscriptionStore(svc.store.db)
    DestinationStore(svc.store.db).move_chat(old, new)
    unschedule_chat(app, old)
    for sub in store.active():
        if sub.chat_id == new:
            schedule(app, sub)


def _part_name(index: int, total: int) -> str:
    return "this briefing" if total == 1 else f"part {index + 1} of {total} of this briefing"


def _blocked(
    app: Application, store: SubscriptionStore, claim: Claim, exc: TelegramError, now: datetime
) -> str:
    # Retrying a chat that blocked the bot (or no longer exists) would fail forever: stop delivering.
    log.warning("chat %s blocked the bot or is gone (%s): subscription deactivated", claim.chat_id, exc)
    store.fail(claim, state=BLOCKED, error=str(exc))
    store.deactivate(claim.chat_id, now=now, thread_id=claim.thread_id)
    unschedule(app, claim.chat_id, claim.thread_id)
    return BLOCKED


def _failed(
    app: Application, store: SubscriptionStore, claim: Claim, exc: TelegramError, *, retry: bool
) -> str:
    store.fail(claim, state=FAILED, error=f"{type(exc).__name__}: {exc}")
    # The retry's claim decides whether to go on: it gives up only after attempts without progress.
    if retry:
        assert app.job_queue is not None
        app.job_queue.run_once(
            _on_briefing_time,
            when=RETRY_DELAY,
            data=(claim.chat_id, claim.thread_id),
            name=f"briefing-retry:{job_name(claim.chat_id, claim.thread_id)[len(JOB_PREFIX) :]}",
        )
        log.warning("briefing for chat %s failed (%s); retrying in %s", claim.chat_id, exc, RETRY_DELAY)
    else:
        log.error("briefing for chat %s failed (%s); not retrying", claim.chat_id, exc)
    return FAILED
