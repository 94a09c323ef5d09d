"""Reading one fetched document into what Newsbrief follows: a feed, a channel page or a web page.

Pure parsing, no I/O: bytes (as served) in, a `SourceDocument` out. feedparser reads RSS 0.9x/1.0/2.0
and Atom (encodings, namespaces, broken XML); JSON Feed, which feedparser does not read, is parsed here
from the JSON; public Telegram channels are read from their web preview (t.me/s/name) with lxml; any
other HTML page is searched for `<link rel="alternate">` feed links (autodiscovery).
"""

from __future__ import annotations

import calendar
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.html
from lxml import etree

from bot.web.fetch import decode_body

log = logging.getLogger(__name__)

Kind = Literal["feed", "channel", "page"]
FEED_TYPES = {
    "application/rss+xml": "RSS",
    "application/atom+xml": "Atom",
    "application/rdf+xml": "RSS",
    "application/feed+json": "JSON Feed",
    "application/json": "JSON Feed",
    "text/xml": "RSS",
    "application/xml": "RSS",
}
_BLOCK_END = re.compile(r"(?i)<(?:br|hr)\b[^>]*>|</(?:p|div|li|h[1-6]|blockquote|tr|section|article)\s*>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_TME_POST = re.compile(r"^[A-Za-z0-9_]{3,64}/\d+$")


class NotAFeed(ValueError):
    """The document is neither a feed, nor a channel preview, nor a page that links to a feed."""


@dataclass(frozen=True)
class FeedItem:
    title: str | None
    link: str | None  # absolute URL
    guid: str | None
    published: datetime | None  # UTC
    text: str  # plain text of the item's own content (the longest the feed gives)
    summary: str = ""  # plain text of its description, when the feed has one besides the content

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class FeedLink:
    url: str
    title: str | None
    type: str  # "RSS", "Atom", "JSON Feed"


@dataclass(frozen=True)
class SourceDocument:
    kind: Kind
    title: str | None
    url: str  # where it was read from
    items: list[FeedItem] = field(default_factory=list)
    feeds: list[FeedLink] = field(default_factory=list)  # for pages: the feeds they link to
    site_url: str | None = None
    ttl_minutes: int | None = None  # RSS <ttl>: how long the publisher says to cache it
    has_preview: bool = True  # for channels: False when t.me shows only the channel card

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "kind": self.kind,
            "feeds": [link.url for link in self.feeds],
            "items": [
                {
                    "title": item.title,
                    "link": item.link,
                    "guid": item.guid,
                    "published": item.published.isoformat() if item.published else None,
                    "words": item.words,
                }
                for item in self.items
            ],
        }


def read_document(body: bytes, *, url: str, content_type: str = "") -> SourceDocument:
    """Whatever `body` is, as a SourceDocument; NotAFeed when it is nothing Newsbrief can follow."""
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return read_json_feed(body, url=url)
    if b"tgme_" in body[:200_000] and _is_tme(url, body):
        return read_channel(body, url=url)
    parsed = _feedparser(body, url, content_type)
    if (parsed.version or parsed.entries) and _has_content(parsed):
        return _from_feedparser(parsed, url)
    if _looks_like_html(head, content_type):
        return read_page(body, url=url)
    raise NotAFeed("not a feed")


# --- RSS and Atom ------------------------------------------------------------------------------------


def _feedparser(body: bytes, url: str, content_type: str) -> Any:
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    # We turn HTML into plain text ourselves, so feedparser's sanitiser (slow on pathological CSS) is off.
    return feedparser.parse(body, response_headers=headers, sanitize_html=False)


def _has_content(parsed: Any) -> bool:
    """False for what feedparser's forgiving parser makes of garbage: a "feed" with nothing in it."""
    channel_keys = ("title", "link", "subtitle", "id")
    entry_keys = ("title", "link", "id", "summary", "content")
    return any(parsed.feed.get(k) for k in channel_keys) or any(
        any(entry.get(k) for k in entry_keys) for entry in parsed.entries
    )


def _from_feedparser(parsed: Any, url: str) -> SourceDocument:
    channel = parsed.feed
    items = [_entry(entry, url) for entry in parsed.entries]
    ttl = _int(channel.get("ttl"))
    return SourceDocument(
        kind="feed",
        title=_text(channel.get("title")) or None,
        url=url,
        items=items,
        site_url=_absolute(channel.get("link"), url),
        ttl_minutes=ttl,
    )


def _entry(entry: Any, base: str) -> FeedItem:
    contents = [c.get("value", "") for c in entry.get("content", []) or []]
    summary = _text(entry.get("summary") or entry.get("description"))
    bodies = [_text(value) for value in contents] + [summary]
    text = max(bodies, key=len, default="")
    # Plain dict lookups: FeedParserDict maps a missing key to a neighbour, with a warning.
    parsed_time = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    published = datetime.fromtimestamp(calendar.timegm(parsed_time), UTC) if parsed_time else None
    guid = (entry.get("id") or "").strip() or None
    return FeedItem(
        title=_text(entry.get("title")) or None,
        link=_absolute(entry.get("link"), base),
        guid=guid,
        published=published,
        text=text,
        summary=summary if summary != text else "",
    )


# --- JSON Feed ---------------------------------------------------------------------------------------


def read_json_feed(body: bytes, *, url: str) -> SourceDocument:
    try:
        data = json.loads(body.decode("utf-8-sig", errors="replace"))
    except ValueError as exc:
        raise NotAFeed("invalid JSON") from exc
    if not isinstance(data, dict) or "jsonfeed.org" not in str(data.get("version", "")):
        raise NotAFeed("JSON, but not a JSON Feed")
    items = [_json_item(raw, url) for raw in data.get("items") or [] if isinstance(raw, dict)]
    return SourceDocument(
        kind="feed",
        title=_text(data.get("title")) or None,
        url=url,
        items=items,
        site_url=_absolute(data.get("home_page_url"), url),
    )


def _json_item(raw: dict[str, Any], base: str) -> FeedItem:
    html_text = _text(raw.get("content_html"))
    plain = " ".join(str(raw.get("content_text") or "").split())
    summary = _text(raw.get("summary"))
    text = max([html_text, plain, summary], key=len)
    link = _absolute(raw.get("url") or raw.get("external_url"), base)
    guid = str(raw["id"]).strip() if raw.get("id") not in (None, "") else None
    return FeedItem(
        title=_text(raw.get("title")) or None,
        link=link,
        guid=guid,
        published=_iso_time(raw.get("date_published") or raw.get("date_modified")),
        text=text,
        summary=summary if summary != text else "",
    )


def _iso_time(raw: Any) -> datetime | None:
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- Telegram channel previews -----------------------------------------------------------------------


def _is_tme(url: str, body: bytes) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in {"t.me", "telegram.me"} or b"tgme_page" in body[:200_000] or b"tgme_channel" in body


def read_channel(body: bytes, *, url: str) -> SourceDocument:
    """A t.me/s/name page: its posts, oldest first as Telegram shows them."""
    tree = _html_tree(body)
    title = _first_text(tree, "//*[contains(@class,'tgme_channel_info_header_title')]") or _meta(
        tree, "og:title"
    )
    history = tree.xpath("//*[contains(concat(' ', @class, ' '), ' tgme_channel_history ')]")
    items = [
        item
        for wrap in tree.xpath("//*[contains(concat(' ', @class, ' '), ' tgme_widget_message ')][@data-post]")
        if (item := _channel_post(wrap)) is not None
    ]
    return SourceDocument(
        kind="channel", title=title, url=url, items=items, site_url=url, has_preview=bool(history)
    )


def _channel_post(node: Any) -> FeedItem | None:
    post = (node.get("data-post") or "").strip()
    if not _TME_POST.match(post):
        return None
    texts = node.xpath(".//*[contains(concat(' ', @class, ' '), ' tgme_widget_message_text ')]")
    text = _element_text(texts[0]) if texts else ""
    times = node.xpath(".//*[contains(@class,'tgme_widget_message_date')]//time/@datetime")
    first_line = text.split("\n", 1)[0].strip()
    return FeedItem(
        title=_short_title(first_line) if first_line else None,
        link=f"https://t.me/{post}",
        guid=f"t.me/{post}",
        published=_iso_time(str(times[0])) if times else None,
        text=" ".join(text.split()),
    )


def _short_title(line: str, limit: int = 120) -> str:
    if len(line) <= limit:
        return line
    return line[: limit - 1].rsplit(" ", 1)[0] + "…"


# --- web pages: feed autodiscovery -------------------------------------------------------------------


def read_page(body: bytes, *, url: str) -> SourceDocument:
    """An HTML page; `feeds` lists the feeds it links to with <link rel="alternate">, in page order."""
    tree = _html_tree(body)
    base = url
    for href in tree.xpath("//base/@href"):
        base = urljoin(url, str(href).strip())
        break
    feeds: list[FeedLink] = []
    for link in tree.xpath("//link[@href]"):
        rels = (link.get("rel") or "").lower().split()
        kind = FEED_TYPES.get((link.get("type") or "").split(";")[0].strip().lower())
        if "alternate" not in rels or kind is None:
            continue
        target = _absolute(link.get("href"), base)
        if target and all(f.url != target for f in feeds):
            feeds.append(FeedLink(url=target, title=_text(link.get("title")) or None, type=kind))
    title = _first_text(tree, "//title") or _meta(tree, "og:title")
    return SourceDocument(kind="page", title=title, url=url, feeds=feeds, site_url=url)


def best_feed(feeds: list[FeedLink]) -> FeedLink | None:
    """The page's news feed: the first one that is not a comments feed (WordPress lists those too)."""
    for link in feeds:
        words = f"{link.title or ''} {link.url}".lower()
        if "comment" not in words and "kommentar" not in words:
            return link
    return feeds[0] if feeds else None


# --- helpers -----------------------------------------------------------------------------------------


def _html_tree(body: bytes) -> Any:
    # Decoded the way a linked page is (header, BOM, <meta charset>, UTF-8, guess): lxml alone assumes
    # Latin-1 when the charset is declared late in the page.
    text, _ = decode_body(body, None)
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise NotAFeed("empty page") from exc


def _looks_like_html(head: bytes, content_type: str) -> bool:
    lowered = head[:1024].lower()
    return "html" in content_type or b"<html" in lowered or b"<!doctype html" in lowered


def html_to_text(value: str) -> str:
    """Plain text of an HTML fragment (or of text with entities), one line per block."""
    if "<" not in value and "&" not in value:
        return _tidy(value)
    marked = _BLOCK_END.sub("\n", value)
    try:
        fragment = lxml.html.fragment_fromstring(marked, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy(re.sub(r"<[^>]*>", " ", marked))
    for bad in fragment.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    return _tidy(fragment.text_content())


def _element_text(node: Any) -> str:
    return html_to_text(lxml.html.tostring(node, encoding="unicode"))


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _text(value: Any) -> str:
    if not value:
        return ""
    return " ".join(html_to_text(str(value)).split())


def _absolute(link: Any, base: str) -> str | None:
    if not link or not isinstance(link, str):
        return None
    try:
        target = urljoin(base, link.strip())
    except ValueError:
        return None
    return target if urlsplit(target).scheme in {"http", "https"} else None


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _first_text(tree: Any, xpath: str) -> str | None:
    for node in tree.xpath(xpath):
        text = " ".join(node.text_content().split())
        if text:
            return text
    return None


def _meta(tree: Any, prop: str) -> str | None:
    for value in tree.xpath(f"//meta[@property='{prop}']/@content"):
        text = " ".join(str(value).split())
        if text:
            return text
    return None
