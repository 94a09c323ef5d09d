"""Link fetching and extraction against a local HTTP server (127.0.0.1 only) and hand-written pages.

No test sends a packet anywhere but loopback. Guarded fetches go through `RecordingBackend`, which
is the only thing that opens sockets for them: it records every address the guard approved and
routes the one fake public address to the local server, so "no connection was attempted to the
private address" is checked directly rather than assumed. Names are resolved by a fake table
(`fake_dns`), never by real DNS. The site, the backend and the fake DNS live in `tests.local_web`.
"""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from aiohttp import web

from bot.web import extract, fetch
from bot.web.extract import NotAnArticle, extract_article, extract_article_async
from bot.web.fetch import (
    BadEncoding,
    BadScheme,
    BadUrl,
    BlockedAddress,
    BrokenRedirect,
    DeadLink,
    FetchedPage,
    FetchError,
    FetchLimits,
    FetchTimeout,
    NotAnArticleType,
    SiteRefused,
    TooLarge,
    TooManyRedirects,
    decode_body,
    fetch_page,
    make_client,
)
from bot.web.urls import canonical_url
from tests.local_web import (
    ARTICLE_PATH,
    BLOCKED_MESSAGE,
    PUBLIC_IP,
    SCHEME_MESSAGE,
    Handler,
    RecordingBackend,
    Site,
    binary,
    html_page,
    page_text,
    serve,
    stall,
    use_fake_dns,
)

# Small limits keep the whole file fast. LOCAL may reach the loopback test server; GUARDED may not.
LOCAL = FetchLimits(
    connect_timeout=0.5,
    read_timeout=0.3,
    total_timeout=3.0,
    max_redirects=3,
    max_bytes=64 * 1024,
    allow_private=True,
)
GUARDED = replace(LOCAL, allow_private=False)


# --- the local site ---------------------------------------------------------------------------------


def _encoded(name: str, codec: str, content_type: str) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=page_text(name).encode(codec), headers={"Content-Type": content_type})

    return handler


def _status(code: int) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(
            status=code, text=f"<html><body><h1>Error {code}</h1></body></html>", content_type="text/html"
        )

    return handler


def _routes(stop: asyncio.Event) -> list[web.RouteDef]:
    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound(request.query["to"])

    async def hop(request: web.Request) -> web.Response:
        left = int(request.match_info["n"])
        if left == 0:
            return await html_page("article.html")(request)
        raise web.HTTPFound(f"/hop/{left - 1}")  # relative, as many sites send them

    async def loop(request: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently("/loop")

    async def slow(request: web.Request) -> web.Response:
        await stall(stop, 5.0)  # far past the 0.3 s read timeout; released at teardown
        return await html_page("article.html")(request)

    async def drip(request: web.Request) -> web.StreamResponse:
        # Each byte arrives well within the read timeout, but the page never ends: only the total
        # timeout can stop this one.
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        for _ in range(100):
            if stop.is_set() or not await _write(response, b" "):
                break
            await asyncio.sleep(0.05)
        return response

    async def stream_big(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})  # chunked: no Content-Length
        await response.prepare(request)
        await _write(response, b"<html><body>")
        for _ in range(128):  # 1 MiB in 8 KiB chunks, far past the 64 KiB limit
            if stop.is_set() or not await _write(response, b"<p>" + b"x" * 8185 + b"</p>"):
                break
        return response

    async def declared_big(request: web.Request) -> web.StreamResponse:
        # Promises 10 MB, sends 1 KB and stalls: a client that did not refuse on the header would
        # wait here until its read timeout, so getting TooLarge (not FetchTimeout) proves the early refusal.
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        response.content_length = 10_000_000
        await response.prepare(request)
        await _write(response, b"<html>" + b" " * 1024)
        await stall(stop, 5.0)
        return response

    return [
        web.get(ARTICLE_PATH, html_page("article.html")),
        web.get(ARTICLE_PATH + "/amp", html_page("article.html")),
        web.get("/syndicated", html_page("article.html", origin="https://other-paper.example")),
        web.get("/redirect", redirect),
        web.get("/hop/{n}", hop),
        web.get("/loop", loop),
        web.get("/slow", slow),
        web.get("/drip", drip),
        web.get("/stream-big", stream_big),
        web.get("/declared-big", declared_big),
        web.get("/missing", _status(404)),
        web.get("/gone", _status(410)),
        web.get("/broken", _status(503)),
        web.get("/forbidden", _status(403)),
        web.get(
            "/report.pdf", binary(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "application/pdf")
        ),
        web.get("/photo.png", binary(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")),
        web.get("/clip.mp4", binary(b"\0\0\0\x18ftypmp42" + b"\0" * 64, "video/mp4")),
        web.get("/download", binary(b"\x00\x01\x02binary", "application/octet-stream")),
        web.get("/cyrillic", _encoded("cyrillic.html", "cp1251", "text/html")),
        web.get("/latin1", _encoded("latin1.html", "cp1252", "text/html; charset=ISO-8859-1")),
        web.get("/login-wall", html_page("login_wall.html")),
        web.get("/video", html_page("video.html")),
        web.get("/plain.txt", _encoded("plain.txt", "utf-8", "text/plain; charset=utf-8")),
    ]


async def _write(response: web.StreamResponse, data: bytes) -> bool:
    """False once the client has gone away (it refused the page, which is what we test for)."""
    try:
        await response.write(data)
    except (ConnectionError, RuntimeError):
        return False
    return True


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    stop = asyncio.Event()
    async with serve(_routes(stop), stop=stop) as local:
        yield local


# --- fake DNS and the recording socket opener ------------------------------------------------------


FAKE_DNS = {
    "news.example": [PUBLIC_IP],
    "intranet.example": ["10.20.30.40"],
    "metadata.example": ["169.254.169.254"],
    "mixed.example": [PUBLIC_IP, "192.168.1.10"],
    "v6-loopback.example": ["::1"],
}


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    return use_fake_dns(monkeypatch, FAKE_DNS)


@pytest.fixture
def recorder() -> RecordingBackend:
    return RecordingBackend()


@pytest.fixture
async def guarded_client(
    recorder: RecordingBackend, fake_dns: dict[str, list[str]]
) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(GUARDED, inner_backend=recorder) as client:
        yield client


async def _refusal(
    url: str, *, limits: FetchLimits = GUARDED, client: httpx.AsyncClient | None = None
) -> FetchError:
    with pytest.raises(FetchError) as caught:
        await fetch_page(url, client=client, limits=limits)
    return caught.value


# --- a normal article -------------------------------------------------------------------------------


async def test_article_is_fetched_and_extracted(site: Site) -> None:
    page = await fetch_page(site.url(ARTICLE_PATH), limits=LOCAL)
    assert (page.status, page.content_type, page.redirects) == (200, "text/html", [])
    assert page.bytes_read == len(page.text.encode("utf-8"))

    article = extract_article(page)
    assert article.title == "Harbour bridge reopens after 14-month repair"
    assert article.source == "The Elden Courier"
    assert article.published == "2025-03-17"
    assert article.language == "en"
    assert article.url == site.url(ARTICLE_PATH)
    assert article.text.startswith("The Kessler Street bridge over the Elden harbour reopened")
    assert "replaced 212 corroded steel bearings" in article.text
    assert "around 38,000 vehicles a day" in article.text
    for boilerplate in (
        "Advertisement",
        "cookies",
        "Most read",
        "All rights reserved",
        "Sign up",
        "Related stories",
    ):
        assert boilerplate not in article.text


async def test_guarded_fetch_connects_to_the_checked_public_address(
    site: Site, guarded_client: httpx.AsyncClient, recorder: RecordingBackend
) -> None:
    page = await fetch_page(
        site.url(ARTICLE_PATH, host="news.example"), client=guarded_client, limits=GUARDED
    )
    assert page.status == 200
    # The socket went to the address that passed the check.
    assert recorder.attempts == [(PUBLIC_IP, site.port)]
    article = await extract_article_async(page)
    assert article.url == f"http://news.example:{site.port}{ARTICLE_PATH}"


async def test_https_goes_to_the_checked_address_and_verifies_the_name(
    tmp_path: Path,
    recorder: RecordingBackend,
    fake_dns: dict[str, list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The guard dials an IP, but TLS must still check the certificate against the host name.
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("needs the openssl command to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subject = ["-subj", "/CN=news.example", "-addext", "subjectAltName=DNS:news.example"]
    command = [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", *subject]
    subprocess.run([*command, "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    server_ssl = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ssl.load_cert_chain(cert, key)
    fake_dns["impostor.example"] = [PUBLIC_IP]
    monkeypatch.setattr(httpx, "create_ssl_context", lambda: ssl.create_default_context(cafile=str(cert)))
    routes = [web.get(ARTICLE_PATH, html_page("article.html"))]
    async with (
        serve(routes, ssl_context=server_ssl) as tls,
        make_client(GUARDED, inner_backend=recorder) as client,
    ):
        page = await fetch_page(
            f"https://news.example:{tls.port}{ARTICLE_PATH}", client=client, limits=GUARDED
        )
        refused = await _refusal(f"https://impostor.example:{tls.port}{ARTICLE_PATH}", client=client)
    assert page.status == 200
    assert recorder.attempts == [(PUBLIC_IP, tls.port), (PUBLIC_IP, tls.port)]
    assert isinstance(refused, DeadLink)
    assert str(refused) == "That website's security certificate isn't valid, so I didn't open it."


# --- the address guard ------------------------------------------------------------------------------


async def test_loopback_is_reachable_only_when_private_addresses_are_allowed(site: Site) -> None:
    refused = await _refusal(site.url(ARTICLE_PATH))
    assert isinstance(refused, BlockedAddress)
    assert (str(refused), refused.kind) == (BLOCKED_MESSAGE, "blocked")
    assert site.hits[ARTICLE_PATH] == 0

    page = await fetch_page(site.url(ARTICLE_PATH), limits=LOCAL)
    assert page.status == 200
    assert site.hits[ARTICLE_PATH] == 1


async def test_redirect_to_loopback_is_refused(
    site: Site, guarded_client: httpx.AsyncClient, recorder: RecordingBackend
) -> None:
    target = site.url(ARTICLE_PATH)  # the same server, now addressed as 127.0.0.1
    start = site.url(f"/redirect?to={quote(target, safe='')}", host="news.example")
    refused = await _refusal(start, client=guarded_client)
    assert isinstance(refused, BlockedAddress)
    assert (str(refused), refused.kind) == (BLOCKED_MESSAGE, "blocked")
    assert recorder.attempts == [(PUBLIC_IP, site.port)]
    assert site.hits == Counter({"/redirect": 1})


@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.1/admin",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "https://172.16.0.5:8443/",
        "http://[::ffff:10.0.0.1]/",
        "http://intranet.example/wiki",
        "http://metadata.example/latest/",
    ],
)
async def test_redirect_to_private_address_is_refused_without_connecting(
    site: Site, guarded_client: httpx.AsyncClient, recorder: RecordingBackend, target: str
) -> None:
    start = site.url(f"/redirect?to={quote(target, safe='')}", host="news.example")
    refused = await _refusal(start, client=guarded_client)
    assert isinstance(refused, BlockedAddress)
    assert str(refused) == BLOCKED_MESSAGE
    assert recorder.attempts == [(PUBLIC_IP, site.port)]  # only the first hop was ever dialled


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.1.2.3/",
        "http://192.168.0.1:8080/router",
        "http://169.254.169.254/latest/meta-data/iam/",
        "http://100.64.0.1/",  # carrier-grade NAT
        "http://0.0.0.0:8000/",
        "http://224.0.0.1/",  # multicast, which Python < 3.13 calls "global"
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[fc00::5]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[2002:7f00:1::]/",  # 6to4 wrapping 127.0.0.1
        "http://2130706433/",  # 127.0.0.1 as one decimal number
        "http://0x7f.1/",
        "http://0x7f000001/",
        "http://127.1/",
        "http://017700000001/",
        "http://intranet.example/",
        "http://metadata.example/",
        "http://mixed.example/",  # one private address among public ones refuses the name
        "http://v6-loopback.example/",
    ],
)
async def test_private_addresses_are_refused_before_connecting(
    guarded_client: httpx.AsyncClient, recorder: RecordingBackend, url: str
) -> None:
    refused = await _refusal(url, client=guarded_client)
    assert isinstance(refused, BlockedAddress)
    assert (str(refused), refused.kind) == (BLOCKED_MESSAGE, "blocked")
    assert recorder.attempts == []


async def test_localhost_is_refused_with_the_real_resolver() -> None:
    # "localhost" resolves from /etc/hosts: no DNS traffic leaves the machine, and nothing connects.
    refused = await _refusal("http://localhost:9/")
    assert isinstance(refused, BlockedAddress)


async def test_dns_rebinding_between_check_and_connect_is_refused(
    guarded_client: httpx.AsyncClient, recorder: RecordingBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([[PUBLIC_IP], ["127.0.0.1"]])  # public for the check, loopback for the connect

    async def rebinding_lookup(host: str, port: int) -> list[str]:
        return next(answers)

    monkeypatch.setattr(fetch, "lookup_host", rebinding_lookup)
    refused = await _refusal("http://rebind.example/", client=guarded_client)
    assert isinstance(refused, BlockedAddress)
    assert recorder.attempts == []


async def test_unknown_host_is_a_dead_link(guarded_client: httpx.AsyncClient) -> None:
    refused = await _refusal("https://no-such-paper.example/story", client=guarded_client)
    assert isinstance(refused, DeadLink)
    assert (str(refused), refused.kind) == (
        "I couldn't find that website: its address doesn't exist.",
        "dead_link",
    )


@pytest.mark.parametrize(
    "url",
    [
        "ftp://files.example.com/report.txt",
        "file:///etc/passwd",
        "gopher://old.example/",
        "javascript:alert(1)",
    ],
)
async def test_non_web_schemes_are_refused(url: str) -> None:
    refused = await _refusal(url)
    assert isinstance(refused, BadScheme)
    assert (str(refused), refused.kind) == (SCHEME_MESSAGE, "bad_scheme")


async def test_redirect_to_a_non_web_scheme_is_refused(site: Site) -> None:
    refused = await _refusal(site.url("/redirect?to=file:///etc/passwd"), limits=LOCAL)
    assert isinstance(refused, BadScheme)


# httpx itself rejects dotted quads with leading zeros ("0177.0.0.1" is 127.0.0.1 to a browser).
@pytest.mark.parametrize(
    "url", ["http://", "http:///path-only", "http://1.2.3.4.5/", "not a link", "http://0177.0.0.1/"]
)
async def test_malformed_links_are_refused(url: str) -> None:
    refused = await _refusal(url)
    assert isinstance(refused, BadUrl)
    assert refused.kind in {"bad_url", "bad_scheme"}


# --- redirects, statuses, time and size -------------------------------------------------------------


async def test_redirects_are_followed_and_recorded(site: Site) -> None:
    page = await fetch_page(site.url("/hop/3"), limits=LOCAL)  # exactly max_redirects hops
    assert page.final_url == site.url("/hop/0")
    assert page.redirects == [site.url("/hop/3"), site.url("/hop/2"), site.url("/hop/1")]


async def test_redirects_are_checked_even_with_a_caller_client_that_follows_them(site: Site) -> None:
    async with httpx.AsyncClient(follow_redirects=True, trust_env=False) as client:
        page = await fetch_page(site.url("/hop/2"), client=client, limits=LOCAL)
    assert len(page.redirects) == 2  # we followed them ourselves, hop by hop


@pytest.mark.parametrize("path", ["/hop/4", "/loop"])
async def test_too_many_redirects(site: Site, path: str) -> None:
    refused = await _refusal(site.url(path), limits=LOCAL)
    assert isinstance(refused, TooManyRedirects)
    assert (str(refused), refused.kind) == (
        "That link redirects too many times, so I stopped following it.",
        "redirects",
    )


@pytest.mark.parametrize(
    ("path", "status", "error", "message"),
    [
        ("/missing", 404, DeadLink, "That page doesn't exist (the website answered 404). Check the link."),
        ("/gone", 410, DeadLink, "That page doesn't exist (the website answered 410). Check the link."),
        ("/broken", 503, DeadLink, "That website is having problems (it answered 503). Try again later."),
        ("/forbidden", 403, SiteRefused, SiteRefused.default_message),
    ],
)
async def test_error_statuses(
    site: Site, path: str, status: int, error: type[FetchError], message: str
) -> None:
    refused = await _refusal(site.url(path), limits=LOCAL)
    assert type(refused) is error
    assert (str(refused), refused.status) == (message, status)


async def test_slow_server_times_out(site: Site) -> None:
    started = time.monotonic()
    refused = await _refusal(site.url("/slow"), limits=LOCAL)
    assert isinstance(refused, FetchTimeout)
    assert (str(refused), refused.kind) == (
        "That website took too long to answer, so I gave up. Try again later.",
        "timeout",
    )
    assert time.monotonic() - started < 2.5


async def test_page_that_never_ends_hits_the_total_timeout(site: Site) -> None:
    started = time.monotonic()
    refused = await _refusal(site.url("/drip"), limits=replace(LOCAL, total_timeout=0.5))
    assert isinstance(refused, FetchTimeout)
    assert time.monotonic() - started < 2.5


async def test_streamed_page_over_the_limit_is_refused(site: Site) -> None:
    refused = await _refusal(site.url("/stream-big"), limits=LOCAL)
    assert isinstance(refused, TooLarge)
    assert (str(refused), refused.kind) == ("That page is too big for me to read (over 64 KB).", "too_large")


async def test_declared_length_over_the_limit_is_refused_before_reading(site: Site) -> None:
    refused = await _refusal(site.url("/declared-big"), limits=LOCAL)
    # Not FetchTimeout: had we started reading, the stalled body would have hit the read timeout.
    assert isinstance(refused, TooLarge)
    assert str(refused) == "That page is too big for me to read (over 64 KB)."


# --- content types and charsets ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/report.pdf", "That link is a PDF document, not a web page."),
        ("/photo.png", "That link is an image file, not a web page."),
        ("/clip.mp4", "That link is a video file, not a web page."),
        ("/download", "That link is a file (application/octet-stream), not a web page."),
    ],
)
async def test_non_article_content_types_are_refused(site: Site, path: str, message: str) -> None:
    refused = await _refusal(site.url(path), limits=LOCAL)
    assert isinstance(refused, NotAnArticleType)
    assert refused.kind == "content_type"
    assert str(refused) == f"{message} I can only read articles on web pages; send me the text instead."


async def test_cp1251_page_declared_in_meta(site: Site) -> None:
    page = await fetch_page(site.url("/cyrillic"), limits=LOCAL)
    assert page.encoding == "cp1251"
    article = extract_article(page)
    assert article.title == "Міська бібліотека відкрилася після ремонту"
    assert "понад триста нових читачів" in article.text
    assert article.language == "uk"
    assert article.source == "Вісті Заріччя"


async def test_latin1_page_declared_in_header_decodes_as_windows_1252(site: Site) -> None:
    page = await fetch_page(site.url("/latin1"), limits=LOCAL)
    assert page.encoding == "cp1252"  # as browsers do: ISO-8859-1 labels get cp1252's curly quotes
    article = extract_article(page)
    assert "Hélène Marçais" in article.text
    assert "sa verrière d’origine" in article.text
    assert article.language == "fr"


def test_decode_body_fallbacks() -> None:
    cyrillic = "Новини дня: мер відкрив новий міст через річку".encode("cp1251") * 4
    assert decode_body("café".encode(), None) == ("café", "utf-8")
    assert decode_body(b'<meta charset="koi8-r"><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>', None)[0].endswith(
        "Привет</p>"
    )
    assert decode_body(b"\xef\xbb\xbfhello", None) == ("hello", "utf-8")
    assert decode_body(b"x", "no-such-charset") == ("x", "utf-8")
    text, _ = decode_body(cyrillic, None)  # undeclared and not UTF-8: guessed
    assert "мер відкрив новий міст" in text


# --- extraction -------------------------------------------------------------------------------------


async def test_same_article_under_two_urls_has_one_canonical_url(site: Site) -> None:
    tracked = site.url(f"{ARTICLE_PATH}?utm_source=twitter&utm_medium=social&fbclid=IwAR0abc#comments")
    amp = site.url(f"{ARTICLE_PATH}/amp?amp=1")
    assert canonical_url(tracked) == canonical_url(amp) == site.url(ARTICLE_PATH)

    first = extract_article(await fetch_page(tracked, limits=LOCAL))
    second = extract_article(await fetch_page(amp, limits=LOCAL))
    assert first.url == second.url == site.url(ARTICLE_PATH)  # from rel=canonical
    assert first.source_url == site.url(ARTICLE_PATH)  # the fetched page, tracking removed
    assert second.source_url == site.url(ARTICLE_PATH)


async def test_rel_canonical_to_another_site_is_ignored(site: Site) -> None:
    article = extract_article(await fetch_page(site.url("/syndicated"), limits=LOCAL))
    assert article.url == site.url("/syndicated")


async def test_login_wall_is_not_an_article(site: Site) -> None:
    page = await fetch_page(site.url("/login-wall"), limits=LOCAL)
    with pytest.raises(NotAnArticle) as caught:
        extract_article(page)
    assert caught.value.kind == "not_article"
    assert str(caught.value) == (
        "That page seems to be behind a paywall or login, so I can't read the article. "
        "Forward the article text to me instead and I'll summarise that."
    )


async def test_video_page_is_not_an_article(site: Site) -> None:
    page = await fetch_page(site.url("/video"), limits=LOCAL)
    with pytest.raises(NotAnArticle) as caught:
        await extract_article_async(page)
    assert caught.value.kind == "not_article"
    assert "mostly video" in str(caught.value)
    assert "forward its text to me instead" in str(caught.value)


def test_too_little_text_is_not_an_article() -> None:
    page = FetchedPage(
        final_url="https://example.com/p",
        status=200,
        content_type="text/html",
        text="<html><body><nav><a href='/'>Home</a></nav><p>Coming soon.</p></body></html>",
        bytes_read=80,
    )
    with pytest.raises(NotAnArticle) as caught:
        extract_article(page)
    assert str(caught.value) == NotAnArticle.default_message
    assert "Forward the article text to me instead" in str(caught.value)


async def test_plain_text_page(site: Site) -> None:
    page = await fetch_page(site.url("/plain.txt"), limits=LOCAL)
    assert page.content_type == "text/plain"
    article = extract_article(page)
    assert article.title == "Volunteers clear 3 tonnes of litter from Pelling Beach"
    assert article.text.startswith("More than 150 volunteers collected about three tonnes")
    assert article.url == site.url("/plain.txt")


def test_every_error_is_a_fetch_error_with_a_sentence_and_a_kind() -> None:
    classes = [BadUrl, BadScheme, BlockedAddress, DeadLink, SiteRefused, FetchTimeout, TooLarge]
    classes += [NotAnArticleType, TooManyRedirects, NotAnArticle, BrokenRedirect, BadEncoding]
    kinds = {cls.kind for cls in classes}
    assert len(kinds) == len(classes)
    for cls in classes:
        error = cls()
        assert isinstance(error, FetchError)
        assert str(error) == error.message == cls.default_message
        assert error.message.endswith(".")
    assert extract.NotAnArticle is fetch.NotAnArticle
