"""Summary quality on the eval set: ROUGE for the extractive fallback, lead-3 and (with weights) the model.

Run from the repository root:  .venv/bin/python bench/quality.py [--quick] [--model-limit N]

- ROUGE-1/2/L F1 (rouge-score, Porter stemming; ROUGE-L is rouge-score's "rougeL", the LCS over the
  whole summary) on shared/eval/news_pairs.jsonl, CNN/DM and XSum reported separately.
- Systems: lead-3 (the article's first three sentences, as given, and after Newsbrief's boilerplate
  cleaning), Newsbrief's extractive fallback (the full Summarizer path with no model loaded), and, only
  when real weights are at a local folder named by NEWSBRIEF_MODEL, the model through Newsbrief and
  through a plain generate call with the checkpoint's defaults (transformers 5.x has no summarization
  pipeline any more). Without such a folder the model rows are skipped and the reason printed.
- Faithfulness: numbers in every digest's headline and summary that the article does not contain
  (target: zero), and the sentences the guard removed on the way.
- Cohesion: extractive summaries that open with a sentence pointing back ("But", "He said", "This";
  summarizer/text/cohesion.py), or hold one without the sentence it points back to.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from bench._shared import load_pairs, shared_dir
from summarizer.generation import source_values, unsupported_values
from summarizer.pipeline import NotSummarisable, Summarizer, SummarizerConfig
from summarizer.text import clean_text, points_back, split_sentences
from summarizer.types import Article, Digest

DATASETS = ("cnn_dailymail", "xsum")
METRICS = ("rouge1", "rouge2", "rougeL")


@dataclass
class Scores:
    totals: dict[str, dict[str, float]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(float))
    )
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    refused: int = 0
    unsupported: int = 0  # numbers in digests that the article lacks
    removed: int = 0  # sentences the guard dropped while making the digests
    fallbacks: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    opens_back: int = 0  # summaries whose first sentence points back ("But", "He said", "This")
    orphans: int = 0  # summaries with a sentence that points back to a sentence they left out

    def add(self, dataset: str, scores: dict[str, Any]) -> None:
        self.counts[dataset] += 1
        for metric in METRICS:
            self.totals[dataset][metric] += scores[metric].fmeasure

    def mean(self, dataset: str, metric: str) -> float:
        return 100 * self.totals[dataset][metric] / max(1, self.counts[dataset])


def main() -> int:
    args = _parse()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        from rouge_score import rouge_scorer
    except ImportError:
        print("rouge-score is not installed: pip install -e '.[bench]'")
        return 1
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    pairs = _sample(load_pairs(), args.every)
    sizes = ", ".join(f"{d} {sum(p['dataset'] == d for p in pairs)}" for d in DATASETS)
    sampled = f", every {args.every}th pair" if args.every > 1 else ""
    print(f"eval set: {shared_dir() / 'eval' / 'news_pairs.jsonl'}; {len(pairs)} pairs ({sizes}){sampled}")
    results: dict[str, Scores] = {}
    started = time.perf_counter()
    results["lead-3"] = _score(pairs, scorer, lambda a: _lead3(a))
    results["lead-3 (cleaned)"] = _score(pairs, scorer, lambda a: _lead3(clean_text(a)))
    extractive = Summarizer(SummarizerConfig())  # never loaded: the labelled extractive fallback
    results["newsbrief extractive"] = _score_digests(pairs, scorer, extractive)
    print(f"(extractive systems scored in {time.perf_counter() - started:.1f} s)")
    _model_rows(args, pairs, scorer, results)
    _report(results)
    return 0


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="every 4th pair")
    parser.add_argument(
        "--model-limit",
        type=int,
        default=100,
        help="pairs summarised by the model per dataset (CPU time: seconds each)",
    )
    args = parser.parse_args()
    args.every = 4 if args.quick else 1
    return args


def _sample(pairs: list[dict[str, Any]], every: int) -> list[dict[str, Any]]:
    ordered = sorted((p for p in pairs if p["dataset"] in DATASETS), key=lambda p: p["id"])
    return ordered[::every]


def _lead3(article: str) -> str:
    return " ".join(split_sentences(article)[:3])


def _score(pairs: list[dict[str, Any]], scorer: Any, summarize: Callable[[str], str]) -> Scores:
    scores = Scores()
    for pair in pairs:
        scores.add(pair["dataset"], scorer.score(pair["reference"], summarize(pair["article"])))
    return scores


def _score_digests(pairs: list[dict[str, Any]], scorer: Any, summarizer: Summarizer) -> Scores:
    """Digests through the full Summarizer path; the faithfulness count covers headline and summary."""
    scores = Scores()
    for pair in pairs:
        try:
            digest = summarizer.summarize(Article(pair["article"]))
        except NotSummarisable:
            scores.refused += 1
            continue
        scores.add(pair["dataset"], scorer.score(pair["reference"], digest.summary))
        _faithfulness(scores, pair["article"], digest)
        _cohesion(scores, pair["article"], digest)
    return scores


def _cohesion(scores: Scores, article: str, digest: Digest) -> None:
    """Count summaries that open with, or contain, a sentence cut off from the one it points back to."""
    if digest.summary_kind != "extractive":
        return
    picked = split_sentences(digest.summary)
    if picked and points_back(picked[0]):
        scores.opens_back += 1
    source = split_sentences(clean_text(article))
    previous = {b: a for a, b in itertools.pairwise(source)}
    if any(
        points_back(s) and s in previous and (i == 0 or picked[i - 1] != previous[s])
        for i, s in enumerate(picked)
    ):
        scores.orphans += 1


def _faithfulness(scores: Scores, article: str, digest: Digest) -> None:
    # As the guard counts them: the article as sent and after boilerplate cleaning, which can make a
    # glued number readable ("Copy this linkFour days" -> "Four days") but never adds one.
    supported = source_values(f"{article}\n{clean_text(article)}")
    scores.unsupported += len(unsupported_values(f"{digest.headline}\n{digest.summary}", supported))
    scores.removed += digest.stats.unsupported_removed
    if digest.fallback_reason:
        scores.fallbacks[digest.fallback_reason] += 1


def _model_rows(
    args: argparse.Namespace, pairs: list[dict[str, Any]], scorer: Any, results: dict[str, Scores]
) -> None:
    model_dir = os.environ.get("NEWSBRIEF_MODEL", "")
    if not model_dir or not Path(model_dir).is_dir():
        why = "NEWSBRIEF_MODEL is not set" if not model_dir else f"{model_dir} is not a local folder"
        print(
            f"model rows skipped: {why}. Real weights cannot be downloaded here (the Hugging Face hub "
            "is unreachable); point NEWSBRIEF_MODEL at a folder with a trained checkpoint to score it."
        )
        return
    subset = _per_dataset(pairs, args.model_limit)
    print(f"model: {model_dir}, {len(subset)} pairs ({args.model_limit} per dataset at most)")
    summarizer = Summarizer(SummarizerConfig(model=model_dir))
    status = summarizer.load()
    if not status.loaded:
        print(f"model rows skipped: {status.error}")
        return
    started = time.perf_counter()
    results["newsbrief model"] = _score_digests(subset, scorer, summarizer)
    print(f"(newsbrief model: {time.perf_counter() - started:.0f} s)")
    started = time.perf_counter()
    results["plain generate"] = _score(subset, scorer, _plain_summarizer(model_dir))
    print(f"(plain generate: {time.perf_counter() - started:.0f} s)")
    summarizer.close()


def _per_dataset(pairs: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for dataset in DATASETS:
        out += [p for p in pairs if p["dataset"] == dataset][:limit]
    return out


def _plain_summarizer(model_dir: str) -> Callable[[str], str]:
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForSeq2SeqLM.from_pretrained(model_dir).eval()
    window = model.config.max_position_embeddings  # 1024 for distilbart

    def summarize(article: str) -> str:
        inputs = tokenizer(article, return_tensors="pt", truncation=True, max_length=window)
        with torch.inference_mode():
            output = model.generate(**inputs)  # the checkpoint's own generation defaults
        return str(tokenizer.decode(output[0], skip_special_tokens=True))

    return summarize


def _report(results: dict[str, Scores]) -> None:
    for dataset in DATASETS:
        print(f"\n{dataset}:")
        print(f"  {'system':<22} {'n':>5} {'R-1':>6} {'R-2':>6} {'R-L':>6}")
        for name, scores in results.items():
            if scores.counts[dataset]:
                row = " ".join(f"{scores.mean(dataset, m):>6.2f}" for m in METRICS)
                print(f"  {name:<22} {scores.counts[dataset]:>5} {row}")
        lead, ours = results["lead-3"], results["newsbrief extractive"]
        delta = ours.mean(dataset, "rougeL") - lead.mean(dataset, "rougeL")
        verdict = "meets" if delta >= 0 else "misses"
        print(f"  extractive ROUGE-L - lead-3 ROUGE-L = {delta:+.2f} ({verdict} the target >= 0)")
    print("\nfaithfulness (numbers in digest headlines and summaries that the article lacks; target 0):")
    for name, scores in results.items():
        if name.startswith("newsbrief") or scores.unsupported or scores.removed:
            extra = f", {scores.refused} refused as too short" if scores.refused else ""
            fallbacks = ", ".join(f"{k} {v}" for k, v in sorted(scores.fallbacks.items()))
            print(
                f"  {name:<22} unsupported numbers {scores.unsupported}, guard removed "
                f"{scores.removed} sentences{extra}; extractive because: {fallbacks or 'n/a'}"
            )
    print("\nextractive summaries that need the sentence before (cohesion.py's rules), all pairs:")
    for name, scores in results.items():
        if name.startswith("newsbrief"):
            total = sum(scores.counts.values())
            print(
                f"  {name:<22} open with one: {scores.opens_back} of {total}; "
                f"hold one without its antecedent: {scores.orphans} of {total}"
            )


if __name__ == "__main__":
    raise SystemExit(main())
