"""Hostile and broken web sites, through the real bot (issue 10: items 1, 3, 9, 14 and the guard).

Every test sends a link to the real Application through the fake Bot API; the pages come from the
local web server in tests.local_web. Tests that need host names (registrable domains, `amp.` hosts)
run with the address guard on: names resolve through a fake DNS table to the stand-in public address
and `RecordingBackend` dials loopback in its place, so nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import gzip
import tracemalloc
import zlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from aiohttp import web

from bot.web import fetch
from tests.chat_helpers import BOT_REPLIES, article_text, settle, visible
from tests.harness import running_bot
from tests.local_web import (
    ARTICLE_PATH,
    BLOCKED_MESSAGE,
    PUBLIC_IP,
    RecordingBackend,
    Site,
    html_page,
    page_text,
    serve,
    use_fake_dns,
)

CHAT = 7373
ARTICLE_TITLE = "Harbour bridge reopens after 14-month repair"
BROKEN_REDIRECT = "That website sent a broken redirect, so I couldn't follow the link."
UNREADABLE_CODING = "That website sent the page in a compressed form I can't read."
BINARY_PAGE = (
    "That link leads to binary data, not text I can read. Send me a link to the article's web page, "
    "or paste its text."
)
CAP = 256 * 1024  # max_page_bytes for the compression tests
BOMB_BYTES = 96 * 1024 * 1024  # what one small response inflates to


# --- pages ------------------------------------------------------------------------------------------


def _deflate_stream(chunks: int, chunk: bytes, wbits: int) -> bytes:
    """`chunk` repeated `chunks` times, compressed without ever holding the whole input."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    out = [packer.compress(chunk) for _ in range(chunks)]
    out.append(packer.flush())
    return b"".join(out)


def _bomb(inner_wbits: int, layers: int) -> bytes:
    pages = BOMB_BYTES // (1024 * 1024)
    body = _deflate_stream(pages, b"<p>" + b" " * (1024 * 1024 - 3), inner_wbits)
    for _ in range(layers - 1):
        body = gzip.compress(body, 9)
    return body


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    gzip_wbits = 16 + zlib.MAX_WBITS
    return {
        "one": _bomb(gzip_wbits, 1),  # Content-Encoding: gzip
        "two": _bomb(gzip_wbits, 2),  # gzip, gzip
        "mixed": _bomb(zlib.MAX_WBITS, 2),  # deflate, gzip
    }


def article_page(title: str, origin: str, *, canonical: str | None = None, n: int = 0) -> str:
    paragraphs = "\n".join(f"<p>{article_text(title.lower(), n + i)}</p>" for i in range(3))
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>{link}</head>
<body><main><article><h1>{title}</h1>
{paragraphs}
</article></main></body></html>"""


def _encoded(body: bytes, encoding: str) -> web.Response:
    return web.Response(
        body=body, headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": encoding}
    )


@pytest.fixture
async def site(bombs: dict[str, bytes]) -> AsyncIterator[Site]:
    seen: list[tuple[str, str]] = []
    article = page_text("article.html").replace("{{ORIGIN}}", "http://127.0.0.1").encode()

    async def bomb(request: web.Request) -> web.Response:
        layers = request.match_info["layers"]
        encoding = {"one": "gzip", "two": "gzip, gzip", "mixed": "deflate, gzip"}[layers]
        return _encoded(bombs[layers], encoding)

    async def compressed(request: web.Request) -> web.Response:
        encoding = request.query["as"]
        body = article
        for coding in (c.strip() for c in encoding.split(",")):
            body = (
                gzip.compress(body)
                if coding == "gzip"
                else zlib.compress(body)
                if coding == "deflate"
                else body
            )
        return _encoded(body, encoding)

    async def any_page(request: web.Request) -> web.Response:
        # A distinct article for every host and raw path+query: what was fetched shows in the headline.
        seen.append((request.host.split(":")[0], request.raw_path))
        title = f"Page {len(seen)} at {request.raw_path}"
        return web.Response(text=article_page(title, "", n=len(seen)), content_type="text/html")

    async def claims(request: web.Request) -> web.Response:
        # The attacker's page claims to be the victim's article; the victim's is the real one.
        host = request.host.split(":")[0]
        if request.path == "/attack" or request.path.startswith("/amp/"):
            claim = request.query.get("claim") or request.path.split("/")[2].split(":")[0]
            target = f"http://{claim}:{request.url.port}/news/real-story"
            return web.Response(
                text=article_page("Fake story", "", canonical=target), content_type="text/html"
            )
        return web.Response(text=article_page(f"Real story on {host}", "", n=50), content_type="text/html")

    async def bad_redirect(request: web.Request) -> web.Response:
        return web.Response(status=302, headers={"Location": request.query["to"]})

    async def binary_text(request: web.Request) -> web.Response:
        noise = bytes((i * 7919 + 13) % 256 for i in range(6000))  # every byte value, no structure
        return web.Response(body=noise, headers={"Content-Type": "text/plain; charset=utf-8"})

    routes = [
        web.get("/bomb/{layers}", bomb),
        web.get("/compressed", compressed),
        web.get("/attack", claims),
        web.get("/amp/{tail:.*}", claims),
        web.get("/news/real-story", claims),
        web.get("/bad-redirect", bad_redirect),
        web.get("/binary.txt", binary_text),
        web.get(ARTICLE_PATH, html_page("article.html")),
        web.get("/{tail:.*}", any_page),
    ]
    async with serve(routes) as local:
        local.seen = seen  # type: ignore[attr-defined]
        yield local


@pytest.fixture
def guard(monkeypatch: pytest.MonkeyPatch) -> RecordingBackend:
    recorder = RecordingBackend()
    names = [
        "attacker.github.io", "victim.github.io", "attacker.blogspot.com", "victim.blogspot.com",
        "news.bbc.co.uk", "www.bbc.co.uk", "example.com", "amp.example.com", "en.wikipedia.org",
        "www.google.com",
    ]  # fmt: skip
    table = {name: [PUBLIC_IP] for name in names} | {"sitelocal.example": ["fec0::1"]}
    use_fake_dns(monkeypatch, table, lookups=recorder.lookups)
    make_client = fetch.make_client
    monkeypatch.setattr(
        fetch, "make_client", lambda limits, inner_backend=None: make_client(limits, inner_backend=recorder)
    )
    return recorder


# --- driving the bot ----------------------------------------------------------------------------------


async def _send(
    fake_api: Any, text: str, needle: str, *, count: int = 1, timeout: float = 15, **kw: Any
) -> list[str]:
    since = len(fake_api.calls)
    fake_api.push_update(fake_api.text_message(CHAT, text, **kw))
    try:
        await fake_api.wait_for(
            lambda c: (
                c.method in BOT_REPLIES
                and c.params.get("chat_id") in (CHAT, str(CHAT))
                and needle in str(c.params.get("text", ""))
            ),
            timeout=timeout,
            since=since,
            count=count,
        )
    except TimeoutError:
        raise AssertionError(
            f"no reply with {needle!r}; the chat reads {fake_api.messages_to(CHAT)}"
        ) from None
    return fake_api.messages_to(CHAT)


def _errors(services: Any) -> list[tuple[str, str]]:
    return [
        (r["kind"], r["detail"])
        for r in services.store.db.query("SELECT kind, detail FROM errors ORDER BY id")
    ]


def _headline(reply: str) -> str:
    return visible(reply).splitlines()[0]


# --- 1: compression bombs -----------------------------------------------------------------------------


@pytest.mark.parametrize("layers", ["one", "two", "mixed"])
async def test_a_compression_bomb_is_refused_within_the_cap(
    fake_api: Any, tmp_path: Path, site: Site, bombs: dict[str, bytes], layers: str
) -> None:
    assert len(bombs["two"]) < 4096 < BOMB_BYTES // 1000  # a tiny response, an enormous page
    too_big = "That page is too big for me to read (over 256 KB)."
    async with running_bot(fake_api, tmp_path / "db.sqlite", max_page_bytes=CAP) as (_, services):
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            messages = await _send(fake_api, site.url(f"/bomb/{layers}"), too_big)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()

        assert messages == [too_big]
        # Decoding stops one 64 KB step past the cap; httpx alone inflated the whole bomb (96 MB).
        assert peak < 16 * 1024 * 1024, f"peak {peak / 2**20:.1f} MB while reading a bomb"
        assert _errors(services) == [("too_large", site.url(f"/bomb/{layers}"))]
        assert services.store.count("digests") == 0


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "gzip, gzip", "deflate, gzip", "identity, gzip"])
async def test_an_honestly_compressed_page_is_still_read(
    fake_api: Any, tmp_path: Path, site: Site, encoding: str
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite", max_page_bytes=CAP) as (_, services):
        messages = await _send(fake_api, site.url(f"/compressed?as={quote(encoding)}"), "saved as #")

        assert _headline(messages[-1]) == ARTICLE_TITLE
        assert _errors(services) == []


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip, gzip, gzip", "x-unknown"])
async def test_a_compression_the_bot_did_not_ask_for_is_refused(
    fake_api: Any, tmp_path: Path, site: Site, encoding: str
) -> None:
    url = site.url(f"/compressed?as={quote(encoding)}")
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        messages = await _send(fake_api, url, UNREADABLE_CODING)

        assert messages == [UNREADABLE_CODING]
        assert _errors(services) == [("encoding", url)]


# --- 3: rel=canonical may only name the same registrable domain -----------------------------------------


@pytest.mark.parametrize("suffix", ["github.io", "blogspot.com"])
async def test_a_page_cannot_claim_another_owners_url_under_a_shared_suffix(
    fake_api: Any, tmp_path: Path, site: Site, guard: RecordingBackend, suffix: str
) -> None:
    victim = site.url("/news/real-story", host=f"victim.{suffix}")
    attack = site.url(f"/attack?claim=victim.{suffix}", host=f"attacker.{suffix}")
    async with running_bot(fake_api, tmp_path / "db.sqlite", allow_private_urls=False) as (_, services):
        [fake] = await _send(fake_api, attack, "saved as #")
        messages = await _send(fake_api, victim, "saved as #", count=1)

        assert _headline(fake) == "Fake story"
        real = messages[-1]
        assert _headline(real) == f"Real story on victim.{suffix}", (
            "the attacker's digest answered the real link"
        )
        assert "already summarised" not in real
        stored = {r["canonical_url"] for r in services.store.db.query("SELECT canonical_url FROM articles")}
        assert stored == {site.url(f"/attack?claim=victim.{suffix}", host=f"attacker.{suffix}"), victim}


async def test_a_page_at_an_amp_cache_address_is_not_filed_as_the_publishers_article(
    fake_api: Any, tmp_path: Path, site: Site, guard: RecordingBackend
) -> None:
    # Whatever answers at google.com/amp/<publisher>/... was fetched from google.com: its digest may
    # not become the answer for the publisher's own link.
    victim = site.url("/news/real-story", host="victim.github.io")
    cache = site.url(f"/amp/victim.github.io:{site.port}/news/real-story", host="www.google.com")
    async with running_bot(fake_api, tmp_path / "db.sqlite", allow_private_urls=False):
        [fake] = await _send(fake_api, cache, "saved as #")
        messages = await _send(fake_api, victim, "saved as #")

        assert _headline(fake) == "Fake story"
        assert _headline(messages[-1]) == "Real story on victim.github.io"


async def test_a_page_may_name_its_canonical_url_on_its_own_registrable_domain(
    fake_api: Any, tmp_path: Path, site: Site, guard: RecordingBackend
) -> None:
    # The control: news.bbc.co.uk and www.bbc.co.uk are one site, so the claim is believed and the
    # second link is answered from the database.
    claimed = site.url("/news/real-story", host="www.bbc.co.uk")
    async with running_bot(fake_api, tmp_path / "db.sqlite", allow_private_urls=False) as (_, services):
        await _send(fake_api, site.url("/attack?claim=www.bbc.co.uk", host="news.bbc.co.uk"), "saved as #")
        messages = await _send(fake_api, claimed, "already summarised")

        assert _headline(messages[-1]) == "Fake story"
        [stored] = [r["canonical_url"] for r in services.store.db.query("SELECT canonical_url FROM articles")]
        assert stored == claimed


# --- 9: the link sent is the link fetched ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "path"),
    [
        ("en.wikipedia.org", "/wiki/Amp"),
        ("example.com", "/show?ref=42"),
        ("amp.example.com", "/story"),
        ("example.com", "/read?article"),
        ("example.com", "/q?x=%E4"),
        ("example.com", "/story/amp"),
        ("example.com", "/a?utm_source=tg&id=7"),
        ("example.com", "/search?b=2&a=1"),
    ],
)
async def test_the_bot_fetches_exactly_the_link_that_was_sent(
    fake_api: Any, tmp_path: Path, site: Site, guard: RecordingBackend, host: str, path: str
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite", allow_private_urls=False):
        messages = await _send(fake_api, site.url(path, host=host), "saved as #")

        assert site.seen == [(host, path)]  # type: ignore[attr-defined]
        assert _headline(messages[-1]) == f"Page 1 at {path}"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("/wiki", "/wiki/Amp"),
        ("/show?ref=42", "/show?ref=43"),
        ("/q?x=%E4", "/q?x=%E5"),
        ("/read?article", "/read?article=2"),
    ],
)
async def test_two_different_pages_never_share_a_digest(
    fake_api: Any, tmp_path: Path, site: Site, first: str, second: str
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        await _send(fake_api, site.url(first), "saved as #")
        messages = await _send(fake_api, site.url(second), "saved as #2")

        assert [path for _, path in site.seen] == [first, second]  # type: ignore[attr-defined]
        assert _headline(messages[-1]) == f"Page 2 at {second}"
        assert services.store.count("digests") == 2


# --- 14: malformed redirects and links ------------------------------------------------------------------


@pytest.mark.parametrize(
    "location",
    [
        "http:127.0.0.1:{port}/story",
        "http://[::1",
        "http://xn--/story",
        "http://127.0.0.1:99999/story",
        "https://exa%mple.com/",
        "   ",
    ],
    ids=["no-slashes", "open-bracket", "bad-idna", "port-range", "bad-escape", "blank"],
)
async def test_a_malformed_redirect_is_a_link_failure_with_its_own_kind(
    fake_api: Any, tmp_path: Path, site: Site, location: str
) -> None:
    url = site.url("/bad-redirect?to=" + quote(location.format(port=site.port), safe=""))
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        messages = await _send(fake_api, url, BROKEN_REDIRECT)
        await settle(fake_api, 0.1)

        assert messages == [BROKEN_REDIRECT]
        assert _errors(services) == [("bad_redirect", url)]


@pytest.mark.parametrize(
    "link", ["http://xn--/story", "http://exa%mple.com/story", "http://[fe80::1%25eth0/", "http://a..b/x"]
)
async def test_a_malformed_link_gets_a_sentence_not_a_crash(fake_api: Any, tmp_path: Path, link: str) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        sentence = "That doesn't look like a web link I can open."
        messages = await _send(
            fake_api, link, sentence, entities=[{"type": "url", "offset": 0, "length": len(link)}]
        )
        await settle(fake_api, 0.2)

        assert messages == [sentence]
        assert _errors(services) == [("bad_url", link)]


# --- 15: binary posing as text, site-local addresses ----------------------------------------------------


async def test_binary_data_served_as_text_is_refused(fake_api: Any, tmp_path: Path, site: Site) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        messages = await _send(fake_api, site.url("/binary.txt"), BINARY_PAGE)

        assert messages == [BINARY_PAGE]
        assert services.store.count("digests") == 0
        assert _errors(services) == [("content_type", site.url("/binary.txt"))]


@pytest.mark.parametrize(
    "host", ["[fec0::1]", "[fec0:0:0:1::5]", "[feff::1]", "sitelocal.example", "[3fff::1]", "192.88.99.1"]
)
async def test_the_guard_refuses_site_local_and_other_special_ranges(
    fake_api: Any, tmp_path: Path, site: Site, guard: RecordingBackend, host: str
) -> None:
    url = f"http://{host}:{site.port}{ARTICLE_PATH}"
    async with running_bot(fake_api, tmp_path / "db.sqlite", allow_private_urls=False) as (_, services):
        messages = await _send(fake_api, url, BLOCKED_MESSAGE)

        assert messages == [BLOCKED_MESSAGE]
        assert guard.attempts == [] and site.hits == {}
        assert [kind for kind, _ in _errors(services)] == ["blocked"]


async def test_the_guard_still_opens_a_public_name(
    fake_api: Any, tmp_path: Path, site: Site, guard: RecordingBackend
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite", allow_private_urls=False) as (_, _services):
        messages = await _send(fake_api, site.url(ARTICLE_PATH, host="example.com"), "saved as #")
        await asyncio.sleep(0)

        assert _headline(messages[-1]) == ARTICLE_TITLE
        assert guard.attempts == [(PUBLIC_IP, site.port)]
