"""Stories through the real bot: articles from several outlets become one story in the briefing.

Sources are what a user sends today: links to pages on different sites (served by the local web
server) and posts forwarded from different channels. Each outlet is a source, like a followed feed.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.services import Services
from storage.stories import StoryStore
from tests.chat_helpers import BOT_REPLIES, ask, buttons, send, visible, wait_until
from tests.harness import paused_bot as bot
from tests.local_web import Site, serve
from tests.test_briefings_helpers import Clock

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

CHAT, OTHER = 7171, 7272
KYIV = "Europe/Kyiv"

KYIV_STRIKE = {
    "kyiv-wire": (
        "Kyiv Wire",
        "Russian drones kill seven in overnight attack on Kyiv",
        "Russia launched 118 drones at Kyiv overnight, killing seven people and injuring 23 others, "
        "the city's military administration said on Tuesday. Air defence units shot down most of the "
        "drones over the capital. Fires broke out in two residential buildings in the Solomianskyi "
        "district, and emergency crews worked through the night to put them out. Power was cut to "
        "several thousand homes on the left bank, the energy company DTEK said.",
    ),
    "capital-post": (
        "Capital Post",
        "Seven dead as Russian drones strike Kyiv's Solomianskyi district",
        "Seven people were killed when Russian drones struck Kyiv overnight, Ukraine's emergency "
        "service said. The attack damaged residential buildings in the Solomianskyi district of the "
        "capital, where rescuers searched the rubble. Mayor Vitali Klitschko said air defences were "
        "active across Kyiv for hours as 118 drones were launched. Schools in the district will stay "
        "closed on Wednesday while engineers inspect the damaged buildings.",
    ),
    "evening-dispatch": (
        "Evening Dispatch",
        "Kyiv counts the cost of overnight Russian drone strike",
        "Rescuers in Kyiv's Solomianskyi district pulled survivors from damaged residential buildings "
        "after Russia's overnight drone strike on the capital. Seven people were killed, the military "
        "administration said, and 23 were injured. Air defence units were active for hours over Kyiv. "
        "Residents spent the night in metro stations as the drones circled the capital.",
    ),
}
HARVEST = (
    "Farm Gazette",
    "Wheat harvest in Argentina beats forecasts",
    "Argentina's wheat harvest reached 19 million tonnes this season, beating forecasts by growers "
    "and the agriculture ministry. Exporters in Rosario expect shipments to Brazil and Indonesia to "
    "rise, while farmers in Buenos Aires province reported record yields after late rains. Prices "
    "for the new crop fell slightly on the Chicago exchange as traders priced in the larger supply.",
)
COMMITTEE = (
    "The Senate Judiciary Committee advanced the nomination of Amy Coney Barrett to the Supreme Court "
    "on Thursday, as Democrats boycotted the session. The nomination now goes to the full Senate for "
    "a final vote next week, Republican leaders in the Senate said after the committee session."
)
CONFIRMED = (
    "The Senate confirmed Amy Coney Barrett to the Supreme Court on Monday, cementing a conservative "
    "majority on the court. Barrett was sworn in at the White House hours later by Justice Clarence "
    "Thomas, and Republican leaders in the Senate praised the confirmation of Barrett."
)
SEVEN_KILLED = (
    "Seven people were killed in a Russian missile strike on the port city of Odesa overnight, "
    "the regional governor Oleh Kiper said. The missiles hit warehouses and a residential block near "
    "the Odesa port, and firefighters worked for hours to put out the blaze in the port district."
)
NINE_KILLED = (
    "The death toll from the Russian missile strike on the port city of Odesa overnight has risen: "
    "nine people were killed overnight, governor Oleh Kiper said. Rescuers searched the residential "
    "block near the Odesa port, where the missiles hit warehouses and started a blaze in the port district."
)
EIGHT_KILLED = (
    "Eight people were killed in a Russian missile strike on the port city of Odesa overnight, "
    "local officials said. Missiles hit warehouses and a residential block near the Odesa port, and "
    "firefighters fought the blaze in the port district for hours, governor Oleh Kiper said."
)


def page(site_name: str, title: str, body: str) -> str:
    paragraphs = "\n".join(f"<p>{sentence}.</p>" for sentence in body.rstrip(".").split(". "))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {site_name}</title>
<meta property="og:site_name" content="{site_name}"></head>
<body><header><a href="/">{site_name}</a> <a href="/subscribe">Subscribe</a></header>
<main><article><h1>{title}</h1>
{paragraphs}
</article></main><footer>&copy; {site_name}</footer></body></html>"""


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    pages = {**KYIV_STRIKE, "farm-gazette": HARVEST}

    async def article(request: web.Request) -> web.Response:
        return web.Response(text=page(*pages[request.match_info["slug"]]), content_type="text/html")

    async with serve([web.get("/news/{slug}", article)]) as local:
        yield local


async def digest_of(fake_api: Any, services: Services, update: dict[str, Any], chat: int = CHAT) -> int:
    """Push an article (link or forward); wait for its digest and its story; return the digest id."""
    call = await send(fake_api, update, chat, count=1)
    since = fake_api.calls.index(call)
    if "saved as #" not in str(call.params.get("text", "")):  # "Reading…" first for a link
        try:
            call = await fake_api.wait_for(
                lambda c: c.method in BOT_REPLIES and "saved as #" in str(c.params.get("text", "")),
                timeout=20,
                since=since,
            )
        except TimeoutError as exc:
            said = [c.params.get("text") for c in fake_api.calls[since:] if c.method in BOT_REPLIES]
            raise AssertionError(f"no digest; the bot said {said}") from exc
    digest_id = int(re.search(r"saved as #(\d+)", call.params["text"]).group(1))  # type: ignore[union-attr]
    await wait_until(lambda: StoryStore(services.store.db).story_of(digest_id) is not None)
    return digest_id


def forward(fake_api: Any, text: str, channel: str, chat: int = CHAT) -> dict[str, Any]:
    username = re.sub(r"\W", "", channel.lower())
    return fake_api.forwarded_channel_post(chat, text, channel_title=channel, channel_username=username)


async def briefing(fake_api: Any, clock: Clock, chat: int = CHAT) -> list[Any]:
    """A minute later, ask for /briefing; return the briefing's messages (text, id, buttons), in order."""
    clock.advance(minutes=1)
    before = {m.message_id for m in fake_api.sent_messages(chat)}
    since = len(fake_api.calls)
    fake_api.push_update(fake_api.command(chat, "/briefing"))
    await fake_api.wait_for(
        lambda c: c.method == "sendMessage" and "/unsubscribe: stop" in str(c.params.get("text", "")),
        timeout=10,
        since=since,
    )
    await asyncio.sleep(0.05)  # the "want this every morning?" reply may follow
    return [
        m
        for m in fake_api.sent_messages(chat)
        if m.message_id not in before and "Want this every morning" not in (m.raw_text or "")
    ]


def text_of(messages: list[Any]) -> str:
    return visible("\n".join(m.raw_text or "" for m in messages))


async def test_the_same_event_from_three_sites_is_one_story_with_three_sources(
    fake_api: Any, tmp_path: Path, site: Site, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "s.db", clock) as (_, services):
        ids = [
            await digest_of(fake_api, services, fake_api.text_message(CHAT, site.url(f"/news/{slug}")))
            for slug in (*KYIV_STRIKE, "farm-gazette")
        ]
        stories = StoryStore(services.store.db)
        kyiv = {stories.story_of(i) for i in ids[:3]}
        assert len(kyiv) == 1 and stories.story_of(ids[3]) not in kyiv

        seen = text_of(await briefing(fake_api, clock))
        assert "2 stories since" in seen
        assert seen.count("Also reported by") == 1
        sources = re.search(r"(Kyiv Wire|Capital Post|Evening Dispatch) · Also reported by (.+)", seen)
        assert sources is not None
        named = {sources.group(1), *sources.group(2).split(", ")}
        assert named == {"Kyiv Wire", "Capital Post", "Evening Dispatch"}
        assert "Wheat harvest" in seen


async def test_two_events_sharing_words_stay_two_stories(fake_api: Any, tmp_path: Path, clock: Clock) -> None:
    async with bot(fake_api, tmp_path / "s.db", clock) as (_, services):
        first = await digest_of(fake_api, services, forward(fake_api, COMMITTEE, "Capitol Report"))
        clock.advance(hours=20)
        second = await digest_of(fake_api, services, forward(fake_api, CONFIRMED, "Court Watch"))
        stories = StoryStore(services.store.db)
        assert stories.story_of(first) != stories.story_of(second)
        assert "2 stories since" in text_of(await briefing(fake_api, clock))


async def test_disagreeing_figures_show_both_with_their_sources(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "s.db", clock) as (_, services):
        await digest_of(fake_api, services, forward(fake_api, SEVEN_KILLED, "Odesa Today"))
        await digest_of(fake_api, services, forward(fake_api, EIGHT_KILLED, "Black Sea News"))
        seen = text_of(await briefing(fake_api, clock))
        assert "1 story since" in seen
        assert "7 killed (Odesa Today) · 8 killed (Black Sea News) overnight (night to Tue 25 Nov)" in seen


async def test_a_figure_update_shows_what_changed_since_the_last_briefing(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "s.db", clock) as (_, services):
        await ask(fake_api, CHAT, "/subscribe 08:00 Europe/Kyiv")
        await digest_of(fake_api, services, forward(fake_api, SEVEN_KILLED, "Odesa Today"))
        first = text_of(await briefing(fake_api, clock))
        assert "7 killed" in first and "→" not in first
        clock.set_local(KYIV, 2025, 11, 26, 11)  # Wednesday: the toll rises
        await digest_of(fake_api, services, forward(fake_api, NINE_KILLED, "Black Sea News"))
        calls = await briefing(fake_api, clock)
        assert "killed: 7 → 9 since Tue" in text_of(calls)
        html = "\n".join(m.raw_text or "" for m in calls)
        # Each number links to its source: the old one to Tuesday's post, the new one to today's.
        old, new = (
            r'<a href="https://t\.me/odesatoday/\d+">7</a>',
            r'<a href="https://t\.me/blackseanews/\d+">9</a>',
        )
        assert re.search(f"{old} → {new}", html)


async def test_follow_brings_an_update_and_mute_hides_the_story(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "s.db", clock) as (_, services):
        await digest_of(fake_api, services, forward(fake_api, SEVEN_KILLED, "Odesa Today"))
        (part,) = await briefing(fake_api, clock)
        message_id = part.message_id
        labels = buttons(fake_api, CHAT, message_id)
        assert set(labels) == {"Follow story 1", "Mute 1"}
        answer = await send_press(fake_api, message_id, labels["Follow story 1"])
        assert "Following" in answer
        await wait_until(lambda: "Unfollow 1" in buttons(fake_api, CHAT, message_id))
        assert "Stories you follow" in await ask(fake_api, CHAT, "/stories")

        # Another chat sends the same event from a new source, with a new toll: the follower hears.
        since = len(fake_api.calls)
        await digest_of(fake_api, services, forward(fake_api, NINE_KILLED, "Black Sea News", OTHER), OTHER)
        update = await fake_api.wait_for(
            lambda c: c.method == "sendMessage" and c.params.get("chat_id") in (CHAT, str(CHAT)),
            timeout=10,
            since=since,
        )
        seen = visible(update.params["text"])
        assert "Story update" in seen and "New source confirms it: Black Sea News" in seen
        assert "killed: 7 → 9" in seen
        # The same source again with the same figures: no second update.
        since = len(fake_api.calls)
        again = forward(fake_api, NINE_KILLED + " Updated.", "Black Sea News", OTHER)
        await digest_of(fake_api, services, again, OTHER)
        await asyncio.sleep(0.3)
        assert not [c for c in fake_api.calls[since:] if c.params.get("chat_id") in (CHAT, str(CHAT))]

        answer = await send_press(fake_api, message_id, labels["Mute 1"])
        assert "Muted" in answer
        await digest_of(fake_api, services, forward(fake_api, EIGHT_KILLED, "Port Herald"))
        seen = text_of(await briefing(fake_api, clock))
        assert "Odesa" not in seen


async def send_press(fake_api: Any, message_id: int, data: str) -> str:
    since = len(fake_api.calls)
    fake_api.push_update(fake_api.callback_query(CHAT, message_id, data))
    call = await fake_api.wait_for("answerCallbackQuery", timeout=10, since=since)
    return str(call.params.get("text", ""))


async def test_a_restart_keeps_stories_and_follows(fake_api: Any, tmp_path: Path, clock: Clock) -> None:
    db = tmp_path / "s.db"
    async with bot(fake_api, db, clock) as (_, services):
        first = await digest_of(fake_api, services, forward(fake_api, SEVEN_KILLED, "Odesa Today"))
        story = StoryStore(services.store.db).story_of(first)
        assert story is not None
        StoryStore(services.store.db).set_followed(CHAT, story, True)
    clock.advance(hours=3)
    async with bot(fake_api, db, clock) as (_, services):
        second = await digest_of(fake_api, services, forward(fake_api, EIGHT_KILLED, "Black Sea News"))
        assert StoryStore(services.store.db).story_of(second) == story
        listed = await ask(fake_api, CHAT, "/stories")
        assert "Stories you follow" in listed and "2 sources" in visible(listed)


async def test_relative_times_are_pinned_to_the_date_they_meant(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "s.db", clock) as (_, services):
        await digest_of(fake_api, services, forward(fake_api, SEVEN_KILLED, "Odesa Today"))
        clock.set_local(KYIV, 2025, 11, 26, 9)  # read the next morning
        seen = text_of(await briefing(fake_api, clock))
        assert "overnight (night to Tue 25 Nov)" in seen
