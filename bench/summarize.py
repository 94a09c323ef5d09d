"""Speed of Newsbrief's summarizer against a plain transformers baseline on the same model and machine.

Run from the repository root:  .venv/bin/python bench/summarize.py [--quick]

The model is sshleifer/distilbart-cnn-12-6's real architecture with random weights and a BPE tokenizer
trained on the eval articles (see bench/_shared.py); built once into ~/.cache/newsbrief/bench. Every
system writes exactly `--new-tokens` tokens per summary (min_new_tokens = max_new_tokens), so runs
compare. Inputs are eval articles cut to about 700 words (one model window each).

Systems, each measured in its own process (so peak RSS is its own):
- plain: what `transformers.pipeline("summarization")` did. transformers 5.x removed that pipeline (and
  text2text-generation), so the closest plain equivalent is used: tokenizer + model.generate, one
  article at a time, the checkpoint's own generation defaults (4 beams, length_penalty 2.0,
  no_repeat_ngram_size 3), torch's default threads.
- newsbrief-torch: Summarizer with the bot's defaults (torch backend, 2 beams, micro-batching of up to
  --max-batch articles, threads = cores), through summarize_async like the bot.
- newsbrief-torch-4beams (opt-in): the same but with the plain system's 4 beams, to separate the gain
  from batching from the gain from fewer beams.
- newsbrief-ct2: the ctranslate2 int8 backend (when the package is installed); converted once.

Reported: p50/p95 latency of one ~700-word article sent alone, throughput for N articles sent at
once, peak RSS, and each system's ratios to plain.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from bench._shared import bench_articles, bench_model_dir, mean, peak_rss_mb, percentile

SYSTEMS = ("plain", "newsbrief-torch", "newsbrief-torch-4beams", "newsbrief-ct2")
DEFAULT_SYSTEMS = ("plain", "newsbrief-torch", "newsbrief-ct2")
WARMUP_TEXT = (
    "The city council approved a new budget for the harbour on Tuesday evening after a long debate. "
    "The plan sets aside money to rebuild the harbour wall damaged in the winter storms, officials said. "
) * 3


@dataclass(frozen=True)
class Plan:
    runs: int
    articles: int
    new_tokens: int
    max_batch: int


def main() -> int:
    args = _parse()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.worker:
        result = _worker(args.worker, Path(args.model_dir), _plan(args))
        print(json.dumps(result))
        return 0
    return _orchestrate(args)


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="2 latency runs, 8 articles, 24 new tokens")
    parser.add_argument("--runs", type=int, help="latency runs per system (default 5)")
    parser.add_argument("--articles", type=int, help="articles for throughput (default 32)")
    parser.add_argument("--new-tokens", type=int, help="tokens generated per summary (default 48)")
    parser.add_argument("--max-batch", type=int, default=4, help="Newsbrief micro-batch size (bot default 4)")
    parser.add_argument("--systems", default=",".join(DEFAULT_SYSTEMS), help=f"comma list of {SYSTEMS}")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--model-dir", help=argparse.SUPPRESS)
    return parser.parse_args()


def _plan(args: argparse.Namespace) -> Plan:
    quick = args.quick
    return Plan(
        runs=args.runs or (2 if quick else 5),
        articles=args.articles or (8 if quick else 32),
        new_tokens=args.new_tokens or (24 if quick else 48),
        max_batch=args.max_batch,
    )


# -- orchestration (parent process) ---------------------------------------------------------------


def _orchestrate(args: argparse.Namespace) -> int:
    plan = _plan(args)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        raise SystemExit(f"unknown systems {sorted(unknown)}; choose from {SYSTEMS}")
    if "newsbrief-ct2" in systems and not _has_ctranslate2():
        print("newsbrief-ct2: skipped (ctranslate2 not installed; pip install ctranslate2)")
        systems.remove("newsbrief-ct2")
    started = time.perf_counter()
    model_dir = bench_model_dir()
    print(f"model: distilbart-cnn-12-6 architecture, random weights, at {model_dir}")
    print(
        f"plan: {plan.runs} latency runs, {plan.articles} articles for throughput, "
        f"{plan.new_tokens} new tokens per summary, Newsbrief max_batch {plan.max_batch}, "
        f"{os.cpu_count()} CPUs"
    )
    if "newsbrief-ct2" in systems:
        print(f"ctranslate2 int8 conversion (cached after the first run): {_convert(model_dir):.1f} s")
    results = {}
    for system in systems:
        print(f"running {system} ...", flush=True)
        results[system] = _run_worker(system, model_dir, plan, args)
    _report(results, plan)
    print(f"\ntotal bench time {time.perf_counter() - started:.0f} s")
    return 0


def _has_ctranslate2() -> bool:
    try:
        import ctranslate2  # noqa: F401
    except ImportError:
        return False
    return True


def _convert(model_dir: Path) -> float:
    code = (
        "import sys, time; sys.path.insert(0, '.'); from pathlib import Path; "
        "from summarizer.generation.ct2 import ensure_converted; t = time.perf_counter(); "
        f"ensure_converted(Path({str(model_dir)!r}), 'int8'); print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def _run_worker(system: str, model_dir: Path, plan: Plan, args: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--worker",
        system,
        "--model-dir",
        str(model_dir),
        "--runs",
        str(plan.runs),
        "--articles",
        str(plan.articles),
        "--new-tokens",
        str(plan.new_tokens),
        "--max-batch",
        str(plan.max_batch),
    ]
    out = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _report(results: dict[str, dict[str, Any]], plan: Plan) -> None:
    base = results.get("plain")
    print(
        f"\n{'system':<24} {'decoding':<22} {'p50 s':>7} {'p95 s':>7} {'art/min':>8} "
        f"{'s/art':>6} {'peak RSS MB':>11}  ratios vs plain (throughput, p50 speed-up, RSS)"
    )
    for system, r in results.items():
        ratios = ""
        if base and system != "plain":
            ratios = (
                f"throughput x{r['articles_per_min'] / base['articles_per_min']:.2f}, "
                f"p50 x{base['p50'] / r['p50']:.2f}, RSS x{r['peak_rss_mb'] / base['peak_rss_mb']:.2f}"
            )
        print(
            f"{system:<24} {r['decoding']:<22} {r['p50']:>7.2f} {r['p95']:>7.2f} "
            f"{r['articles_per_min']:>8.1f} {60 / r['articles_per_min']:>6.2f} "
            f"{r['peak_rss_mb']:>11.0f}  {ratios}"
        )
    for system, r in results.items():
        if "generate_calls" in r:
            print(
                f"{system}: throughput run used {r['generate_calls']} generate calls for "
                f"{r['texts']} texts (largest batch {r['largest_batch']}); "
                f"guard removals {r['unsupported_removed']}"
            )


# -- measurement (worker process) -----------------------------------------------------------------


def _worker(system: str, model_dir: Path, plan: Plan) -> dict[str, Any]:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    articles = bench_articles(tokenizer, max(plan.articles, 1))
    single = articles[0]
    if system == "plain":
        result = _measure_plain(model_dir, tokenizer, single, articles[: plan.articles], plan)
    else:
        result = _measure_newsbrief(system, model_dir, single, articles[: plan.articles], plan)
    result["peak_rss_mb"] = peak_rss_mb()
    result["article_words"] = len(single.split())
    return result


def _measure_plain(
    model_dir: Path, tokenizer: Any, single: str, articles: list[str], plan: Plan
) -> dict[str, Any]:
    import torch
    from transformers import AutoModelForSeq2SeqLM

    model = AutoModelForSeq2SeqLM.from_pretrained(model_dir).eval()
    window = model.config.max_position_embeddings  # 1024 for distilbart

    def summarize(text: str) -> str:
        inputs = tokenizer(text, return_tensors="pt", truncation=True, max_length=window)
        with torch.inference_mode():
            output = model.generate(**inputs, min_new_tokens=plan.new_tokens, max_new_tokens=plan.new_tokens)
        return str(tokenizer.decode(output[0], skip_special_tokens=True))

    summarize(WARMUP_TEXT)
    latencies = [_timed(summarize, single) for _ in range(plan.runs)]
    started = time.perf_counter()
    for text in articles:
        summarize(text)
    elapsed = time.perf_counter() - started
    beams = model.generation_config.num_beams
    return _summary(latencies, elapsed, len(articles), f"{beams} beams, 1 at a time")


def _measure_newsbrief(
    system: str, model_dir: Path, single: str, articles: list[str], plan: Plan
) -> dict[str, Any]:
    from summarizer.generation import GenerationSettings
    from summarizer.pipeline import Summarizer, SummarizerConfig
    from summarizer.types import Article

    beams = 4 if system.endswith("4beams") else GenerationSettings().num_beams
    config = SummarizerConfig(
        model=str(model_dir),
        backend="ctranslate2" if system == "newsbrief-ct2" else "torch",
        max_batch=plan.max_batch,
        generation=GenerationSettings(
            num_beams=beams, max_new_tokens=plan.new_tokens, min_new_tokens=plan.new_tokens
        ),
    )
    summarizer = Summarizer(config)
    status = summarizer.load()
    if not status.loaded:
        raise SystemExit(f"{system}: model did not load: {status.error}")

    async def run() -> tuple[list[float], float, list[Any]]:
        await summarizer.summarize_async(Article(WARMUP_TEXT))
        latencies = []
        for _ in range(plan.runs):
            started = time.perf_counter()
            await summarizer.summarize_async(Article(single))
            latencies.append(time.perf_counter() - started)
        stats = summarizer.batch_stats
        assert stats is not None
        calls_before, texts_before = stats.calls, stats.texts
        started = time.perf_counter()
        digests = await asyncio.gather(*(summarizer.summarize_async(Article(a)) for a in articles))
        elapsed = time.perf_counter() - started
        counts = [stats.calls - calls_before, stats.texts - texts_before, stats.largest]
        return latencies, elapsed, [digests, counts]

    latencies, elapsed, (digests, counts) = asyncio.run(run())
    result = _summary(latencies, elapsed, len(articles), f"{beams} beams, batch <= {plan.max_batch}")
    result.update(
        generate_calls=counts[0],
        texts=counts[1],
        largest_batch=counts[2],
        unsupported_removed=sum(d.stats.unsupported_removed for d in digests),
        chunks=sum(d.stats.chunks for d in digests),
        backend=status.backend,
    )
    summarizer.close()
    return result


def _timed(function: Any, *args: Any) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def _summary(latencies: list[float], elapsed: float, count: int, decoding: str) -> dict[str, Any]:
    return {
        "decoding": decoding,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "latency_mean": mean(latencies),
        "latencies": latencies,
        "throughput_seconds": elapsed,
        "articles_per_min": count / elapsed * 60,
    }


if __name__ == "__main__":
    raise SystemExit(main())
