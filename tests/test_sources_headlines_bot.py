"""The briefing's "Also new in the sources you follow" list through the real bot: each item a bounded
headline linking to the item, with its source's name bounded too (a feed may call itself anything)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.outgoing import SITE_CHARS, TITLE_CHARS
from tests.chat_helpers import visible
from tests.feed_site import FeedSite, Item
from tests.sources_helpers import CHAT, bot, briefing, follow, long_text, poll
from tests.test_briefings_helpers import Clock

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


async def test_a_long_headline_and_source_name_are_cut_and_still_linked(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["wordy"] = []
    site.titles["wordy"] = "The Endless Gazette " * 20
    async with bot(fake_api, tmp_path / "s.db", clock, site, feed_summaries_per_hour=0) as (app, _):
        await follow(fake_api, app, site.url("/feed/wordy"))
        site.items["wordy"] = [Item("w1", "Harbour storm " * 100, long_text("harbour"))]
        clock.advance(hours=1)
        await poll(app)
        since = len(fake_api.messages_to(CHAT))
        text = await briefing(fake_api, clock)

        (line,) = [row for row in text.splitlines() if row.startswith("• ")]
        headline, source = line[2:].split(" (", 1)
        assert headline.startswith("Harbour storm Harbour storm") and headline.endswith("…")
        assert len(headline) <= TITLE_CHARS
        assert source.startswith("The Endless Gazette") and source.endswith("… · busy)")
        assert len(source.split(" · ")[0]) <= SITE_CHARS
        raw = "\n".join(fake_api.messages_to(CHAT)[since:])
        assert f'<a href="{site.url("/story/w1")}">Harbour storm' in raw
        assert visible(raw).count("Harbour storm") < 30, "the title is not repeated in full"
