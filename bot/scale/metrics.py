"""Prometheus metrics (prometheus-client's default registry), served on /metrics by `health`.

Other modules increment these directly; `FEED_FETCHES` is here for the source poller to count with.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram
from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

UPDATES = Counter("newsbrief_updates_total", "Telegram updates received (polling or webhook)")
DIGESTS = Counter(
    "newsbrief_digests_total",
    "Digests answered, by kind: abstractive, extractive, or cached (a stored digest served again)",
    ["kind"],
)
SUMMARISE_SECONDS = Histogram(
    "newsbrief_summarise_seconds",
    "Time from article to stored digest, by where it ran (inprocess or queue)",
    ["mode"],
    buckets=(0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120, 300),
)
QUEUE_DEPTH = Gauge("newsbrief_queue_depth", "Jobs waiting on a queue, read at scrape time", ["queue"])
DEAD_LETTERS = Gauge("newsbrief_dead_letters", "Jobs in a queue's dead-letter set", ["queue"])
FEED_FETCHES = Counter("newsbrief_feed_fetches_total", "Source fetches, by outcome", ["outcome"])
ERRORS = Counter("newsbrief_errors_total", "Errors, by kind", ["kind"])

# Updates are counted before any other handler (the access gate is group -1).
_COUNT_GROUP = -100


async def _count_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    UPDATES.inc()


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(TypeHandler(Update, _count_update), group=_COUNT_GROUP)
