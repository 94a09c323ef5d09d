"""A chat's stories as Telegram HTML: ranked, the top ones in full, the rest one line each, ≤ 3 messages.

Formatting only: the entries arrive built (members, merged figures, changes) from bot/stories/briefing.py.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from storage import StoredDigest
from summarizer.figures import figure_label
from summarizer.stories import Change, MergedFigure

from ..briefings.render import FOOTER, local_label, source_name
from ..outgoing.render import MESSAGE_LIMIT, esc, split_blocks

MAX_MESSAGES = 3
MAX_FIGURES = 5
MAX_SUMMARY = 1200
_RELATIVE = re.compile(
    r"\b(yesterday|today|tonight|overnight|last night|this morning|this afternoon|this evening|"
    r"earlier today)\b(?!\s*\()",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class BriefingPart:
    """One message of a briefing: its HTML and the buttons under it."""

    text: str
    markup: InlineKeyboardMarkup | None = None


@dataclass
class StoryEntry:
    story_id: int
    members: list[StoredDigest]  # the chat's digests of this story in the briefing, arrival order
    times: dict[int, datetime]  # digest id -> when it reached the chat
    figures: list[MergedFigure] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    changed_since: datetime | None = None
    followed: bool = False

    @property
    def sources(self) -> list[StoredDigest]:
        """One member per source, the best-told first."""
        seen: dict[str, StoredDigest] = {}
        for stored in [self.lead, *self.members]:
            seen.setdefault(source_name(stored), stored)
        return list(seen.values())

    @property
    def lead(self) -> StoredDigest:
        """The member whose summary the story shows: a model's summary, rich in figures, not too long."""
        return max(
            self.members,
            key=lambda s: (
                s.digest.summary_kind == "abstractive",
                min(len(s.digest.figures), 4),
                -abs(len(s.digest.summary) - 500),
            ),
        )

    @property
    def latest(self) -> datetime:
        return max(self.times.values())

    def rank(self) -> tuple[bool, int, bool, datetime]:
        return (self.followed, len(self.sources), bool(self.figures), self.latest)


def rank(entries: list[StoryEntry]) -> list[StoryEntry]:
    """Followed first, then confirmed by more sources, then with figures, then the most recent."""
    return sorted(entries, key=lambda e: e.rank(), reverse=True)


# How the one-line stories shrink when three messages cannot hold them all: (headline characters, link,
# source count). Lines get shorter, stories are not dropped: a story only counted would be news the
# reader never sees (the window is closed once the briefing is sent).
LINE_STYLES = ((None, True, True), (90, True, True), (60, False, True), (36, False, False))


def render_stories(
    entries: list[StoryEntry], *, local_date: date, since: datetime, now: datetime, zone: ZoneInfo, top: int
) -> tuple[list[BriefingPart], list[StoryEntry]]:
    """The briefing, never more than MAX_MESSAGES messages, and the stories it shows in full.

    To fit, fewer stories are shown in full (down to one), then the one-line stories get shorter
    (no link, a cut headline; the digest number stays, so /digest N opens each). Only when even the
    shortest lines cannot fit is the tail counted, with /history to find it.
    """
    ordered = rank(entries)
    for style in LINE_STYLES:
        for full in range(max(1, min(top, len(ordered))), 0, -1):
            parts = _compose(
                ordered, full=full, listed=len(ordered), style=style, **_when(local_date, since, now, zone)
            )
            if len(parts) <= MAX_MESSAGES:
                return parts, ordered[:full]
    listed = len(ordered)
    while listed > 1:  # hundreds of stories in one day: the rest counted
        listed -= max(1, listed // 20)
        parts = _compose(
            ordered, full=1, listed=listed, style=LINE_STYLES[-1], **_when(local_date, since, now, zone)
        )
        if len(parts) <= MAX_MESSAGES:
            return parts, ordered[:1]
    return parts[:MAX_MESSAGES], ordered[:1]


def _when(local_date: date, since: datetime, now: datetime, zone: ZoneInfo) -> dict[str, object]:
    return {"local_date": local_date, "since": since, "now": now, "zone": zone}


def _compose(
    ordered: list[StoryEntry],
    *,
    full: int,
    listed: int,
    style: tuple[int | None, bool, bool],
    local_date: date,
    since: datetime,
    now: datetime,
    zone: ZoneInfo,
) -> list[BriefingPart]:
    title = f"<b>Your briefing · {local_date:%a} {local_date.day} {local_date:%b}</b>"
    count = f"{len(ordered)} {'story' if len(ordered) == 1 else 'stories'}"
    blocks: list[tuple[str, int | None, int]] = [
        (f"{title}\n{count} since {local_label(since, zone)}", None, 0)
    ]
    for n, entry in enumerate(ordered[:full], start=1):
        blocks.append((story_block(entry, n, zone, now), entry.story_id, n))
    lines = [one_line(entry, n, style) for n, entry in enumerate(ordered[full:listed], start=full + 1)]
    if lines:
        blocks.append(("<b>Also in the news</b>\n" + "\n".join(lines), None, 0))
    if listed < len(ordered):
        blocks.append((f"<i>…and {len(ordered) - listed} more: /history lists every digest.</i>", None, 0))
    blocks.append((FOOTER, None, 0))
    return _pack(blocks, ordered)


def _pack(blocks: list[tuple[str, int | None, int]], ordered: list[StoryEntry]) -> list[BriefingPart]:
    followed = {e.story_id for e in ordered if e.followed}
    messages: list[tuple[str, list[tuple[int, int]]]] = []
    for text, story_id, n in blocks:
        for piece in split_blocks([text]):
            if messages and len(messages[-1][0]) + 2 + len(piece) <= MESSAGE_LIMIT:
                messages[-1] = (f"{messages[-1][0]}\n\n{piece}", messages[-1][1])
            else:
                messages.append((piece, []))
        if story_id is not None:
            messages[-1][1].append((story_id, n))
    return [BriefingPart(text, keyboard(stories, followed)) for text, stories in messages]


def keyboard(stories: list[tuple[int, int]], followed: set[int]) -> InlineKeyboardMarkup | None:
    """A row per story in the message: Follow (or Unfollow) and Mute, numbered as in the text (0: none)."""
    if not stories:
        return None
    rows = []
    for story_id, n in stories:
        number = f" {n}" if n else ""
        follow = (
            InlineKeyboardButton(f"Unfollow{number}", callback_data=f"story:unfollow:{story_id}")
            if story_id in followed
            else InlineKeyboardButton(f"Follow story{number}", callback_data=f"story:follow:{story_id}")
        )
        rows.append([follow, InlineKeyboardButton(f"Mute{number}", callback_data=f"story:mute:{story_id}")])
    return InlineKeyboardMarkup(rows)


# --- one story ------------------------------------------------------------------------------------
def story_block(entry: StoryEntry, n: int, zone: ZoneInfo, now: datetime) -> str:
    lead = entry.lead
    mark = " · <i>followed</i>" if entry.followed else ""
    lines = [f"<b>{n}. {esc(lead.digest.headline)}</b>{mark} {digest_ref(lead)}"]
    summary = lead.digest.summary
    if len(summary) > MAX_SUMMARY:
        summary = summary[: MAX_SUMMARY - 1].rsplit(" ", 1)[0] + "…"
    lines.append(esc(pin_relative(summary, *_moment(lead, entry, zone))))
    if lead.digest.summary_kind == "extractive":
        lines.append("<i>key sentences (extractive)</i>")
    figure_lines = [figure_line(f, entry, zone) for f in entry.figures[:MAX_FIGURES]]
    if figure_lines:
        lines.append("<b>Key figures</b>\n" + "\n".join(f"• {line}" for line in figure_lines))
    if entry.changes and entry.changed_since is not None:
        since = _since(entry.changed_since, now, zone)
        lines.extend(change_line(change, since) for change in entry.changes)
    lines.append(sources_line(entry))
    return "\n".join(lines)


def one_line(entry: StoryEntry, n: int, style: tuple[int | None, bool, bool] = LINE_STYLES[0]) -> str:
    """`n. headline · k sources #id`, shortened as `style` says; the number opens it with /digest."""
    limit, linked, counted = style
    lead = entry.lead
    headline = lead.digest.headline
    if limit is not None and len(headline) > limit:
        headline = headline[: limit - 1].rstrip() + "…"
    link = _link(lead) if linked else None
    shown = f'<a href="{html.escape(link, quote=True)}">{esc(headline)}</a>' if link else esc(headline)
    count = len(entry.sources)
    extra = f" · {count} sources" if count > 1 and counted else ""
    return f"{n}. {shown}{extra} {digest_ref(lead)}"


def digest_ref(stored: StoredDigest) -> str:
    """The story's number for /digest N; also how a refused part names what it held (bot/safe_send)."""
    return f"<i>#{stored.id}</i>"


def figure_line(figure: MergedFigure, entry: StoryEntry, zone: ZoneInfo) -> str:
    """One kind of figure; sources that disagree are all shown, each with its source."""
    if not figure.disputed:
        reading = figure.readings[0]
        return esc(pin_relative(reading.label, reading.at, zone))
    # Same kind means same scope: say it once, after the sources' numbers.
    readings = " · ".join(
        f"{esc(figure_label(replace(r.figure, scope=None)))} ({_source_link(r.source, r.url)})"
        for r in figure.readings
    )
    scope = figure.readings[0].figure.scope
    return f"{readings} {esc(pin_relative(scope, figure.latest.at, zone))}" if scope else readings


def change_line(change: Change, since: str) -> str:
    old = change.before
    before = _number_link(old.get("url"), old.get("value"))
    after = _number_link(change.now.url, change.now.figure.value)
    return f"<b>{esc(change.name)}:</b> {before} → {after} <i>since {since}</i>"


def sources_line(entry: StoryEntry) -> str:
    sources = entry.sources
    first = _source_link(source_name(sources[0]), _link(sources[0]))
    if len(sources) == 1:
        return f"<i>{first}</i>"
    others = ", ".join(_source_link(source_name(s), _link(s)) for s in sources[1:])
    return f"<i>{first} · Also reported by {others}</i>"


# --- helpers --------------------------------------------------------------------------------------
def _link(stored: StoredDigest) -> str | None:
    return stored.article.source_url or stored.article.url


def _source_link(name: str, url: str | None) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{esc(name)}</a>' if url else esc(name)


def _number_link(url: str | None, value: object) -> str:
    number = _plain(value)
    return f'<a href="{html.escape(url, quote=True)}">{esc(number)}</a>' if url else esc(number)


def _plain(value: object) -> str:
    if isinstance(value, list | tuple):
        return "–".join(_plain(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int | float) else str(value)


def _since(moment: datetime, now: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    recent = now - moment < timedelta(days=6)
    return f"{local:%a}" if recent else f"{local:%a} {local.day} {local:%b}"


def _moment(stored: StoredDigest, entry: StoryEntry, zone: ZoneInfo) -> tuple[datetime, tzinfo]:
    """When the source spoke, and in which zone: its own stated time when known, else arrival."""
    published = stored.article.published
    if published and "T" in published:
        try:
            moment = datetime.fromisoformat(published.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return moment, moment.tzinfo
    return entry.times[stored.id], zone


def pin_relative(text: str, moment: datetime, zone: tzinfo) -> str:
    """'yesterday' -> 'yesterday (Mon 24 Nov)': a briefing read hours later still means the same day."""
    local = moment.astimezone(zone)

    def pinned(match: re.Match[str]) -> str:
        word = match.group(1)
        lowered = word.lower()
        if lowered == "yesterday":
            day = local.date() - timedelta(days=1)
        elif lowered in {"overnight", "last night"}:
            # Said in the evening, "overnight" is the night ahead; said by day, the one just gone.
            day = local.date() + timedelta(days=1) if local.hour >= 18 else local.date()
            return f"{word} (night to {day:%a} {day.day} {day:%b})"
        else:
            day = local.date()
        return f"{word} ({day:%a} {day.day} {day:%b})"

    return _RELATIVE.sub(pinned, text)
