"""A story's figures across its sources and across days. Pure: figures in, merged readings out.

Two figures are "the same kind" only when they count the same thing happening in the same frame:
same event ("killed"), same counted noun (head noun, singular/plural folded) and same time scope
("overnight"). Only such figures are merged, shown side by side when sources disagree, or compared
with what a chat saw before. A figure with neither an event nor a counted noun ("12%") is never
compared: without a "what", a change would be a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from summarizer.figures import figure_label

from ..types import Figure
from .grouping import terms

FigureKey = tuple[str, str, str]


def figure_key(figure: Figure) -> FigureKey | None:
    noun = ""
    if figure.unit:
        stems = terms(figure.unit.split()[-1]) or [figure.unit.lower()]
        noun = stems[-1]
    if not figure.event and not noun:
        return None
    return (figure.event or "", noun, (figure.scope or "").lower())


@dataclass(frozen=True)
class Reading:
    """One source's figure."""

    figure: Figure
    source: str
    url: str | None
    at: datetime

    @property
    def label(self) -> str:
        return figure_label(self.figure)

    def to_json(self, key: FigureKey) -> dict[str, Any]:
        value = list(self.figure.value) if isinstance(self.figure.value, tuple) else self.figure.value
        return {
            "key": list(key),
            "value": value,
            "qualifier": self.figure.qualifier,
            "label": self.label,
            "source": self.source,
            "url": self.url,
            "at": self.at.isoformat(),
        }


@dataclass(frozen=True)
class MergedFigure:
    key: FigureKey | None
    readings: tuple[Reading, ...]  # one per distinct value, first source to report it

    @property
    def disputed(self) -> bool:
        return len(self.readings) > 1

    @property
    def latest(self) -> Reading:
        return max(self.readings, key=lambda r: r.at)


@dataclass(frozen=True)
class Change:
    """A figure of the same kind that moved since a chat last saw the story."""

    name: str  # "killed", or the counted noun when there is no event
    before: dict[str, Any]  # the snapshot reading (see Reading.to_json)
    now: Reading


def _value(figure: Figure) -> tuple[float, ...]:
    return tuple(figure.value) if isinstance(figure.value, tuple) else (float(figure.value),)


def merge(readings: list[Reading]) -> list[MergedFigure]:
    """Group readings of the same kind; within a kind keep one reading per distinct value.

    Kinds are ordered by the highest salience any source gave them (the probability each digest stored
    with its figures), so a story's key-figure block follows the same salience as a digest; readings
    without a stored salience keep the order they came in (the lead's first).
    """
    keyed: dict[FigureKey, list[Reading]] = {}
    loose: list[MergedFigure] = []
    seen_loose: set[tuple[tuple[float, ...], str | None]] = set()
    for reading in readings:
        key = figure_key(reading.figure)
        if key is None:
            marker = (_value(reading.figure), reading.figure.unit)
            if marker not in seen_loose:
                seen_loose.add(marker)
                loose.append(MergedFigure(None, (reading,)))
            continue
        group = keyed.setdefault(key, [])
        if all(_value(r.figure) != _value(reading.figure) for r in group):
            group.append(reading)
    merged = [MergedFigure(key, tuple(group)) for key, group in keyed.items()] + loose
    return sorted(merged, key=lambda m: -max(r.figure.salience or 0.0 for r in m.readings))


def snapshot(merged: list[MergedFigure]) -> list[dict[str, Any]]:
    """What a briefing showed, kept per chat: the latest reading of each comparable kind."""
    return [m.latest.to_json(m.key) for m in merged if m.key is not None]


def changes(before: list[dict[str, Any]], merged: list[MergedFigure]) -> list[Change]:
    """Figures whose latest reading differs from the one the chat was shown, same kind only."""
    shown = {tuple(entry["key"]): entry for entry in before}
    out = []
    for figure in merged:
        if figure.key is None or figure.key not in shown:
            continue
        old = shown[figure.key]
        old_value = tuple(old["value"]) if isinstance(old["value"], list) else (float(old["value"]),)
        now = figure.latest
        if _value(now.figure) != old_value:
            event, noun, _ = figure.key
            out.append(Change(event or noun, old, now))
    return out
