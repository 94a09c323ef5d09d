"""The summarise call every input uses: in this process, or through the queue when one is configured.

Either way the result is a stored digest, and the same article (by content hash and site) asked for
again while it is still being summarised waits for that run instead of starting another.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time

from storage import StoredDigest
from summarizer.pipeline import StepCallback
from summarizer.types import Article, Digest

from ..reuse import reuse_key, save
from ..services import Services
from . import metrics
from .jobs import Priority


class NotStored(Exception):
    """The digest was made but the database would not keep it (locked, disk full)."""

    def __init__(self, digest: Digest, error: sqlite3.Error) -> None:
        super().__init__(str(error))
        self.digest, self.error = digest, error


async def summarise(
    svc: Services,
    article: Article,
    *,
    priority: Priority = Priority.USER,
    on_step: StepCallback | None = None,
) -> StoredDigest:
    """Summarise and store `article`; feed items pass `priority=Priority.FEED` so users go first.

    Raises TooShort; in queue mode also QueueBusy, JobFailed and JobTimeout (bot.scale.client).
    """
    key = reuse_key(article)  # the same text from another site is another article (bot/reuse.py)
    running = svc.inflight.get(key)
    if running is None:
        running = asyncio.ensure_future(_summarise_once(svc, article, priority, on_step))
        svc.inflight[key] = running
        running.add_done_callback(lambda _: svc.inflight.pop(key, None))
    # Shielded: one waiter giving up (its update cancelled) must not cancel the others' run.
    digest_id = await asyncio.shield(running)
    stored = svc.store.load_digest(digest_id)
    assert stored is not None  # just written
    return stored


async def _summarise_once(
    svc: Services, article: Article, priority: Priority, on_step: StepCallback | None
) -> int:
    started = time.perf_counter()
    if svc.queue is not None:
        digest_id = await svc.queue.summarise(article, priority)
        mode = "queue"
    else:
        digest = await svc.summarizer.summarize_async(article, on_step=on_step)
        try:
            digest_id = save(svc.store, article, digest)
        except sqlite3.Error as exc:  # locked or full: the caller still shows the digest, unnumbered
            svc.store.db.conn.rollback()
            raise NotStored(digest, exc) from exc
        mode = "inprocess"
    metrics.SUMMARISE_SECONDS.labels(mode=mode).observe(time.perf_counter() - started)
    return digest_id
