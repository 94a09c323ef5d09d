"""Cache poisoning by copied text: a page that copies another site's article word for word.

The attacker's copy (its own headline) is read first; later a user sends the real article's link.
The fetched text has the same content hash, but a page's text is only the same article within its own
registrable domain: the user gets the real page's headline and source. Forwarded text (no URL) still
matches by text, and a copy on the same site is still the same article.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from tests.chat_helpers import BOT_REPLIES, article_text, send, visible
from tests.feed_site import Item
from tests.harness import running_bot
from tests.local_web import RecordingBackend, Site, serve
from tests.sources_helpers import CHAT as SOURCES_CHAT
from tests.sources_helpers import bot as sources_bot
from tests.sources_helpers import feed_site, follow, long_text, poll
from tests.test_briefings_helpers import new_clock
from tests.test_hostile_links_bot import CHAT, _headline, _send, guard

__all__ = ["guard"]  # the fixture: fake DNS for the host names below, dialled on loopback

BODY = "\n".join(f"<p>{article_text('reservoir dam', i)}</p>" for i in range(3))


def _page(title: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><article><h1>{title}</h1>
{BODY}
</article></main></body></html>"""


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    async def page(request: web.Request) -> web.Response:
        host = request.host.split(":")[0]
        title = (
            "Dam burst hoax spreads" if host.startswith("attacker.") else f"Reservoir dam report on {host}"
        )
        return web.Response(text=_page(title), content_type="text/html")

    async with serve([web.get("/{tail:.*}", page)]) as local:
        yield local


@pytest.mark.parametrize("suffix", ["github.io", "blogspot.com"])
async def test_a_copy_on_another_site_does_not_answer_the_real_link(
    fake_api: Any, tmp_path: Path, site: Site, guard: RecordingBackend, suffix: str
) -> None:
    copy = site.url("/copied", host=f"attacker.{suffix}")
    real = site.url("/news/dam", host=f"victim.{suffix}")
    async with running_bot(fake_api, tmp_path / "db.sqlite", allow_private_urls=False) as (_, services):
        [fake] = await _send(fake_api, copy, "saved as #")
        assert _headline(fake) == "Dam burst hoax spreads"

        answer = (await _send(fake_api, real, "saved as #"))[-1]
        assert _headline(answer) == f"Reservoir dam report on victim.{suffix}"
        assert "already summarised" not in answer and "attacker" not in answer
        assert services.store.count("digests") == 2


async def test_the_same_text_on_the_same_site_or_forwarded_is_still_one_article(
    fake_api: Any, tmp_path: Path, site: Site, guard: RecordingBackend
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite", allow_private_urls=False) as (_, services):
        await _send(fake_api, site.url("/news/dam", host="news.bbc.co.uk"), "saved as #")
        again = (await _send(fake_api, site.url("/amp/dam", host="www.bbc.co.uk"), "saved as #"))[-1]
        assert "already summarised" in again
        assert _headline(again) == "Reservoir dam report on news.bbc.co.uk"

        text = "\n\n".join(article_text("reservoir dam", i) for i in range(3))
        forwarded = await send(fake_api, fake_api.text_message(CHAT, text), CHAT)
        assert "already summarised" in visible(forwarded.params["text"])
        assert services.store.count("digests") == 1


async def test_a_feed_cannot_file_its_text_under_another_sites_link(
    fake_api: Any, tmp_path: Path, site: Site, shared_dir: Path
) -> None:
    # An attacker's feed (127.0.0.1, port A) lists an item of its own words linking to the victim's
    # page (127.0.0.1, port B: another site). Its followers get the item; the page's link stays the page's.
    real = site.url("/news/dam")
    clock = new_clock()
    async with feed_site(shared_dir) as feeds:
        feeds.items["evil"] = []
        async with sources_bot(fake_api, tmp_path / "s.db", clock, feeds) as (app, services):
            await follow(fake_api, app, feeds.url("/feed/evil"))
            hoax = Item("x1", "Dam burst hoax spreads", long_text("dam hoax"), link=real, published=clock.now)
            feeds.items["evil"] = [hoax]
            clock.advance(hours=1)
            await poll(app)
            assert services.store.count("digests") == 1, "the feed item was summarised"

            since = len(fake_api.calls)
            fake_api.push_update(fake_api.text_message(SOURCES_CHAT, real))
            call = await fake_api.wait_for(
                lambda c: c.method in BOT_REPLIES and "saved as #" in str(c.params.get("text", "")),
                timeout=20,
                since=since,
            )
            answer = visible(call.params["text"])
            assert answer.splitlines()[0] == "Reservoir dam report on 127.0.0.1"
            assert "already summarised" not in answer and "hoax" not in answer


async def test_a_feed_cannot_retitle_another_sites_page_it_links_to(
    fake_api: Any, tmp_path: Path, site: Site, shared_dir: Path
) -> None:
    # The item is a teaser: the bot reads the linked page itself. What it stores under the page's
    # address is the page's own title, not the one the attacker's feed gave the item.
    real = site.url("/news/dam")
    clock = new_clock()
    async with feed_site(shared_dir) as feeds:
        feeds.items["evil"] = []
        async with sources_bot(fake_api, tmp_path / "s.db", clock, feeds) as (app, services):
            await follow(fake_api, app, feeds.url("/feed/evil"))
            teaser = Item("x2", "Dam burst hoax spreads", "Read more.", link=real, published=clock.now)
            feeds.items["evil"] = [teaser]
            clock.advance(hours=1)
            await poll(app)
            assert services.store.count("digests") == 1, "the page behind the teaser was summarised"

            since = len(fake_api.calls)
            fake_api.push_update(fake_api.text_message(SOURCES_CHAT, real))
            call = await fake_api.wait_for(
                lambda c: c.method in BOT_REPLIES and "saved as #" in str(c.params.get("text", "")),
                timeout=20,
                since=since,
            )
            answer = visible(call.params["text"])
            assert answer.splitlines()[0] == "Reservoir dam report on 127.0.0.1"
            assert "hoax" not in answer and "evil" not in answer
