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
from tests.test_briefings_bot import CHAT, KYIV, WED, Crash, bot, briefings_to, fire, ledger
from tests.test_briefings_helpers import Clock, add_digest

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

_SYLLABLES = ["ka", "lo", "mi", "ne", "pu", "ra", "se", "ti", "vo", "zu"]


def summary_of(n: int) -> str:
    """A long summary (HTML-special characters included) in words no other story uses: each digest
    stays its own story, as distinct news would (twenty names each, as a real summary has dozens of
    words: grouping hashes words, and one chance collision must not outweigh a story's vocabulary)."""
    stem = "".join(_SYLLABLES[int(d)] for d in f"{n:03d}")
    words = [f"{stem}{_SYLLABLES[k // 10]}{_SYLLABLES[k % 10]}n".capitalize() for k in range(20)]
    sentence = f"{words[0]} & {words[1]} met {words[2]} about <{words[3]}>, {words[4]} and {words[5]}. "
    return sentence * 10 + f"{words[6]} thanked " + ", ".join(words[7:]) + "."


def add_stories(store: Any, count: int, now: Any, *, long: bool = False) -> list[int]:
    """`count` distinct stories "Story 0" .. "Story count-1", one digest each; their digest numbers.
    `long`: headlines of 200 characters and a link each, as wordy outlets write them."""
    return [
        add_digest(
            store,
            CHAT,
            now,
            f"Story {n}" + (f": {summary_of(n)}"[:200] if long else ""),
            summary=summary_of(n),
            figures=[],
            url=f"https://news.example.org/{'section/' * 8}story-{n}?utm_source=feed" if long else None,
        )
        for n in range(count)
    ]


def stories_seen(messages: list[str], count: int) -> list[int]:
    """How often each of Story 0 .. Story count-1 reached the chat in `messages`: shown in full or as
    one line, each names its story once (a story only counted in "…and N more" is not seen)."""
    seen = "\n".join(visible(m) for m in messages)
    return [len(re.findall(rf"\bStory {n}\b", seen)) for n in range(count)]


def refuse_html_with(fake_api: Any, marker: str, *, plain_too: bool = False) -> list[dict[str, Any]]:
    """Telegram answers 'message is too long' to a message containing `marker` (HTML, or any)."""
    refused: list[dict[str, Any]] = []
    deliver = fake_api._send_message

    def send_message(params: dict[str, Any], files: Any) -> Any:
        text = str(params.get("text", ""))
        if re.search(rf"\b{marker}\b", text) and (plain_too or params.get("parse_mode") == "HTML"):
            refused.append(dict(params))
            raise ApiError(400, "Bad Request: message is too long")
        return deliver(params, files)

    fake_api.set_handler("sendMessage", send_message)
    return refused


async def test_a_refused_part_goes_out_as_plain_text_and_the_rest_follows(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        add_stories(services.store, 25, clock.now)
        refused = refuse_html_with(fake_api, "Story 3")  # a story shown in full, with its buttons
        clock.set_local(KYIV, 2025, 11, 26, 8)
        await fire(app)
        assert refused, "the test must hit a refused part"
        delivered = fake_api.sent_messages(CHAT)[1:]  # after the /subscribe reply
        assert stories_seen([m.raw_text or "" for m in delivered], 25) == [1] * 25, (
            "every story arrived once, the refused one plainly"
        )
        (repaired,) = [m for m in delivered if re.search(r"\bStory 3\b", m.raw_text or "")]
        assert repaired.parse_mode is None and "<b>" not in (repaired.raw_text or "")
        assert refused[0]["reply_markup"] and repaired.reply_markup == refused[0]["reply_markup"], (
            "the repaired part keeps its Follow and Mute buttons"
        )
        record = ledger(services, WED)
        assert record.state == SENT and record.messages == len(delivered) <= 3
        clock.set_local(KYIV, 2025, 11, 27, 8)
        await fire(app)
        assert "Nothing new since Wed 26 Nov, 08:00" in visible(fake_api.messages_to(CHAT)[-1])


async def test_a_part_refused_even_as_plain_text_is_named_and_the_rest_follows(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        ids = add_stories(services.store, 25, clock.now)
        refuse_html_with(fake_api, "Story 3", plain_too=True)
        clock.set_local(KYIV, 2025, 11, 26, 8)
        await fire(app)
        delivered = fake_api.messages_to(CHAT)[1:]
        counts = stories_seen(delivered, 25)
        missing = [n for n, c in enumerate(counts) if c == 0]
        assert missing and 3 in missing, "the refused part's stories are not in the chat"
        assert all(counts[n] == 1 for n in range(25) if n not in missing), "every other story arrived once"
        (note,) = [m for m in delivered if "Telegram refused" in m]
        assert "message is too long" in note and "so it was skipped" in note
        assert all(f"#{ids[n]}" in note for n in missing), "the note names every story's digest it held"
        assert "/digest N" in note
        after = delivered[delivered.index(note) + 1 :]
        assert any("/unsubscribe: stop" in m for m in after), "the parts after the refused one arrived"
        assert ledger(services, WED).state == SENT
        shown = visible(await ask(fake_api, CHAT, f"/digest {ids[3]}"))
        assert "Story 3" in shown, "a skipped story is still one command away"


async def test_a_refused_on_demand_briefing_still_arrives(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "b.db", clock) as (_, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        add_stories(services.store, 1, clock.now)
        refuse_html_with(fake_api, "Story 0")
        clock.advance(minutes=1)
        await ask(fake_api, CHAT, "/briefing")  # the refused attempt
        await settle(fake_api)
        delivered = fake_api.messages_to(CHAT)[1:]  # after the /subscribe reply
        assert stories_seen(delivered, 1) == [1] and not any("Sorry" in m for m in delivered)


# What each run does before the process dies: deliver `sent` more parts, then die either before
# Telegram answers the next one or (`in_flight`) after Telegram delivered it but before the bot
# recorded that. Six crashes; runs with no new part in between (stalls) must not make it give up.
CRASHES = [
    (0, False),  # dies before the first part
    (1, False),  # part 1, then dies
    (0, True),  # part 2 reaches the chat, the record of it does not: the in-flight message
    (1, False),  # part 2 again (its only repeat), then dies
    (0, False),  # dies before part 3
    (0, False),  # and again
]


async def test_crashes_in_the_middle_are_resumed_until_every_part_is_delivered(
    fake_api: Any, tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "b.db"
    async with bot(fake_api, db, clock) as (app, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        add_stories(services.store, 40, clock.now)
        clock.set_local(KYIV, 2025, 11, 26, 8)
        real_send = scheduler.send_part
        crashes = 0
        while True:
            sent_this_run = 0
            plan = CRASHES[crashes] if crashes < len(CRASHES) else None

            async def send_then_die(*args: Any, plan: tuple[int, bool] | None = plan) -> None:
                nonlocal sent_this_run
                if plan is not None and sent_this_run == plan[0]:
                    if plan[1]:
                        await real_send(*args)
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
        assert outcome == SENT and crashes == len(CRASHES)
    async with bot(fake_api, db, clock) as (_, services):
        delivered = fake_api.messages_to(CHAT)[1:]
        assert len(set(delivered)) == 3, "a briefing of three parts"
        repeated = [m for m in set(delivered) if delivered.count(m) > 1]
        assert len(repeated) == 1 and delivered.count(repeated[0]) == 2, "only the in-flight part twice"
        assert stories_seen(list(dict.fromkeys(delivered)), 40) == [1] * 40, "all 40 stories delivered"
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


async def test_a_day_of_many_stories_fits_three_messages_and_names_every_story(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    """The 3-message cap shortens the one-line stories (no link, a cut headline) rather than leaving
    any out: each keeps its digest number, so /digest N opens it."""
    async with bot(fake_api, tmp_path / "b.db", clock) as (app, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        ids = add_stories(services.store, 150, clock.now, long=True)
        clock.set_local(KYIV, 2025, 11, 26, 8)
        await fire(app)
        delivered = fake_api.messages_to(CHAT)[1:]
        assert len(delivered) <= 3 and "/unsubscribe: stop" in delivered[-1]
        assert "150 stories since" in visible(delivered[0]) and "more" not in visible(delivered[-1])
        assert stories_seen(delivered, 150) == [1] * 150, "every story has its line"
        seen = visible("\n".join(delivered))
        assert all(f"#{digest}" in seen for digest in ids)
        assert "…" in seen, "the lines were shortened to fit"
        shown = visible(await ask(fake_api, CHAT, f"/digest {ids[-1]}"))
        assert "Story 149" in shown
