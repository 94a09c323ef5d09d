"""Feed polling benchmark: 500 sources x 20 items on a local web server, polled for a simulated day
by the REAL bot (bot.app.build_application, SQLite, the fake Bot API of the tests), with a restart in
the middle of a poll.

Run from the repository root:  python bench/feeds.py  [--sources 500] [--hours 24] [--quick]

Each source is an RSS feed of its 20 newest items on 127.0.0.1 with ETag/Last-Modified and
Cache-Control max-age=3600; it publishes a new item every 8 hours (sources staggered). 50 chats each
follow 10 sources, in "instant" mode, so every digest a chat gets is one message at the fake Bot API
and can be counted. Time is a clock the script moves in 10-minute ticks; each tick runs what the
poll job runs (`poller.poll_due`, then the worker's `work.drain`). Halfway through the day the bot is
stopped while a poll is in flight and started again on the same database.

Digests are extractive (no model loaded), so the run measures polling, parsing, storage and delivery.

Prints fetches/s, the share of 304 answers, CPU seconds per poll, peak RSS, digests made, and checks
duplicates = 0 (no chat gets an item twice) and lost = 0 (every item published after a follow reaches
its follower). Baseline, measured in the same run: one round of the same polls with the server
ignoring If-None-Match (every poll a full GET and parse), CPU per poll compared.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import logging
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from aiohttp import web  # noqa: E402
from telegram.ext import AIORateLimiter, Application  # noqa: E402

from bench._shared import peak_rss_mb  # noqa: E402
from bot.app import build_application  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.services import SERVICES_KEY, Services  # noqa: E402
from bot.sources import following, poller, work  # noqa: E402
from storage import Store  # noqa: E402
from storage.sources import INSTANT, SourceStore  # noqa: E402
from summarizer.pipeline import Summarizer, SummarizerConfig  # noqa: E402
from tests.chat_helpers import article_text  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402
from tests.local_web import serve  # noqa: E402

START = datetime(2025, 11, 25, 0, 0, tzinfo=UTC)
FIRST_CHAT = 50_000
SAVED = re.compile(r"saved as #(\d+)")


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Publisher:
    """Every source's items: 20 before the start, then one every `every` hours, staggered."""

    clock: Clock
    sources: int
    every: timedelta
    items: int = 20
    honour_304: bool = True
    origin: str = ""
    fetches: int = 0
    answered_304: int = 0
    bytes_sent: int = 0

    def published(self, source: int, until: datetime) -> list[tuple[int, datetime]]:
        """(number, time) of the source's items published by `until`, newest first, all time."""
        offset = self.every * (source / self.sources)
        first = START - self.items * self.every + offset
        count = int((until - first) / self.every) + 1 if until >= first else 0
        return [(n, first + n * self.every) for n in range(count - 1, -1, -1)]

    def feed(self, source: int) -> bytes:
        entries = []
        for n, when in self.published(source, self.clock.now)[: self.items]:
            link = f"{self.origin}/story/s{source}-{n}"
            text = f"{article_text(f'source {source}', n)} {article_text(f'item {n} of {source}', n + 1)}"
            entries.append(
                f"<item><title>Source {source} item {n}</title><link>{link}</link>"
                f"<guid>s{source}-{n}</guid><pubDate>{format_datetime(when, usegmt=True)}</pubDate>"
                f"<description>{text}</description></item>"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Source {source}</title><link>{self.origin}/</link><description>bench</description>"
            f"{''.join(entries)}</channel></rss>"
        ).encode()

    async def handle(self, request: web.Request) -> web.Response:
        source = int(request.match_info["n"])
        self.fetches += 1
        newest = self.published(source, self.clock.now)[0][0]
        etag = '"' + hashlib.sha1(f"{source}:{newest}".encode()).hexdigest()[:16] + '"'
        headers = {"ETag": etag, "Cache-Control": "max-age=3600"}
        if self.honour_304 and request.headers.get("If-None-Match") == etag:
            self.answered_304 += 1
            return web.Response(status=304, headers=headers)
        body = self.feed(source)
        self.bytes_sent += len(body)
        return web.Response(body=body, headers={"Content-Type": "application/rss+xml", **headers})


@dataclass
class Phase:
    polls: int = 0
    wall: float = 0.0
    cpu: float = 0.0


@dataclass
class Run:
    conditional: Phase = field(default_factory=Phase)
    unconditional: Phase = field(default_factory=Phase)
    drain_wall: float = 0.0
    follow_at: dict[int, datetime] = field(default_factory=dict)  # source -> when it was followed


def settings_for(api: FakeTelegram, db: Path) -> Settings:
    return Settings(
        token=api.token,
        database_path=db,
        telegram_base_url=api.base_url,
        telegram_base_file_url=api.base_file_url,
        allow_private_urls=True,  # the feeds are on 127.0.0.1
        log_level="WARNING",
        feed_poll_interval=3600,
        feed_min_interval=600,
        feed_max_interval=6 * 3600,
        feed_summaries_per_hour=1_000_000,  # measure the pipeline, not the budget
        feed_concurrency=16,
        feed_per_host=16,  # every bench feed is on one host, 127.0.0.1
        max_sources_per_chat=1000,
    )


async def start(api: FakeTelegram, db: Path, clock: Clock, summarizer: Summarizer) -> Application:
    app = build_application(settings_for(api, db), summarizer=summarizer, store=Store(db), clock=clock)
    # No 30 messages/s cap: the fake Bot API is local (see bench/soak.py --no-flood-limit).
    app.bot._rate_limiter = AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)  # type: ignore[attr-defined]
    await app.initialize()
    await app.start()
    assert app.job_queue is not None
    app.job_queue.scheduler.pause()  # the script runs the poll job's work itself, at its own clock
    return app


async def stop(app: Application) -> None:
    rt = poller.runtime(app)
    if rt.worker is not None:
        await rt.worker
    await app.stop()
    await app.shutdown()
    app.bot_data[SERVICES_KEY].store.close()


async def tick(app: Application, phase: Phase) -> None:
    cpu, wall = time.process_time(), time.perf_counter()
    phase.polls += await poller.poll_due(app)
    phase.cpu += time.process_time() - cpu
    phase.wall += time.perf_counter() - wall


async def bench(args: argparse.Namespace) -> int:
    clock = Clock()
    publisher = Publisher(clock, args.sources, timedelta(hours=args.new_every))
    summarizer = Summarizer(SummarizerConfig())  # never loaded: labelled extractive digests
    run = Run()
    chats = max(1, args.sources // 10)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsbrief-feeds-") as folder:
        db = Path(folder) / "feeds.db"
        async with FakeTelegram() as api, serve([web.get("/feed/{n}", publisher.handle)]) as site:
            publisher.origin = site.url("")
            app = await start(api, db, clock, summarizer)
            for source in range(args.sources):
                chat = FIRST_CHAT + source % chats
                result = await following.follow(app, chat, site.url(f"/feed/{source}"))
                assert result.status == following.ADDED, result
                assert result.source is not None
                SourceStore(app.bot_data[SERVICES_KEY].store.db).set_mode(chat, result.source.id, INSTANT)
                run.follow_at[source] = clock.now
            await work.drain(app)
            print(
                f"followed {args.sources} sources from {chats} chats in {time.perf_counter() - started:.1f} s"
            )

            ticks = int(args.hours * 60 / args.tick)
            for number in range(ticks):
                clock.now += timedelta(minutes=args.tick)
                if number == ticks // 2:
                    app = await restart_mid_poll(app, api, db, clock, summarizer, publisher)
                await tick(app, run.conditional)
                drain_started = time.perf_counter()
                await work.drain(app)
                run.drain_wall += time.perf_counter() - drain_started
            # Catch up: one more round after every source's max-age (an hour, +10 % jitter) has run
            # out, so everything published until then must have arrived.
            clock.now += timedelta(hours=1, minutes=10)
            end_of_day = clock.now
            await tick(app, run.conditional)
            await work.drain(app)

            baseline_304s = publisher.answered_304
            publisher.honour_304 = False
            store = SourceStore(app.bot_data[SERVICES_KEY].store.db)
            store.db.execute("UPDATE sources SET next_poll_at = ?", [clock.now.isoformat(timespec="seconds")])
            store.db.conn.commit()
            await tick(app, run.unconditional)
            await work.drain(app)
            assert publisher.answered_304 == baseline_304s
            services: Services = app.bot_data[SERVICES_KEY]
            digests = services.store.count("digests")
            received = received_items(api, services, chats)
            await stop(app)
    report(args, run, publisher, digests, received, end_of_day, chats, time.perf_counter() - started)
    return 0


async def restart_mid_poll(
    app: Application, api: FakeTelegram, db: Path, clock: Clock, summarizer: Summarizer, publisher: Publisher
) -> Application:
    """Stop the bot while a round of polls of every source is half done, start it again.

    Every source is made due (as after an hour of downtime), so the round is long enough to stop in
    its middle: fetches in flight are abandoned, what was already stored stays.
    """
    before = publisher.fetches
    svc: Services = app.bot_data[SERVICES_KEY]
    svc.store.db.execute("UPDATE sources SET next_poll_at = ?", [clock.now.isoformat(timespec="seconds")])
    svc.store.db.conn.commit()
    due = len(SourceStore(svc.store.db).due(clock.now, 10_000))
    polling = asyncio.create_task(poller.poll_due(app))
    while publisher.fetches < before + due // 2 and not polling.done():
        await asyncio.sleep(0.001)
    polling.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await polling
    print(f"restart: stopped after {publisher.fetches - before} of {due} due fetches")
    await stop(app)
    app = await start(api, db, clock, summarizer)
    await work.drain(app)  # what the start-up job does: finish what the last run stored
    return app


def received_items(api: FakeTelegram, services: Services, chats: int) -> Counter[tuple[int, str]]:
    """(chat, item) pairs each chat received as a digest message, with how often."""
    got: Counter[tuple[int, str]] = Counter()
    for offset in range(chats):
        chat = FIRST_CHAT + offset
        for text in api.messages_to(chat):
            match = SAVED.search(text)
            if match:
                stored = services.store.load_digest(int(match.group(1)))
                assert stored is not None and stored.article.url is not None
                got[(chat, stored.article.url.rsplit("/", 1)[-1])] += 1
    return got


def report(
    args: argparse.Namespace,
    run: Run,
    publisher: Publisher,
    digests: int,
    received: Counter[tuple[int, str]],
    end_of_day: datetime,
    chats: int,
    elapsed: float,
) -> None:
    expected = set()
    for source in range(args.sources):
        chat = FIRST_CHAT + source % chats
        for n, when in publisher.published(source, end_of_day):
            if when > run.follow_at[source]:
                expected.add((chat, f"s{source}-{n}"))
    lost = expected - set(received)
    duplicates = sum(count - 1 for count in received.values() if count > 1)
    cond, uncond = run.conditional, run.unconditional
    cpu_cond = cond.cpu / max(1, cond.polls)
    cpu_uncond = uncond.cpu / max(1, uncond.polls)
    share_304 = publisher.answered_304 / max(1, cond.polls)
    print(f"\nsources {args.sources} x {publisher.items} items, {chats} chats, {args.hours} simulated hours")
    print(f"polls (conditional GET)      {cond.polls:>10,}  in {cond.wall:.1f} s wall")
    print(f"fetches/s                    {cond.polls / max(cond.wall, 1e-9):>10.1f}")
    print(f"304 share                    {share_304:>10.1%}")
    print(f"CPU s per poll               {cpu_cond:>10.4f}")
    print(f"  baseline: full GET + parse {cpu_uncond:>10.4f}  ({uncond.polls} polls; conditional = "
          f"{cpu_cond / max(cpu_uncond, 1e-9):.2f}x of it)")  # fmt: skip
    print(f"first-follow items (3 each)  {3 * args.sources:>10,}")
    print(f"items published after follow {len(expected):>10,}")
    print(f"digests made                 {digests:>10,}")
    print(f"digest messages              {sum(received.values()):>10,}  (worker {run.drain_wall:.1f} s wall)")
    print(f"duplicates                   {duplicates:>10}")
    print(f"lost                         {len(lost):>10}")
    print(f"peak RSS                     {peak_rss_mb():>10.0f} MB")
    print(f"total run                    {elapsed:>10.1f} s")
    if duplicates or lost:
        print("FAILED: " + ", ".join(sorted(f"{c}:{i}" for c, i in lost)[:10]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=500)
    parser.add_argument("--hours", type=float, default=24)
    parser.add_argument("--tick", type=int, default=10, help="simulated minutes between poll rounds")
    parser.add_argument("--new-every", type=float, default=8, help="hours between two items of a source")
    parser.add_argument("--quick", action="store_true", help="100 sources, 12 hours")
    args = parser.parse_args(argv)
    if args.quick:
        args.sources, args.hours = 100, 12
    logging.basicConfig(level=logging.WARNING)
    return asyncio.run(bench(args))


if __name__ == "__main__":
    sys.exit(main())
