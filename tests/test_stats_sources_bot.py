"""/stats for a chat that follows many sources, through the real bot: every source's line is shown,
split over as many messages as it takes, never dropped for length."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.sources.stats import MAX_LINES
from tests.chat_helpers import ask, settle, visible
from tests.feed_site import FeedSite
from tests.sources_helpers import CHAT, bot, follow, poll
from tests.test_briefings_helpers import Clock

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

# Names full of "&" are longer as Telegram HTML ("&amp;") than as text; failing fetches of several
# kinds make each source's line long: together past the length where /stats once dropped the block.
NAME = "A&B & C&D & E&F & G&H & I&J & K&L & M&N & O&P & Q&R no. {n}"
FAILURES = [
    (404, {}),
    (403, {}),
    (200, {}),
    (200, {"Content-Type": "image/png"}),
    (301, {"Location": "http://[bad"}),
]


async def test_stats_shows_every_followed_source_however_long(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    names = [f"feed{n}" for n in range(MAX_LINES + 1)]
    for n, name in enumerate(names):
        site.items[name] = []
        site.titles[name] = NAME.format(n=n)
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, _):
        for name in names:
            await follow(fake_api, app, site.url(f"/feed/{name}"))
        for status, headers in FAILURES:
            for name in names:
                site.fail[name] = (status, headers)
            clock.advance(hours=7)  # past the longest back-off, short of pausing the source
            await poll(app)

        since = len(fake_api.messages_to(CHAT))
        await ask(fake_api, CHAT, "/stats")
        await settle(fake_api)
        replies = fake_api.messages_to(CHAT)[since:]
        shown = "\n".join(visible(m) for m in replies)

        assert sum(len(m) for m in replies) > 4000, "past the old 4,000-character cut-off"
        assert "Newsbrief stats" in shown and "articles read" in shown
        assert f"Sources ({len(names)})" in shown
        lines = [row for row in shown.splitlines() if row.startswith("• A&B & C&D")]
        assert [row.split(":")[0] for row in lines] == [f"• {NAME.format(n=n)}" for n in range(MAX_LINES)]
        assert all("errors " in row and "dead_link 1" in row and "refused 1" in row for row in lines)
        assert "… and 1 more" in shown
