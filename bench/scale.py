"""The bot with 0 (in-process), 1 and 2 model worker processes, and the task queue's own cost per job.

Run from the repository root (redis-server must be on PATH, as for the tests):

    .venv/bin/python bench/scale.py [--articles 8] [--noop-jobs 40]

The model is sshleifer/distilbart-cnn-12-6's real architecture with random weights (bench/_shared.py,
built once into ~/.cache/newsbrief/bench), served through CTranslate2 int8 with ONE model thread per
process (NEWSBRIEF_TORCH_THREADS=1), micro-batches of up to 4, the bot's generation defaults. Each mode
runs the real bot on the fake Bot API (tests/fake_telegram.py) and forwards `--articles` distinct
~700-word eval articles from as many chats at once; it reports articles/minute for the burst and the
p50/p95 time from forward to the digest reply. Modes:

- 0 workers: no queue; the bot process summarises (what `newsbrief run` does without NEWSBRIEF_QUEUE_URL).
- 1 / 2 workers: NEWSBRIEF_QUEUE_URL set; `newsbrief worker` processes on this machine summarise.

Queue overhead: a worker whose summarizer returns a fixed digest at once (no model), against the same
no-op summarizer in-process; `--noop-jobs` jobs one after another (p50/p95 round trip: enqueue,
worker, result, store, receipt) and the same number at once (jobs/s).

Figures depend on the machine's load: the script prints the load average before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from bench._shared import bench_articles, bench_model_dir, percentile
from bot.app import make_summarizer
from bot.config import Settings
from bot.reuse import save as store_digest
from bot.scale.client import QueueClient
from bot.scale.worker import run_worker
from storage import Store
from summarizer.pipeline import StepCallback, Summarizer, SummarizerConfig
from summarizer.types import Article, Digest
from tests.chat_helpers import BOT_REPLIES, article_text
from tests.fake_telegram import FakeTelegram
from tests.harness import extractive_summarizer, running_bot
from tests.redis_server import RedisServer
from tests.scale_helpers import Workers

FIRST_CHAT = 10_000


class NoopSummarizer(Summarizer):
    """Returns a fixed digest at once: what is left is the cost of moving the job."""

    def __init__(self) -> None:
        super().__init__(SummarizerConfig(model="noop"))

    async def summarize_async(self, article: Article, on_step: StepCallback | None = None) -> Digest:
        return Digest(
            headline=article.title or "noop", summary="Nothing.", summary_kind="extractive", model=None
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=8, help="articles forwarded at once per mode")
    parser.add_argument("--noop-jobs", type=int, default=40, help="jobs for the queue-overhead runs")
    parser.add_argument("--modes", default="0,1,2", help="worker counts to run (0 = in-process)")
    parser.add_argument("--noop-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.noop_worker:
        logging.getLogger("bot.scale.worker").setLevel(logging.INFO)  # its "worker ready" line
        return run_worker(Settings.from_env(env_file=None), NoopSummarizer())
    return orchestrate(args)


def orchestrate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    load_before = os.getloadavg()
    model_dir = bench_model_dir()
    _convert(model_dir)
    from transformers import AutoTokenizer

    articles = bench_articles(AutoTokenizer.from_pretrained(model_dir), args.articles + 2)
    warmup, burst = articles[:2], articles[2:]
    print(f"model: distilbart-cnn-12-6 architecture, random weights, CTranslate2 int8, at {model_dir}")
    print(f"{os.cpu_count()} CPUs; load average before: {' '.join(f'{x:.2f}' for x in load_before)}")
    print(
        f"burst: {len(burst)} articles of ~{len(burst[0].split())} words forwarded at once from as many chats"
    )
    rows: list[tuple[str, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as scratch:
        redis_server = RedisServer(Path(scratch))
        redis_server.start()
        try:
            for count in [int(m) for m in args.modes.split(",") if m.strip()]:
                print(f"running {count} worker(s) ...", flush=True)
                result = asyncio.run(bot_burst(count, model_dir, redis_server, warmup, burst, Path(scratch)))
                rows.append((f"{count} workers" if count else "0 (in-process)", result))
                redis_server.client().flushall()
            print("running the queue-overhead comparison ...", flush=True)
            overhead = asyncio.run(queue_overhead(args.noop_jobs, redis_server, Path(scratch)))
        finally:
            redis_server.stop()
    _report(rows, overhead)
    load_after = os.getloadavg()
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in load_after)}")
    print(f"total bench time {time.perf_counter() - started:.0f} s")
    return 0


def _convert(model_dir: Path) -> None:
    code = (
        "import sys; sys.path.insert(0, '.'); from pathlib import Path; "
        "from summarizer.generation.ct2 import ensure_converted; "
        f"ensure_converted(Path({str(model_dir)!r}), 'int8')"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1])


def _settings(model_dir: Path, queue_url: str | None) -> dict[str, Any]:
    return {
        "model": str(model_dir),
        "backend": "ctranslate2",
        "torch_threads": 1,
        "queue_url": queue_url,
        "queue_max_depth": 10_000,
        "rate_per_minute": 1000,
        "max_pending_per_user": 100,
    }


async def bot_burst(
    workers: int,
    model_dir: Path,
    redis_server: RedisServer,
    warmup: list[str],
    burst: list[str],
    scratch: Path,
) -> dict[str, float]:
    overrides = _settings(model_dir, redis_server.url if workers else None)
    if workers:
        summarizer = extractive_summarizer()  # never used: the workers summarise
    else:
        summarizer = make_summarizer(Settings(**overrides))
        summarizer.load()
    pool = Workers(redis_server.url, model=str(model_dir), backend="ctranslate2", torch_threads="1")
    try:
        for _ in range(workers):
            await pool.start("cli")
        async with (
            FakeTelegram() as api,
            running_bot(api, scratch / f"bot-{workers}.db", summarizer=summarizer, **overrides) as _,
        ):
            await _forward_all(api, warmup, FIRST_CHAT - 100)  # loads caches, first batches
            return await _forward_all(api, burst, FIRST_CHAT)
    finally:
        await asyncio.to_thread(pool.stop_all)
        summarizer.close()


async def _forward_all(api: FakeTelegram, texts: list[str], first_chat: int) -> dict[str, float]:
    since = len(api.calls)
    pushed: dict[int, float] = {}
    for offset, text in enumerate(texts):
        pushed[first_chat + offset] = time.time()
        api.push_update(api.forwarded_channel_post(first_chat + offset, text))
    answered: dict[int, float] = {}
    deadline = time.monotonic() + 60 + 30 * len(texts)
    while len(answered) < len(texts):
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {len(answered)} of {len(texts)} digests arrived")
        for call in api.calls[since:]:
            chat = call.params.get("chat_id")
            chat = int(chat) if chat is not None else None
            done = call.method in BOT_REPLIES and "saved as #" in str(call.params.get("text", ""))
            if done and chat in pushed and chat not in answered:
                answered[chat] = call.time
        await asyncio.sleep(0.02)
    latencies = [answered[c] - pushed[c] for c in pushed]
    span = max(answered.values()) - min(pushed.values())
    return {
        "per_min": len(texts) / span * 60,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "span": span,
    }


async def queue_overhead(jobs: int, redis_server: RedisServer, scratch: Path) -> dict[str, float]:
    articles = [
        Article(text=article_text(f"overhead story {n}", n), title=f"story {n}") for n in range(jobs * 2)
    ]
    sequential, concurrent = articles[:jobs], articles[jobs:]
    noop = NoopSummarizer()
    # In-process: the same summarise-and-store, without the queue.
    store = Store(scratch / "inprocess.db")
    local: list[float] = []
    for article in sequential:
        begun = time.perf_counter()
        store_digest(store, article, await noop.summarize_async(article))
        local.append(time.perf_counter() - begun)
    store.close()
    env = {"NEWSBRIEF_QUEUE_URL": redis_server.url}
    command = [sys.executable, str(Path(__file__).resolve()), "--noop-worker"]
    pool = Workers(redis_server.url)
    worker = await _start_custom(pool, command, env)
    store = Store(scratch / "queue.db")
    client = QueueClient(Settings(queue_url=redis_server.url, queue_max_depth=10_000), _store_with(store))
    try:
        await client.summarise(Article(text=article_text("warm up", 99)))
        remote: list[float] = []
        for article in sequential:
            begun = time.perf_counter()
            await client.summarise(article)
            remote.append(time.perf_counter() - begun)
        begun = time.perf_counter()
        await asyncio.gather(*(client.summarise(a) for a in concurrent))
        concurrent_seconds = time.perf_counter() - begun
    finally:
        await client.close()
        store.close()
        await asyncio.to_thread(worker.stop)
    return {
        "local_p50_ms": percentile(local, 50) * 1000,
        "queue_p50_ms": percentile(remote, 50) * 1000,
        "queue_p95_ms": percentile(remote, 95) * 1000,
        "jobs_per_s": len(concurrent) / concurrent_seconds,
        "jobs": jobs,
    }


def _store_with(store: Store) -> Any:
    return lambda article, digest: store_digest(store, article, digest)


async def _start_custom(pool: Workers, command: list[str], env: dict[str, str]) -> Any:
    from tests.scale_helpers import WorkerProcess

    worker = WorkerProcess(command, {**pool.env, **env})
    await worker.ready()
    return worker


def _report(rows: list[tuple[str, dict[str, float]]], overhead: dict[str, float]) -> None:
    base = rows[0][1]["per_min"] if rows else None
    print(
        f"\n{'mode':<16} {'articles/min':>12} {'p50 s':>7} {'p95 s':>7} {'burst s':>8}  throughput vs row 1"
    )
    for name, r in rows:
        ratio = f"x{r['per_min'] / base:.2f}" if base else ""
        print(
            f"{name:<16} {r['per_min']:>12.1f} {r['p50']:>7.2f} {r['p95']:>7.2f} {r['span']:>8.1f}  {ratio}"
        )
    o = overhead
    print(
        f"\nqueue overhead, no-op summarizer, {o['jobs']} jobs one at a time: in-process p50 "
        f"{o['local_p50_ms']:.1f} ms; through Redis + 1 worker p50 {o['queue_p50_ms']:.1f} ms, p95 "
        f"{o['queue_p95_ms']:.1f} ms (overhead p50 {o['queue_p50_ms'] - o['local_p50_ms']:.1f} ms per job); "
        f"{o['jobs']} at once: {o['jobs_per_s']:.0f} jobs/s through one worker"
    )


if __name__ == "__main__":
    raise SystemExit(main())
