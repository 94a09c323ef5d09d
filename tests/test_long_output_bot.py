"""Oversized output through the real bot: every reply fits Telegram's limits and parses, whatever the page.

The fake Bot API refuses what Telegram refuses (tags that do not nest, more than 4,096 UTF-16 units of
parsed text), so a reply that would break in production fails here with "can't parse entities" or
"message is too long", the bot answers "Sorry…", and the test sees it.
"""

from __future__ import annotations

import html
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from aiohttp import web

from tests.chat_helpers import BOT_REPLIES, article_text, ask, forward, visible, wait_until
from tests.harness import running_bot
from tests.local_web import Site, serve
from tests.telegram_html import parse_html, utf16_len

CHAT, LATER = 9191, 9192
SORRY = "Sorry, something went wrong"


def _page(title: str, site_name: str, slug: str, extra: str = "") -> str:
    paragraphs = "\n".join(f"<p>{article_text(slug, n)}</p>" for n in range(3))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta property="og:site_name" content="{html.escape(site_name)}"></head>
<body><main><article><h1>{html.escape(title)}</h1>
{paragraphs}{extra}
</article></main></body></html>"""


PAGES = {
    "long-title": ("Storm " + "x" * 6300, "The Test Gazette"),
    "long-site": ("Harbour reopens", "Gazette " * 800),
    "ampersands": ("&" * 900, "R&D Weekly"),
    "emoji-title": ("Floods " + "🌊" * 290, "🌊" * 3000),
}


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    async def page(request: web.Request) -> web.Response:
        slug = request.match_info["slug"]
        title, site_name = PAGES.get(slug, (f"Story {slug}", "Site " + slug * 1500))
        return web.Response(text=_page(title, site_name, slug), content_type="text/html", charset="utf-8")

    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound(request.query["to"])

    async with serve([web.get("/p/{slug}", page), web.get("/redirect", redirect)]) as local:
        yield local


def _replies(fake_api: Any, chat_id: int) -> list[Any]:
    return [c for c in fake_api.calls if c.method in BOT_REPLIES and c.params.get("chat_id") == chat_id]


def _assert_all_valid(fake_api: Any, services: Any) -> None:
    """No reply was refused (the bot would have said "Sorry…" and logged the error), and each fits."""
    texts = [m.raw_text or "" for chat in (CHAT, LATER) for m in fake_api.sent_messages(chat)]
    assert texts
    for text in texts:
        assert SORRY not in text
        assert utf16_len(parse_html(text).text) <= 4096
    assert [r["kind"] for r in services.store.db.query("SELECT kind FROM errors")] == []


async def _link_digest(fake_api: Any, services: Any, chat_id: int, url: str) -> str:
    """Send a link; wait for its digest (all parts) and return what the user reads."""
    before = services.store.count("requests")
    since = len(fake_api.calls)
    fake_api.push_update(fake_api.text_message(chat_id, url))
    await fake_api.wait_for(
        lambda c: (
            c.method in BOT_REPLIES
            and c.params.get("chat_id") == chat_id
            and ("saved as #" in c.params.get("text", "") or SORRY in c.params.get("text", ""))
        ),
        since=since,
        timeout=20,
    )
    await wait_until(lambda: services.store.count("requests") > before, timeout=5)
    return "\n".join(visible(c.params["text"]) for c in _replies(fake_api, chat_id)[-3:])


@pytest.mark.parametrize("slug", list(PAGES))
async def test_oversized_titles_and_site_names_give_a_valid_digest(
    fake_api: Any, tmp_path: Path, site: Site, slug: str
) -> None:
    title, site_name = PAGES[slug]
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        shown = await _link_digest(fake_api, services, CHAT, site.url(f"/p/{slug}"))
        assert title[:40] in shown and "…" in shown  # the title is there, bounded
        assert site_name.split()[0][:20] in shown
        # The digest is stored; a later sender and /digest N get it from the database, also valid.
        again = await _link_digest(fake_api, services, LATER, site.url(f"/p/{slug}"))
        assert "already summarised" in again
        digest_id = int(again.split("saved as #")[1].split()[0])
        assert title[:40] in visible(await ask(fake_api, LATER, f"/digest {digest_id}"))
        _assert_all_valid(fake_api, services)


async def test_a_five_thousand_character_redirect_url(fake_api: Any, tmp_path: Path, site: Site) -> None:
    target = site.url("/p/harbour?" + "&".join(f"utm_{i}=" + "v" * 40 for i in range(120)))
    assert len(target) > 5000
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        shown = await _link_digest(fake_api, services, CHAT, site.url("/redirect?to=" + quote(target)))
        assert "Story harbour" in shown and "saved as #" in shown
        _assert_all_valid(fake_api, services)


async def test_an_emoji_heavy_post_is_counted_in_utf16_units(fake_api: Any, tmp_path: Path) -> None:
    # Key sentences of 700 emoji each: under 4,096 characters, over 4,096 UTF-16 units (Telegram's count).
    text = " ".join(
        f"Officials said {n + 3} homes burned in district {n} as the fires spread {'🔥' * 700} overnight."
        for n in range(8)
    )
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        await forward(fake_api, services, CHAT, text)
        sent = [m.json["text"] for m in fake_api.sent_messages(CHAT)]
        assert sum(utf16_len(t) for t in sent) > 4096  # long enough to need Telegram's count
        _assert_all_valid(fake_api, services)


async def test_history_and_search_with_oversized_fields(fake_api: Any, tmp_path: Path, site: Site) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        for slug in ("alpha", "bravo", "charlie", "delta", "echo"):  # each site name is 7,500 characters
            await _link_digest(fake_api, services, CHAT, site.url(f"/p/{slug}"))
        history = visible(await ask(fake_api, CHAT, "/history"))
        assert "(1–5 of 5)" in history and "Site echoecho" in history

        word = "drones" + "z" * 6000  # one 6,006-character "word" in a forwarded post
        await forward(fake_api, services, CHAT, article_text("glacier") + f" Witnesses wrote {word} twice.")
        found = visible(await ask(fake_api, CHAT, "/search glacier"))
        assert "best 1 match" in found
        _assert_all_valid(fake_api, services)
