"""Malformed /follow, /unfollow, /filter and /stories (issue 10, the hostile user), through the real bot.

Each gets one clear sentence in chat (never "Sorry, something went wrong", never silence) and loses
nothing: the source the chat followed and the filters it had are still there afterwards.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.sources.filters import MAX_FILTERS
from tests.chat_helpers import ask, send, visible
from tests.feed_site import FeedSite
from tests.sources_helpers import CHAT, bot, feed_site, follow, store
from tests.test_briefings_helpers import new_clock

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

SORRY = "Sorry, something went wrong"
HUGE = "a" * 10_000


@pytest.fixture
async def site(shared_dir: Path) -> AsyncIterator[FeedSite]:
    async with feed_site(shared_dir) as feeds:
        feeds.items["news"] = []
        yield feeds


def _one_sentence(answer: str) -> str:
    text = visible(answer)
    assert text and SORRY not in text
    assert len(text) < 600, f"not one clear sentence: {text[:200]}…"
    return text


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (f"/follow {HUGE}.example", "too long for a link or channel name (at most 2,048 characters)"),
        (f"/follow https://example.com/{HUGE}", "too long"),
        ("/follow https://exa\x00mple.com/feed", "control characters"),
        ("/follow https://example.com/\x07feed", "control characters"),
        ("/follow javascript:alert(1)", "http:// or https://"),
        ("/follow file:///etc/passwd", "http:// or https://"),
        ("/follow ftp://example.com/feed.xml", "http:// or https://"),
        ("/follow http://127.0.0.1:9/feed", "private"),
        ("/follow http://[fec0::1]/feed", "private"),
        ("/follow hello world", "Send a feed or site link"),
        ("/unfollow", "Say which source"),
        (f"/unfollow {HUGE}", "This chat follows nothing called “aaaa"),
        ("/unfollow \x00\x01", "This chat follows nothing called"),
        (f"/filter include {HUGE}", "too long for a filter (at most 60 characters)"),
        ("/filter include bad\x00word", "control characters"),
        (f"/filter {HUGE}", "I don't know “aaaa"),
        ("/filter include", "Give the words too"),
        (f"/stories {HUGE}", "You follow no stories"),
    ],
)
async def test_a_malformed_command_gets_one_sentence_and_loses_nothing(
    fake_api: Any, tmp_path: Path, site: FeedSite, command: str, expected: str
) -> None:
    clock = new_clock()
    async with bot(fake_api, tmp_path / "s.db", clock, site, allow_private_urls=False) as (_, services):
        store(services).add_source(site.url("/feed/news"), "feed", "News", None, now=clock.now)
        source = store(services).source_by_url(site.url("/feed/news"))
        assert source is not None
        store(services).follow(CHAT, source.id, now=clock.now, mode="briefing")
        store(services).add_filter(CHAT, "exclude", "sport")

        answer = _one_sentence(await ask(fake_api, CHAT, command))
        assert expected in answer, answer
        assert "\x00" not in answer
        assert [f.source.url for f in store(services).follows(CHAT)] == [site.url("/feed/news")]
        assert store(services).filters(CHAT) == [("exclude", "sport")]


async def test_the_filter_cap_is_stated_and_keeps_every_filter(
    fake_api: Any, tmp_path: Path, site: FeedSite
) -> None:
    clock = new_clock()
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (_, services):
        for n in range(MAX_FILTERS):
            store(services).add_filter(CHAT, "exclude", f"word{n}")
        answer = _one_sentence(await ask(fake_api, CHAT, "/filter exclude one more"))
        assert f"This chat has {MAX_FILTERS} filters, the most I allow" in answer
        assert len(store(services).filters(CHAT)) == MAX_FILTERS
        listing = visible(await ask(fake_api, CHAT, "/filter"))
        assert "word0" in listing and f"word{MAX_FILTERS - 1}" in listing


async def test_the_source_cap_is_stated(fake_api: Any, tmp_path: Path, site: FeedSite) -> None:
    clock = new_clock()
    async with bot(fake_api, tmp_path / "s.db", clock, site, max_sources_per_chat=1) as (app, services):
        await follow(fake_api, app, site.url("/feed/news"))
        answer = _one_sentence(await ask(fake_api, CHAT, f"/follow {site.url('/feed/other')}"))
        assert "This chat already follows 1 sources, the most I allow." in answer
        assert len(store(services).follows(CHAT)) == 1


async def test_an_opml_file_past_the_source_cap_is_not_fetched_and_the_rest_are_named(
    fake_api: Any, tmp_path: Path, site: FeedSite
) -> None:
    clock = new_clock()
    urls = [site.url(f"/feed/f{n}") for n in range(300)]
    for n in range(300):
        site.items[f"f{n}"] = []
    body = "".join(f'<outline text="F{n}" xmlUrl="{url}"/>' for n, url in enumerate(urls))
    data = f'<?xml version="1.0"?><opml version="2.0"><body>{body}</body></opml>'.encode()
    async with bot(fake_api, tmp_path / "s.db", clock, site, max_sources_per_chat=3) as (_, services):
        fake_api.register_file("MANY", data)
        update = fake_api.document_message(CHAT, "MANY", "many.opml", mime_type="text/x-opml")
        call = await send(fake_api, update, CHAT, count=2)
        report = visible(call.params["text"])
        assert report.startswith("OPML import: 3 added, 0 already followed, 0 refused.")
        rest = visible("\n".join(fake_api.messages_to(CHAT)))
        assert "Not imported: 297 more feed(s), because a chat may follow at most 3 sources." in rest
        assert urls[3] in rest and "…and 247 more." in rest
        assert sum(site.hits[f"/feed/f{n}"] for n in range(300)) <= 3 * 2  # only what could be followed
        assert len(store(services).follows(CHAT)) == 3
