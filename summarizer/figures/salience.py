"""Figure salience: which of an article's figures a reader needs, in what order, and how many.

The extractor (summarizer/figures/extract.py) finds every figure; this module decides which ones matter. Each
figure is described by a handful of features read off the text, and a logistic regression turns them
into the probability that the article's human-written highlights mention the figure's value:

- where it stands: how far into the article, whether the title or the summary repeats it;
- what it says: an event ("7 killed"), a casualty, money, a percentage, a duration;
- how often the article repeats the value;
- total or part: the largest of several counts of the same thing, or a part of a larger one;
- how it compares: its magnitude, whether it is inside a quotation.

The weights were fitted once on the CNN/DailyMail pairs of the shared eval set (bench/salience.py
--fit prints them; the held-out articles and the scores are in the README) and are plain constants
here, so nothing is trained or unpickled at run time. A digest shows its top figure and the others
whose probability clears `THRESHOLD` and is not far below the top one's (`RELATIVE`), so an article
with one telling figure shows one, and one with three shows three. Probabilities are comparable
across articles, which is what `rank_across` uses to build one key-figure list out of several digests.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from summarizer.generation import value_key
from summarizer.numbers import find_numbers
from summarizer.text import sentence_spans

from ..types import Figure, FigureValue
from .extract import CASUALTY_EVENTS

__all__ = [
    "FEATURES",
    "FLOOR",
    "MAX_SHOWN",
    "RELATIVE",
    "THRESHOLD",
    "RankedFigure",
    "SalienceSource",
    "figure_features",
    "rank_across",
    "salience_scores",
    "select_figures",
    "shown_indexes",
]

_MONEY = frozenset({"USD", "EUR", "GBP", "JPY", "CNY", "INR", "RUB", "UAH", "CHF", "CAD", "AUD", "pence"})
_DURATION_WORDS = "second seconds minute minutes hour hours day days week weeks month months year years"
_TIME = frozenset(_DURATION_WORDS.split()) | {"decade", "decades"}
_TOTAL_BEFORE = re.compile(r"\b(?:total|overall|altogether|in all|combined|all)\b[^.;:!?]{0,25}$", re.I)
_QUOTES = re.compile(r"[\"“”]")

# Feature names, in the order of `figure_features` rows and of `WEIGHTS`.
FEATURES = (
    "sentence_log",  # log(1 + index of its sentence): the lead scores highest
    "told",  # its value is in the title or in the summary
    "event",  # something happened to it ("launched", "rose")
    "casualty",  # killed, injured, died, missing ...
    "money",
    "percent",
    "duration",  # "three days", "five years"
    "recurs_log",  # log of how many times the article writes the value
    "qualified",  # "at least", "more than", "nearly" ...
    "total",  # the largest of several counts of one noun, or "a total of"
    "part",  # a smaller count of a noun that has a larger one
    "magnitude",  # log10(1 + value)
    "quoted",  # inside a quotation
)
# Fitted by bench/salience.py --fit (logistic regression, see its docstring); per raw feature value.
WEIGHTS = {
    "sentence_log": -0.3029,  # standardised -0.287
    "told": 0.7734,  # standardised +0.334
    "event": 0.3000,  # set by hand: bench/salience.py HAND_SET
    "casualty": 1.0000,  # set by hand: bench/salience.py HAND_SET
    "money": 0.0636,  # standardised +0.024
    "percent": -0.4868,  # standardised -0.125
    "duration": 0.0338,  # standardised +0.014
    "recurs_log": 1.1148,  # standardised +0.568
    "qualified": 0.2960,  # standardised +0.111
    "total": 0.0087,  # standardised +0.003
    "part": -0.1285,  # standardised -0.060
    "magnitude": 0.0663,  # standardised +0.133
    "quoted": 0.1826,  # standardised +0.029
}
INTERCEPT = -2.1176
# Which figures a digest shows: the top one when it reaches FLOOR, then the others that reach both
# THRESHOLD and RELATIVE times the top one's probability, MAX_SHOWN at most (chosen on the fit half).
THRESHOLD = 0.06
RELATIVE = 0.3
FLOOR = 0.0
MAX_SHOWN = 3


@dataclass(frozen=True)
class SalienceSource:
    """One digest's figures with what their salience is read from."""

    figures: Sequence[Figure]
    text: str = ""  # the text the figures' spans point into
    title: str | None = None
    summary: str = ""


@dataclass(frozen=True)
class RankedFigure:
    source: int  # index of the digest in the list given to `rank_across`
    figure: Figure
    salience: float


def select_figures(
    figures: Sequence[Figure],
    text: str,
    *,
    title: str | None = None,
    summary: str = "",
    limit: int | None = None,
) -> list[Figure]:
    """The figures a digest shows, most salient first, each carrying its probability in `salience`."""
    scores = salience_scores(figures, text, title=title, summary=summary)
    kept = [replace(figures[i], salience=round(scores[i], 4)) for i in shown_indexes(scores, figures)]
    return kept if limit is None else kept[:limit]


def shown_indexes(scores: Sequence[float], figures: Sequence[Figure]) -> list[int]:
    """Indexes of the figures worth showing, by line, most salient line first.

    A line is what a digest prints on one row: casualties together, counts that share a verb and a
    time scope together ("3,100 drones · 92 missiles · 1,360 glide bombs (past week)"). A line is
    shown when its best figure is the article's top one (and reaches FLOOR) or reaches THRESHOLD and
    RELATIVE times the top probability; its other figures come with it. At most MAX_SHOWN lines.
    """
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    if not order or scores[order[0]] < FLOOR:
        return []
    top = scores[order[0]]
    keys = [_line_key(f, i) for i, f in enumerate(figures)]
    lines: list[object] = []
    for i in order:
        if keys[i] in lines:
            continue
        if i != order[0] and (scores[i] < THRESHOLD or scores[i] < RELATIVE * top):
            break
        lines.append(keys[i])
        if len(lines) == MAX_SHOWN:
            break
    # Within a line, reading order: "7 killed · at least 23 injured".
    return [i for key in lines for i in sorted(order, key=lambda i: figures[i].start) if keys[i] == key]


def _line_key(f: Figure, index: int) -> object:
    """Figures that share a line: casualties, or one event in one time scope; others stand alone."""
    if f.event is None:
        return index
    return ("casualties" if f.event in CASUALTY_EVENTS else f.event, f.scope)


def salience_scores(
    figures: Sequence[Figure], text: str, *, title: str | None = None, summary: str = ""
) -> list[float]:
    """Probability, per figure, that a reader's short version of the article mentions it."""
    return [_probability(row) for row in figure_features(figures, text, title=title, summary=summary)]


def _probability(row: Sequence[float]) -> float:
    z = INTERCEPT + sum(WEIGHTS[name] * x for name, x in zip(FEATURES, row, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def figure_features(
    figures: Sequence[Figure], text: str, *, title: str | None = None, summary: str = ""
) -> list[list[float]]:
    """One row of `FEATURES` values per figure."""
    starts = [start for start, _ in sentence_spans(text)] if text else []
    written = _value_counts(text)
    told = set(_value_counts(f"{title or ''}\n{summary}"))
    heads = [_head(f.unit) for f in figures]
    rows = []
    for f, head in zip(figures, heads, strict=True):
        sentence = max(0, bisect.bisect_right(starts, f.start) - 1) if starts else 0
        key = _key(f.value)
        same = [_low(g.value) for g, h in zip(figures, heads, strict=True) if h == head and g is not f]
        rows.append(
            [
                math.log1p(sentence),
                float(key in told),
                float(f.event is not None),
                float(f.event in CASUALTY_EVENTS),
                float(f.unit in _MONEY),
                float(f.unit in ("%", "percentage points")),
                float(head in _TIME),
                math.log(max(1, written.get(key, 0))),
                float(f.qualifier not in ("exact", "range")),
                float((bool(same) and _low(f.value) > max(same)) or _says_total(text, f)),
                float(bool(same) and _low(f.value) < max(same)),
                math.log10(1.0 + abs(_low(f.value))),
                float(_quoted(text, starts, sentence, f.start)),
            ]
        )
    return rows


def rank_across(sources: Sequence[SalienceSource], limit: int | None = None) -> list[RankedFigure]:
    """Figures of several digests in one salience order (a briefing's key-figure block).

    A figure's stored probability is used when it has one; otherwise it is scored from its source.
    Each digest contributes the figures it would show on its own; the list is then ordered by
    probability, so "7 killed" from one story comes before "50 pence" from another.
    """
    ranked: list[RankedFigure] = []
    for index, source in enumerate(sources):
        known = [f.salience for f in source.figures]
        if any(s is None for s in known):
            scores = salience_scores(source.figures, source.text, title=source.title, summary=source.summary)
        else:
            scores = [float(s or 0.0) for s in known]
        shown = shown_indexes(scores, source.figures)
        ranked += [RankedFigure(index, source.figures[i], scores[i]) for i in shown]
    ranked.sort(key=lambda r: (-r.salience, r.source, r.figure.start))
    return ranked if limit is None else ranked[:limit]


# --------------------------------------------------------------------------------------------------


def _low(value: FigureValue) -> float:
    return float(value[0] if isinstance(value, tuple) else value)


def _key(value: FigureValue) -> float:
    return value_key(_low(value))


def _head(unit: str | None) -> str | None:
    if unit is None:
        return None
    head = unit.split()[-1].lower()
    return head if head in _TIME or len(head) <= 3 or not head.endswith("s") else head[:-1]


def _value_counts(text: str) -> dict[float, int]:
    counts: dict[float, int] = {}
    for n in find_numbers(text) if text else []:
        if n.kind in ("cardinal", "fraction") and not n.is_approximate:
            key = value_key(float(n.value))
            counts[key] = counts.get(key, 0) + 1
    return counts


def _says_total(text: str, f: Figure) -> bool:
    return bool(text) and bool(_TOTAL_BEFORE.search(text, max(0, f.start - 40), f.start))


def _quoted(text: str, starts: list[int], sentence: int, at: int) -> bool:
    """An odd number of double quotes between the sentence start and the figure: it is being quoted."""
    if not text:
        return False
    begin = starts[sentence] if starts else 0
    return len(_QUOTES.findall(text, begin, at)) % 2 == 1
