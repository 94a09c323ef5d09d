"""Shared pieces of the source tests: a local feed site, the bot with a paused scheduler, polling."""

from __future__ import annotations

import re
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.services import Services
from bot.sources import poller, work
from storage.sources import SourceStore
from tests.chat_helpers import ask, settle, visible
from tests.feed_site import FeedSite, Item
from tests.harness import paused_bot
from tests.local_web import serve
from tests.test_briefings_helpers import Clock

CHAT = 7171
OTHER = 7272


_PLACES = [
    "Lviv",
    "Odesa",
    "Tbilisi",
    "Gdansk",
    "Porto",
    "Bergen",
    "Tallinn",
    "Cork",
    "Lyon",
    "Bari",
    "Malmo",
    "Varna",
    "Brno",
    "Split",
    "Kaunas",
    "Graz",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_EVENTS = [
    "A warehouse fire",
    "A tram derailment",
    "A chemical spill",
    "A bridge collapse",
    "A cyber attack",
    "A teachers' strike",
    "A landslide",
    "A gas explosion",
    "A hospital blackout",
    "A ferry grounding",
    "A stadium roof failure",
    "A dam breach",
    "A metro flood",
    "A refinery blaze",
    "A hailstorm",
    "A grain silo explosion",
]
_WHO = [
    "the mayor",
    "the fire chief",
    "the harbour master",
    "a police spokeswoman",
    "the health minister",
    "the rail operator",
    "the utility director",
    "an emergency coordinator",
    "the port authority",
    "the school inspector",
    "a geologist",
    "the county sheriff",
    "the airport manager",
    "a union leader",
    "the coast guard",
    "the environment agency",
]
_HURT = [
    "residents were evacuated",
    "workers were injured",
    "passengers were stranded",
    "pupils were sent home",
    "patients were transferred",
    "farmers lost livestock",
    "drivers were trapped",
    "tourists were rescued",
    "fishermen were missing",
    "miners were hurt",
]
_DAMAGED = [
    "homes lost power",
    "shops were flooded",
    "farms were burned",
    "offices were shut",
    "clinics closed",
    "garages were crushed",
    "kiosks were looted",
    "barns collapsed",
    "schools stayed closed",
    "depots were sealed",
]
_AFTERMATH = [
    "Engineers inspected cracked foundations along the riverbank and marked eleven buildings as unsafe",
    "Volunteers handed out blankets, bottled water and hot soup from a church hall near the station",
    "Investigators collected samples from storm drains and sent them to a laboratory in the capital",
    "Insurers sent assessors to tally claims, warning that payouts could take several months",
    "Divers searched the murky harbour with sonar until strong currents forced them back ashore",
    "Bulldozers cleared mud and fallen trees from the coastal highway so ambulances could pass",
    "Nurses moved newborns to a generator-powered ward while surgeons postponed routine operations",
    "Prosecutors opened a negligence inquiry and seized maintenance logs from the contractor's office",
    "Auditors questioned why the repair budget had been cut twice since the last inspection",
    "Firefighters cooled smouldering fuel tanks with foam to stop the flames from spreading further",
    "Parliament demanded an emergency hearing and summoned the responsible minister to testify",
    "Bakeries donated bread to shelters where families slept on camp beds in gymnasiums",
    "Railway crews replaced twisted tracks overnight, and commuter trains resumed a reduced timetable",
    "Veterinarians treated injured horses at a makeshift clinic set up on the racecourse",
    "Architects warned that cheap concrete used in the nineteen-seventies estates was crumbling",
    "Pharmacies ran short of bandages and antiseptic as queues stretched around the block",
]

_REACTION = [
    "Opposition lawmakers blamed years of underfunding and called for an independent review",
    "Local radio stations broadcast missing-person appeals every hour through the weekend",
    "Schoolchildren painted banners thanking the rescue teams who had worked without sleep",
    "The regional football derby was postponed, disappointing thousands of ticket holders",
    "A charity concert in the cathedral raised money for families who lost everything",
    "Satellite images released by the space agency showed the scale of the damage",
    "Meteorologists predicted calmer weather, although gusts might still topple weakened walls",
    "Economists estimated the losses at several million euros for the tourism season",
    "Trade unions accused managers of ignoring safety complaints filed last spring",
    "The archbishop visited survivors at the shelter and praised the neighbourly spirit",
    "A famous chef opened a free kitchen serving stew to anyone who needed a meal",
    "Historians noted that the old quarter had survived two wars and a plague",
    "Students launched a crowdfunding campaign that collected donations from forty countries",
    "Farmers offered tractors and trailers to carry furniture out of flooded cellars",
    "Telecom engineers restored mobile coverage after installing portable masts on rooftops",
    "The national lottery pledged grants for rebuilding the library and the museum",
]


def long_text(topic: str, n: int = 0) -> str:
    """About 100 words: more than a teaser, so the feed's own text is summarised.

    Each topic gets its own event, place, people and aftermath (chosen by the topic's words and
    `n`, so items 0-7 of one feed share none of them): two items are two stories to a reader and
    to story grouping. A template that differed only in a number would be one story told twice.
    """
    i = (zlib.crc32(re.sub(r"\d+", "", topic).encode()) + n) % 16
    place, other = _PLACES[i], _PLACES[(i + 5) % 16]
    event, who, day = _EVENTS[i], _WHO[i], _DAYS[i % 7]
    hurt, damaged = _HURT[i % 10], _DAMAGED[(i + 3) % 10]
    return (
        f"{event} hit {place} on {day}, {who} said of {topic}. "
        f"At least {7 + n} {hurt} and {118 + n} {damaged}. "
        f"{_AFTERMATH[i]}. {_AFTERMATH[(i + 8) % 16]}. {_REACTION[i]}. {_REACTION[(i + 8) % 16]}. "
        f"{other} sent {12 + n} trucks to {place}, and {who} promised a full account within a month."
    )


@asynccontextmanager
async def feed_site(shared_dir: Path) -> AsyncIterator[FeedSite]:
    feeds = FeedSite(shared=shared_dir / "eval" / "feeds")
    async with serve(feeds.routes(), stop=feeds.stop) as served:
        feeds.origin = served.url("")
        yield feeds


# The feed site every source test module takes. tests/conftest.py loads this module as a plugin, so it
# is there for every test; a module that defines its own `site` keeps its own.
@pytest.fixture
async def site(shared_dir: Path) -> AsyncIterator[FeedSite]:
    async with feed_site(shared_dir) as feeds:
        yield feeds


def items(clock: Clock, topic: str, count: int, *, start: int = 0, hours_apart: float = 1) -> list[Item]:
    """`count` items, newest first, the newest published an hour before the clock's now."""
    return [
        Item(
            guid=f"{topic}-{n}",
            title=f"{topic.title()} story {n}",
            text=long_text(f"{topic} {n}", n),
            published=clock.now - timedelta(hours=1 + hours_apart * (count - 1 - (n - start))),
        )
        for n in range(start + count - 1, start - 1, -1)
    ]


@asynccontextmanager
async def bot(
    fake_api: Any, db_path: Path, clock: Clock, site: FeedSite, **overrides: Any
) -> AsyncIterator[tuple[Application, Services]]:
    settings = {"tme_base": site.url("/tme"), "feed_jitter": 0.0, **overrides}
    async with paused_bot(fake_api, db_path, clock, **settings) as (app, services):
        await work.drain(app)  # whatever start-up took up
        yield app, services


async def poll(app: Application) -> None:
    await poller.poll_due(app)
    await work.drain(app)


async def follow(fake_api: Any, app: Application, text: str, chat_id: int = CHAT, **kw: Any) -> str:
    reply = await ask(fake_api, chat_id, f"/follow {text}", **kw)
    await work.drain(app)
    return visible(reply)


def store(services: Services) -> SourceStore:
    return SourceStore(services.store.db)


async def instant(fake_api: Any, app: Application, services: Services, chat_id: int = CHAT) -> None:
    for source in store(services).follows(chat_id):
        store(services).set_mode(chat_id, source.source.id, "instant")


def digests_to(fake_api: Any, chat_id: int = CHAT) -> list[str]:
    return [visible(m) for m in fake_api.messages_to(chat_id) if "saved as #" in m or "not summarised" in m]


async def briefing(fake_api: Any, clock: Clock, chat_id: int = CHAT) -> str:
    clock.advance(seconds=5)  # the window ends at "now", to the second
    since = len(fake_api.messages_to(chat_id))
    await ask(fake_api, chat_id, "/briefing")
    await settle(fake_api, 0.2)
    return "\n".join(visible(m) for m in fake_api.messages_to(chat_id)[since:])
