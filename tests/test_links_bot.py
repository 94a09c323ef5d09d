"""Links sent to the real bot, fetched from a local HTTP server on 127.0.0.1.

Most tests run with `allow_private_urls=True` (the test switch) so the bot may fetch from loopback.
The guard tests switch it off and never let a socket open anywhere but loopback: names resolve
through a fake DNS table (`bot.web.fetch.lookup_host` is monkeypatched) and the bot's HTTP client opens
its sockets through `RecordingBackend`, which records every address the guard approved and dials
127.0.0.1 in place of the one stand-in public address. So "no connection was attempted" is checked,
not assumed, and a guard bug fails a test instead of reaching the network. The site, the backend and
the fake DNS live in `tests.local_web`.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from aiohttp import web

from bot.web import fetch
from tests.chat_helpers import BOT_REPLIES, article_text, settle, visible, wait_until
from tests.harness import running_bot
from tests.local_web import (
    ARTICLE_PATH,
    BLOCKED_MESSAGE,
    PUBLIC_IP,
    SCHEME_MESSAGE,
    RecordingBackend,
    Site,
    binary,
    html_page,
    serve,
    stall,
    use_fake_dns,
)

CHAT = 6262
ARTICLE_TITLE = "Harbour bridge reopens after 14-month repair"


# --- the local web site -------------------------------------------------------------------------------


def story_html(slug: str, origin: str) -> str:
    """A small article page of about 180 words; each slug is a distinct story."""
    topic = slug.replace("-", " ")
    title = f"Report on {topic} published"
    paragraphs = "\n".join(f"<p>{article_text(topic, n)}</p>" for n in range(3))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | The Test Gazette</title>
<meta property="og:site_name" content="The Test Gazette">
<link rel="canonical" href="{origin}/story/{slug}"></head>
<body><header><a href="/">The Test Gazette</a> <a href="/subscribe">Subscribe</a></header>
<main><article><h1>{title}</h1>
{paragraphs}
</article></main><footer>&copy; The Test Gazette</footer></body></html>"""


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    stop = asyncio.Event()

    async def story(request: web.Request) -> web.Response:
        body = story_html(request.match_info["slug"], f"http://{request.host}")
        return web.Response(text=body, content_type="text/html", charset="utf-8")

    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound(request.query["to"])

    async def missing(request: web.Request) -> web.Response:
        return web.Response(status=404, text="<h1>Not found</h1>", content_type="text/html")

    async def slow(request: web.Request) -> web.Response:
        await stall(stop, 5.0)  # far past the bot's timeout; released at teardown
        return web.Response(text="<p>too late</p>", content_type="text/html")

    routes = [
        web.get(ARTICLE_PATH, html_page("article.html")),
        web.get(ARTICLE_PATH + "/amp", html_page("article.html")),
        web.get("/story/{slug}", story),
        web.get("/login-wall", html_page("login_wall.html")),
        web.get("/redirect", redirect),
        web.get("/missing", missing),
        web.get("/slow", slow),
        web.get(
            "/report.pdf", binary(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "application/pdf")
        ),
        web.get("/photo.jpg", binary(b"\xff\xd8\xff\xe0" + b"\0" * 64, "image/jpeg")),
    ]
    async with serve(routes, stop=stop) as local:
        yield local


# --- the guard's view of the world: fake DNS and a socket opener that only dials loopback -------------


FAKE_DNS = {
    "news.example": [PUBLIC_IP],
    "example.com": [PUBLIC_IP],
    "files.example.com": [PUBLIC_IP],
    "intranet.example": ["10.20.30.40"],
    "localhost": ["127.0.0.1", "::1"],  # as /etc/hosts has it
}


@pytest.fixture
def guard(monkeypatch: pytest.MonkeyPatch) -> RecordingBackend:
    """Route every fetch the bot makes through fake DNS and the recording socket opener."""
    recorder = RecordingBackend()
    use_fake_dns(monkeypatch, FAKE_DNS, lookups=recorder.lookups)
    make_client = fetch.make_client
    monkeypatch.setattr(
        fetch, "make_client", lambda limits, inner_backend=None: make_client(limits, inner_backend=recorder)
    )
    return recorder


# --- driving the bot ----------------------------------------------------------------------------------


def _to_chat(call: Any) -> bool:
    return call.method in BOT_REPLIES and call.params.get("chat_id") in (CHAT, str(CHAT))


async def _push(
    fake_api: Any, update: dict[str, Any], needle: str, *, count: int = 1, timeout: float = 10
) -> None:
    """Push an update and wait for the `count`-th bot message or edit to CHAT containing `needle`."""
    since = len(fake_api.calls)
    fake_api.push_update(update)
    await fake_api.wait_for(
        lambda c: _to_chat(c) and needle in str(c.params.get("text", "")),
        timeout=timeout,
        since=since,
        count=count,
    )


async def _send_link(fake_api: Any, services: Any, text: str, needle: str, **kw: Any) -> list[str]:
    """Send `text` (entities as Telegram adds them, unless given); wait for `needle`; all replies."""
    await _push(fake_api, fake_api.text_message(CHAT, text, **kw), needle)
    return fake_api.messages_to(CHAT)


async def _digests(fake_api: Any, services: Any, update: dict[str, Any], count: int = 1) -> list[str]:
    before = services.store.count("requests")
    await _push(fake_api, update, "saved as #", count=count)
    await wait_until(lambda: services.store.count("requests") >= before + count)
    return fake_api.messages_to(CHAT)


def _errors(services: Any) -> list[tuple[str, int, str]]:
    return [
        (r["kind"], r["chat_id"], r["detail"])
        for r in services.store.db.query("SELECT kind, chat_id, detail FROM errors ORDER BY id")
    ]


def _statuses(fake_api: Any) -> list[str]:
    return [
        c.params["text"] for c in fake_api.calls_of("sendMessage") if c.params["text"].startswith("Reading ")
    ]


def _footer(reply: str) -> str:
    return visible(reply).splitlines()[-1]


# --- links that work ----------------------------------------------------------------------------------


async def test_link_in_text_is_fetched_and_summarised(fake_api: Any, tmp_path: Path, site: Site) -> None:
    url = site.url(ARTICLE_PATH)
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        [reply] = await _digests(fake_api, services, fake_api.text_message(CHAT, f"Look at this: {url}"))

        assert _statuses(fake_api) == ["Reading 127.0.0.1…"]  # shown first, then edited into the digest
        assert reply.startswith(f"<b>{ARTICLE_TITLE}</b>")
        body = visible(reply)
        assert "Key figures" in body and "212" in body
        for furniture in ("Advertisement", "cookies", "Most read", "Sign up"):
            assert furniture not in body
        assert f'<a href="{url}">The Elden Courier</a>' in reply
        assert fake_api.calls_of("sendChatAction"), "typing… is shown while the page is read"
        assert site.hits == Counter({ARTICLE_PATH: 1})
        row = next(services.store.db.query("SELECT canonical_url, source, title FROM articles"))
        assert row == {"canonical_url": url, "source": "The Elden Courier", "title": ARTICLE_TITLE}
        assert (services.store.count("digests"), services.store.count("requests")) == (1, 1)
        assert _errors(services) == []


async def test_link_hidden_behind_words_is_followed(fake_api: Any, tmp_path: Path, site: Site) -> None:
    url = site.url("/story/tram-strike")
    text = "Have you seen the full story?"
    entity = {"type": "text_link", "offset": 14, "length": 10, "url": url}
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        [reply] = await _digests(fake_api, services, fake_api.text_message(CHAT, text, entities=[entity]))

        assert reply.startswith("<b>Report on tram strike published</b>")
        assert site.hits == Counter({"/story/tram-strike": 1})
        assert services.store.count("digests") == 1


async def test_photo_with_only_a_link_in_its_caption(fake_api: Any, tmp_path: Path, site: Site) -> None:
    url = site.url("/story/port-closure")
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        [reply] = await _digests(fake_api, services, fake_api.photo_message(CHAT, caption=url))

        assert reply.startswith("<b>Report on port closure published</b>")
        assert site.hits == Counter({"/story/port-closure": 1})


async def test_caption_with_the_article_is_summarised_not_its_link(
    fake_api: Any, tmp_path: Path, site: Site
) -> None:
    text = article_text("ferry strike") + " Read more"
    entities = [
        {"type": "bold", "offset": 0, "length": 8},
        {"type": "text_link", "offset": len(text) - 9, "length": 9, "url": site.url("/story/other")},
    ]
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        update = fake_api.photo_message(CHAT, caption=text, caption_entities=entities)
        [reply] = await _digests(fake_api, services, update)

        assert reply.startswith("<b>Officials reported on Monday that ferry strike")
        assert site.hits == Counter()  # the caption was the article; the link was not fetched
        assert _statuses(fake_api) == []


async def test_several_links_each_get_a_digest(fake_api: Any, tmp_path: Path, site: Site) -> None:
    slugs = ["grain-exports", "river-floods", "metro-extension"]
    text = "Today's reading:\n" + "\n".join(site.url(f"/story/{slug}") for slug in slugs)
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        replies = await _digests(fake_api, services, fake_api.text_message(CHAT, text), count=3)

        assert [r.split("</b>")[0] for r in replies] == [
            f"<b>Report on {slug.replace('-', ' ')} published" for slug in slugs
        ]
        assert [_footer(r) for r in replies] == [
            f"The Test Gazette · 1 min read · saved as #{n}" for n in (1, 2, 3)
        ]
        assert site.hits == Counter({f"/story/{slug}": 1 for slug in slugs})
        assert (services.store.count("digests"), services.store.count("requests")) == (3, 3)


async def test_one_dead_link_does_not_stop_the_others(fake_api: Any, tmp_path: Path, site: Site) -> None:
    dead, good = site.url("/missing"), site.url("/story/grain-exports")
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        update = fake_api.forwarded_channel_post(CHAT, f"Two links: {dead} and {good}")
        [answer, reply] = await _digests(fake_api, services, update)

        assert answer == "That page doesn't exist (the website answered 404). Check the link."
        assert reply.startswith("<b>Report on grain exports published</b>")
        assert _errors(services) == [("dead_link", CHAT, dead)]
        assert (services.store.count("digests"), services.store.count("requests")) == (1, 1)


async def test_links_over_the_limit_are_named_not_read(fake_api: Any, tmp_path: Path, site: Site) -> None:
    read = [site.url("/story/grain-exports"), site.url("/story/river-floods")]
    skipped = [site.url("/story/metro-extension?page=2&lang=en"), site.url("/story/tax-reform")]
    async with running_bot(fake_api, tmp_path / "db.sqlite", max_links_per_message=2) as (_, services):
        await _push(fake_api, fake_api.text_message(CHAT, " ".join(read + skipped)), "Not read")
        await wait_until(lambda: services.store.count("requests") == 2)

        *digests, note = fake_api.messages_to(CHAT)
        assert len(digests) == 2 and all("saved as #" in d for d in digests)
        assert note == (
            "I read up to 2 links per message. Not read (send them again separately):\n"
            f"• {skipped[0]}\n• {skipped[1]}"
        )
        assert site.hits == Counter({"/story/grain-exports": 1, "/story/river-floods": 1})
        assert services.store.count("digests") == 2


async def test_same_article_under_two_urls_is_fetched_and_summarised_once(
    fake_api: Any, tmp_path: Path, site: Site
) -> None:
    tracked = site.url(f"{ARTICLE_PATH}?utm_source=telegram&utm_medium=social&fbclid=IwAR0abc#comments")
    amp = site.url(f"{ARTICLE_PATH}/amp?amp=1")
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        [first] = await _digests(fake_api, services, fake_api.text_message(CHAT, tracked))
        [_, second] = await _digests(fake_api, services, fake_api.text_message(CHAT, amp))

        assert "already summarised" not in first
        assert _footer(second) == "The Elden Courier · 1 min read · saved as #1 · already summarised"
        assert second.split("\n")[0] == first.split("\n")[0]
        assert site.hits == Counter({ARTICLE_PATH: 1}), "the second link was answered from the database"
        assert _statuses(fake_api) == ["Reading 127.0.0.1…"]
        assert (services.store.count("digests"), services.store.count("requests")) == (1, 2)
        [canonical] = [
            r["canonical_url"] for r in services.store.db.query("SELECT canonical_url FROM articles")
        ]
        assert canonical == site.url(ARTICLE_PATH)  # tracking parameters, fragment and /amp dropped


# --- links that do not lead to an article -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "settings", "kind", "sentence"),
    [
        ("/missing", {}, "dead_link", "That page doesn't exist (the website answered 404). Check the link."),
        (
            "/slow", {"fetch_timeout": 0.5}, "timeout",
            "That website took too long to answer, so I gave up. Try again later.",
        ),
        (
            ARTICLE_PATH, {"max_page_bytes": 4096}, "too_large",
            "That page is too big for me to read (over 4 KB).",
        ),
        (
            "/report.pdf", {}, "content_type",
            "That link is a PDF document, not a web page. I can only read articles on web pages; "
            "send me the text instead.",
        ),
        (
            "/photo.jpg", {}, "content_type",
            "That link is an image file, not a web page. I can only read articles on web pages; "
            "send me the text instead.",
        ),
        (
            "/login-wall", {}, "not_article",
            "That page seems to be behind a paywall or login, so I can't read the article. "
            "Forward the article text to me instead and I'll summarise that.",
        ),
    ],
    ids=["404", "slow", "too-large", "pdf", "image", "login-wall"],
)  # fmt: skip
async def test_link_that_fails_gets_one_plain_sentence(
    fake_api: Any,
    tmp_path: Path,
    site: Site,
    path: str,
    settings: dict[str, Any],
    kind: str,
    sentence: str,
) -> None:
    url = site.url(path)
    async with running_bot(fake_api, tmp_path / "db.sqlite", **settings) as (_, services):
        started = time.monotonic()
        messages = await _send_link(fake_api, services, url, sentence)
        elapsed = time.monotonic() - started

        assert messages == [sentence]  # the "Reading 127.0.0.1…" status, edited
        assert _statuses(fake_api) == ["Reading 127.0.0.1…"]
        assert _errors(services) == [(kind, CHAT, url)]
        assert (services.store.count("digests"), services.store.count("requests")) == (0, 0)
        assert site.hits == Counter({path: 1})
        assert elapsed < 3.0


# --- the address guard (allow_private_urls=False) -----------------------------------------------------


async def test_guard_on_a_public_name_is_fetched(
    fake_api: Any, tmp_path: Path, site: Site, guard: RecordingBackend
) -> None:
    # The control for the refusals below: the same machinery does fetch a page from a public address.
    url = site.url("/story/grain-exports", host="news.example")
    async with running_bot(fake_api, tmp_path / "db.sqlite", allow_private_urls=False) as (_, services):
        [reply] = await _digests(fake_api, services, fake_api.text_message(CHAT, url))

        assert reply.startswith("<b>Report on grain exports published</b>")
        assert _statuses(fake_api) == ["Reading news.example…"]
        assert guard.attempts == [(PUBLIC_IP, site.port)]
        assert site.hits == Counter({"/story/grain-exports": 1})


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "0x7f.1", "[::1]"])
async def test_guard_refuses_a_loopback_link_without_connecting(
    fake_api: Any, tmp_path: Path, site: Site, guard: RecordingBackend, host: str
) -> None:
    url = f"http://{host}:{site.port}{ARTICLE_PATH}"
    async with running_bot(fake_api, tmp_path / "db.sqlite", allow_private_urls=False) as (_, services):
        messages = await _send_link(fake_api, services, f"see {url}", BLOCKED_MESSAGE)

        assert messages == [BLOCKED_MESSAGE]
        assert site.hits == Counter()
        assert guard.attempts == []
        assert [(kind, chat) for kind, chat, _ in _errors(services)] == [("blocked", CHAT)]
        assert services.store.count("digests") == 0


def _redirect_via(site: Site, target: str) -> str:
    return site.url(f"/redirect?to={quote(target, safe='')}", host="news.example")


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{port}" + ARTICLE_PATH,  # this very server, which would serve the article
        "http://10.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://intranet.example/wiki",  # a name that resolves to a private address
        "/redirect?to=http%3A%2F%2F192.168.1.1%2F",  # a chain: a relative hop, then the private one
    ],
    ids=["loopback", "10/8", "metadata", "private-name", "chain"],
)
async def test_guard_refuses_a_redirect_to_a_private_address(
    fake_api: Any, tmp_path: Path, site: Site, guard: RecordingBackend, target: str
) -> None:
    url = _redirect_via(site, target.format(port=site.port))
    async with running_bot(fake_api, tmp_path / "db.sqlite", allow_private_urls=False) as (_, services):
        messages = await _send_link(fake_api, services, url, BLOCKED_MESSAGE)

        assert messages == [BLOCKED_MESSAGE]
        assert _statuses(fake_api) == ["Reading news.example…"]
        assert guard.attempts and all(addr == (PUBLIC_IP, site.port) for addr in guard.attempts)
        assert set(site.hits) == {"/redirect"}  # the article was never requested
        assert [kind for kind, _, _ in _errors(services)] == ["blocked"]
        assert services.store.count("digests") == 0


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("ftp://files.example.com/report.txt", {"type": "url", "offset": 0, "length": 34}),
        (
            "Here is the report",
            {"type": "text_link", "offset": 12, "length": 6, "url": "ftp://files.example.com/report.txt"},
        ),
        ("file:///etc/passwd", {"type": "url", "offset": 0, "length": 18}),
    ],
    ids=["ftp-url", "ftp-text-link", "file-url"],
)
async def test_non_web_links_are_refused_before_any_lookup(
    fake_api: Any, tmp_path: Path, guard: RecordingBackend, text: str, entity: dict[str, Any]
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite", allow_private_urls=False) as (_, services):
        messages = await _send_link(fake_api, services, text, SCHEME_MESSAGE, entities=[entity])
        await settle(fake_api, 0.2)

        assert messages == [SCHEME_MESSAGE]
        assert (guard.lookups, guard.attempts) == ([], [])
        assert [kind for kind, _, _ in _errors(services)] == ["bad_scheme"]


async def test_link_without_a_scheme_is_opened_as_https(
    fake_api: Any, tmp_path: Path, guard: RecordingBackend
) -> None:
    # Telegram marks "example.com/news" as a url entity; the bot must read it as https://example.com/news.
    # The recording backend refuses port 443 (there is no TLS server here), so the site looks down.
    down = "I couldn't connect to that website. It may be down; try again later."
    async with running_bot(fake_api, tmp_path / "db.sqlite", allow_private_urls=False) as (_, services):
        entity = {"type": "url", "offset": 0, "length": 16}
        messages = await _send_link(fake_api, services, "example.com/news", down, entities=[entity])

        assert messages == [down]
        assert _statuses(fake_api) == ["Reading example.com…"]
        assert guard.lookups[0] == ("example.com", 443)
        assert guard.attempts == [(PUBLIC_IP, 443)]
        assert _errors(services) == [("dead_link", CHAT, "https://example.com/news")]
