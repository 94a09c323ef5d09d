"""Digest -> Telegram HTML, escaped, bounded and split by structure within Telegram's limits."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import replace

from summarizer.figures import figure_label
from summarizer.types import Article, Digest, Figure

from . import CAPTION_LIMIT, MESSAGE_LIMIT, SITE_CHARS, TITLE_CHARS, clip, link, split_html
from .fields import NAME_CHARS

__all__ = ["CAPTION_LIMIT", "MESSAGE_LIMIT", "esc", "figure_lines", "render_digest", "split_blocks"]
FIGURE_LINE_CHARS = 300
WORDS_PER_MINUTE = 230
_CASUALTY_EVENTS = {"killed", "died", "dead", "injured", "wounded", "hurt", "missing", "trapped"}


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def figure_lines(figures: list[Figure]) -> list[str]:
    """One line per group: casualties together, counts sharing a verb and a time scope together."""
    groups: dict[tuple[str, str | None], list[Figure]] = {}
    for figure in figures:
        category = "casualties" if figure.event in _CASUALTY_EVENTS else (figure.event or f"#{len(groups)}")
        groups.setdefault((category, figure.scope), []).append(figure)
    lines = []
    for (_, scope), members in groups.items():
        if len(members) == 1:
            lines.append(figure_label(members[0]))
            continue
        labels = " · ".join(figure_label(replace(m, scope=None)) for m in members)
        lines.append(f"{labels} ({scope})" if scope else labels)
    return lines


def render_digest(
    digest: Digest, article: Article, *, digest_id: int | None = None, cached: bool = False
) -> list[str]:
    """The digest as one or more Telegram HTML messages, each under the message limit."""
    blocks = [f"<b>{esc(clip(digest.headline, TITLE_CHARS))}</b>"]
    note = digest.extractive_note()
    if note:
        blocks.append(f"<i>Key sentences from the article ({esc(note)})</i>")
    blocks.append(esc(digest.summary))
    lines = figure_lines(digest.figures)
    if lines:
        shown = (esc(clip(line, FIGURE_LINE_CHARS)) for line in lines)
        blocks.append("<b>Key figures</b>\n" + "\n".join(f"• {line}" for line in shown))
    who_where = _entities_line(digest)
    if who_where:
        blocks.append(f"<b>Who / where</b> {who_where}")
    blocks.append(_footer(digest, article, digest_id, cached))
    return split_blocks(blocks)


def _entities_line(digest: Digest) -> str:
    order = ("person", "place", "org", "other")
    parts = []
    for kind in order:
        names = [e.text for e in digest.entities if e.kind == kind]
        if names:
            parts.append(", ".join(esc(clip(n, NAME_CHARS)) for n in names))
    return " · ".join(parts)


def _footer(digest: Digest, article: Article, digest_id: int | None, cached: bool) -> str:
    parts = []
    source = article.source or (article.url and _host(article.url))
    if source:
        parts.append(link(article.source_url or article.url, clip(source, SITE_CHARS)))
    minutes = max(1, round(digest.stats.words_in / WORDS_PER_MINUTE))
    parts.append(f"{minutes} min read")
    if digest_id is not None:
        parts.append(f"saved as #{digest_id}")
    if cached:
        parts.append("already summarised")
    return "<i>" + " · ".join(parts) + "</i>"


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def split_blocks(blocks: Iterable[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join blocks with blank lines and split them into messages (see bot.outgoing.split): a message
    ends between blocks when one is near the limit, inside a block only when the block alone is over it."""
    return split_html("\n\n".join(block for block in blocks if block), limit)
