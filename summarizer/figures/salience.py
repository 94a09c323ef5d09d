"""Figure salience: which of an article's figures a reader needs, in what order, and how many.

The extractor (summarizer/figures/extract.py) finds every figure; this module decides which ones matter. Each
figure is described by a handful of features read off the text, and a logistic regression turns them
into the probability that a human-written summary of the article mentions the figure's value:

- where it stands: the rank of its value among the article's figures in reading order;
- whether the title or the summary repeats the value, and whether its sentence is a summary sentence;
- how often the article writes the value, and how often it writes what the figure counts (the
  counted noun, singular and plural folded): a noun written again and again ("goals" in a match
  report, "years") is counted by many figures, and each of them is less likely to be the one a
  summary keeps (the fitted weight is negative);
- what it counts: time ("five years"), and (weights set by hand) an event or a casualty.

The weights were fitted on the CNN/DailyMail fit half of the shared eval set and on Multi-News (human
summaries of several articles about one event), never on the held-out half (bench/salience.py --fit
prints them and the cross-validated scores; the README has the held-out scores). They are plain
constants here, so nothing is trained or unpickled at run time. Features that did not help under
cross-validation (total or part, magnitude, money, percent, quotation, the counted noun in the lead,
...) are not computed.

A digest shows its most salient line and the others whose salience (the chance that a summary
mentions any figure of the line) clears `THRESHOLD` and `RELATIVE` times the top line's, each value
once, at most `MAX_SHOWN` lines: an article with one telling figure
shows one, and one with three shows three. The probability is stored with each figure, so a story's
figures from several sources can be ordered on one scale (summarizer/stories/figures.py).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import replace

from summarizer.generation import value_key
from summarizer.numbers import find_numbers
from summarizer.text import sentence_spans

from ..types import Figure, FigureValue
from .extract import CASUALTY_EVENTS
from .units import MONEY_UNITS, TIME_UNITS

__all__ = [
    "FEATURES",
    "FLOOR",
    "HAND_SET",
    "LIST_SPAN",
    "MAX_SHOWN",
    "RELATIVE",
    "THRESHOLD",
    "figure_features",
    "salience_scores",
    "select_figures",
    "shown_indexes",
]

# Feature names, in the order of `figure_features` rows and of `WEIGHTS`.
FEATURES = (
    "order_log",  # log(1 + rank of its value among the article's figure values, in reading order)
    "told",  # its value is in the title or in the summary
    "in_summary",  # its sentence is one of the summary's sentences
    "recurs_log",  # log of how many times the article writes the value
    "duration",  # it counts time: "three days", "five years"
    "noun_log",  # log(1 + how many times the article writes its counted noun), 0 for money and percent
    "event",  # something happened to it ("launched", "rose")
    "casualty",  # killed, injured, died, missing ...
)
# Set by hand, not fitted: the fitting data hold too few casualties to measure them (bench/salience.py).
HAND_SET = {"event": 0.3, "casualty": 1.0}
# Fitted by bench/salience.py --fit (logistic regression on the CNN/DM fit half and Multi-News, see
# its docstring); per raw feature value. The README explains each weight.
WEIGHTS = {
    "order_log": -0.4106,  # standardised -0.410
    "told": 0.8204,  # standardised +0.298
    "in_summary": -0.1157,  # standardised -0.033
    "recurs_log": 0.6342,  # standardised +0.510
    "duration": -0.1837,  # standardised -0.072
    "noun_log": -0.1427,  # standardised -0.141
    **HAND_SET,
}
INTERCEPT = -1.5732  # CNN/DM's (Multi-News had its own, +0.440 higher: its summaries are longer)
# Which lines a digest shows: the top one when it reaches FLOOR, then the others that reach both
# THRESHOLD and RELATIVE times the top line's salience, MAX_SHOWN lines at most (chosen by
# cross-validation on the fit data, see bench/salience.py).
THRESHOLD = 0.16
RELATIVE = 0.0
FLOOR = 0.0
MAX_SHOWN = 4
# Figures of one list ("killing seven and injuring at least 23") are this close; farther apart, the
# same verb is another fact and stands on its own line (CV on the fit data: +0.02 F1, see the README).
LIST_SPAN = 120


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

    A line is what a digest prints on one row: one list of casualties, or of counts that share a verb
    and a time scope ("3,100 drones · 92 missiles · 1,360 glide bombs (past week)"), written within
    LIST_SPAN characters of each other. A line's salience is the chance that a summary mentions any
    of its figures. The top line is shown (when it reaches FLOOR), and the others that reach
    THRESHOLD and RELATIVE times the top line's salience; a value is shown once; MAX_SHOWN lines at most.
    """
    lines = _lines(scores, figures)
    if not lines or lines[0][0] < FLOOR:
        return []
    top = lines[0][0]
    shown: list[int] = []
    values: set[float] = set()
    count = 0
    for rank, (salience, members) in enumerate(lines):
        if rank > 0 and (salience < THRESHOLD or salience < RELATIVE * top):
            break
        # A value already shown: "10 men married" then "married 10 times" says it twice.
        fresh = [i for i in members if _key(figures[i].value) not in values]
        if not fresh:
            continue
        shown += fresh
        values.update(_key(figures[i].value) for i in fresh)
        count += 1
        if count == MAX_SHOWN:
            break
    return shown


def _lines(scores: Sequence[float], figures: Sequence[Figure]) -> list[tuple[float, list[int]]]:
    """The article's lines, each led by its most salient figure, most salient line first."""
    taken: set[int] = set()
    lines = []
    for i in sorted(range(len(scores)), key=lambda i: -scores[i]):
        if i in taken:
            continue
        members = [j for j in range(len(figures)) if j not in taken and _same_list(figures[i], figures[j])]
        taken.update(members)
        missed = math.prod(1.0 - scores[j] for j in members)
        lines.append((1.0 - missed, sorted(members, key=lambda j: figures[j].start)))
    lines.sort(key=lambda line: -line[0])  # stable: ties keep the order of their best figures
    return lines


def _same_list(a: Figure, b: Figure) -> bool:
    """One list: casualties, or one event in one time scope, written close together."""
    if a is b:
        return True
    if a.event is None or b.event is None or abs(a.start - b.start) > LIST_SPAN:
        return False
    return _event_group(a) == _event_group(b) and a.scope == b.scope


def _event_group(f: Figure) -> str | None:
    return "casualties" if f.event in CASUALTY_EVENTS else f.event


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
    """One row of `FEATURES` values per figure (in the order given)."""
    spans = sentence_spans(text) if text else []
    starts = [start for start, _ in spans]
    summarised = {i for i, (a, b) in enumerate(spans) if summary and text[a:b].strip() in summary}
    written = _value_counts(text)
    words = _word_counts(text)
    told = set(_value_counts(f"{title or ''}\n{summary}"))
    order = _reading_order(figures)
    rows = []
    for f in figures:
        sentence = max(0, bisect.bisect_right(starts, f.start) - 1) if starts else 0
        key = _key(f.value)
        rows.append(
            [
                math.log1p(order[key]),
                float(key in told),
                float(sentence in summarised),
                math.log(max(1, written.get(key, 0))),
                float(_head(f.unit) in TIME_UNITS),
                math.log1p(words.get(_noun(f.unit) or "", 0)),
                float(f.event is not None),
                float(f.event in CASUALTY_EVENTS),
            ]
        )
    return rows


def _reading_order(figures: Sequence[Figure]) -> dict[float, int]:
    """Rank of each distinct value by its first mention: the lead's figures rank 0, 1, ..."""
    order: dict[float, int] = {}
    for f in sorted(figures, key=lambda f: f.start):
        order.setdefault(_key(f.value), len(order))
    return order


# --------------------------------------------------------------------------------------------------


def _low(value: FigureValue) -> float:
    return float(value[0] if isinstance(value, tuple) else value)


def _key(value: FigureValue) -> float:
    return value_key(_low(value))


def _head(unit: str | None) -> str | None:
    """The counted noun's last word, lower-cased: "glide bombs" -> "bombs"."""
    return unit.split()[-1].lower() if unit else None


_WORD = re.compile(r"[A-Za-z]+")
# Units that name no thing the story is about: what they count is money or a share.
_NOT_NOUNS = MONEY_UNITS | {"%", "percentage points"}


def _stem(word: str) -> str:
    """Singular and plural folded: "miners" -> "miner", "casualties" -> "casualty"."""
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _noun(unit: str | None) -> str | None:
    """The counted noun's head, folded, when the unit names a thing: "trapped miners" -> "miner"."""
    if not unit or unit in _NOT_NOUNS:
        return None
    head = _head(unit) or ""
    return _stem(head) if head.isalpha() and len(head) > 2 else None


def _word_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in _WORD.findall(text):
        stem = _stem(word)
        counts[stem] = counts.get(stem, 0) + 1
    return counts


def _value_counts(text: str) -> dict[float, int]:
    counts: dict[float, int] = {}
    for n in find_numbers(text) if text else []:
        if n.kind in ("cardinal", "fraction") and not n.is_approximate:
            key = value_key(float(n.value))
            counts[key] = counts.get(key, 0) + 1
    return counts
