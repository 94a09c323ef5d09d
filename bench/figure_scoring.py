"""The shared scoring rule for key figures (shared/eval/README.md), usable by bench/ and tests/.

Rule, as written in the README:
- a predicted figure matches a gold one when the values are equal (ranges: both ends), the qualifiers
  are equal after folding synonyms, and the units match on the head noun (singular/plural folded;
  "%" = "percent" = "per cent"; currencies as ISO codes USD, EUR, GBP, and a few more whose words a
  label may carry: roubles RUB, yen JPY, yuan CNY, rupees INR, rupiah IDR);
- `event` is scored separately as accuracy over matched figures whose gold figure has an event (the
  question "what happened to it" only has an answer there); `event_agreement` also counts matched
  figures whose gold has no event, where the right answer is no event;
- precision = matched / predicted, recall = matched / gold, over the whole file.

Figures are plain mappings (`Figure.to_json()` or a gold line's figure), so any extractor can be scored
once its output is adapted to {"value", "unit", "qualifier", "event"}.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FigureDict = Mapping[str, Any]

QUALIFIER_SYNONYMS = {
    "over": "more than",
    "about": "around",
    "some": "around",
    "roughly": "around",
    "approximately": "around",
    "an estimated": "around",
    "almost": "nearly",
    "as many as": "up to",
    "less than": "fewer than",
}
_PERCENT = {"%", "percent", "per cent", "pct", "percentage"}
_CURRENCIES = {
    "$": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "us$": "USD",
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "gbp": "GBP",
    "sterling": "GBP",
    "pound sterling": "GBP",
    # other currencies written as words in a gold label are folded to their ISO codes too
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "yen": "JPY",
    "yuan": "CNY",
    "rupee": "INR",
    "rupees": "INR",
    "rupiah": "IDR",
}
_ISO_CODES = {"USD", "EUR", "GBP", "RUB", "JPY", "CNY", "INR", "IDR"}


def shared_dir() -> Path:
    """The shared evaluation folder: $NEWSBRIEF_SHARED, else `shared/` beside the repository."""
    env = os.environ.get("NEWSBRIEF_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared"


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def fold_qualifier(qualifier: str | None) -> str:
    q = " ".join((qualifier or "exact").lower().split())
    return QUALIFIER_SYNONYMS.get(q, q)


def fold_unit(unit: str | None) -> str | None:
    """Head noun, singular, lower case; "%" for percent words; ISO codes for currencies."""
    if unit is None:
        return None
    u = " ".join(unit.strip().lower().split())
    if u in _PERCENT:
        return "%"
    if u in _CURRENCIES:
        return _CURRENCIES[u]
    if u.upper() in _ISO_CODES:
        return u.upper()
    return _singular(u.split(" ")[-1])


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 2:
        return word[:-1]
    return word


def _values_equal(a: Any, b: Any) -> bool:
    a_range, b_range = isinstance(a, (list, tuple)), isinstance(b, (list, tuple))
    if a_range or b_range:
        return a_range and b_range and len(a) == len(b) == 2 and all(map(_values_equal, a, b))
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def figures_match(pred: FigureDict, gold: FigureDict) -> bool:
    return (
        _values_equal(pred.get("value"), gold.get("value"))
        and fold_qualifier(pred.get("qualifier")) == fold_qualifier(gold.get("qualifier"))
        and fold_unit(pred.get("unit")) == fold_unit(gold.get("unit"))
    )


def match_figures(pred: Sequence[FigureDict], gold: Sequence[FigureDict]) -> list[tuple[int, int]]:
    """One-to-one (pred, gold) index pairs: each gold figure takes the first free matching prediction."""
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and figures_match(p, g):
                used.add(pi)
                pairs.append((pi, gi))
                break
    return pairs


def _event(value: Any) -> str | None:
    return " ".join(str(value).lower().split()) if value else None


@dataclass
class FigureScore:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    event_correct: int = 0  # matched figures whose event equals the gold one (None = None included)
    event_gold: int = 0  # matched figures whose gold has an event
    event_gold_correct: int = 0  # ... and the prediction names that event

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def event_accuracy(self) -> float:
        """Over matched figures whose gold has an event ("2,500 flights" for "... cancelled" is wrong)."""
        return self.event_gold_correct / self.event_gold if self.event_gold else 0.0

    @property
    def event_agreement(self) -> float:
        """Over all matched figures: also rewards giving no event where the gold has none."""
        return self.event_correct / self.matched if self.matched else 0.0

    def add(self, pred: Sequence[FigureDict], gold: Sequence[FigureDict]) -> list[tuple[int, int]]:
        pairs = match_figures(pred, gold)
        self.predicted += len(pred)
        self.gold += len(gold)
        self.matched += len(pairs)
        for p, g in pairs:
            same = _event(pred[p].get("event")) == _event(gold[g].get("event"))
            self.event_correct += same
            if _event(gold[g].get("event")) is not None:
                self.event_gold += 1
                self.event_gold_correct += same
        return pairs


def score_figures(cases: Iterable[tuple[Sequence[FigureDict], Sequence[FigureDict]]]) -> FigureScore:
    """Score (predicted, gold) figure lists over a whole file."""
    score = FigureScore()
    for pred, gold in cases:
        score.add(pred, gold)
    return score


# -- event scoring shared by the event experiments (bench/figure_events_cv.py, figure_events_parser.py) --

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
# The project's labelled news sets, in the order they were labelled (tests/fixtures/README.md).
NEWS_SETS = {
    "gold": "figures_news_gold.jsonl",
    "fresh": "figures_news_fresh.jsonl",
    "fresh2": "figures_news_fresh2.jsonl",
    "fresh3": "figures_news_fresh3.jsonl",
    "fresh4": "figures_news_fresh4.jsonl",
}


@dataclass
class EventScore:
    """Event accuracy (over matched figures whose gold has an event), agreement (over all matched
    figures, no event where the gold has none counting as right) and events where the gold has none."""

    event_gold: int = 0
    event_right: int = 0
    matched: int = 0
    agree: int = 0
    false_events: int = 0

    def add(self, predicted: str | None, gold: str | None) -> None:
        self.matched += 1
        self.agree += predicted == gold
        if gold is not None:
            self.event_gold += 1
            self.event_right += predicted == gold
        elif predicted is not None:
            self.false_events += 1

    @property
    def accuracy(self) -> float:
        return self.event_right / self.event_gold if self.event_gold else 0.0

    @property
    def agreement(self) -> float:
        return self.agree / self.matched if self.matched else 0.0


def event_lemma(event: str | None) -> str | None:
    """The verb an event names ("shot down" -> shoot, "rise" -> rise), to compare events by verb."""
    from summarizer.figures.grammar import CHANGE_NOUNS
    from summarizer.figures.lexicon import verb_form

    if event is None:
        return None
    word = event.split()[0]
    form = verb_form(word)
    return form.lemma if form is not None else CHANGE_NOUNS.get(word, word)
