"""The bot's side of the queue: send a job, wait for its digest, store it, then let the worker ack.

The worker pushes each result to one Redis list (`RESULTS_KEY`); a single task in the bot drains it,
stores the digest (the bot stays the only SQLite writer) and only then pushes the job's receipt, which
is what lets the worker acknowledge the message. A result whose waiter is gone (the bot restarted) is
stored all the same, so nothing a worker computed is lost; storing is idempotent by content hash and
site (bot/reuse.py), so a job that ran twice (at least once delivery) is stored once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import redis
import redis.asyncio as aioredis

from summarizer.pipeline import TooShort
from summarizer.types import Article, Digest

from ..config import Settings
from . import metrics
from .broker import DRAMATIQ_NAMESPACE, job_message, make_broker
from .jobs import RESULTS_KEY, Job, Priority, Result, receipt_key

log = logging.getLogger(__name__)

StoreDigest = Callable[[Article, Digest], int]  # stores (idempotently) and returns the digest id
RECEIPT_TTL = 3600  # seconds a receipt waits for a worker that is retrying the job


class QueueBusy(Exception):
    """More jobs are waiting than NEWSBRIEF_QUEUE_MAX_DEPTH: refuse new work instead of making it wait."""


class JobFailed(Exception):
    """The job kept failing and went to the dead-letter queue."""


class JobTimeout(Exception):
    """No worker answered within NEWSBRIEF_QUEUE_RESULT_TIMEOUT (the job itself stays queued)."""


class QueueUnavailable(Exception):
    """Redis did not answer: the job could not be queued."""


@dataclass(frozen=True)
class _Outcome:
    digest_id: int | None = None
    refusal_words: int | None = None
    dead_reason: str | None = None


class QueueClient:
    def __init__(self, settings: Settings, store_digest: StoreDigest) -> None:
        assert settings.queue_url
        self.settings = settings
        self._store_digest = store_digest
        self._redis = aioredis.Redis.from_url(settings.queue_url)
        self._broker = make_broker(settings.queue_url, heartbeat_seconds=settings.worker_heartbeat)
        self._waiters: dict[str, asyncio.Future[_Outcome]] = {}
        self._drain: asyncio.Task[None] | None = None

    # -- the summarise call ------------------------------------------------------------------------

    async def summarise(self, article: Article, priority: Priority = Priority.USER) -> int:
        """Run one article through a worker; returns the stored digest's id.

        Raises QueueBusy (too deep), QueueUnavailable (Redis down), TooShort (the worker's refusal),
        JobFailed (dead letter) or JobTimeout (no answer in time).
        """
        self.start()
        job = Job(uuid.uuid4().hex, article, priority)
        waiter: asyncio.Future[_Outcome] = asyncio.get_running_loop().create_future()
        self._waiters[job.job_id] = waiter
        try:
            try:
                depth = await self.depth(priority)
                if depth >= self.settings.queue_max_depth:
                    metrics.ERRORS.labels(kind="queue_busy").inc()
                    raise QueueBusy(f"{depth} jobs waiting on {priority.queue_name}")
                await asyncio.to_thread(self._broker.enqueue, job_message(priority, job.encode()))
            except (redis.RedisError, OSError) as exc:
                metrics.ERRORS.labels(kind="queue_unreachable").inc()
                raise QueueUnavailable(str(exc)) from exc
            try:
                outcome = await asyncio.wait_for(waiter, self.settings.queue_result_timeout)
            except TimeoutError:
                metrics.ERRORS.labels(kind="queue_timeout").inc()
                raise JobTimeout(f"job {job.job_id} had no result in time") from None
        finally:
            self._waiters.pop(job.job_id, None)
        if outcome.dead_reason is not None:
            raise JobFailed(outcome.dead_reason)
        if outcome.refusal_words is not None:
            raise TooShort(outcome.refusal_words)
        assert outcome.digest_id is not None
        return outcome.digest_id

    async def depth(self, priority: Priority) -> int:
        name = f"{DRAMATIQ_NAMESPACE}:{priority.queue_name}"
        async with self._redis.pipeline(transaction=False) as pipe:
            waiting, delayed = await pipe.llen(name).llen(f"{name}.DQ").execute()
        return int(waiting) + int(delayed)

    async def dead_letters(self, priority: Priority) -> int:
        return int(await self._redis.zcard(f"{DRAMATIQ_NAMESPACE}:{priority.queue_name}.XQ"))

    async def ping(self, timeout: float = 1.0) -> bool:
        try:
            return bool(await asyncio.wait_for(self._redis.ping(), timeout))
        except (TimeoutError, redis.RedisError, OSError):
            return False

    async def close(self) -> None:
        if self._drain is not None:
            self._drain.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._drain
            self._drain = None
        await self._redis.aclose()
        self._broker.close()
        self._broker.client.close()

    # -- results -------------------------------------------------------------------------------------

    def start(self) -> None:
        """Start draining results (at start-up, so results that arrived while the bot was down are
        stored); also called by the first summarise, in whatever loop runs it."""
        if self._drain is None or self._drain.done():
            self._drain = asyncio.create_task(self._drain_results(), name="newsbrief-queue-results")

    async def _drain_results(self) -> None:
        while True:
            try:
                item = await self._redis.blpop([RESULTS_KEY], timeout=1)
            except (redis.RedisError, OSError) as exc:
                log.warning("cannot read results from the queue (%s); retrying", exc)
                metrics.ERRORS.labels(kind="queue_unreachable").inc()
                await asyncio.sleep(1.0)
                continue
            if item is None:
                continue
            try:
                await self._handle(Result.decode(item[1]))
            except Exception:
                # The worker gets no receipt and re-runs the job: nothing is lost.
                log.exception("could not store a worker's result")
                metrics.ERRORS.labels(kind="result_store").inc()

    async def _handle(self, result: Result) -> None:
        if result.dead:
            log.warning("job %s went to the dead-letter queue: %s", result.job_id, result.reason)
            metrics.ERRORS.labels(kind="dead_letter").inc()
            self._resolve(result.job_id, _Outcome(dead_reason=result.reason or "failed"))
            return
        if result.digest is not None:
            started = time.perf_counter()
            digest_id = self._store_digest(result.article, result.digest)
            log.debug(
                "stored job %s as digest %d in %.1f ms",
                result.job_id,
                digest_id,
                (time.perf_counter() - started) * 1000,
            )
            outcome = _Outcome(digest_id=digest_id)
        else:
            outcome = _Outcome(refusal_words=result.refusal_words or 0)
        # Stored: now the worker may acknowledge the message.
        key = receipt_key(result.job_id)
        async with self._redis.pipeline(transaction=True) as pipe:
            await pipe.rpush(key, "stored").expire(key, RECEIPT_TTL).execute()
        self._resolve(result.job_id, outcome)

    def _resolve(self, job_id: str, outcome: _Outcome) -> None:
        waiter = self._waiters.get(job_id)
        if waiter is not None and not waiter.done():
            waiter.set_result(outcome)
