"""Fetching a source: through bot.web.fetch (SSRF guard, size and time limits, checked redirects), with
conditional GET (ETag / If-Modified-Since, so an unchanged feed costs a 304) and the caching headers
the poller needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from bot.config import Settings
from bot.web.fetch import ARTICLE_TYPES, FetchLimits, fetch_page

# What a feed is served as in practice, besides HTML pages (autodiscovery, t.me previews) and
# text/plain: the XML and JSON types, and octet-stream, which misconfigured servers send for .xml.
SOURCE_TYPES = ARTICLE_TYPES | frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/x-rss+xml",
        "application/feed+json",
        "application/json",
        "application/octet-stream",
    }
)
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, text/html;q=0.7, */*;q=0.1"
)


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int  # 200 or 304
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None
    cache_control: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def source_limits(settings: Settings) -> FetchLimits:
    return FetchLimits(
        total_timeout=settings.fetch_timeout,
        read_timeout=min(10.0, settings.fetch_timeout),
        max_bytes=settings.feed_max_bytes,
        allow_private=settings.allow_private_urls,
        accept_types=SOURCE_TYPES,
    )


async def fetch_source(
    url: str,
    *,
    limits: FetchLimits,
    etag: str | None = None,
    last_modified: str | None = None,
    client: httpx.AsyncClient | None = None,
) -> Fetched:
    """One GET through the guarded fetcher; raises bot.web.fetch.FetchError subclasses."""
    headers = {"Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    page = await fetch_page(url, client=client, limits=limits, headers=headers)
    lowered = {key.lower(): value for key, value in page.headers.items()}
    return Fetched(
        url=page.final_url,
        status=page.status,
        body=page.body,
        content_type=page.content_type,
        etag=lowered.get("etag") or etag,
        last_modified=lowered.get("last-modified") or last_modified,
        cache_control=lowered.get("cache-control"),
    )
