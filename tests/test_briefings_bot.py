"""Daily briefings end to end: the real Application against the fake Bot API, time moved by a clock.

The APScheduler loop is paused once start-up is done, so jobs run only when a test fires them
(`fire`): that is the job's real callback, run at the clock's "now".
"""

from __future__ import annotations

import asyncio
import re
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

from bot.briefings import commands as briefings
from bot.briefings import scheduler
from bot.services import SERVICES_KEY, Services
from storage import Store
from storage.subscriptions import BLOCKED, EMPTY, SENDING, SENT, SubscriptionStore, iso
from tests.chat_helpers import ask, buttons, send, visible
from tests.harness import bot_settings, extractive_summarizer
from tests.harness import paused_bot as bot
from tests.telegram_html import parse_html, utf16_len
from tests.test_briefings_helpers import Clock, add_digest

# AIORateLimiter itself reads RetryAfter.retry_after as an int, which PTB 22.2+ warns about.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

KYIV, NEW_YORK, KOLKATA = "Europe/Kyiv", "America/New_York", "Asia/Kolkata"
CHAT = 5151


class Crash(BaseException):
    """The process dying at a chosen line: not an Exception, so nothing in the bot catches it."""


async def fire(app: Application, chat_id: int = CHAT) -> None:
    """Run the chat's briefing job now, as APScheduler would at its time."""
    (job,) = app.job_queue.get_jobs_by_name(scheduler.job_name(chat_id))  # type: ignore[union-attr]
    await job.run(app)


def briefings_to(fake_api: Any, chat_id: int = CHAT) -> list[str]:
    return [m for m in fake_api.messages_to(chat_id) if "Your briefing" in m]


def ledger(services: Services, day: date, chat_id: int = CHAT) -> Any:
    return SubscriptionStore(services.store.db).briefing(chat_id, day)


WED = date(2025, 11, 26)


# --- subscribe and deliver -----------------------------------------------------------------------
async def test_subscribe_then_the_briefing_arrives_at_its_time(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, services):
        reply = await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        assert "Subscribed: a daily briefing at 08:00 (Europe/Kyiv), every day." in reply
        assert "Next briefing: Wed 26 Nov, 08:00 (Europe/Kyiv)" in reply
        clock.set_local(KYIV, 2025, 11, 24, 12)
        add_digest(services.store, CHAT, clock.now, "Old news from Monday")
        clock.set_local(KYIV, 2025, 11, 25, 12)
        add_digest(services.store, CHAT, clock.now, "Drones hit Kyiv overnight", source="Kyiv Independent")
        add_digest(services.store, CHAT, clock.now, "Markets calm", source="Reuters", figures=[])

        clock.set_local(KYIV, 2025, 11, 26, 7, 59)
        await fire(app)
        assert briefings_to(fake_api) == [], "not before its time"
        clock.set_local(KYIV, 2025, 11, 26, 8)
        await fire(app)
        clock.advance(minutes=1)
        await fire(app)  # a second trigger the same day

        (text,) = briefings_to(fake_api)
        seen = visible(text)
        assert seen.startswith("Your briefing · Wed 26 Nov\n2 stories since Tue 25 Nov, 08:00")
        assert seen.index("Key figures") < seen.index("118 drones") < seen.index("Kyiv Independent")
        assert "Reuters" in seen and "Old news" not in seen
        record = ledger(services, WED)
        assert (record.state, record.digests, record.messages) == (SENT, 2, 1)


async def test_changing_the_time_replaces_the_job_and_the_subscription(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        reply = await ask(fake_api, CHAT, "/subscribe 9:30")
        assert "Briefing changed: a daily briefing at 09:30 (Europe/Kyiv)" in reply
        reply = await ask(fake_api, CHAT, "/subscribe Asia/Kolkata")
        assert "09:30 (Asia/Kolkata)" in reply and "Next briefing: Wed 26 Nov, 09:30 (Asia/Kolkata)" in reply
        assert services.store.count("subscriptions") == 1
        (job,) = app.job_queue.get_jobs_by_name(scheduler.job_name(CHAT))  # type: ignore[union-attr]
        assert str(job.job.trigger) == "briefing[09:30 Asia/Kolkata daily]"


async def test_moving_the_time_later_after_todays_briefing_does_not_send_a_second(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, _):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        clock.set_local(KYIV, 2025, 11, 26, 8)
        await fire(app)
        clock.set_local(KYIV, 2025, 11, 26, 8, 30)
        reply = await ask(fake_api, CHAT, "/subscribe 09:30")
        assert "Next briefing: Thu 27 Nov, 09:30 (Europe/Kyiv)" in reply
        clock.set_local(KYIV, 2025, 11, 26, 9, 30)
        await fire(app)
        assert len(briefings_to(fake_api)) == 1


# --- restarts ------------------------------------------------------------------------------------
async def test_restart_before_the_time_rebuilds_the_job_and_delivers_at_the_time(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    db = tmp_path / "b.db"
    async with bot(fake_api, db, clock):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
    clock.set_local(KYIV, 2025, 11, 26, 7, 30)
    async with bot(fake_api, db, clock) as (app, _):
        (job,) = app.job_queue.get_jobs_by_name(scheduler.job_name(CHAT))  # type: ignore[union-attr]
        assert str(job.job.trigger) == "briefing[08:00 Europe/Kyiv daily]"
        assert briefings_to(fake_api) == [], "nothing is owed at 07:30"
        clock.set_local(KYIV, 2025, 11, 26, 8)
        await fire(app)
        assert len(briefings_to(fake_api)) == 1


async def test_restarts_after_the_time_send_the_missed_briefing_once(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    db = tmp_path / "b.db"
    async with bot(fake_api, db, clock) as (_, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        add_digest(services.store, CHAT, clock.now, "Story while subscribed")
    clock.set_local(KYIV, 2025, 11, 26, 10)  # the bot was down at 08:00
    async with bot(fake_api, db, clock):
        assert len(briefings_to(fake_api)) == 1, "caught up at start-up"
        assert "Story while subscribed" in briefings_to(fake_api)[0]
    clock.advance(minutes=1)
    async with bot(fake_api, db, clock):
        pass
    clock.advance(minutes=1)
    async with bot(fake_api, db, clock) as (_, services):
        assert len(briefings_to(fake_api)) == 1, "two more restarts, no second briefing"
        assert ledger(services, WED).attempts == 1


async def test_a_day_missed_entirely_is_not_sent_the_next_day(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    db = tmp_path / "b.db"
    async with bot(fake_api, db, clock):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
    clock.set_local(KYIV, 2025, 11, 27, 7)  # down from Tuesday until Thursday 07:00
    async with bot(fake_api, db, clock):
        assert briefings_to(fake_api) == []


async def test_a_crash_after_the_send_before_the_record_is_not_sent_again(
    fake_api: Any, tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "b.db"
    async with bot(fake_api, db, clock) as (app, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        clock.set_local(KYIV, 2025, 11, 26, 8)

        def die(*args: object, **kwargs: object) -> None:
            raise Crash

        with monkeypatch.context() as patch:
            patch.setattr(SubscriptionStore, "finish", die)
            with pytest.raises(Crash):
                await scheduler.deliver_due(app, CHAT)
        assert len(briefings_to(fake_api)) == 1
        assert ledger(services, WED).state == SENDING  # the process "died" here
    clock.advance(minutes=2)
    async with bot(fake_api, db, clock) as (_, services):
        record = ledger(services, WED)
        assert (record.state, record.attempts, record.messages) == (SENT, 2, 1)
    assert len(briefings_to(fake_api)) == 1, "every part was acknowledged: nothing to resend"


async def test_a_crash_before_telegram_answered_is_resent_once_after_restart(
    fake_api: Any, tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "b.db"
    async with bot(fake_api, db, clock) as (app, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        add_digest(services.store, CHAT, clock.now, "Story to deliver")
        clock.set_local(KYIV, 2025, 11, 26, 8)

        async def die_sending(*args: object) -> None:
            raise Crash

        with monkeypatch.context() as patch:
            patch.setattr(scheduler, "send_part", die_sending)
            with pytest.raises(Crash):
                await scheduler.deliver_due(app, CHAT)
        assert briefings_to(fake_api) == []
    clock.advance(minutes=2)
    async with bot(fake_api, db, clock):
        (text,) = briefings_to(fake_api)
        assert "Story to deliver" in text, "the same content as the claimed window"
    clock.advance(minutes=2)
    async with bot(fake_api, db, clock):
        assert len(briefings_to(fake_api)) == 1


async def test_a_crash_between_telegrams_answer_and_the_commit_repeats_only_that_part(
    fake_api: Any, tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documented price of never losing a briefing: the one part in flight may come twice."""
    db = tmp_path / "b.db"
    async with bot(fake_api, db, clock) as (app, _):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        clock.set_local(KYIV, 2025, 11, 26, 8)

        def die(*args: object) -> None:
            raise Crash

        with monkeypatch.context() as patch:
            patch.setattr(SubscriptionStore, "record_progress", die)
            with pytest.raises(Crash):
                await scheduler.deliver_due(app, CHAT)
    async with bot(fake_api, db, clock):
        assert len(briefings_to(fake_api)) == 2


# --- DST and half-hour zones ---------------------------------------------------------------------
async def test_new_york_repeated_hour_delivers_once(fake_api: Any, tmp_path: Path, clock: Clock) -> None:
    clock.set_local(NEW_YORK, 2025, 11, 1, 12)
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, services):
        reply = await ask(fake_api, CHAT, "/subscribe 01:30 America/New_York")
        assert "Next briefing: Sun 2 Nov, 01:30 (America/New_York)" in reply
        clock.now = clock.now.replace(year=2025, month=11, day=2, hour=5, minute=30)  # 01:30 EDT
        await fire(app)
        clock.advance(hours=1)  # 01:30 again, EST
        await fire(app)
        assert len(briefings_to(fake_api)) == 1
        assert ledger(services, date(2025, 11, 2)).state == SENT


async def test_new_york_skipped_hour_delivers_when_the_clock_jumps(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    clock.set_local(NEW_YORK, 2025, 3, 8, 12)
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, _):
        reply = await ask(fake_api, CHAT, "/subscribe 2:30 America/New_York")
        assert "Next briefing: Sun 9 Mar, 03:00 (America/New_York)" in reply
        clock.set_local(NEW_YORK, 2025, 3, 9, 1, 59)  # EST, a minute before the jump
        await fire(app)
        assert briefings_to(fake_api) == []
        clock.advance(minutes=1)  # 03:00 EDT
        await fire(app)
        assert len(briefings_to(fake_api)) == 1
        (job,) = app.job_queue.get_jobs_by_name(scheduler.job_name(CHAT))  # type: ignore[union-attr]
        following = job.job.trigger.get_next_fire_time(clock.now, clock.now)
        assert following == scheduler.scheduled_at(scheduler.subscriptions(app).get(CHAT), date(2025, 3, 10))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "utc_hour", "reply_day"),
    [(date(2025, 3, 30), 5, "Sun 30 Mar"), (date(2025, 10, 26), 6, "Sun 26 Oct")],
    ids=["spring-forward", "fall-back"],
)
async def test_kyiv_transition_days_deliver_at_8_local(
    fake_api: Any, tmp_path: Path, clock: Clock, day: date, utc_hour: int, reply_day: str
) -> None:
    clock.set_local(KYIV, day.year, day.month, day.day - 1, 12)
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, _):
        reply = await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        assert f"Next briefing: {reply_day}, 08:00 (Europe/Kyiv)" in reply
        clock.now = clock.now.replace(day=day.day, hour=utc_hour - 1, minute=59)
        await fire(app)
        assert briefings_to(fake_api) == []
        clock.advance(minutes=1)
        await fire(app)
        assert len(briefings_to(fake_api)) == 1


async def test_kolkata_half_hour_offset(fake_api: Any, tmp_path: Path, clock: Clock) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, _):
        reply = await ask(fake_api, CHAT, "/subscribe 08:00 Asia/Kolkata")
        assert "Next briefing: Wed 26 Nov, 08:00 (Asia/Kolkata)" in reply
        clock.now = clock.now.replace(day=26, hour=2, minute=29)  # 07:59 IST
        await fire(app)
        assert briefings_to(fake_api) == []
        clock.advance(minutes=1)
        await fire(app)
        assert len(briefings_to(fake_api)) == 1


# --- Telegram errors -----------------------------------------------------------------------------
async def test_a_blocked_chat_is_deactivated_and_the_others_still_get_theirs(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    chats = [601, 602, 603]
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, services):
        for chat in chats:
            await ask(fake_api, chat, "/subscribe 08:00 Europe/Kyiv")
        fake_api.block_chat(602)
        clock.set_local(KYIV, 2025, 11, 26, 8)
        await asyncio.gather(*(fire(app, chat) for chat in chats))
        assert len(briefings_to(fake_api, 601)) == len(briefings_to(fake_api, 603)) == 1
        subs = SubscriptionStore(services.store.db)
        assert subs.get(602).active is False  # type: ignore[union-attr]
        assert ledger(services, WED, 602).state == BLOCKED
        assert app.job_queue.get_jobs_by_name(scheduler.job_name(602)) == ()  # type: ignore[union-attr]
        assert [s.chat_id for s in subs.active()] == [601, 603]


async def test_a_flood_wait_is_honoured_and_the_briefing_still_arrives(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        clock.set_local(KYIV, 2025, 11, 26, 8)
        fake_api.fail_next("sendMessage", status=429, retry_after=1)
        started = time.perf_counter()
        await fire(app)
        assert time.perf_counter() - started >= 1.0, "waited retry_after before retrying"
        assert len(briefings_to(fake_api)) == 1
        assert ledger(services, WED).state == SENT


async def test_500_subscribers_at_the_same_minute_get_exactly_one_briefing_each(
    fake_api: Any, tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Flood control: every job fires at once; sends stay bounded, a 429 is retried, none doubled.

    Built by hand rather than through build_application only to raise AIORateLimiter's overall rate
    (production keeps Telegram's 30 messages/s; at that pace 500 messages take 17 s of CI time).
    """
    chats = list(range(10_000, 10_500))
    db = tmp_path / "b.db"
    store = Store(db)
    subs = SubscriptionStore(store.db)
    for chat in chats:
        subs.subscribe(chat, "08:00", KYIV, now=clock.now)
    add_digest(store, chats[0], clock.now, "Shared story")
    for chat in chats[1:]:
        store.touch_chat(chat, "private", None)
    store.db["requests"].insert_all(
        {"chat_id": c, "digest_id": 1, "cached": 1, "created_at": iso(clock.now)} for c in chats[1:]
    )
    store.db.conn.commit()
    settings = bot_settings(fake_api, db)
    app = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.telegram_base_url or "")
        .rate_limiter(AIORateLimiter(overall_max_rate=500, max_retries=3))
        .build()
    )
    app.bot_data[SERVICES_KEY] = Services(settings, store, extractive_summarizer(), clock)
    briefings.register(app)

    in_flight = peak = 0
    real_send = scheduler.send_part

    async def counting_send(*args: Any) -> None:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        try:
            await real_send(*args)
        finally:
            in_flight -= 1

    monkeypatch.setattr(scheduler, "send_part", counting_send)
    async with app:
        await app.start()
        await scheduler.wait_started(app)
        app.job_queue.scheduler.pause()  # type: ignore[union-attr]
        clock.set_local(KYIV, 2025, 11, 26, 8)
        fake_api.fail_next("sendMessage", status=429, retry_after=1)
        started = time.perf_counter()
        jobs = [app.job_queue.get_jobs_by_name(scheduler.job_name(c))[0] for c in chats]  # type: ignore[union-attr]
        await asyncio.gather(*(job.run(app) for job in jobs))
        elapsed = time.perf_counter() - started
        await app.stop()
    store.close()

    sends = fake_api.calls_of("sendMessage")
    assert len(sends) == 501, "500 briefings and one retry after the 429"
    assert all(len(briefings_to(fake_api, c)) == 1 for c in chats)
    assert "Shared story" in briefings_to(fake_api, chats[-1])[0]
    assert 0 < peak <= scheduler.MAX_PARALLEL_SENDS
    assert elapsed < 20, elapsed
    check = Store(db)
    states = {SubscriptionStore(check.db).briefing(c, WED).state for c in chats}  # type: ignore[union-attr]
    check.close()
    assert states == {SENT}


# --- commands ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("command", "says"),
    [
        ("/subscribe 25:99", "“25:99” is not a time of day"),
        ("/subscribe 08:00 Mars/Olympus", "“Mars/Olympus” is not a time zone I know"),
        ("/subscribe 08:00 Europe/Kyiv every day", "Too many arguments"),
    ],
)
async def test_bad_subscribe_input_is_answered_with_an_example(
    fake_api: Any, tmp_path: Path, clock: Clock, command: str, says: str
) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (_, services):
        reply = visible(await ask(fake_api, CHAT, command))
        assert says in reply
        assert "Example: /subscribe 07:30 Europe/Kyiv" in reply
        assert services.store.count("subscriptions") == 0


async def test_unsubscribe(fake_api: Any, tmp_path: Path, clock: Clock) -> None:
    db = tmp_path / "b.db"
    async with bot(fake_api, db, clock) as (app, _):
        assert "You have no daily briefing" in visible(await ask(fake_api, CHAT, "/unsubscribe"))
        await ask(fake_api, CHAT, "/subscribe 07:15 Asia/Kolkata")
        assert "Unsubscribed" in await ask(fake_api, CHAT, "/unsubscribe")
        assert app.job_queue.get_jobs_by_name(scheduler.job_name(CHAT)) == ()  # type: ignore[union-attr]
        assert "You have no daily briefing" in visible(await ask(fake_api, CHAT, "/unsubscribe"))
    async with bot(fake_api, db, clock) as (app, _):
        assert app.job_queue.get_jobs_by_name(scheduler.job_name(CHAT)) == ()  # type: ignore[union-attr]
        reply = await ask(fake_api, CHAT, "/subscribe")
        assert "Subscribed: a daily briefing at 07:15 (Asia/Kolkata)" in reply, "settings kept"


async def test_settings_weekdays_and_quiet_days(fake_api: Any, tmp_path: Path, clock: Clock) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, services):
        assert "You have no daily briefing" in visible(await ask(fake_api, CHAT, "/settings"))
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        shown = visible(await ask(fake_api, CHAT, "/settings"))
        assert (
            "Days: every day" in shown and "When there is nothing new: a short “nothing new” message" in shown
        )
        reply = visible(await ask(fake_api, CHAT, "/settings weekdays on"))
        assert "Days: Monday to Friday" in reply
        (job,) = app.job_queue.get_jobs_by_name(scheduler.job_name(CHAT))  # type: ignore[union-attr]
        assert str(job.job.trigger) == "briefing[08:00 Europe/Kyiv mon-fri]"
        assert "When there is nothing new: no message" in visible(
            await ask(fake_api, CHAT, "/settings empty off")
        )
        assert "I did not understand" in visible(await ask(fake_api, CHAT, "/settings colour blue"))

        clock.set_local(KYIV, 2025, 11, 29, 8)  # Saturday
        await fire(app)
        clock.set_local(KYIV, 2025, 12, 1, 8)  # Monday, nothing new
        await fire(app)
        assert briefings_to(fake_api) == []
        assert ledger(services, date(2025, 11, 29)) is None
        assert ledger(services, date(2025, 12, 1)).state == EMPTY


async def test_settings_buttons_toggle_and_edit_the_message(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (_, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        await ask(fake_api, CHAT, "/settings")
        message = fake_api.sent_messages(CHAT)[-1]
        data = buttons(fake_api, CHAT, message.message_id)["Monday to Friday only"]
        since = len(fake_api.calls)
        fake_api.push_update(fake_api.callback_query(CHAT, message.message_id, data))
        await fake_api.wait_for("editMessageText", since=since)
        assert "Days: Monday to Friday" in visible(fake_api.messages_to(CHAT)[-1])
        assert "Every day" in buttons(fake_api, CHAT, message.message_id)
        assert SubscriptionStore(services.store.db).get(CHAT).weekdays_only is True  # type: ignore[union-attr]


async def test_briefing_on_demand_moves_the_mark_for_the_scheduled_one(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        add_digest(services.store, CHAT, clock.now, "Read on demand")
        clock.set_local(KYIV, 2025, 11, 26, 7)
        text = await ask(fake_api, CHAT, "/briefing")
        assert "Read on demand" in text
        clock.set_local(KYIV, 2025, 11, 26, 7, 30)
        add_digest(services.store, CHAT, clock.now, "Arrived after")
        clock.set_local(KYIV, 2025, 11, 26, 8)
        await fire(app)
        scheduled = briefings_to(fake_api)[-1]
        assert "Arrived after" in scheduled and "Read on demand" not in scheduled
        assert "1 story since Wed 26 Nov, 07:00" in visible(scheduled)


async def test_briefing_without_a_subscription_shows_the_last_day_and_offers_one(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (_, services):
        await send(fake_api, fake_api.command(CHAT, "/briefing"), CHAT, count=2)
        briefing, hint = fake_api.messages_to(CHAT)
        assert "Nothing new since Mon 24 Nov, 08:00" in visible(briefing)  # UTC is the default zone
        assert "/subscribe" in hint
        add_digest(services.store, CHAT, clock.now, "Fresh story")
        clock.advance(minutes=1)
        await send(fake_api, fake_api.command(CHAT, "/briefing"), CHAT, count=2)
        assert "Fresh story" in fake_api.messages_to(CHAT)[-2]


TOPICS = (
    "harbour bridge",
    "wheat harvest",
    "chess olympiad",
    "volcano eruption",
    "satellite launch",
    "teachers strike",
    "museum theft",
    "tram tender",
    "measles outbreak",
    "copper mine",
    "marathon record",
    "opera premiere",
    "glacier retreat",
    "ferry collision",
    "bank merger",
    "vaccine trial",
    "lottery jackpot",
    "wildfire smoke",
    "airport runway",
    "zoo panda",
    "cyber attack",
    "river flood",
    "film festival",
    "nickel prices",
    "space telescope",
)


async def test_a_long_briefing_never_takes_more_than_three_messages(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        for topic in TOPICS:
            summary = f"The {topic} dominated the day & <today> it grew. " + f"More on the {topic}. " * 60
            add_digest(services.store, CHAT, clock.now, f"The {topic} story", summary=summary)
        clock.set_local(KYIV, 2025, 11, 26, 8)
        await fire(app)
        parts = fake_api.messages_to(CHAT)[1:]
        assert len(parts) == 3 and all(utf16_len(parse_html(p).text) <= 4096 for p in parts)
        seen = visible("\n".join(parts))
        assert "25 stories since" in seen
        # Every story is there: the first ones in full, the rest one line each (or counted).
        listed = sum(f"The {topic} story" in seen for topic in TOPICS)
        more = re.search(r"…and (\d+) more", seen)
        assert listed + (int(more.group(1)) if more else 0) == 25
        assert "Also in the news" in seen
        assert ledger(services, WED).messages == 3


async def test_a_transient_error_is_retried_later_the_same_day(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        clock.set_local(KYIV, 2025, 11, 26, 8)
        fake_api.fail_next("sendMessage", status=500, description="Internal Server Error")
        await fire(app)
        assert briefings_to(fake_api) == []
        assert ledger(services, WED).state == "failed"
        (retry,) = app.job_queue.get_jobs_by_name(f"briefing-retry:{CHAT}")  # type: ignore[union-attr]
        clock.advance(minutes=5)
        await retry.run(app)
        assert len(briefings_to(fake_api)) == 1
        record = ledger(services, WED)
        assert (record.state, record.attempts) == (SENT, 2)
