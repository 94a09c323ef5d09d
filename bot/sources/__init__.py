"""Sources: feeds, sites and public Telegram channels a chat follows, so its briefing brings news it
has not seen.

- `reading`: one fetched document -> a SourceDocument (feedparser, JSON Feed, lxml for t.me/s pages
  and feed autodiscovery);
- `fetching`: conditional GET through the guarded fetcher (bot.web.fetch);
- `discovery`: what a user typed -> one source to poll;
- `timing`: when to poll next (Cache-Control, ttl, Retry-After, backoff, jitter, floor, ceiling);
- `poller`: the JobQueue job that fetches due sources and remembers new items;
- `work`: the lower-priority worker that turns items into digests and delivers them;
- `following`, `filters`, `opml`, `commands`: the chat side; `stats`, `briefing`: what /stats and the
  daily briefing show of sources; `inspect`: `newsbrief feed`.
"""

from __future__ import annotations

from telegram.ext import Application, ContextTypes

from . import commands, poller
from .work import kick

__all__ = ["register"]


def register(app: Application) -> None:
    commands.register(app)
    poller.install(app)
    assert app.job_queue is not None
    # Entries a previous run left unfinished (a restart mid-poll) are taken up at start-up.
    app.job_queue.run_once(_on_startup, when=0, name="sources-startup")


async def _on_startup(context: ContextTypes.DEFAULT_TYPE) -> None:
    kick(context.application)
