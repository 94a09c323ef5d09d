"""Shapes that cross module borders: Article in, Digest out.

The summarizer never sees Telegram types; the bot builds an Article and gets a Digest back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SummaryKind = Literal["abstractive", "extractive"]
# A figure's value: a number, or (low, high) for a range such as "20-30".
FigureValue = int | float | tuple[int | float, int | float]


@dataclass(frozen=True)
class Article:
    """One piece of news as it reached the bot, before summarising."""

    text: str
    title: str | None = None
    url: str | None = None  # canonical URL of the page, when the article came from a link
    source: str | None = None  # who published it: site name, channel title, forwarding user
    source_url: str | None = None  # link to the original post or page, shown in the digest
    language: str | None = None
    published: str | None = None  # ISO date when the page states one

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Article:
        """The inverse of `to_json`; unknown keys (a newer sender) are ignored."""
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True)
class Figure:
    """A key figure found by the rule-based extractor, traceable to its evidence."""

    value: FigureValue
    unit: str | None  # counted noun or unit: "drones", "people", "%", "USD", "MW"
    qualifier: str  # "exact", "at least", "more than", "around", "up to", "nearly", "fewer than", "range"
    event: str | None = None  # what happened to it: "killed", "launched", "rose"
    scope: str | None = None  # time scope: "overnight", "over the past week"
    start: int = 0  # character span of the evidence (the number phrase) in the source text
    end: int = 0
    text: str = ""  # the evidence as written, e.g. "at least 23 others"
    # Probability that a reader's short version of the article mentions it (summarizer/figures/salience.py);
    # None until the digest's figures are selected.
    salience: float | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if isinstance(self.value, tuple):
            data["value"] = list(self.value)
        return data


@dataclass(frozen=True)
class Entity:
    text: str  # as shown: a person's full name, otherwise the form the article writes most
    kind: Literal["person", "place", "org", "other"]
    # Every form the article writes it in ("Phil Simmons", "Simmons"); empty when not known.
    forms: tuple[str, ...] = ()
    mentions: int = 0  # how often the article names it (0: not counted, e.g. read back from storage)


@dataclass(frozen=True)
class DigestStats:
    words_in: int = 0
    words_out: int = 0
    chunks: int = 1
    seconds: float = 0.0
    unsupported_removed: int = 0  # summary sentences dropped by the faithfulness guard


_FALLBACK_NOTES = {
    "no-model": "extractive summary: no model loaded",
    "language": "extractive summary: the model reads English only",
    "guard": "extractive summary: the model's summary had numbers not in the article",
    "model-error": "extractive summary: the model could not summarise this article",
    "model-empty": "extractive summary: the model could not summarise this article",
}


@dataclass(frozen=True)
class Digest:
    headline: str
    summary: str
    summary_kind: SummaryKind
    model: str | None  # model id or path for abstractive summaries; None for extractive
    figures: list[Figure] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    stats: DigestStats = field(default_factory=DigestStats)
    language: str | None = None
    # Why an extractive summary was served: "no-model" (no weights loaded), "language" (not English),
    # "guard" (every generated sentence carried an unsupported number), "model-error" (generate
    # raised), "model-empty" (the model wrote nothing usable). None for abstractive summaries.
    fallback_reason: str | None = None

    def extractive_note(self) -> str | None:
        """Why the user reads key sentences instead of a model's summary, in a few words."""
        if self.summary_kind != "extractive":
            return None
        return _FALLBACK_NOTES.get(self.fallback_reason or "no-model", _FALLBACK_NOTES["no-model"])

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape printed by `newsbrief summarize --json` (documented in README)."""
        return {
            "headline": self.headline,
            "summary": self.summary,
            "summary_kind": self.summary_kind,
            "fallback_reason": self.fallback_reason,
            "model": self.model,
            "language": self.language,
            "entities": [asdict(e) for e in self.entities],
            "figures": [f.to_json() for f in self.figures],
            "stats": asdict(self.stats),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Digest:
        """The inverse of `to_json` (digests computed in another process come back this way)."""
        figures = []
        for raw in data.get("figures", []):
            value = raw["value"]
            fields = {k: raw[k] for k in Figure.__dataclass_fields__ if k in raw}
            fields["value"] = tuple(value) if isinstance(value, list) else value
            figures.append(Figure(**fields))
        stats = data.get("stats") or {}
        return cls(
            headline=data["headline"],
            summary=data["summary"],
            summary_kind=data["summary_kind"],
            model=data.get("model"),
            figures=figures,
            entities=[
                Entity(e["text"], e["kind"], tuple(e.get("forms", ())), e.get("mentions", 0))
                for e in data.get("entities", [])
            ],
            stats=DigestStats(**{k: stats[k] for k in DigestStats.__dataclass_fields__ if k in stats}),
            language=data.get("language"),
            fallback_reason=data.get("fallback_reason"),
        )
