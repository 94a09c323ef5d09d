"""A briefing as Telegram HTML: key figures first, then the digests grouped by source, split by structure."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from storage import StoredDigest
from summarizer.figures import CASUALTY_EVENTS, RankedFigure, SalienceSource, rank_across
from summarizer.types import Figure

from ..outgoing import SITE_CHARS, TITLE_CHARS, clip, link
from ..outgoing.render import esc, figure_lines, split_blocks

MAX_FIGURE_LINES = 10
UNKNOWN_SOURCE = "Forwarded and pasted text"
FOOTER = "<i>/briefing: what's new since · /settings: time, days, quiet days · /unsubscribe: stop</i>"


def local_label(moment: datetime, zone: ZoneInfo | None = None) -> str:
    """A moment as 'Tue 26 Nov, 08:00' in `zone` (or in the moment's own zone)."""
    local = moment.astimezone(zone) if zone else moment
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def describe(moment: datetime, zone_name: str) -> str:
    """A delivery time as replies show it: 'Tue 26 Nov, 08:00 (Europe/Kyiv)'."""
    return f"{local_label(moment, ZoneInfo(zone_name))} ({zone_name})"


def render_briefing(
    digests: list[StoredDigest], *, local_date: date, since: datetime, zone: ZoneInfo
) -> list[str]:
    """The briefing as messages under Telegram's limit; a short "nothing new" when `digests` is empty."""
    title = f"<b>Your briefing · {local_date:%a} {local_date.day} {local_date:%b}</b>"
    if not digests:
        return [
            f"{title}\nNothing new since {local_label(since, zone)}. Forward me articles or links during "
            "the day and they will be in your next briefing."
        ]
    count = f"{len(digests)} {'story' if len(digests) == 1 else 'stories'}"
    blocks = [f"{title}\n{count} since {local_label(since, zone)}"]
    figures = _figures_block(digests)
    if figures:
        blocks.append(figures)
    for source, members in _by_source(digests).items():
        # The source heading travels with its first digest, so a message never ends on a bare heading.
        blocks.append(f"<u><b>{esc(clip(source, SITE_CHARS))}</b></u>\n{_digest_block(members[0])}")
        blocks.extend(_digest_block(member) for member in members[1:])
    blocks.append(FOOTER)
    return split_blocks(blocks)


def _figures_block(digests: list[StoredDigest]) -> str:
    """The figures that matter most across the briefing's stories, most salient line first.

    Salience (summarizer/figures/salience.py) is a probability, comparable across stories: "7 killed" from one
    story comes before "50 pence" from another, and a story contributes only the figures its own
    digest would show.
    """
    sources = [
        SalienceSource(d.digest.figures, title=d.article.title, summary=d.digest.summary) for d in digests
    ]
    groups: dict[tuple[int, object], list[RankedFigure]] = {}
    for ranked in rank_across(sources):
        groups.setdefault((ranked.source, _line_key(ranked.figure)), []).append(ranked)
    lines = sorted(groups.values(), key=lambda members: -max(m.salience for m in members))
    rows = []
    for members in lines[:MAX_FIGURE_LINES]:
        label = figure_lines([m.figure for m in sorted(members, key=lambda m: m.figure.start)])[0]
        headline = digests[members[0].source].digest.headline
        rows.append(f"• {esc(label)} <i>({esc(_short(headline))})</i>")
    return "<b>Key figures</b>\n" + "\n".join(rows) if rows else ""


def _line_key(figure: Figure) -> object:
    """Figures printed on one line (as figure_lines groups them): casualties, or one event and scope."""
    if figure.event is None:
        return id(figure)
    return ("casualties" if figure.event in CASUALTY_EVENTS else figure.event, figure.scope)


def _by_source(digests: list[StoredDigest]) -> dict[str, list[StoredDigest]]:
    groups: dict[str, list[StoredDigest]] = {}
    for stored in digests:
        groups.setdefault(source_name(stored), []).append(stored)
    return groups


def source_name(stored: StoredDigest) -> str:
    article = stored.article
    if article.source:
        return article.source
    link = article.source_url or article.url
    return (urlsplit(link).hostname or link) if link else UNKNOWN_SOURCE


def _digest_block(stored: StoredDigest) -> str:
    digest, article = stored.digest, stored.article
    footer = []
    href = article.source_url or article.url
    if href:
        footer.append(link(href, "source"))
    if digest.summary_kind == "extractive":
        footer.append("key sentences (extractive)")
    footer.append(f"#{stored.id}")
    headline = esc(clip(digest.headline, TITLE_CHARS))
    return f"• <b>{headline}</b>\n{esc(digest.summary)}\n<i>{' · '.join(footer)}</i>"


def _short(headline: str, limit: int = 60) -> str:
    if len(headline) <= limit:
        return headline
    return headline[: limit - 1].rsplit(" ", 1)[0] + "…"
