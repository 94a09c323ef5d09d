"""A local web site of feeds for the source tests and the feed benchmark, on 127.0.0.1.

- `/shared/{file}`: the shared eval feeds as publishers served them (gzip files with
  Content-Encoding: gzip), with ETag and Last-Modified, answering 304 to a matching conditional GET;
- `/feed/{name}`: an RSS 2.0 feed whose items the test sets (`FeedSite.items`), same validators;
  `FeedSite.fail[name] = (status, headers)` makes it answer an error instead;
- `/story/{slug}`: an article page (teasers are read from there);
- `/page/{name}`: a web page linking to feeds with <link rel="alternate">;
- `/tme/s/{name}` and `/tme/{name}`: Telegram channel previews (t.me is served from here in tests);
- `/huge`, `/slow`, `/broken`, `/notfeed`, `/to-private`: bad input.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import html
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from aiohttp import web

from tests.chat_helpers import article_text
from tests.local_web import stall


@dataclass
class Item:
    guid: str
    title: str
    text: str
    link: str | None = None  # defaults to /story/{guid} on this site
    published: datetime | None = None


@dataclass
class FeedSite:
    shared: Path | None = None
    items: dict[str, list[Item]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    fail: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)
    cache_control: str | None = None
    send_etag: bool = True  # False: Last-Modified only, so only If-Modified-Since can give a 304
    delay: float = 0.0  # seconds each /feed answer takes, to watch concurrency
    in_flight: int = 0
    max_in_flight: int = 0
    hits: Counter[str] = field(default_factory=Counter)
    not_modified: Counter[str] = field(default_factory=Counter)
    origin: str = ""
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    def url(self, path: str) -> str:
        return f"{self.origin}{path}"

    # --- documents ---------------------------------------------------------------------------------
    def rss(self, name: str) -> bytes:
        entries = []
        for item in self.items.get(name, []):
            link = item.link or self.url(f"/story/{item.guid}")
            date = (
                f"<pubDate>{format_datetime(item.published, usegmt=True)}</pubDate>" if item.published else ""
            )
            entries.append(
                f"<item><title>{html.escape(item.title)}</title><link>{html.escape(link)}</link>"
                f'<guid isPermaLink="false">{html.escape(item.guid)}</guid>{date}'
                f"<description>{html.escape(item.text)}</description></item>"
            )
        title = html.escape(self.titles.get(name, f"The {name} feed"))
        return (
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>{self.url('/')}</link><description>test</description>{''.join(entries)}</channel></rss>"
        ).encode()

    # --- the app -----------------------------------------------------------------------------------
    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/shared/{file}", self._shared),
            web.get("/feed/{name}", self._feed),
            web.get("/story/{slug}", self._story),
            web.get("/page/{name}", self._page),
            web.get("/tme/s/{name}", self._tme_s),
            web.get("/tme/{name}", self._tme_card),
            web.get("/huge", self._huge),
            web.get("/slow", self._slow),
            web.get("/broken", self._broken),
            web.get("/notfeed", self._notfeed),
            web.get("/to-private", self._to_private),
        ]

    def _conditional(
        self, request: web.Request, key: str, body: bytes, content_type: str, **extra: str
    ) -> web.Response:
        self.hits[key] += 1
        if key in self.fail:
            status, headers = self.fail[key]
            return web.Response(status=status, headers=headers, text="error")
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = format_datetime(
            datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=int(etag[1:7], 16)), usegmt=True
        )
        headers = {"Last-Modified": modified, **extra}
        if self.send_etag:
            headers["ETag"] = etag
        if self.cache_control:
            headers["Cache-Control"] = self.cache_control
        unchanged = (
            request.headers.get("If-None-Match") == etag
            if self.send_etag
            else request.headers.get("If-Modified-Since") == modified
        )
        if unchanged:
            self.not_modified[key] += 1
            return web.Response(status=304, headers=headers)
        return web.Response(body=body, headers={"Content-Type": content_type, **headers})

    async def _shared(self, request: web.Request) -> web.Response:
        assert self.shared is not None
        name = request.match_info["file"]
        body = (self.shared / name).read_bytes()
        extra = {}
        if name.endswith(".gz"):
            extra["Content-Encoding"] = "gzip"  # as the publisher sent it; the client inflates it
        kind = (
            "application/feed+json"
            if name.endswith(".json")
            else "text/html; charset=utf-8"
            if name.endswith(".html")
            else "application/rss+xml"
        )
        return self._conditional(request, name, body, kind, **extra)

    async def _feed(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay:
                await stall(self.stop, self.delay)
            return self._conditional(request, name, self.rss(name), "application/rss+xml; charset=utf-8")
        finally:
            self.in_flight -= 1

    async def _story(self, request: web.Request) -> web.Response:
        slug = request.match_info["slug"]
        self.hits[f"story:{slug}"] += 1
        topic = slug.replace("-", " ")
        paragraphs = "".join(f"<p>{article_text(topic, n)}</p>" for n in range(4))
        body = (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Full story on {topic}</title>'
            '<meta property="og:site_name" content="The Test Gazette"></head><body><article>'
            f"<h1>Full story on {topic}</h1>{paragraphs}</article></body></html>"
        )
        return web.Response(text=body, content_type="text/html", charset="utf-8")

    async def _page(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        links = (
            f'<link rel="alternate" type="application/rss+xml" title="Comments" href="/feed/{name}-comments">'
            f'<link rel="alternate" type="application/rss+xml" title="{name} news" href="/feed/{name}">'
            '<link rel="alternate" type="application/atom+xml" title="Everything" href="/feed/everything">'
        )
        head = f"<head><title>{name} home</title>{links}</head>"
        body = f"<!DOCTYPE html><html>{head}<body><p>Hi</p></body></html>"
        return web.Response(text=body, content_type="text/html", charset="utf-8")

    async def _tme_s(self, request: web.Request) -> web.Response:
        assert self.shared is not None
        name = request.match_info["name"]
        if name == "durov":
            return self._conditional(request, f"tme:{name}", (self.shared / "tme_s_durov.html").read_bytes(),
                                     "text/html; charset=utf-8")  # fmt: skip
        raise web.HTTPFound(f"/tme/{name}")  # what t.me does for a channel without a public preview

    async def _tme_card(self, request: web.Request) -> web.Response:
        assert self.shared is not None
        body = (self.shared / "tme_durov_channel_card_not_s.html").read_bytes()
        return web.Response(body=body, content_type="text/html", charset="utf-8")

    async def _huge(self, request: web.Request) -> web.StreamResponse:
        # 20 MB of feed, streamed without a Content-Length, so only the reader's cap can stop it.
        response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        await response.prepare(request)
        chunk = b"<item><title>x</title><description>" + b"y" * 65000 + b"</description></item>"
        await response.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>')
        for _ in range(320):
            try:
                await response.write(chunk)
            except (ConnectionResetError, RuntimeError):
                break
        return response

    async def _slow(self, request: web.Request) -> web.Response:
        await stall(self.stop, 30.0)
        return web.Response(text="late", content_type="application/rss+xml")

    async def _broken(self, request: web.Request) -> web.Response:
        body = b'<?xml version="1.0"?>\n<<<feed this is not xml <item></title>'
        return web.Response(body=body, headers={"Content-Type": "application/xml"})

    async def _notfeed(self, request: web.Request) -> web.Response:
        body = (
            "<!DOCTYPE html><html><head><title>Plain page</title></head><body><p>No feeds.</p></body></html>"
        )
        return web.Response(text=body, content_type="text/html", charset="utf-8")

    async def _to_private(self, request: web.Request) -> web.Response:
        raise web.HTTPFound("http://10.20.30.40/feed.xml")


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data)
