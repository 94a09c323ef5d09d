"""Fetching a web page that someone linked to, safely.

The bot opens URLs chosen by strangers, so every request is treated as hostile:

* only http/https; every redirect hop is followed by hand and checked again;
* the host must resolve to public addresses only (no loopback, private, link-local, multicast,
  reserved or unspecified ranges, including IPv4-mapped / 6to4 / odd numeric spellings of them);
* the socket is opened to the very address that was checked (see `_GuardedBackend`), which closes
  the DNS-rebinding gap between "check the name" and "connect to the name";
* time (connect, read, total), redirects and body size are bounded, and only HTML or plain text
  is accepted.

Every refusal is a `FetchError` whose `str()` is a plain sentence for the user and whose `kind`
is a short tag for statistics. `allow_private=True` exists for tests and private deployments and
must come from explicit configuration.
"""

from __future__ import annotations

import asyncio
import codecs
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

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

DEFAULT_USER_AGENT = "NewsbriefBot/0.1 (+https://github.com/newsbrief/newsbrief)"
ARTICLE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
_META_SCAN_BYTES = 4096  # browsers look for <meta charset> in the first 1024 bytes; be a bit generous
_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)


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


# --- errors ---------------------------------------------------------------------------------------


class FetchError(Exception):
    """A link could not be turned into a page. `str(exc)` is safe to show to the user."""

    kind = "fetch_failed"
    default_message = "I couldn't open that link."

    def __init__(self, message: str | None = None, *, url: str | None = None, status: int | None = None):
        self.message = message or self.default_message
        self.url = url
        self.status = status
        self.retry_after: str | None = None  # the Retry-After header of a 429/503 answer, as sent
        super().__init__(self.message)


class BadUrl(FetchError):
    kind = "bad_url"
    default_message = "That doesn't look like a web link I can open."


class BadScheme(BadUrl):
    kind = "bad_scheme"
    default_message = "I can only open web links that start with http:// or https://."


class BlockedAddress(FetchError):
    kind = "blocked"
    default_message = "That link points to a private or local address, so I won't open it."


class DeadLink(FetchError):
    kind = "dead_link"
    default_message = "I couldn't reach that website."


class SiteRefused(FetchError):
    """The site answered but would not give us the page (401/403/429/451 and other 4xx)."""

    kind = "refused"
    default_message = (
        "The website refused to show me that page (it may need a login or block bots). "
        "Forward the article text to me instead."
    )


class FetchTimeout(FetchError):
    kind = "timeout"
    default_message = "That website took too long to answer, so I gave up. Try again later."


class TooLarge(FetchError):
    kind = "too_large"
    default_message = "That page is too big for me to read."


class NotAnArticleType(FetchError):
    kind = "content_type"
    default_message = "That link isn't a web page I can read."


class TooManyRedirects(FetchError):
    kind = "redirects"
    default_message = "That link redirects too many times, so I stopped following it."


class NotAnArticle(FetchError):
    """The page loaded but holds no readable article (raised by bot.extract)."""

    kind = "not_article"
    default_message = (
        "I couldn't find an article on that page (it may be behind a paywall or login, or be mostly "
        "video). Forward the article text to me instead and I'll summarise that."
    )


# --- address checks ---------------------------------------------------------------------------------


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a host string denotes by itself, or None for a name that needs DNS.

    Besides the usual forms this accepts what inet_aton (and so getaddrinfo and browsers) accept:
    "2130706433", "0x7f.1", "0177.0.0.1", "127.1". Those are how SSRF payloads dodge naive checks.
    Raises BadUrl for all-numeric hosts that are not a valid address ("1.2.3.4.5", "999.1.1.1").
    """
    name = host.strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(name.split("%", 1)[0])  # drop an IPv6 zone id ("fe80::1%eth0")
    except ValueError:
        pass
    parts = name.split(".")
    if not all(re.fullmatch(r"0[xX][0-9a-fA-F]*|[0-9]+", part) for part in parts):
        return None
    try:
        return ipaddress.IPv4Address(_inet_aton_value([_numeric_part(part) for part in parts]))
    except ValueError as exc:
        raise BadUrl(url=host) from exc


def _numeric_part(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        return int(part, 8)  # raises ValueError on "08", as inet_aton rejects it
    return int(part)


def _inet_aton_value(numbers: list[int]) -> int:
    # a, a.b (b: 24 bits), a.b.c (c: 16 bits), a.b.c.d: the last part fills the remaining bytes.
    if not 1 <= len(numbers) <= 4 or any(n < 0 for n in numbers):
        raise ValueError("not an IPv4 address")
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 1 << (8 * (4 - len(head))):
        raise ValueError("IPv4 part out of range")
    value = 0
    for n in head:
        value = value << 8 | n
    return value << (8 * (4 - len(head))) | last


def is_public_address(ip: IPAddress) -> bool:
    """True only for globally routable unicast addresses, looking inside IPv6 wrappers of IPv4."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d is just a.b.c.d on a dual-stack socket
            return is_public_address(ip.ipv4_mapped)
        embedded = ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not is_public_address(embedded):
            return False
    # is_global alone is not enough on Python < 3.13: multicast (224.0.0.0/4, ff00::/8) counts as global.
    return ip.is_global and not (
        ip.is_multicast
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_unspecified
    )


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


def parse_http_url(url: str) -> httpx.URL:
    """`url` parsed, or BadUrl/BadScheme: only absolute http(s) URLs with a host get through."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError) as exc:
        raise BadUrl(url=url) from exc
    if parsed.scheme not in {"http", "https"}:
        raise BadScheme(url=url)
    if not parsed.host:
        raise BadUrl(url=url)
    return parsed


async def check_url(url: str, limits: FetchLimits) -> httpx.URL:
    """Parse `url` and, unless private addresses are allowed, prove its host is public.

    With a `make_client` client the connect-time guard checks again (and that check is the one that
    counts); this early one costs a cached DNS lookup and keeps other clients safe from plain SSRF.
    """
    parsed = parse_http_url(url)
    if not limits.allow_private:
        await public_addresses(
            parsed.host, parsed.port or _default_port(parsed), timeout=limits.connect_timeout
        )
    return parsed


def _default_port(url: httpx.URL) -> int:
    return 443 if url.scheme == "https" else 80


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
        headers={"User-Agent": limits.user_agent, "Accept": _ACCEPT},
        trust_env=False,
    )


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
    except TimeoutError as exc:
        raise FetchTimeout(url=url) from exc
    except httpx.TimeoutException as exc:
        raise FetchTimeout(url=url) from exc
    except httpx.HTTPError as exc:
        raise _from_httpx(exc, url) from exc


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
        target = await check_url(current, limits)
        request = client.build_request(
            "GET",
            target,
            headers={"User-Agent": limits.user_agent, "Accept": _ACCEPT, **(extra or {})},
            timeout=_timeouts(limits),
        )
        # Per-request settings so a caller's client cannot re-enable automatic redirects.
        response = await client.send(request, stream=True, follow_redirects=False)
        try:
            location = _redirect_location(response)
            if location is None:
                return await _page_from(response, redirects, limits)
        finally:
            await response.aclose()
        redirects.append(str(target))
        current = str(target.join(location))
        logger.debug("redirect %s -> %s", target, current)
    raise TooManyRedirects(url=url)


def _redirect_location(response: httpx.Response) -> str | None:
    if response.status_code not in {301, 302, 303, 307, 308}:
        return None
    location = response.headers.get("Location")
    if not location:
        raise DeadLink(
            "That website sent a broken redirect.", url=str(response.url), status=response.status_code
        )
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
    # aiter_bytes yields decompressed data, so the cap also holds against gzip bombs (overshoot is at
    # most one decompressed network chunk). We stop reading as soon as the cap is passed.
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise TooLarge(_too_large_message(max_bytes), url=str(response.url))
        chunks.append(chunk)
    return b"".join(chunks)


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


def decode_body(body: bytes, header_charset: str | None, *, html: bool = True) -> tuple[str, str]:
    """(text, codec name): header charset, then BOM, then <meta> charset, then UTF-8, then a guess."""
    for candidate in (header_charset, _bom_charset(body), _meta_charset(body) if html else None):
        codec = _codec(candidate)
        if codec:
            # "replace" because a declared charset is often right for all but a few stray bytes.
            return body.decode(codec, errors="replace").lstrip("\ufeff"), codec
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guessed = _guess_charset(body)
    return body.decode(guessed, errors="replace"), guessed


def _codec(label: str | None) -> str | None:
    """Python's codec for a charset label, or None when unknown. Latin-1 labels mean windows-1252,
    as in every browser: pages labelled ISO-8859-1 routinely contain cp1252 quotes and dashes."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return "cp1252" if name in {"latin-1", "iso8859-1", "ascii"} else name


def _bom_charset(body: bytes) -> str | None:
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _meta_charset(body: bytes) -> str | None:
    # Matches both <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
    match = _META_CHARSET.search(body[:_META_SCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


def _guess_charset(body: bytes) -> str:
    try:
        from charset_normalizer import from_bytes  # installed with trafilatura
    except ImportError:  # pragma: no cover - trafilatura depends on it
        return "cp1252"
    best = from_bytes(body[: 64 * 1024]).best()
    return _codec(best.encoding if best else None) or "cp1252"
