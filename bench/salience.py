"""Figure salience on CNN/DailyMail: do a digest's key figures match the figures of the human highlights?

Run from the repository root:  .venv/bin/python bench/salience.py [--fit]

For every CNN/DM pair of shared/eval/news_pairs.jsonl the article goes through the Summarizer (no
model: extractive summary) and its figures are compared, by value, with the figures that the same
extractor finds in the reference highlights. Values are distinct per article; precision, recall and
F1 are pooled over articles. Three systems, in the same run:

- before: the extractor's own ranking (casualties, events, money, percentages), first 8 figures, as
  digests showed them before summarizer/figures/salience.py;
- after: the digest's figures (salience-ranked and cut by summarizer/figures/salience.py);
- reading order: the article's first figures, as many per article as the system beside it shows.

Held out: articles whose id's SHA-1 starts with a hex digit 8-f (about half); the weights in
summarizer/figures/salience.py were fitted on the others only. Scores are printed for articles whose
highlights carry at least one figure (what "which figures matter" asks) and for all articles.

--fit refits the logistic regression on the fit half (scikit-learn, a bench-only dependency) and
prints the constants to paste into summarizer/figures/salience.py.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from bench._shared import load_pairs
from summarizer.figures import extract_figures, salience
from summarizer.pipeline import Summarizer, SummarizerConfig
from summarizer.types import Article, Figure

Key = float | tuple[float, float]
MAX_FIGURES = SummarizerConfig().max_figures


def part_of(pair_id: str) -> str:
    """A deterministic split: 'held-out' for ids whose SHA-1 starts with 8-f, else 'fit'."""
    return "held-out" if hashlib.sha1(pair_id.encode()).hexdigest()[0] in "89abcdef" else "fit"


@dataclass
class Case:
    id: str
    part: str
    text: str
    summary: str
    title: str | None
    gold: list[Key]
    figures: list[Figure]  # every figure of the article, in reading order
    before: list[Key]
    after: list[Key]


def key(figure: Figure) -> Key:
    v = figure.value
    return (float(v[0]), float(v[1])) if isinstance(v, tuple) else float(v)


def distinct(figures: Sequence[Figure]) -> list[Key]:
    out: list[Key] = []
    for f in figures:
        if key(f) not in out:
            out.append(key(f))
    return out


def build_cases() -> list[Case]:
    summarizer = Summarizer(SummarizerConfig())  # never loaded: extractive, as without weights
    cases = []
    for pair in load_pairs():
        if pair["dataset"] != "cnn_dailymail":
            continue
        text = pair["article"]
        digest = summarizer.summarize(Article(text))
        every = sorted(extract_figures(text), key=lambda f: f.start)
        cases.append(
            Case(
                id=pair["id"],
                part=part_of(pair["id"]),
                text=text,
                summary=digest.summary,
                title=None,
                gold=distinct(extract_figures(pair["reference"])),
                figures=every,
                before=distinct(extract_figures(text, limit=MAX_FIGURES)),
                after=distinct(digest.figures),
            )
        )
    return cases


@dataclass
class Score:
    predicted: int = 0
    gold: int = 0
    matched: int = 0

    def add(self, predicted: Sequence[Key], gold: Sequence[Key]) -> None:
        self.predicted += len(predicted)
        self.gold += len(gold)
        self.matched += len(set(predicted) & set(gold))

    @property
    def p(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def r(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def row(self, name: str, articles: int) -> str:
        per = self.predicted / max(1, articles)
        return f"  {name:<28} {per:>5.2f} {self.p:>6.3f} {self.r:>6.3f} {self.f1:>6.3f}"


def score(cases: Sequence[Case], pick: Callable[[Case], Sequence[Key]]) -> Score:
    total = Score()
    for case in cases:
        total.add(pick(case), case.gold)
    return total


def reading(n_of: Callable[[Case], int]) -> Callable[[Case], list[Key]]:
    return lambda case: distinct(case.figures)[: n_of(case)]


def report(cases: list[Case]) -> None:
    print(
        f"{len(cases)} CNN/DM pairs; held out: {sum(c.part == 'held-out' for c in cases)} (SHA-1 of id 8-f)"
    )
    for part in ("held-out", "fit"):
        for label, chosen in (
            ("highlights with figures", [c for c in cases if c.part == part and c.gold]),
            ("all articles", [c for c in cases if c.part == part]),
        ):
            gold = sum(len(c.gold) for c in chosen)
            print(f"\n{part}, {label}: {len(chosen)} articles, {gold} highlight figure values")
            print(f"  {'system':<28} {'shown':>5} {'P':>6} {'R':>6} {'F1':>6}")
            rows = [
                ("before (extractor ranking)", lambda c: c.before),
                ("  reading order, same n", reading(lambda c: len(c.before))),
                ("after (salience)", lambda c: c.after),
                ("  reading order, same n", reading(lambda c: len(c.after))),
            ]
            for name, pick in rows:
                print(score(chosen, pick).row(name, len(chosen)))
    held = [c for c in cases if c.part == "held-out" and c.gold]
    after = score(held, lambda c: c.after)
    verdict = "meets" if after.f1 >= 0.55 and after.r >= 0.6 else "misses"
    print(f"\nheld-out target F1 >= 0.55 with recall >= 0.6: F1 {after.f1:.3f}, R {after.r:.3f} ({verdict})")


# --------------------------------------------------------------------------------------------------
# Fitting (bench-only: scikit-learn)
# --------------------------------------------------------------------------------------------------


# Weights not fitted: the 270 pairs hold 15 casualty figures (one in the highlights) and 58 figures
# with an event, too few to measure them. A reader of news wants to know who was killed or hurt and
# what happened, so both get a modest positive weight (about half a sentence of position each).
HAND_SET = {"event": 0.3, "casualty": 1.0}


def fit(cases: list[Case]) -> None:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    train = [c for c in cases if c.part == "fit"]
    rows, labels = [], []
    for case in train:
        feats = salience.figure_features(case.figures, case.text, title=case.title, summary=case.summary)
        rows += feats
        labels += [key(f) in case.gold for f in case.figures]
    x, y = np.array(rows), np.array(labels)
    fitted = [i for i, name in enumerate(salience.FEATURES) if name not in HAND_SET]
    scaler = StandardScaler().fit(x[:, fitted])
    model = LogisticRegression(C=0.05, max_iter=1000).fit(scaler.transform(x[:, fitted]), y)
    std = dict(zip((salience.FEATURES[i] for i in fitted), model.coef_[0], strict=True))
    raw = dict(zip((salience.FEATURES[i] for i in fitted), model.coef_[0] / scaler.scale_, strict=True))
    weights = [raw.get(name, HAND_SET.get(name, 0.0)) for name in salience.FEATURES]
    intercept = float(model.intercept_[0] - np.sum(model.coef_[0] * scaler.mean_ / scaler.scale_))
    print(f"fitted on {len(train)} articles, {len(y)} figures, {int(y.sum())} in the highlights")
    print("WEIGHTS = {")
    for name, w in zip(salience.FEATURES, weights, strict=True):
        note = f"standardised {std[name]:+.3f}" if name in std else "set by hand: bench/salience.py HAND_SET"
        print(f'    "{name}": {w:.4f},  # {note}')
    print("}")
    print(f"INTERCEPT = {intercept:.4f}")
    salience.WEIGHTS.update(zip(salience.FEATURES, map(float, weights), strict=True))
    salience.INTERCEPT = intercept
    _choose_cut(train)


def _choose_cut(train: list[Case]) -> None:
    """THRESHOLD, RELATIVE, FLOOR and MAX_SHOWN with the best F1 (recall >= 0.6) on the fit half."""
    scored = [
        (c, salience.salience_scores(c.figures, c.text, title=c.title, summary=c.summary))
        for c in train
        if c.gold
    ]
    best: tuple[float, float, tuple[float, float, float, int]] = (0.0, 0.0, (0.5, 0.3, 0.0, 3))
    for threshold in [t / 100 for t in range(2, 60)]:
        for relative in (0.0, 0.3, 0.5):
            for floor in (0.0, 0.05, 0.1):
                for cap in (1, 2, 3):
                    salience.THRESHOLD, salience.RELATIVE, salience.FLOOR = threshold, relative, floor
                    salience.MAX_SHOWN = cap
                    total = Score()
                    for case, probs in scored:
                        shown = salience.shown_indexes(probs, case.figures)
                        total.add(distinct([case.figures[i] for i in shown]), case.gold)
                    if total.r >= 0.6 and total.f1 > best[0]:
                        best = (total.f1, total.r, (threshold, relative, floor, cap))
    threshold, relative, floor, cap = best[2]
    print(f"THRESHOLD = {threshold:.2f}\nRELATIVE = {relative}\nFLOOR = {floor}\nMAX_SHOWN = {cap}")
    print(f"(fit half, highlights with figures: F1 {best[0]:.3f}, R {best[1]:.3f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="refit the weights on the fit half and print them")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    cases = build_cases()
    if args.fit:
        fit(cases)
        return 0
    report(cases)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
