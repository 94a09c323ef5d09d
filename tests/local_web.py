"""A web site on 127.0.0.1 and the address guard's view of the world, shared by the link tests.

Nothing here sends a packet anywhere but loopback. `serve` runs an aiohttp app on a free port of
127.0.0.1 and counts the requests per path. For guarded fetches, names resolve through a fake table
(`use_fake_dns` monkeypatches `bot.web.fetch.lookup_host`), never through real DNS, and `RecordingBackend`
opens the sockets: it records every address the guard approved and dials 127.0.0.1 in place of the
one stand-in public address, failing the test if asked for any other. So "no connection was attempted
to the private address" is checked, not assumed, and a guard bug fails a test instead of reaching the
network.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpcore
import pytest
from aiohttp import web

from bot.web import fetch

PAGES = Path(__file__).parent / "fixtures" / "pages"
ARTICLE_PATH = "/news/2025/03/harbour-bridge-reopens"
PUBLIC_IP = "93.184.216.34"  # stands in for a public web server; RecordingBackend dials 127.0.0.1 instead

# Written out, not imported: the tests pin the sentences users read.
BLOCKED_MESSAGE = "That link points to a private or local address, so I won't open it."
SCHEME_MESSAGE = "I can only open web links that start with http:// or https://."

Handler = Callable[[web.Request], Awaitable[web.Response]]


# --- the local site ---------------------------------------------------------------------------------


@dataclass
class Site:
    port: int
    hits: Counter[str]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


@contextlib.asynccontextmanager
async def serve(
    routes: Iterable[web.RouteDef],
    *,
    stop: asyncio.Event | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> AsyncIterator[Site]:
    """Serve `routes` on a free port of 127.0.0.1, counting the requests per path in `hits`.

    On the way out `stop` is set first (handlers that stall wait on it), then the server shuts down.
    """
    hits: Counter[str] = Counter()

    @web.middleware
    async def count(request: web.Request, handler: Any) -> web.StreamResponse:
        hits[request.path] += 1
        return await handler(request)

    app = web.Application(middlewares=[count])
    app.add_routes(routes)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ssl_context).start()
        yield Site(port=runner.addresses[0][1], hits=hits)
    finally:
        if stop is not None:
            stop.set()
        await runner.cleanup()


async def stall(stop: asyncio.Event, seconds: float) -> None:
    """Wait `seconds`, or less if `stop` is set (at teardown)."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


def page_text(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def html_page(name: str, *, origin: str | None = None) -> Handler:
    """Serve a fixture page; {{ORIGIN}} becomes the origin the client asked for (or `origin`)."""

    async def handler(request: web.Request) -> web.Response:
        body = page_text(name).replace("{{ORIGIN}}", origin or f"http://{request.host}")
        return web.Response(text=body, content_type="text/html", charset="utf-8")

    return handler


def binary(body: bytes, content_type: str) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=body, headers={"Content-Type": content_type})

    return handler


# --- fake DNS and the recording socket opener ------------------------------------------------------


def use_fake_dns(
    monkeypatch: pytest.MonkeyPatch,
    table: Mapping[str, list[str]],
    *,
    lookups: list[tuple[str, int]] | None = None,
) -> dict[str, list[str]]:
    """Resolve names through a copy of `table` instead of DNS; returns the copy, for tests to add to.

    Each lookup is recorded as (name, port) in `lookups` when given; a name not in the table fails as
    real DNS does, with socket.gaierror.
    """
    names = {name: list(addresses) for name, addresses in table.items()}

    async def lookup(host: str, port: int) -> list[str]:
        if lookups is not None:
            lookups.append((host, port))
        if host in names:
            return list(names[host])
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(fetch, "lookup_host", lookup)
    return names


@dataclass
class RecordingBackend(httpcore.AsyncNetworkBackend):
    """Opens the sockets once the guard approved an address; records (address, port) of each.

    Only ever dials loopback: PUBLIC_IP goes to 127.0.0.1 (port 443 fails, as there is no TLS server
    there), and any other address fails the test. `lookups` is for `use_fake_dns` to fill.
    """

    attempts: list[tuple[str, int]] = field(default_factory=list)
    lookups: list[tuple[str, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.attempts.append((host, port))
        if host != PUBLIC_IP:
            raise AssertionError(f"the guard let a connection to {host} through")
        if port == 443:  # no TLS server here: behave like a site that is down
            raise httpcore.ConnectError("connection refused (test)")
        return await self._inner.connect_tcp("127.0.0.1", port, timeout=timeout)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise AssertionError("unix sockets are never used")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
