"""Fetching a web page that someone linked to, safely.

The bot opens URLs chosen by strangers, so every request is treated as hostile:

* only http/https; every redirect hop is followed by hand and checked again;
* the host must resolve to public addresses only (no loopback, private, link-local, multicast,
  reserved or unspecified ranges, including IPv4-mapped / 6to4 / odd numeric spellings of them);
* the socket is opened to the very address that was checked (see `_GuardedBackend`), which closes
  the DNS-rebinding gap between "check the name" and "connect to the name";
* time (connect, read, total), redirects and body size are bounded, and only HTML or plain text
  is accepted;
* the body is decompressed by `bot.web.coding` in bounded steps (gzip/deflate, at most two layers),
  so the size cap holds for the decoded bytes of every layer, not after a bomb has gone off;
* a malformed URL or redirect anywhere in the chain is a refusal with its own sentence, never a crash.

Every refusal is a `FetchError` whose `str()` is a plain sentence for the user and whose `kind`
is a short tag for statistics. `allow_private=True` exists for tests and private deployments and
must come from explicit configuration.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import socket
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from .addresses import IPAddress, is_public_address, parse_ip_literal
from .charset import decode_body
from .coding import ACCEPT_ENCODING, BoundedDecoder, CodingError, OverLimit, UnsupportedCoding
from .errors import (
    BadEncoding,
    BadScheme,
    BadUrl,
    BlockedAddress,
    BrokenRedirect,
    DeadLink,
    FetchError,
    FetchTimeout,
    NotAnArticle,
    NotAnArticleType,
    SiteRefused,
    TooLarge,
    TooManyRedirects,
)
from .sites import DEFAULT_PORTS
from .sniff import looks_binary

# Everything callers and tests import from here, including what now lives in bot.web.
__all__ = [
    "ARTICLE_TYPES", "BINARY_PAGE", "BadEncoding", "BadScheme", "BadUrl", "BlockedAddress",
    "BrokenRedirect", "DeadLink", "FetchError", "FetchLimits", "FetchTimeout", "FetchedPage",
    "NotAnArticle", "NotAnArticleType", "SiteRefused", "TooLarge", "TooManyRedirects", "check_url",
    "decode_body", "fetch_page", "human_size", "is_public_address", "lookup_host", "make_client",
    "parse_http_url", "parse_ip_literal", "public_addresses",
]  # fmt: skip

logger = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "NewsbriefBot/0.1 (+https://github.com/newsbrief/newsbrief)"
ARTICLE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"


@dataclass(frozen=True)
class FetchLimits:
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 20.0  # whole fetch, all redirect hops and DNS included
    max_redirects: int = 5
    max_bytes: int = 2 * 1024 * 1024  # of the decoded (decompressed) body
    allow_private: bool = False  # True only through explicit configuration (tests, intranet installs)
    user_agent: str = DEFAULT_USER_AGENT
    accept_types: frozenset[str] = ARTICLE_TYPES  # media types read; the feed poller adds XML and JSON


@dataclass(frozen=True)
class FetchedPage:
    final_url: str  # after redirects, as fetched (not canonicalised)
    status: int
    content_type: str  # media type only, lower case: "text/html"
    text: str  # body decoded to str
    bytes_read: int
    redirects: list[str] = field(default_factory=list)  # each URL that answered with a redirect, in order
    encoding: str = "utf-8"  # the codec used to decode `text`
    # For the feed poller: caching headers (ETag, Cache-Control ...) and the undecoded body, since an
    # XML parser reads the document's own encoding declaration. status 304 comes with no body.
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


async def lookup_host(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, as strings. Tests monkeypatch this instead of using DNS."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


async def public_addresses(host: str, port: int, *, timeout: float | None) -> list[IPAddress]:
    """The addresses to connect to for `host`, all checked; raises unless every one is public.

    One private address among public ones refuses the whole name: we cannot control which address
    a retry would use, and a mixed answer is itself a sign of a rebinding attempt.
    """
    literal = parse_ip_literal(host)
    if literal is not None:
        addresses = [literal]
    else:
        addresses = await _resolve(host, port, timeout)
    blocked = [ip for ip in addresses if not is_public_address(ip)]
    if blocked:
        logger.info("refusing %s: resolves to non-public %s", host, ", ".join(map(str, blocked)))
        raise BlockedAddress(url=host)
    return addresses


async def _resolve(host: str, port: int, timeout: float | None) -> list[IPAddress]:
    try:
        async with asyncio.timeout(timeout):
            raw = await lookup_host(host, port)
    except TimeoutError as exc:
        raise FetchTimeout(url=host) from exc
    except (OSError, UnicodeError) as exc:  # socket.gaierror is an OSError
        logger.info("DNS lookup failed for %s: %s", host, exc)
        raise DeadLink("I couldn't find that website: its address doesn't exist.", url=host) from exc
    addresses = list(dict.fromkeys(ipaddress.ip_address(a.split("%", 1)[0]) for a in raw))
    if not addresses:
        raise DeadLink("I couldn't find that website: its address doesn't exist.", url=host)
    return addresses


# What a host can be on the wire: DNS labels (IDNA already applied by httpx, "_" seen in the wild) or an
# IPv6 literal; httpx itself lets "%", spaces and other bytes through to the resolver.
_HOST = re.compile(rb"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(?:%[\w.~-]+)?")


def parse_http_url(url: str) -> httpx.URL:
    """`url` parsed, or BadUrl/BadScheme: only absolute http(s) URLs with a valid host and port."""
    try:
        parsed = httpx.URL(url.strip())
        has_host = bool(parsed.host)  # .host decodes IDNA and raises on a malformed A-label ("xn--")
    except (httpx.InvalidURL, TypeError, ValueError) as exc:  # UnicodeError (bad IDNA) is a ValueError
        raise BadUrl(url=url) from exc
    if parsed.scheme not in {"http", "https"}:
        raise BadScheme(url=url)
    port = parsed.port
    if not has_host or not _HOST.fullmatch(parsed.raw_host) or (port is not None and not 0 < port < 65536):
        raise BadUrl(url=url)  # "exa%mple.com", "a b": no DNS name or address looks like that
    return parsed


async def check_url(url: str, limits: FetchLimits) -> httpx.URL:
    """Parse `url` and, unless private addresses are allowed, prove its host is public.

    With a `make_client` client the connect-time guard checks again (and that check is the one that
    counts); this early one costs a cached DNS lookup and keeps other clients safe from plain SSRF.
    """
    parsed = parse_http_url(url)
    if not limits.allow_private:
        await public_addresses(
            parsed.host, parsed.port or DEFAULT_PORTS[parsed.scheme], timeout=limits.connect_timeout
        )
    return parsed


# --- the guarded client -----------------------------------------------------------------------------


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves, checks and connects in one step, to the checked address.

    Checking a name and then letting the HTTP library resolve it again leaves a DNS-rebinding window:
    a hostile DNS server can answer "public" to the check and "127.0.0.1" to the connect. Here the
    connection goes to the exact IP that passed the check. TLS is unaffected: httpcore still sends the
    original host name for SNI and certificate verification.
    """

    def __init__(self, inner: httpcore.AsyncNetworkBackend, *, allow_private: bool) -> None:
        self._inner = inner
        self._allow_private = allow_private

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        if self._allow_private:
            targets = [host]
        else:
            targets = [str(ip) for ip in await public_addresses(host, port, timeout=timeout)]
        error: Exception | None = None
        for target in targets:  # like the OS would, try each address until one answers
            try:
                return await self._inner.connect_tcp(
                    target, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error if error is not None else httpcore.ConnectError(f"no address to connect to for {host}")

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddress()

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def make_client(
    limits: FetchLimits, *, inner_backend: httpcore.AsyncNetworkBackend | None = None
) -> httpx.AsyncClient:
    """An AsyncClient whose connections pass the address guard; share one across fetches if you like.

    `inner_backend` opens the sockets once the guard has approved an address (default: httpcore's
    AnyIO backend); tests pass one that records where it was asked to connect.
    """
    ssl_context = httpx.create_ssl_context()
    transport = httpx.AsyncHTTPTransport(verify=ssl_context, trust_env=False, retries=0)
    # httpx does not expose httpcore's network_backend, so rebuild its pool with ours. trust_env=False
    # also keeps HTTP(S)_PROXY out of it: through a proxy the guard would check the proxy, not the site.
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=ssl_context,
        max_connections=20,
        max_keepalive_connections=5,
        network_backend=_GuardedBackend(
            inner_backend or httpcore.AnyIOBackend(), allow_private=limits.allow_private
        ),
    )
    return httpx.AsyncClient(
        transport=transport,
        follow_redirects=False,
        timeout=_timeouts(limits),
        headers=_headers(limits),
        trust_env=False,
    )


def _headers(limits: FetchLimits) -> dict[str, str]:
    # Accept-Encoding names only what bot.web.coding undoes in bounded steps (httpx would add br/zstd).
    return {"User-Agent": limits.user_agent, "Accept": _ACCEPT, "Accept-Encoding": ACCEPT_ENCODING}


def _timeouts(limits: FetchLimits) -> httpx.Timeout:
    return httpx.Timeout(
        connect=limits.connect_timeout,
        read=limits.read_timeout,
        write=limits.read_timeout,
        pool=limits.connect_timeout,
    )


# --- fetching ---------------------------------------------------------------------------------------


async def fetch_page(
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    limits: FetchLimits,
    headers: Mapping[str, str] | None = None,
) -> FetchedPage:
    """Download `url` (following up to `limits.max_redirects` checked redirects) and decode it.

    Raises a FetchError subclass for every way this can fail. A `client` you pass should come from
    `make_client` (it carries the connect-time guard); with any other client each hop is still
    checked before the request, but without the protection against DNS rebinding. `headers` are
    sent with every hop (the feed poller's If-None-Match / If-Modified-Since and Accept); a 304 answer
    to them comes back as a FetchedPage with status 304 and no body.
    """
    try:
        async with asyncio.timeout(limits.total_timeout):
            if client is not None:
                return await _follow(client, url, limits, headers)
            async with make_client(limits) as own_client:
                return await _follow(own_client, url, limits, headers)
    except FetchError:
        raise
    except TimeoutError as exc:
        raise FetchTimeout(url=url) from exc
    except httpx.TimeoutException as exc:
        raise FetchTimeout(url=url) from exc
    except httpx.HTTPError as exc:
        raise _from_httpx(exc, url) from exc
    except (httpx.InvalidURL, httpx.StreamError, ValueError) as exc:  # ValueError covers UnicodeError
        logger.info("fetching %s failed on a malformed URL or response: %r", url, exc)
        raise FetchError("That website sent an answer I couldn't make sense of.", url=url) from exc
    except Exception as exc:
        # A stranger's server chose every byte we parsed; whatever broke, it is that link that failed.
        logger.warning("fetching %s failed unexpectedly", url, exc_info=True)
        raise FetchError(url=url) from exc


def _from_httpx(exc: httpx.HTTPError, url: str) -> FetchError:
    logger.info("fetching %s failed: %r", url, exc)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return BadScheme(url=url)
    if isinstance(exc, httpx.ConnectError) and _caused_by(exc, ssl.SSLCertVerificationError):
        return DeadLink("That website's security certificate isn't valid, so I didn't open it.", url=url)
    if isinstance(exc, httpx.ConnectError):
        return DeadLink("I couldn't connect to that website. It may be down; try again later.", url=url)
    if isinstance(exc, httpx.DecodingError):
        return FetchError("That website sent a page I couldn't decode.", url=url)
    return FetchError("The connection to that website failed while loading the page.", url=url)


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: BaseException | None = exc
    for _ in range(10):  # httpx wraps httpcore's error, which wraps the ssl error
        if seen is None:
            return False
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


async def _follow(
    client: httpx.AsyncClient, url: str, limits: FetchLimits, extra: Mapping[str, str] | None = None
) -> FetchedPage:
    redirects: list[str] = []
    current = url
    for _hop in range(limits.max_redirects + 1):
        target = await _check_hop(current, limits, redirected=bool(redirects))
        request = client.build_request(
            "GET", target, headers={**_headers(limits), **(extra or {})}, timeout=_timeouts(limits)
        )
        try:
            # Per-request settings so a caller's client cannot re-enable automatic redirects.
            response = await client.send(request, stream=True, follow_redirects=False)
        except (httpx.InvalidURL, httpx.RemoteProtocolError, UnicodeError) as exc:
            # httpx builds the next request of a redirect even when it will not follow it, so a
            # Location such as "http:host:port/x" or "http://[::1" fails inside send(): as InvalidURL,
            # or as a protocol error that only its message tells apart from a garbled response.
            if isinstance(exc, httpx.RemoteProtocolError) and "location header" not in str(exc).lower():
                raise
            logger.info("broken redirect from %s: %s", target, exc)
            raise BrokenRedirect(url=str(target)) from exc
        try:
            location = _redirect_location(response)
            if location is None:
                return await _page_from(response, redirects, limits)
        finally:
            await response.aclose()
        redirects.append(str(target))
        current = _resolve_location(target, location)
        logger.debug("redirect %s -> %s", target, current)
    raise TooManyRedirects(url=url)


async def _check_hop(url: str, limits: FetchLimits, *, redirected: bool) -> httpx.URL:
    """check_url, except that a redirect to something that is no URL is the site's broken redirect."""
    try:
        return await check_url(url, limits)
    except BadScheme:
        raise
    except BadUrl as exc:
        if redirected:
            raise BrokenRedirect(url=url) from exc
        raise


def _resolve_location(base: httpx.URL, location: str) -> str:
    try:
        return str(base.join(location.strip()))
    except (httpx.InvalidURL, TypeError, ValueError) as exc:  # "http:host:port/x", bad IDNA, bad port
        logger.info("broken redirect from %s to %r: %s", base, location, exc)
        raise BrokenRedirect(url=str(base)) from exc


def _redirect_location(response: httpx.Response) -> str | None:
    if response.status_code not in {301, 302, 303, 307, 308}:
        return None
    location = response.headers.get("Location")
    if not location or not location.strip():
        raise BrokenRedirect(url=str(response.url), status=response.status_code)
    return location


async def _page_from(response: httpx.Response, redirects: list[str], limits: FetchLimits) -> FetchedPage:
    headers = dict(response.headers)
    if response.status_code == 304:  # answer to a conditional request: unchanged, nothing to read
        return FetchedPage(str(response.url), 304, "", "", 0, list(redirects), headers=headers)
    try:
        _check_status(response)
    except FetchError as exc:
        exc.retry_after = response.headers.get("Retry-After")
        raise
    media_type, header_charset = _content_type(response.headers.get("Content-Type", ""))
    if media_type:  # refuse a PDF or a video before downloading any of it
        _accept_type(media_type, str(response.url), limits.accept_types)
    _check_declared_size(response, limits.max_bytes)
    body = await _read_body(response, limits.max_bytes)
    if not media_type:
        media_type = _accept_type(_sniff_type(body), str(response.url), limits.accept_types)
    text, encoding = decode_body(body, header_charset, html=media_type != "text/plain")
    if looks_binary(text):  # a file served as text/plain or text/html: control characters, not words
        raise NotAnArticleType(BINARY_PAGE, url=str(response.url))
    return FetchedPage(
        final_url=str(response.url),
        status=response.status_code,
        content_type=media_type,
        text=text,
        bytes_read=len(body),
        redirects=list(redirects),
        encoding=encoding,
        headers=headers,
        body=body,
    )


def _check_status(response: httpx.Response) -> None:
    status, url = response.status_code, str(response.url)
    if 200 <= status < 300:
        return
    if status in {404, 410}:
        raise DeadLink(
            f"That page doesn't exist (the website answered {status}). Check the link.",
            url=url,
            status=status,
        )
    if status >= 500:
        raise DeadLink(
            f"That website is having problems (it answered {status}). Try again later.",
            url=url,
            status=status,
        )
    if 400 <= status < 500:
        raise SiteRefused(url=url, status=status)
    raise FetchError(f"That website gave an answer I can't use ({status}).", url=url, status=status)


def _check_declared_size(response: httpx.Response, max_bytes: int) -> None:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(_too_large_message(max_bytes), url=str(response.url))


async def _read_body(response: httpx.Response, max_bytes: int) -> bytes:
    """The decoded body, read raw and decompressed here in bounded steps (see bot.web.coding).

    httpx's own decoding (aiter_bytes) inflates a whole network chunk through every layer before we
    see a byte; with aiter_raw the cap is checked after every step of at most 64 KB.
    """
    url = str(response.url)
    try:
        decoder = BoundedDecoder(response.headers.get("Content-Encoding", ""), max_bytes)
        chunks: list[bytes] = []
        size = 0
        async for raw in response.aiter_raw():
            for piece in decoder.decode(raw):
                size += len(piece)
                if size > max_bytes:
                    raise TooLarge(_too_large_message(max_bytes), url=url)
                chunks.append(piece)
    except OverLimit as exc:
        raise TooLarge(_too_large_message(max_bytes), url=url) from exc
    except UnsupportedCoding as exc:
        logger.info("refusing %s: content coding %s", url, exc.coding)
        raise BadEncoding(url=url) from exc
    except CodingError as exc:
        logger.info("refusing %s: %s", url, exc)
        raise BadEncoding(
            "That website sent a damaged compressed page, so I couldn't read it.", url=url
        ) from exc
    return b"".join(chunks)


BINARY_PAGE = (
    "That link leads to binary data, not text I can read. Send me a link to the article's web page, "
    "or paste its text."
)


def _too_large_message(max_bytes: int) -> str:
    return f"That page is too big for me to read (over {human_size(max_bytes)})."


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    if n >= 1024:
        return f"{n / 1024:g} KB"
    return f"{n} bytes"


# --- content type and charset -----------------------------------------------------------------------


def _content_type(header: str) -> tuple[str, str | None]:
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return media_type.strip().lower(), charset


_MAGIC = ((b"%PDF-", "application/pdf"), (b"\x89PNG", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
          (b"GIF8", "image/gif"), (b"PK\x03\x04", "application/zip"))  # fmt: skip


def _sniff_type(body: bytes) -> str:
    """A media type for a response without Content-Type: recognise a few binary formats, else HTML."""
    for magic, media_type in _MAGIC:
        if body.startswith(magic):
            return media_type
    return "text/html"


def _accept_type(media_type: str, url: str, accepted: frozenset[str] = ARTICLE_TYPES) -> str:
    if media_type in accepted:
        return media_type
    raise NotAnArticleType(_wrong_type_message(media_type), url=url)


def _wrong_type_message(media_type: str) -> str:
    tail = "I can only read articles on web pages; send me the text instead."
    major = media_type.split("/", 1)[0]
    if media_type == "application/pdf":
        return f"That link is a PDF document, not a web page. {tail}"
    if major in {"image", "video", "audio"}:
        return f"That link is {'an' if major == 'image' else 'a'} {major} file, not a web page. {tail}"
    return f"That link is a file ({media_type or 'unknown type'}), not a web page. {tail}"
