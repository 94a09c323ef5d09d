"""`newsbrief worker`: a stateless model process fed by the Dramatiq queue. Article in, digest out.

It holds only the serving model (CTranslate2 after conversion; the conversion runs in a child process,
so no torch copy of the weights stays resident), never opens the database and never talks to Telegram.
Jobs run as async actors on Dramatiq's event-loop thread, so the jobs one worker holds at once share
the summarizer's micro-batches.

Acknowledgement: after pushing its result the actor waits for the bot's receipt ("stored"); only then
does it return, and Dramatiq acks the message. No receipt in time -> the actor raises and Retries runs
the job again. Runs are counted in Redis per job, so a job that kills its workers (and is therefore
never seen failing by Retries) also ends in the dead-letter queue after NEWSBRIEF_QUEUE_MAX_TRIES runs.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import signal
import threading
import time
from typing import Any

import dramatiq
import redis
import redis.asyncio as aioredis
from dramatiq.middleware import AsyncIO, Middleware, Retries, ShutdownNotifications, TimeLimit

from summarizer.pipeline import Summarizer, TooShort

from ..config import Settings
from .broker import make_broker
from .jobs import RESULTS_KEY, Job, Priority, Result, attempts_key, receipt_key

log = logging.getLogger(__name__)

ATTEMPTS_TTL = 7 * 86400  # as long as Dramatiq keeps dead letters
# A user is waiting: retry after half a second, then one, two... at most ten.
MIN_BACKOFF_MS = 500
MAX_BACKOFF_MS = 10_000
IDLE_POLL_MS = 100  # how long an idle consumer sleeps between polls: the queue's added latency bound
JOB_TIME_LIMIT_MS = 10 * 60 * 1000
# On SIGTERM, jobs in hand get this long to finish; the rest stay unacked and run elsewhere.
STOP_GRACE_MS = 30_000


class GaveUp(Exception):
    """This job already ran NEWSBRIEF_QUEUE_MAX_TRIES times (some of them killed): do not run it again."""


class NoReceipt(Exception):
    """The bot did not confirm storing the digest; the job is retried so the result is not lost."""


class ReportDeadLetters(Middleware):
    """Tells the bot about a job that failed for good, so the user gets an answer instead of silence."""

    def __init__(self, client: redis.Redis) -> None:
        self.client = client

    def after_process_message(
        self, broker: Any, message: Any, *, result: Any = None, exception: BaseException | None = None
    ) -> None:
        if not message.failed:
            return
        try:
            job = Job.decode(message.args[0])
        except (KeyError, IndexError, TypeError, ValueError):
            log.error("undecodable job %s went to the dead-letter queue", message.message_id)
            return
        reason = f"{type(exception).__name__}: {exception}" if exception else "failed"
        self.client.rpush(RESULTS_KEY, Result(job.job_id, job.article, dead=True, reason=reason).encode())


class JobRunner:
    """The actor body, bound to one loaded summarizer and the worker's settings."""

    def __init__(self, settings: Settings, summarizer: Summarizer) -> None:
        assert settings.queue_url
        self.settings = settings
        self.summarizer = summarizer
        self._url = settings.queue_url
        self._redis: aioredis.Redis | None = None

    def _client(self) -> aioredis.Redis:
        # Created on first use, inside Dramatiq's event-loop thread, where every job runs.
        if self._redis is None:
            self._redis = aioredis.Redis.from_url(self._url)
        return self._redis

    async def __call__(self, payload: dict[str, Any]) -> None:
        job = Job.decode(payload)
        client = self._client()
        key = attempts_key(job.job_id)
        async with client.pipeline(transaction=True) as pipe:
            runs, _ = await pipe.incr(key).expire(key, ATTEMPTS_TTL).execute()
        if runs > self.settings.queue_max_tries:
            raise GaveUp(f"ran {runs - 1} times without finishing")
        started = time.perf_counter()
        try:
            digest = await self.summarizer.summarize_async(job.article)
            result = Result(job.job_id, job.article, digest=digest)
        except TooShort as exc:
            result = Result(job.job_id, job.article, refusal=exc.user_message, refusal_words=exc.words)
        seconds = time.perf_counter() - started
        result = dataclasses.replace(result, worker_seconds=seconds)
        await client.rpush(RESULTS_KEY, result.encode())
        # The bot stores a digest in milliseconds: silence means it is down or could not store it.
        waited = self.settings.worker_receipt_timeout
        if await client.blpop([receipt_key(job.job_id)], timeout=waited) is None:
            raise NoReceipt(f"no receipt for job {job.job_id} within {waited:g} s")
        log.info("job %s (%s) done in %.2f s", job.job_id, job.priority.value, seconds)


def build_worker(settings: Settings, summarizer: Summarizer) -> dramatiq.Worker:
    """Broker, actors (one per priority, same body) and a Dramatiq worker; not started yet."""
    assert settings.queue_url
    report = ReportDeadLetters(redis.Redis.from_url(settings.queue_url))
    # emit_after runs middleware in reverse order: the reporter, listed first, sees Retries' verdict.
    middleware = [
        report,
        TimeLimit(),
        ShutdownNotifications(),
        Retries(
            max_retries=settings.queue_max_tries - 1, min_backoff=MIN_BACKOFF_MS, max_backoff=MAX_BACKOFF_MS
        ),
        AsyncIO(),
    ]
    broker = make_broker(
        settings.queue_url, heartbeat_seconds=settings.worker_heartbeat, middleware=middleware
    )
    runner = JobRunner(settings, summarizer)
    for priority in Priority:
        dramatiq.actor(
            runner.__call__,
            actor_name=priority.actor_name,
            queue_name=priority.queue_name,
            priority=priority.worker_priority,
            broker=broker,
            throws=(GaveUp,),
            time_limit=JOB_TIME_LIMIT_MS,
        )
    threads = settings.worker_concurrency or settings.max_batch
    worker = dramatiq.Worker(broker, worker_threads=threads, worker_timeout=IDLE_POLL_MS)
    # Prefetch no more than it can run: a killed worker strands fewer jobs until its heartbeat lapses,
    # and a flood of feed items cannot sit in this worker's buffer ahead of a user's forward.
    worker.queue_prefetch = threads
    return worker


def run_worker(settings: Settings, summarizer: Summarizer | None = None) -> int:
    """Serve jobs until SIGTERM or SIGINT; returns the exit status."""
    if not settings.queue_url:
        log.error("NEWSBRIEF_QUEUE_URL is not set: there is no queue to take jobs from")
        return 2
    if summarizer is None:
        summarizer = _load_serving_model(settings)
    worker = build_worker(settings, summarizer)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    worker.start()
    log.info(
        "worker ready: %d job slots, model %s", worker.worker_threads, summarizer.status.backend or "none"
    )
    stop.wait()
    log.info("stopping: finishing the jobs in hand")
    worker.stop(timeout=STOP_GRACE_MS)
    worker.broker.close()
    summarizer.close()
    return 0


def _load_serving_model(settings: Settings) -> Summarizer:
    from ..app import make_summarizer

    if settings.backend == "ctranslate2" and not _converted(settings.model):
        # Converting loads the torch weights; doing it in a child process means they are freed with
        # it, and this process maps only the int8 CTranslate2 model.
        context = multiprocessing.get_context("spawn")
        child = context.Process(target=_convert_only, args=(settings.model,), daemon=True)
        child.start()
        child.join()
    summarizer = make_summarizer(settings)
    summarizer.load()
    return summarizer


def _converted(model: str) -> bool:
    from summarizer.generation import ModelUnavailable, converted_dir
    from summarizer.generation.ct2 import _local_checkpoint

    try:
        return (converted_dir(_local_checkpoint(model), "int8") / "model.bin").exists()
    except (ModelUnavailable, ImportError):
        return False  # the child tries, and the load that follows says what is missing


def _convert_only(model: str) -> None:
    from summarizer.generation import ModelUnavailable, ensure_converted
    from summarizer.generation.ct2 import _local_checkpoint

    try:
        ensure_converted(_local_checkpoint(model), "int8")
    except (ModelUnavailable, Exception) as exc:  # the parent's load reports it with the fix
        logging.getLogger(__name__).warning("conversion in a child process failed: %s", exc)
