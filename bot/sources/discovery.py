"""What a user asks to follow, turned into one source to poll.

Accepts a feed URL (RSS, Atom, JSON Feed), a web page that links to its feeds (`<link
rel="alternate">`: the news feed is chosen and named when there are several), and a public Telegram
channel as `@name`, `t.me/name`, `t.me/s/name` or a post link `t.me/name/123`, read from its web
preview `t.me/s/name`. Every refusal is a `FollowError` whose message is one sentence for the user.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.web.fetch import FetchError, FetchLimits
from bot.web.urls import canonical_url, is_http_url

from .fetching import Fetched, fetch_source
from .reading import FeedLink, NotAFeed, SourceDocument, best_feed, read_document

_NAME = r"[A-Za-z][A-Za-z0-9_]{3,31}"
_AT_NAME = re.compile(rf"^@({_NAME})$")
_TME = re.compile(
    rf"^(?:https?://)?(?:www\.)?(?:t|telegram)\.me/(?:s/)?({_NAME})(?:/(\d+))?/?(?:[?#].*)?$", re.I
)
_TME_PRIVATE = re.compile(r"^(?:https?://)?(?:www\.)?(?:t|telegram)\.me/(?:\+|joinchat/|c/)", re.I)
_RESERVED = {"joinchat", "addstickers", "share", "proxy", "socks", "iv", "addlist", "setlanguage"}

NO_PREVIEW = (
    "The channel @{name} has no public web preview (t.me/s/{name}), so I can't read it. "
    "Only public channels that show their posts at t.me/s/… can be followed."
)
PRIVATE_CHANNEL = "That is a private channel or an invite link; I can only follow public channels."
NOT_A_FEED = (
    "I found no feed there: the link is not an RSS, Atom or JSON feed, and the page does not link to one."
)
BROKEN_FEED = "That link serves XML, but not a feed I can read (RSS, Atom or JSON Feed): it may be broken."
MAX_TARGET_CHARS = 2048  # the longest link many clients and servers accept
TOO_LONG = f"That is too long for a link or channel name (at most {MAX_TARGET_CHARS:,} characters)."
CONTROL_CHARACTERS = "That has control characters in it; send the link or @name as plain text."
NOT_A_LINK = "Send a feed or site link (https://…), a channel as @name or t.me/name, or a channel post link."


class FollowError(ValueError):
    """Why something cannot be followed; `str()` is the sentence for the user."""


@dataclass(frozen=True)
class Discovered:
    url: str  # what the poller fetches
    kind: str  # "feed" or "channel"
    doc: SourceDocument
    fetched: Fetched
    page: SourceDocument | None = None  # the page the feed was found on
    chosen: FeedLink | None = None

    @property
    def title(self) -> str | None:
        return self.doc.title or (self.page.title if self.page else None)


def channel_name(text: str) -> str | None:
    """The channel's username in "@name", "t.me/name", "t.me/s/name" or "t.me/name/123"."""
    text = text.strip()
    match = _AT_NAME.match(text) or _TME.match(text)
    if match and match.group(1).lower() not in _RESERVED:
        return match.group(1)
    return None


def channel_url(name: str, tme_base: str) -> str:
    return f"{tme_base.rstrip('/')}/s/{name}"


def target_url(text: str, tme_base: str) -> tuple[str, str | None]:
    """(URL to fetch, channel name or None) for what the user typed; FollowError when it is neither."""
    text = text.strip().strip("<>")
    if len(text) > MAX_TARGET_CHARS:
        raise FollowError(TOO_LONG)
    if any(unicodedata.category(ch) in {"Cc", "Cs"} for ch in text):
        raise FollowError(CONTROL_CHARACTERS)
    if _TME_PRIVATE.match(text):
        raise FollowError(PRIVATE_CHANNEL)
    name = channel_name(text)
    if name:
        return channel_url(name, tme_base), name
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):(?!\d)", text, re.I)  # "host:8080" is a port, not a scheme
    if scheme and scheme.group(1).lower() not in {"http", "https"}:
        raise FollowError("I can only follow web links that start with http:// or https://.")
    if not scheme and "." in text and " " not in text:
        text = "https://" + text  # "example.com/feed" means https, as links do
    if not is_http_url(text):
        raise FollowError(NOT_A_LINK)
    return canonical_url(text), None


async def discover(text: str, *, limits: FetchLimits, tme_base: str) -> Discovered:
    url, name = target_url(text, tme_base)
    fetched = await _fetch(url, limits)
    doc = await _read(fetched)
    if name is not None or doc.kind == "channel":
        if doc.kind != "channel" or not doc.has_preview:
            shown = name or urlsplit(url).path.strip("/").split("/")[-1]
            raise FollowError(NO_PREVIEW.format(name=shown))
        return Discovered(url=url, kind="channel", doc=doc, fetched=fetched)
    if doc.kind == "feed":
        return Discovered(url=url, kind="feed", doc=doc, fetched=fetched)
    chosen = best_feed(doc.feeds)
    if chosen is None:
        raise FollowError(NOT_A_FEED)
    feed_fetched = await _fetch(chosen.url, limits, what=f"The page links to a feed ({chosen.url}), but ")
    feed = await _read(feed_fetched)
    if feed.kind != "feed":
        raise FollowError(f"The page links to a feed ({chosen.url}), but it is not a feed I can read.")
    return Discovered(
        url=canonical_url(chosen.url), kind="feed", doc=feed, fetched=feed_fetched, page=doc, chosen=chosen
    )


async def _fetch(url: str, limits: FetchLimits, *, what: str = "") -> Fetched:
    try:
        return await fetch_source(url, limits=limits)
    except FetchError as exc:
        message = exc.message
        if what:
            message = what + message[0].lower() + message[1:]
        raise FollowError(message) from exc


async def _read(fetched: Fetched) -> SourceDocument:
    try:
        return await asyncio.to_thread(
            read_document, fetched.body, url=fetched.url, content_type=fetched.content_type
        )
    except NotAFeed as exc:
        if b"<?xml" in fetched.body[:200] or "xml" in fetched.content_type:
            raise FollowError(BROKEN_FEED) from exc
        raise FollowError(NOT_A_FEED) from exc
