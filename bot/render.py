"""Digest -> Telegram HTML, escaped, split by structure within Telegram's limits."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import replace

from summarizer.figures import figure_label
from summarizer.types import Article, Digest, Figure

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
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
    blocks = [f"<b>{esc(digest.headline)}</b>"]
    note = digest.extractive_note()
    if note:
        blocks.append(f"<i>Key sentences from the article ({esc(note)})</i>")
    blocks.append(esc(digest.summary))
    lines = figure_lines(digest.figures)
    if lines:
        blocks.append("<b>Key figures</b>\n" + "\n".join(f"• {esc(line)}" for line in lines))
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
            parts.append(", ".join(esc(n) for n in names))
    return " · ".join(parts)


def _footer(digest: Digest, article: Article, digest_id: int | None, cached: bool) -> str:
    parts = []
    source = article.source or (article.url and _host(article.url))
    link = article.source_url or article.url
    if source and link:
        parts.append(f'<a href="{html.escape(link, quote=True)}">{esc(source)}</a>')
    elif source:
        parts.append(esc(source))
    minutes = max(1, round(digest.stats.words_in / WORDS_PER_MINUTE))
    parts.append(f"{minutes} min read")
    if digest_id is not None:
        parts.append(f"saved as #{digest_id}")
    if cached:
        parts.append("already summarised")
    return "<i>" + " · ".join(parts) + "</i>"


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or url


def split_blocks(blocks: Iterable[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join blocks with blank lines, starting a new message rather than cutting a block (or a tag)."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        for piece in _fit(block, limit):
            candidate = f"{current}\n\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def _fit(block: str, limit: int) -> list[str]:
    """A block longer than a message is cut at line ends, then at spaces; tags never span lines."""
    if len(block) <= limit:
        return [block]
    pieces: list[str] = []
    for line in block.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            pieces.append(line[:cut])
            line = line[cut:].lstrip()
        pieces.append(line)
    return pieces
