"""Benchmark story grouping: B-cubed precision, recall and F1 per part, against a baseline, plus items/s.

Run from the repository root:  python bench/stories.py  [--tune] [--parts uci,allsides,multinews]

Data: shared/eval/stories/ ($NEWSBRIEF_SHARED, else `shared/` beside the repository).
- uci: UCI News Aggregator headlines (March 2014, many outlets per story), with publish times.
- allsides: AllSides roundups, one event from a left, a centre and a right outlet (dated by day).
- multinews: Multi-News clusters split into their documents (full text, no titles, no times);
  multinews-articles: the same without the crawl debris (documents under 100 words);
  multinews-leads: those articles cut to what the bot compares, a headline (first sentence) and a
  60-word summary (the next words).

Each part is split by a hash of the story id into a tuning half (A) and a held-out half (B). The
thresholds in summarizer/stories/grouping.py were chosen with `--tune` on half A of every part; the figures
to quote are half B's. The baseline is TF-IDF (scikit-learn) + average-link agglomerative
clustering on cosine distance over the whole part at once (it sees every item, time-blind), its
distance threshold tuned on half A in the same run and reported on half B.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import random
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_distances

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from bench.figure_scoring import load_jsonl, shared_dir
from summarizer.stories import Embedder, StoryConfig, StoryItem, group_items, load_embedder

ARTICLE_WORDS = 100
LEAD_WORDS = 60
BASELINE_GRID = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99]


@dataclass(frozen=True)
class Labelled:
    item: StoryItem
    story: str


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def bcubed(gold: dict[str, str], predicted: dict[str, str]) -> Score:
    """B-cubed over items: each item's share of its predicted cluster that is gold-correct, and back."""
    by_gold: dict[str, set[str]] = defaultdict(set)
    by_pred: dict[str, set[str]] = defaultdict(set)
    for item, story in gold.items():
        by_gold[story].add(item)
        by_pred[predicted[item]].add(item)
    precision = recall = 0.0
    for item in gold:
        same = len(by_gold[gold[item]] & by_pred[predicted[item]])
        precision += same / len(by_pred[predicted[item]])
        recall += same / len(by_gold[gold[item]])
    return Score(precision / len(gold), recall / len(gold))


# --- data ----------------------------------------------------------------------------------------
def _time(raw: str | None) -> datetime | None:
    if not raw:
        return None
    moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def load_parts(folder: Path) -> dict[str, list[Labelled]]:
    parts: dict[str, list[Labelled]] = {"uci": [], "allsides": []}
    for row in load_jsonl(folder / "clusters.jsonl"):
        item = StoryItem(
            id=row["id"],
            title=row["title"],
            text=row.get("text") or "",
            published=_time(row.get("published")),
            publisher=row.get("publisher"),
        )
        parts["allsides" if row["id"].startswith("allsides") else "uci"].append(Labelled(item, row["story"]))
    docs = []
    for example in load_jsonl(folder / "multinews.jsonl"):
        for i, text in enumerate(example["documents"]):
            if text.strip():
                docs.append(
                    Labelled(StoryItem(id=f"{example['id']}-{i}", title="", text=text), example["id"])
                )
    random.Random(12).shuffle(docs)  # documents arrive in no particular order
    parts["multinews"] = docs
    # Multi-News was crawled: some "documents" are crawl notices, tweet embeds or error pages
    # ("Starting in 1996, Alexa Internet has been donating their crawl data..."). Scored apart:
    # documents of at least ARTICLE_WORDS words, the ones that read as articles.
    parts["multinews-articles"] = [d for d in docs if len(d.item.text.split()) >= ARTICLE_WORDS]
    # What the bot itself compares: a headline and a short summary. Simulated from each article:
    # its first sentence as the headline, the next LEAD_WORDS words as the summary.
    parts["multinews-leads"] = [_lead(d) for d in parts["multinews-articles"]]
    return parts


def _lead(labelled: Labelled) -> Labelled:
    text = " ".join(labelled.item.text.split())
    first, _, rest = text.partition(". ")
    summary = " ".join(rest.split()[:LEAD_WORDS])
    return Labelled(replace(labelled.item, title=first[:200], text=summary), labelled.story)


def half(story: str) -> str:
    return "A" if int(hashlib.sha1(story.encode()).hexdigest(), 16) % 2 == 0 else "B"


def split(items: list[Labelled]) -> dict[str, list[Labelled]]:
    halves: dict[str, list[Labelled]] = {"A": [], "B": []}
    for labelled in items:
        halves[half(labelled.story)].append(labelled)
    return halves


# --- methods -------------------------------------------------------------------------------------
def _text(item: StoryItem) -> str:
    return f"{item.title}\n{item.text}".strip()


def baseline_distances(items: Sequence[Labelled]) -> np.ndarray:
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [_text(x.item) for x in items]
    )
    return cosine_distances(vectors)


def baseline(distances: np.ndarray, items: Sequence[Labelled], threshold: float) -> dict[str, str]:
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    )
    labels = model.fit_predict(distances)
    return {x.item.id: str(label) for x, label in zip(items, labels, strict=True)}


def ours(
    items: Sequence[Labelled], config: StoryConfig, embed: Embedder | None = None
) -> tuple[dict[str, str], float]:
    started = time.perf_counter()
    predicted = group_items([x.item for x in items], config, embed)
    return predicted, len(items) / (time.perf_counter() - started)


def gold(items: Sequence[Labelled]) -> dict[str, str]:
    return {x.item.id: x.story for x in items}


# --- runs ----------------------------------------------------------------------------------------
def _best_baseline(items: list[Labelled]) -> tuple[float, Score]:
    distances = baseline_distances(items)
    scored = [(t, bcubed(gold(items), baseline(distances, items, t))) for t in BASELINE_GRID]
    return max(scored, key=lambda pair: pair[1].f1)


def report(parts: dict[str, list[Labelled]], config: StoryConfig, embed: Embedder | None = None) -> None:
    print(f"{'part':<10} {'half':<10} {'items':>6} {'method':<22} {'P':>6} {'R':>6} {'F1':>6} {'items/s':>9}")
    for name, items in parts.items():
        halves = split(items)
        threshold, tuned = _best_baseline(halves["A"])
        for label, rows in (("A (tuned)", halves["A"]), ("B (held)", halves["B"])):
            predicted, rate = ours(rows, config)
            mine = bcubed(gold(rows), predicted)
            extra = []
            if embed is not None:
                with_model, model_rate = ours(rows, config, embed)
                extra.append(("+ embeddings", bcubed(gold(rows), with_model), model_rate))
            started = time.perf_counter()
            base = (
                tuned
                if label.startswith("A")
                else bcubed(gold(rows), baseline(baseline_distances(rows), rows, threshold))
            )
            base_rate = len(rows) / (time.perf_counter() - started) if label.startswith("B") else float("nan")
            for method, score, speed in (
                ("newsbrief stories", mine, rate),
                *extra,
                (f"tfidf avg-link @{threshold}", base, base_rate),
            ):
                print(
                    f"{name:<10} {label:<10} {len(rows):>6} {method:<22} {score.precision:6.3f} "
                    f"{score.recall:6.3f} {score.f1:6.3f} {speed:9.0f}"
                )
            ratio = mine.f1 / base.f1
            print(f"{'':<10} {'':<10} {'':>6} {'ratio F1 ours/base':<22} {'':>6} {'':>6} {ratio:6.2f}")


# The knobs of the last tuning round (headlines alone); the others were chosen the same way before
# and are kept at their defaults here. Edit the grid to retune them.
GRID: dict[str, list[float]] = {
    "short_threshold": [0.05, 0.065, 0.08, 0.1, 0.12],
    "short_single_link": [0.1, 0.2, 0.3, 0.4, 0.6],
}


def tune(parts: dict[str, list[Labelled]], config: StoryConfig) -> None:
    """Grid search on half A only: mean F1 over the parts (each part's own A half)."""
    tuning = {name: split(items)["A"] for name, items in parts.items()}
    keys = list(GRID)
    results = []
    for values in itertools.product(*(GRID[k] for k in keys)):
        candidate = replace(config, **dict(zip(keys, values, strict=True)))
        scores = {name: bcubed(gold(rows), ours(rows, candidate)[0]).f1 for name, rows in tuning.items()}
        results.append((sum(scores.values()) / len(scores), values, scores))
        print(dict(zip(keys, values, strict=True)), {k: round(v, 3) for k, v in scores.items()}, flush=True)
    best = max(results, key=lambda r: r[0])
    print(
        "best on half A:", dict(zip(keys, best[1], strict=True)), {k: round(v, 3) for k, v in best[2].items()}
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tune", action="store_true", help="grid-search the thresholds on half A")
    parser.add_argument("--embedding", help="also run with this sentence-embedding model (id or path)")
    parser.add_argument("--parts", default="uci,allsides,multinews,multinews-articles,multinews-leads")
    args = parser.parse_args(argv)
    folder = shared_dir() / "eval" / "stories"
    wanted = set(args.parts.split(","))
    parts = {k: v for k, v in load_parts(folder).items() if k in wanted}
    if args.tune:
        tune(parts, StoryConfig())
    else:
        report(parts, StoryConfig(), load_embedder(args.embedding) if args.embedding else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
