"""Briefings without Telegram: when they are due (DST included), the ledger, parsing and rendering."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from telegram.ext import ApplicationBuilder

from bot.briefings import scheduler
from bot.briefings.commands import ArgumentError, parse_subscribe_args, parse_time, parse_zone
from storage import Store
from storage.subscriptions import ABANDONED, SENT, SubscriptionStore
from tests.test_briefings_helpers import add_digest, sub

KYIV, NEW_YORK, KOLKATA = "Europe/Kyiv", "America/New_York", "Asia/Kolkata"


def local(zone: str, *args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone), fold=fold)  # type: ignore[misc]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


# --- when a briefing is due --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("zone", "at", "after", "expected_utc"),
    [
        # Europe/Kyiv springs forward on 30 Mar 2025 (03:00 -> 04:00), falls back on 26 Oct (04:00 -> 03:00).
        (KYIV, "08:00", utc(2025, 3, 29, 7), utc(2025, 3, 30, 5)),  # 08:00 EEST, an hour earlier in UTC
        (KYIV, "08:00", utc(2025, 10, 25, 7), utc(2025, 10, 26, 6)),  # 08:00 EET, an hour later in UTC
        (KYIV, "03:30", utc(2025, 3, 29, 12), utc(2025, 3, 30, 1)),  # 03:30 is skipped: at the jump, 04:00
        (KYIV, "03:30", utc(2025, 10, 25, 12), utc(2025, 10, 26, 0, 30)),  # 03:30 twice: the first one
        # America/New_York springs forward on 9 Mar 2025 (02:00 -> 03:00), falls back 2 Nov (02:00 -> 01:00).
        (NEW_YORK, "02:30", utc(2025, 3, 8, 12), utc(2025, 3, 9, 7)),  # 02:30 is skipped: at the jump, 03:00
        (NEW_YORK, "01:30", utc(2025, 11, 1, 12), utc(2025, 11, 2, 5, 30)),  # 01:30 twice: 01:30 EDT
        (NEW_YORK, "01:30", utc(2025, 11, 2, 5, 30), utc(2025, 11, 3, 6, 30)),  # not 01:30 EST the same day
        (NEW_YORK, "08:00", utc(2025, 11, 1, 13), utc(2025, 11, 2, 13)),
        (KOLKATA, "08:00", utc(2025, 11, 25, 3), utc(2025, 11, 26, 2, 30)),  # +05:30, no DST
        (KOLKATA, "23:45", utc(2025, 11, 25, 3), utc(2025, 11, 25, 18, 15)),
    ],
)
def test_next_delivery_on_dst_and_half_hour_zones(
    zone: str, at: str, after: datetime, expected_utc: datetime
) -> None:
    moment = scheduler.next_delivery(sub(zone, at), after)
    assert moment.utcoffset() == timedelta(0)
    assert moment == expected_utc


def test_a_skipped_time_is_delivered_when_the_clock_jumps_past_it() -> None:
    moment = scheduler.next_delivery(sub(NEW_YORK, "02:30"), utc(2025, 3, 8, 12)).astimezone(
        ZoneInfo(NEW_YORK)
    )
    assert (moment.day, moment.hour, moment.minute, moment.utcoffset()) == (9, 3, 0, timedelta(hours=-4))
    assert scheduler.due_date(sub(NEW_YORK, "02:30"), utc(2025, 3, 9, 6, 59)) is None  # 01:59 EST
    assert scheduler.due_date(sub(NEW_YORK, "02:30"), utc(2025, 3, 9, 7)) == date(2025, 3, 9)


def test_weekdays_only_skips_the_weekend() -> None:
    friday_evening = local(KYIV, 2025, 11, 28, 20)
    moment = scheduler.next_delivery(sub(KYIV, weekdays_only=True), friday_evening)
    assert moment == utc(2025, 12, 1, 6)  # Monday 08:00 EET
    assert scheduler.due_date(sub(KYIV, weekdays_only=True), local(KYIV, 2025, 11, 29, 9)) is None


def test_due_date_is_today_only_between_the_time_and_midnight() -> None:
    s = sub(KYIV)
    assert scheduler.due_date(s, local(KYIV, 2025, 11, 26, 7, 59)) is None
    assert scheduler.due_date(s, local(KYIV, 2025, 11, 26, 8)) == date(2025, 11, 26)
    assert scheduler.due_date(s, local(KYIV, 2025, 11, 26, 23, 59)) == date(2025, 11, 26)
    # Missed yesterday (bot down all evening) is not owed after midnight; today's is not due yet.
    assert scheduler.due_date(s, local(KYIV, 2025, 11, 27, 0, 1)) is None


def test_nothing_is_owed_for_a_time_that_passed_before_subscribing() -> None:
    s = sub(KYIV, since=local(KYIV, 2025, 11, 26, 10))  # subscribed at 10:00 for 08:00
    assert scheduler.due_date(s, local(KYIV, 2025, 11, 26, 11)) is None
    assert scheduler.due_date(s, local(KYIV, 2025, 11, 27, 8)) == date(2025, 11, 27)


def test_both_occurrences_of_a_repeated_time_map_to_the_same_local_date() -> None:
    # APScheduler fires 01:30 twice on fall-back night; both runs claim the same (chat, date) slot.
    s = sub(NEW_YORK, "01:30")
    first, second = utc(2025, 11, 2, 5, 30), utc(2025, 11, 2, 6, 30)
    assert scheduler.due_date(s, first) == scheduler.due_date(s, second) == date(2025, 11, 2)


def _cases() -> list[tuple[str, str, datetime, bool]]:
    transitions = [(KYIV, utc(2025, 3, 27)), (KYIV, utc(2025, 10, 23)), (NEW_YORK, utc(2025, 3, 6)),
                   (NEW_YORK, utc(2025, 10, 30)), (KOLKATA, utc(2025, 11, 20))]  # fmt: skip
    times = ["00:30", "01:30", "02:30", "03:30", "04:00", "08:00", "23:59"]
    cases = [(zone, at, start, False) for zone, start in transitions for at in times]
    return [*cases, (KYIV, "08:00", utc(2025, 10, 20), True), (NEW_YORK, "02:30", utc(2025, 3, 3), True)]


def _first_minute_showing(zone: ZoneInfo, day: date, at: str) -> datetime:
    """Oracle by brute force: the first UTC minute at which the wall clock on `day` reads >= `at`."""
    wanted = datetime.combine(day, parse_clock(at))
    moment = datetime.combine(day, parse_clock(at), tzinfo=zone).astimezone(UTC) - timedelta(hours=3)
    while moment.astimezone(zone).replace(tzinfo=None) < wanted:
        moment += timedelta(minutes=1)
    return moment


def parse_clock(at: str) -> time:
    hour, minute = at.split(":")
    return time(int(hour), int(minute))


@pytest.mark.parametrize(("zone", "at", "start", "weekdays_only"), _cases())
def test_the_job_trigger_fires_once_a_day_at_the_first_moment_the_clock_shows_the_time(
    zone: str, at: str, start: datetime, weekdays_only: bool
) -> None:
    """The trigger the JobQueue actually holds, stepped the way APScheduler steps it, against a
    brute-force oracle: every delivery day exactly once, none skipped after a DST night."""
    app = ApplicationBuilder().token("1:test").build()
    s = sub(zone, at, weekdays_only=weekdays_only)
    scheduler.schedule(app, s)
    (job,) = app.job_queue.get_jobs_by_name(scheduler.job_name(s.chat_id))  # type: ignore[union-attr]
    trigger = job.job.trigger
    fires, previous = [], None
    for _ in range(8):
        previous = trigger.get_next_fire_time(previous, previous or start)
        fires.append(previous)
    first_day = start.astimezone(s.zone).date()
    days = [first_day + timedelta(days=n) for n in range(20)]
    expected = [_first_minute_showing(s.zone, d, at) for d in days if scheduler.delivers_on(s, d)]
    expected = [moment for moment in expected if moment > start][:8]
    assert fires == expected
    assert fires == [scheduler.next_delivery(s, moment - timedelta(seconds=1)) for moment in fires]


# --- parsing what users type ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [("8", "08:00"), ("8:00", "08:00"), ("08:00", "08:00"), ("7.30", "07:30"), ("23:59", "23:59"),
     ("0:00", "00:00"), ("8am", "08:00"), ("12am", "00:00"), ("12pm", "12:00"), ("6:30PM", "18:30"),
     ("25:00", None), ("25:99", None), ("24:00", None), ("8:60", None), ("8:7", None), ("13pm", None),
     ("0am", None), ("eight", None), ("", None), ("08:00:00", None)],
)  # fmt: skip
def test_parse_time(text: str, expected: str | None) -> None:
    assert parse_time(text) == expected


def test_parse_zone_accepts_iana_names_in_any_case_and_unique_cities() -> None:
    assert parse_zone("Europe/Kyiv") == "Europe/Kyiv"
    assert parse_zone("europe/kyiv") == "Europe/Kyiv"
    assert parse_zone("Kolkata") == "Asia/Kolkata"
    assert parse_zone("new_york") == "America/New_York"
    assert parse_zone("UTC") == "UTC"
    assert parse_zone("Mars/Olympus") is None


def test_subscribe_arguments_in_either_order() -> None:
    assert parse_subscribe_args(["Europe/Kyiv", "07:30"]) == parse_subscribe_args(["07:30", "Europe/Kyiv"])
    request = parse_subscribe_args(["8", "am", "Asia/Kolkata"])
    assert (request.time_local, request.timezone) == ("08:00", "Asia/Kolkata")
    assert parse_subscribe_args([]).time_local is None


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["25:99"], "not a time of day"),
        (["08:00", "Mars/Olympus"], "not a time zone I know"),
        (["08:00", "Europe/Kyiv", "daily"], "Too many arguments"),
        (["07:00", "08:00"], "Two times"),
        (["Europe/Kyiv", "Asia/Kolkata"], "Two time zones"),
    ],
)
def test_bad_subscribe_arguments_are_explained(args: list[str], says: str) -> None:
    with pytest.raises(ArgumentError, match=says):
        parse_subscribe_args(args)


# --- the ledger --------------------------------------------------------------------------------
@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "ledger.db")


def _claim(subs: SubscriptionStore, run_id: str, max_attempts: int = 3) -> object:
    end = utc(2025, 11, 26, 6)
    return subs.claim(
        7, date(2025, 11, 26), window_start=end - timedelta(days=1), window_end=end, run_id=run_id,
        now=end, max_attempts=max_attempts,
    )  # fmt: skip


def test_a_slot_is_claimed_once_and_resumed_once_by_the_next_run(store: Store) -> None:
    subs = SubscriptionStore(store.db)
    subs.subscribe(7, "08:00", KYIV, now=utc(2025, 11, 20))
    first = _claim(subs, "run-1")
    assert first is not None
    assert _claim(subs, "run-1") is None, "a second trigger in the same run must not send again"
    assert subs.get(7).last_briefing_at == utc(2025, 11, 26, 6)  # type: ignore[union-attr]
    subs.record_progress(first, 1)  # type: ignore[arg-type]
    resumed = _claim(subs, "run-2")  # run-1 died while sending
    assert resumed is not None and resumed.attempt == 2 and resumed.messages_done == 1  # type: ignore[attr-defined]
    assert resumed.window_end == first.window_end  # type: ignore[attr-defined]
    subs.finish(resumed, state=SENT, digests=1, messages=2, now=utc(2025, 11, 26, 6, 1))  # type: ignore[arg-type]
    assert _claim(subs, "run-3") is None
    assert subs.briefing(7, date(2025, 11, 26)).state == SENT  # type: ignore[union-attr]


def test_a_slot_that_keeps_failing_is_abandoned(store: Store) -> None:
    subs = SubscriptionStore(store.db)
    assert _claim(subs, "run-1", max_attempts=2) is not None
    assert _claim(subs, "run-2", max_attempts=2) is not None
    assert _claim(subs, "run-3", max_attempts=2) is None
    assert subs.briefing(7, date(2025, 11, 26)).state == ABANDONED  # type: ignore[union-attr]


def test_subscribing_twice_changes_the_one_subscription(store: Store) -> None:
    subs = SubscriptionStore(store.db)
    subs.subscribe(7, "08:00", KYIV, now=utc(2025, 11, 20))
    subs.set_send_empty(7, False, now=utc(2025, 11, 20))
    changed = subs.subscribe(7, "09:30", KOLKATA, now=utc(2025, 11, 21))
    assert (changed.time_local, changed.timezone, changed.send_empty) == ("09:30", KOLKATA, False)
    assert store.count("subscriptions") == 1
    assert subs.deactivate(7, now=utc(2025, 11, 22)) is True
    assert subs.deactivate(7, now=utc(2025, 11, 22)) is False


def test_the_content_window_is_half_open(store: Store) -> None:
    start, end = utc(2025, 11, 25, 6), utc(2025, 11, 26, 6)
    at_start = add_digest(store, 7, start, "At the start")
    add_digest(store, 7, end, "At the end")  # belongs to the next briefing
    inside = add_digest(store, 7, end - timedelta(seconds=1), "Inside")
    add_digest(store, 8, start, "Another chat")
    assert SubscriptionStore(store.db).digest_ids(7, start, end) == [at_start, inside]
