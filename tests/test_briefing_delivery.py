"""A briefing is delivered whole however unlucky the day: a part Telegram refuses is repaired or named,
and crashes in the middle are resumed for as long as each attempt gets further (issue 10, items 4-5)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from bot.briefings import scheduler
from storage.subscriptions import ABANDONED, SENT
from tests.chat_helpers import ask, settle, visible
from tests.fake_telegram import ApiError
from tests.test_briefings_bot import CHAT, KYIV, WED, Crash, bot, briefings_to, clock, fire, ledger
from tests.test_briefings_helpers import Clock, add_digest

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
__all__ = ["clock"]  # the fixture, imported for these tests

SUMMARY = "A detailed summary of what happened & why it matters <today>. " * 10


def stories_seen(fake_api: Any, count: int) -> list[int]:
    """How often the digest of each of Story 0 .. Story count-1 reached the chat (in any message)."""
    seen = "\n".join(visible(m) for m in fake_api.messages_to(CHAT))
    return [len(re.findall(rf"• Story {n}\n", seen)) for n in range(count)]


def refuse_html_with(fake_api: Any, marker: str, *, plain_too: bool = False) -> list[str]:
    """Telegram answers 'message is too long' to a message containing `marker` (HTML, or any)."""
    refused: list[str] = []
    deliver = fake_api._send_message

    def send_message(params: dict[str, Any], files: Any) -> Any:
        text = str(params.get("text", ""))
        if marker in text and (plain_too or params.get("parse_mode") == "HTML"):
            refused.append(text)
            raise ApiError(400, "Bad Request: message is too long")
        return deliver(params, files)

    fake_api.set_handler("sendMessage", send_message)
    return refused


async def test_a_refused_part_goes_out_as_plain_text_and_the_rest_follows(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        for n in range(25):
            add_digest(services.store, CHAT, clock.now, f"Story {n}", summary=SUMMARY)
        refused = refuse_html_with(fake_api, "Story 12")
        clock.set_local(KYIV, 2025, 11, 26, 8)
        await fire(app)
        assert refused, "the test must hit a refused part"
        assert stories_seen(fake_api, 25) == [1] * 25, "every story arrived once, the refused one plainly"
        record = ledger(services, WED)
        assert record.state == SENT and record.messages == len(fake_api.messages_to(CHAT)) - 1
        clock.set_local(KYIV, 2025, 11, 27, 8)
        await fire(app)
        assert "Nothing new since Wed 26 Nov, 08:00" in visible(fake_api.messages_to(CHAT)[-1])


async def test_a_part_refused_even_as_plain_text_is_named_and_the_rest_follows(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        ids = [add_digest(services.store, CHAT, clock.now, f"Story {n}", summary=SUMMARY) for n in range(25)]
        refuse_html_with(fake_api, "Story 12", plain_too=True)
        clock.set_local(KYIV, 2025, 11, 26, 8)
        await fire(app)
        counts = stories_seen(fake_api, 25)
        missing = [n for n, c in enumerate(counts) if c == 0]
        assert missing and 12 in missing and counts[-1] == 1, "the parts after the refused one arrived"
        (note,) = [m for m in fake_api.messages_to(CHAT) if "Telegram refused" in m]
        assert "message is too long" in note and "so it was skipped" in note
        assert all(f"#{ids[n]}" in note for n in missing), "the note names every digest it held"
        assert ledger(services, WED).state == SENT


async def test_a_refused_on_demand_briefing_still_arrives(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (_, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        add_digest(services.store, CHAT, clock.now, "Story 0")
        refuse_html_with(fake_api, "Story 0")
        clock.advance(minutes=1)
        await ask(fake_api, CHAT, "/briefing")  # the refused attempt
        await settle(fake_api)
        delivered = fake_api.messages_to(CHAT)[1:]  # after the /subscribe reply
        assert any("• Story 0" in m for m in delivered) and not any("Sorry" in m for m in delivered)


async def test_crashes_in_the_middle_are_resumed_until_every_part_is_delivered(
    fake_api: Any, tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each run delivers one more part, then dies before Telegram answers the next: six crashes."""
    db = tmp_path / "b.db"
    async with bot(fake_api, db, clock) as (app, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        for n in range(40):
            add_digest(services.store, CHAT, clock.now, f"Story {n}", summary=SUMMARY)
        clock.set_local(KYIV, 2025, 11, 26, 8)
        real_send = scheduler.send_part
        crashes = 0
        while True:
            sent_this_run = 0

            async def send_then_die(*args: Any) -> None:
                nonlocal sent_this_run
                if sent_this_run == 1:
                    raise Crash
                sent_this_run += 1
                await real_send(*args)

            with monkeypatch.context() as patch:
                patch.setattr(scheduler, "send_part", send_then_die)
                try:
                    outcome = await scheduler.deliver_due(app, CHAT)
                except Crash:
                    crashes += 1
                    scheduler.runtime(app).run_id = f"after-crash-{crashes}"  # the next process run
                    continue
            break
        assert outcome == SENT and crashes >= 5
    async with bot(fake_api, db, clock) as (_, services):
        assert stories_seen(fake_api, 40) == [1] * 40, "all 40 delivered, none twice"
        record = ledger(services, WED)
        assert record.state == SENT and record.attempts == crashes + 1


async def test_attempts_without_progress_give_up_but_the_next_briefing_carries_the_news(
    fake_api: Any, tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        add_digest(services.store, CHAT, clock.now, "Story 0")
        clock.set_local(KYIV, 2025, 11, 26, 8)

        async def die(*args: Any) -> None:
            raise Crash

        with monkeypatch.context() as patch:
            patch.setattr(scheduler, "send_part", die)
            for run in range(scheduler.MAX_ATTEMPTS):
                with pytest.raises(Crash):
                    await scheduler.deliver_due(app, CHAT)
                scheduler.runtime(app).run_id = f"run-{run}"
            assert await scheduler.deliver_due(app, CHAT) == "already handled"
        assert ledger(services, WED).state == ABANDONED
        kinds = [row["kind"] for row in services.store.db["errors"].rows]
        assert "BriefingAbandoned" in kinds
        clock.set_local(KYIV, 2025, 11, 27, 8)
        await fire(app)
        assert "Story 0" in briefings_to(fake_api)[-1], "the given-up briefing's news came the next day"
