"""Soak test: 1,000 distinct articles through the REAL bot, from many users at once.

Run from the repository root:  python bench/soak.py  [--articles 1000] [--users 100] [--model PATH]
                                                     [--no-flood-limit] [--tracemalloc]

The bot is `bot.app.build_application` unmodified (handlers, access gate, per-user limits,
AIORateLimiter, SQLite in WAL mode), talking HTTP to the fake Bot API server of the tests
(tests/fake_telegram.py) on 127.0.0.1. Each simulated user has a private chat and forwards its share
of articles one after another, waiting for each digest like a person would; users run concurrently.
Without --model the summarizer is never loaded, so digests are extractive and CPU-cheap: the run
measures the bot around the model (routing, storage, Telegram I/O), not the model.

Checks: every article answered with a digest, each exactly once, N digests and N requests stored,
no error rows, no "Sorry" replies. Prints throughput, latency percentiles (forward -> digest at the
fake server, and the bot's own requests.latency_ms) and peak memory.

By default the production flood limiter applies (PTB's AIORateLimiter: 30 requests/s for the whole
bot), so throughput is bounded by Telegram's limits, as in production. --no-flood-limit lifts it to
show what the process itself can do.

Articles come from the "article" field of shared/eval/news_pairs.jsonl ($NEWSBRIEF_SHARED, else
`shared/` beside the repository).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from telegram.ext import AIORateLimiter, Application  # noqa: E402

from bot.app import build_application  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.services import SERVICES_KEY, Services  # noqa: E402
from storage import Store, content_hash  # noqa: E402
from summarizer.pipeline import MIN_WORDS, Summarizer, SummarizerConfig  # noqa: E402
from summarizer.text import count_words  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402

FIRST_CHAT = 10_000
SAVED_AS = "saved as #"
MAX_ARTICLE_CHARS = 6_000  # long enough for real stories, short enough to keep the run CPU-light


def shared_dir() -> Path:
    return Path(os.environ.get("NEWSBRIEF_SHARED") or ROOT.parent / "shared")


def load_articles(count: int) -> list[str]:
    """`count` distinct article texts (by the bot's own dedup hash), long enough to summarise."""
    path = shared_dir() / "eval" / "news_pairs.jsonl"
    if not path.exists():
        raise SystemExit(f"shared eval data not found at {path} (set NEWSBRIEF_SHARED)")
    texts: list[str] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line)["article"].strip()[:MAX_ARTICLE_CHARS]
            key = content_hash(text)
            if key in seen or count_words(text) < MIN_WORDS:
                continue
            seen.add(key)
            texts.append(text)
            if len(texts) == count:
                return texts
    raise SystemExit(f"only {len(texts)} usable articles in {path}; ask for fewer with --articles")


@dataclass
class Watcher:
    """Follows the fake server's call log and resolves one waiter per chat when its digest arrives.

    Why not FakeTelegram.wait_for: with a hundred waiters each rescanning the log on every call, the
    bench would measure itself. One cursor over the log is linear.
    """

    api: FakeTelegram
    cursor: int = 0
    waiting: dict[int, asyncio.Future[Any]] = field(default_factory=dict)
    stray: list[str] = field(default_factory=list)  # replies that are neither progress nor a digest

    def expect(self, chat_id: int) -> asyncio.Future[Any]:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.waiting[chat_id] = future
        return future

    async def run(self) -> None:
        while True:
            calls = self.api.calls
            while self.cursor < len(calls):
                self._see(calls[self.cursor])
                self.cursor += 1
            await asyncio.sleep(0.002)

    def _see(self, call: Any) -> None:
        if call.method not in {"sendMessage", "editMessageText"}:
            return
        text = str(call.params.get("text", ""))
        chat_id = int(call.params.get("chat_id", 0))
        if SAVED_AS in text:
            future = self.waiting.pop(chat_id, None)
            if future is not None and not future.done():
                future.set_result(call)
            else:
                self.stray.append(f"unexpected digest in chat {chat_id}")
        elif text != "Reading…":
            self.stray.append(f"chat {chat_id}: {text[:80]}")


@dataclass
class Result:
    latencies_s: list[float] = field(default_factory=list)
    digest_ids: list[int] = field(default_factory=list)
    timeouts: int = 0


async def user(
    api: FakeTelegram, watcher: Watcher, chat_id: int, texts: list[str], result: Result, timeout: float
) -> None:
    """One person: forward a story, wait for its digest, forward the next."""
    for number, text in enumerate(texts):
        waiter = watcher.expect(chat_id)
        sent = time.time()
        api.push_update(
            api.forwarded_channel_post(
                chat_id, text, channel_title=f"Soak channel {chat_id % 17}", message_id=number + 1
            )
        )
        try:
            call = await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            result.timeouts += 1
            watcher.waiting.pop(chat_id, None)
            continue
        result.latencies_s.append(call.time - sent)
        result.digest_ids.append(int(call.params["text"].split(SAVED_AS)[1].split("<")[0].split()[0]))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))] if ordered else 0.0


def make_summarizer(model: str | None) -> Summarizer:
    if model is None:
        return Summarizer(SummarizerConfig())  # never loaded: the labelled extractive fallback
    summarizer = Summarizer(SummarizerConfig(model=model))
    status = summarizer.load()
    if not status.loaded:
        raise SystemExit(f"could not load {model}: {status.error}")
    print(f"model {model} loaded in {status.load_seconds:.1f} s")
    return summarizer


async def soak(args: argparse.Namespace) -> int:
    texts = load_articles(args.articles)
    summarizer = make_summarizer(args.model)
    shares = [texts[i :: args.users] for i in range(args.users)]
    rss_before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory(prefix="newsbrief-soak-") as folder:
        db_path = Path(folder) / "soak.db"
        async with FakeTelegram() as api:
            settings = Settings(
                token=api.token,
                database_path=db_path,
                telegram_base_url=api.base_url,
                telegram_base_file_url=api.base_file_url,
                # Each simulated user sends its share within the run; the limiter is tested elsewhere.
                rate_per_minute=max(10, args.articles),
                log_level="WARNING",
            )
            store = Store(db_path)
            app = build_application(settings, summarizer=summarizer, store=store)
            if args.no_flood_limit:
                lift_flood_limit(app)
            result = Result()
            watcher = Watcher(api)
            async with app:
                await app.start()
                assert app.updater is not None
                await app.updater.start_polling(poll_interval=0.0, timeout=1)
                watch = asyncio.create_task(watcher.run())
                started = time.perf_counter()
                await asyncio.gather(
                    *(
                        user(api, watcher, FIRST_CHAT + i, share, result, args.timeout)
                        for i, share in enumerate(shares)
                    )
                )
                elapsed = time.perf_counter() - started
                watch.cancel()
                await app.updater.stop()
                await app.stop()
            services: Services = app.bot_data[SERVICES_KEY]
            report = Report.collect(args, result, elapsed, services, watcher, api, rss_before_kb)
            store.close()
    report.print()
    return 0 if report.ok else 1


def lift_flood_limit(app: Application) -> None:
    """Swap PTB's limiter for one without rate caps (retries on 429 kept). A private attribute: bench only."""
    app.bot._rate_limiter = AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)  # type: ignore[attr-defined]


@dataclass
class Report:
    articles: int
    users: int
    elapsed: float
    result: Result
    digests: int
    requests: int
    errors: int
    bot_latencies_ms: list[float]
    stray: list[str]
    api_calls: Counter[str]
    rss_kb: int
    rss_before_kb: int
    traced_peak: int | None
    flood_limited: bool

    @classmethod
    def collect(
        cls,
        args: argparse.Namespace,
        result: Result,
        elapsed: float,
        services: Services,
        watcher: Watcher,
        api: FakeTelegram,
        rss_before_kb: int,
    ) -> Report:
        db = services.store.db
        return cls(
            articles=args.articles,
            users=args.users,
            elapsed=elapsed,
            result=result,
            digests=services.store.count("digests"),
            requests=services.store.count("requests"),
            errors=services.store.count("errors"),
            bot_latencies_ms=[row[0] for row in db.execute("SELECT latency_ms FROM requests")],
            stray=watcher.stray,
            api_calls=Counter(call.method for call in api.calls),
            rss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            rss_before_kb=rss_before_kb,
            traced_peak=tracemalloc.get_traced_memory()[1] if tracemalloc.is_tracing() else None,
            flood_limited=not args.no_flood_limit,
        )

    @property
    def problems(self) -> list[str]:
        found = []
        answered = len(self.result.digest_ids)
        if answered != self.articles:
            missing = self.articles - answered
            found.append(f"{missing} article(s) not answered ({self.result.timeouts} timeouts)")
        if len(set(self.result.digest_ids)) != answered:
            found.append(f"{answered - len(set(self.result.digest_ids))} duplicate digest id(s) in replies")
        if self.digests != self.articles or self.requests != self.articles:
            stored = f"{self.digests} digests / {self.requests} requests"
            found.append(f"stored {stored}, expected {self.articles}")
        if self.errors:
            found.append(f"{self.errors} error row(s)")
        if self.stray:
            found.append(f"{len(self.stray)} unexpected repl(ies), e.g. {self.stray[0]!r}")
        return found

    @property
    def ok(self) -> bool:
        return not self.problems

    def print(self) -> None:
        lat = self.result.latencies_s
        bot = self.bot_latencies_ms
        print(f"articles      {self.articles} from {self.users} users, {self.elapsed:.1f} s wall")
        flood = "on (AIORateLimiter, 30 req/s)" if self.flood_limited else "off (--no-flood-limit)"
        print(f"flood limit   {flood}")
        print(f"throughput    {len(lat) / self.elapsed:.1f} articles/s")
        if lat:
            print(
                f"forward->reply p50 {percentile(lat, 0.5) * 1000:.0f} ms, "
                f"p95 {percentile(lat, 0.95) * 1000:.0f} ms, max {max(lat) * 1000:.0f} ms "
                f"(mean {statistics.fmean(lat) * 1000:.0f} ms)"
            )
        if bot:
            print(
                f"bot latency_ms p50 {percentile(bot, 0.5):.0f} ms, p95 {percentile(bot, 0.95):.0f} ms "
                "(requests table: update received -> reply acknowledged)"
            )
        calls = ", ".join(f"{name} {n}" for name, n in self.api_calls.most_common())
        print(f"Bot API calls {calls}")
        print(
            f"peak memory   ru_maxrss {self.rss_kb / 1024:.0f} MiB "
            f"(before the bot started: {self.rss_before_kb / 1024:.0f} MiB; includes the fake server)"
        )
        if self.traced_peak is not None:
            print(f"              tracemalloc peak {self.traced_peak / 2**20:.1f} MiB of Python allocations")
        print(f"stored        {self.digests} digests, {self.requests} requests, {self.errors} errors")
        for problem in self.problems:
            print(f"PROBLEM       {problem}")
        print("RESULT        " + ("ok: every article answered once and stored once" if self.ok else "FAILED"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--users", type=int, default=100, help="simulated users, one private chat each")
    parser.add_argument("--model", help="seq2seq model id or path (default: extractive, never loaded)")
    parser.add_argument("--no-flood-limit", action="store_true", help="lift the 30 requests/s limiter")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slower)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for one digest")
    args = parser.parse_args(argv)
    args.users = max(1, min(args.users, args.articles))
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # At shutdown PTB cancels in-flight chat actions; the fake server logs each cut connection.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    if args.tracemalloc:
        tracemalloc.start()
    return asyncio.run(soak(args))


if __name__ == "__main__":
    raise SystemExit(main())
