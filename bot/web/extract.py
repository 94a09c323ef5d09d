"""Turning a fetched page into an `Article`: main text, title, site, date, canonical URL.

trafilatura does the work and is CPU-heavy (tens of milliseconds to a second per page), so the bot
must not call `extract_article` on the event loop: use `extract_article_async`, which runs it in a
worker thread via `asyncio.to_thread`.
"""

from __future__ import annotations

import asyncio
import logging
import re
from urllib.parse import urljoin, urlsplit

import trafilatura
from lxml.html import HtmlElement

from bot.web.sites import same_site
from summarizer.types import Article

from .fetch import FetchedPage, NotAnArticle
from .urls import canonical_url, is_http_url

__all__ = ["MIN_ARTICLE_CHARS", "NotAnArticle", "extract_article", "extract_article_async"]

logger = logging.getLogger(__name__)

MIN_ARTICLE_CHARS = 400  # less than this is a teaser, a caption or a login prompt, not an article
_PAYWALL_TEXT_CHARS = 2000  # a paywall notice inside more text than this is probably page furniture
_PAYWALL = re.compile(
    r"\b(?:subscribe|sign in|sign up|log ?in|register) (?:now )?to (?:continue|keep) reading"
    r"|\b(?:already|are you) a (?:subscriber|member)\b"
    r"|\bcreate a free account\b"
    r"|\bthis (?:article|story|content) is (?:only )?(?:for|available to) (?:subscribers|members)\b"
    r"|\bto continue reading\b",
    re.IGNORECASE,
)
_PAYWALL_MESSAGE = (
    "That page seems to be behind a paywall or login, so I can't read the article. "
    "Forward the article text to me instead and I'll summarise that."
)
_VIDEO_MESSAGE = (
    "That page is mostly video, with no article text for me to summarise. "
    "If there is a written story, forward its text to me instead."
)


def extract_article(page: FetchedPage, *, min_chars: int = MIN_ARTICLE_CHARS) -> Article:
    """The article on `page`, or NotAnArticle when there is no readable article text.

    Synchronous and CPU-bound: from async code call `extract_article_async`.
    """
    if page.content_type == "text/plain":
        return _plain_text_article(page, min_chars)
    return _html_article(page, min_chars)


async def extract_article_async(page: FetchedPage, *, min_chars: int = MIN_ARTICLE_CHARS) -> Article:
    """`extract_article` in a worker thread, so parsing never blocks the event loop."""
    return await asyncio.to_thread(extract_article, page, min_chars=min_chars)


# --- HTML -------------------------------------------------------------------------------------------


def _html_article(page: FetchedPage, min_chars: int) -> Article:
    tree = trafilatura.load_html(page.text)
    if tree is None:
        raise NotAnArticle(url=page.final_url)
    doc = trafilatura.bare_extraction(
        tree, url=page.final_url, with_metadata=True, include_comments=False, include_images=False
    )
    text = (getattr(doc, "text", None) or "").strip()
    title = _clean(getattr(doc, "title", None))
    _require_article(text, min_chars, page, pagetype=getattr(doc, "pagetype", None))
    return Article(
        text=_drop_leading_title(text, title),
        title=title,
        url=_canonical_link(tree, page.final_url),
        source=_clean(getattr(doc, "sitename", None)) or _site_name(page.final_url),
        source_url=_stored_url(page.final_url),
        language=_language(tree),
        published=_clean(getattr(doc, "date", None)),
    )


def _require_article(text: str, min_chars: int, page: FetchedPage, *, pagetype: str | None) -> None:
    is_video = (pagetype or "").lower().startswith("video")
    if is_video and len(text) < _PAYWALL_TEXT_CHARS:
        raise NotAnArticle(_VIDEO_MESSAGE, url=page.final_url)
    if len(text) < _PAYWALL_TEXT_CHARS and _PAYWALL.search(text):
        raise NotAnArticle(_PAYWALL_MESSAGE, url=page.final_url)
    if len(text) < min_chars:
        logger.info("no article on %s: %d characters of text", page.final_url, len(text))
        raise NotAnArticle(url=page.final_url)


def _drop_leading_title(text: str, title: str | None) -> str:
    # trafilatura often keeps the <h1> as the first line; the title travels separately in Article.
    first, _, rest = text.partition("\n")
    if title and rest and _squash(first) == _squash(title):
        return rest.strip()
    return text


def _canonical_link(tree: HtmlElement, page_url: str) -> str:
    """The page's rel=canonical URL when it is http(s) on the same site, else the page URL.

    Same site means the same registrable domain (Public Suffix List, see bot.web.sites): a page may
    not claim to be another owner's article. Article.url is what duplicates are matched on, so a page
    on attacker.github.io claiming victim.github.io would otherwise answer everyone who later sends
    the real link.
    """
    for link in tree.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rels and href:
            try:
                candidate = urljoin(page_url, href)
            except ValueError:  # e.g. a broken IPv6 literal in the href
                break
            if is_http_url(candidate) and same_site(candidate, page_url):
                return _stored_url(candidate)
            logger.info("ignoring rel=canonical %s on %s", candidate, page_url)
            break
    return _stored_url(page_url)


def _stored_url(url: str) -> str:
    # The key an article is filed under names the site that served it: an AMP cache address stays
    # itself, or whatever answered there would be filed as the publisher's article.
    return canonical_url(url, unwrap_caches=False)


def _language(tree: HtmlElement) -> str | None:
    """Primary language subtag from <html lang> or og:locale ("en-GB" -> "en")."""
    raw = tree.get("lang") or tree.get("xml:lang")
    if not raw:
        locales = tree.xpath('//meta[@property="og:locale"]/@content')
        raw = str(locales[0]) if locales else None
    match = re.match(r"\s*([A-Za-z]{2,3})(?:[-_]|\s*$)", raw or "")
    return match.group(1).lower() if match else None


def _site_name(url: str) -> str | None:
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


# --- plain text -------------------------------------------------------------------------------------


def _plain_text_article(page: FetchedPage, min_chars: int) -> Article:
    text = page.text.replace("\r\n", "\n").strip()
    title, body = _split_headline(text)
    if len(body) < min_chars:
        raise NotAnArticle(url=page.final_url)
    url = _stored_url(page.final_url)
    return Article(text=body, title=title, url=url, source=_site_name(page.final_url), source_url=url)


def _split_headline(text: str) -> tuple[str | None, str]:
    """(headline, body) when the first line reads like a headline, else (None, text)."""
    first, _, rest = text.partition("\n")
    first, rest = first.strip(), rest.strip()
    looks_like_headline = (
        rest
        and 2 <= len(first.split()) <= 25
        and len(first) <= 150
        and not first.endswith((".", ",", ";", ":"))
    )
    return (first, rest) if looks_like_headline else (None, text)


# --- helpers ----------------------------------------------------------------------------------------


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _squash(value: str) -> str:
    return re.sub(r"\W+", "", value).lower()
