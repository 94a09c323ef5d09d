"""Bounds for text that comes from outside (page titles, site names, links) before it is rendered.

A page may call itself anything: a 6,300-character title or site name, or sit behind a
5,000-character redirect URL. Each is cut to a length a reader can use; the splitter would keep the
message valid anyway, but a digest that is mostly its title helps no one.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

TITLE_CHARS = 300
SITE_CHARS = 60
NAME_CHARS = 80  # a person, place or organisation
# Longer links are shown as text only: URLs past 2,048 characters are refused or cut by many clients
# and servers, and Telegram drops a text link it cannot use.
MAX_HREF = 2048


def clip(text: str, limit: int) -> str:
    """`text` on one line, at most `limit` characters, cut at a word when one is near, marked "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space >= limit * 2 // 3:
        head = head[:space]
    return head.rstrip() + "…"


def link(href: str | None, label: str) -> str:
    """`label` (plain text) as an HTML link to `href`, or as text alone when the link is unusable."""
    text = html.escape(label, quote=False)
    if not href or len(href) > MAX_HREF or _scheme(href) not in {"http", "https", "tg"}:
        return text
    return f'<a href="{html.escape(href, quote=True)}">{text}</a>'


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return ""
