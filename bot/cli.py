"""The `newsbrief` command: `run` starts the bot; `summarize` and `stories` work without Telegram."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.pipeline import TooShort
from summarizer.types import Article

from .config import ConfigError, Settings

if TYPE_CHECKING:
    from telegram.ext import Application

    from storage import Store

log = logging.getLogger("newsbrief")
_TOKEN_SHAPE = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsbrief", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start the Telegram bot (long polling, or a webhook if NEWSBRIEF_WEBHOOK_URL)")
    sub.add_parser("worker", help="summarise jobs from the queue at NEWSBRIEF_QUEUE_URL (scale-out)")
    summarize = sub.add_parser("summarize", help="print the digest of an article file ('-' reads stdin)")
    summarize.add_argument("file", help="a text file with the article, or - for standard input")
    summarize.add_argument("--json", action="store_true", help="print the digest as one JSON object")
    summarize.add_argument("--title", help="the article's title, if it is not the first line")
    feed = sub.add_parser("feed", help="print what Newsbrief reads from a feed, channel page or page")
    feed.add_argument("target", help="a feed or page URL, @channel, t.me/channel, or a saved file")
    feed.add_argument("--json", action="store_true", help="print one JSON object")
    stories = sub.add_parser("stories", help="group news items into stories (JSON lines in and out)")
    stories.add_argument("file", help="JSON lines: id, title, text, published, publisher ('-' reads stdin)")
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        sys.stderr.write(f"newsbrief: {exc}\n")
        return 2
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per Telegram call is noise
    if args.command == "run":
        return run(settings)
    if args.command == "feed":
        from .sources.inspect import feed_command

        return feed_command(settings, args.target, as_json=args.json)
    if args.command == "worker":
        from .scale.worker import run_worker

        return run_worker(settings)
    if args.command == "stories":
        from .stories.cli import group_file

        return group_file(settings, args.file)
    return summarize_file(settings, args.file, as_json=args.json, title=args.title)


def run(settings: Settings) -> int:
    from telegram.error import InvalidToken, NetworkError

    from .app import build_application, make_summarizer

    if not settings.token:
        sys.stderr.write(
            "newsbrief: NEWSBRIEF_TOKEN is not set. Create a bot with @BotFather in Telegram, then put\n"
            "NEWSBRIEF_TOKEN=123456:ABC... in .env (see .env.example) and run again.\n"
        )
        return 2
    if not _TOKEN_SHAPE.match(settings.token) and not settings.telegram_base_url:
        sys.stderr.write(
            "newsbrief: NEWSBRIEF_TOKEN does not look like a Telegram bot token (digits, a colon, then 35 "
            "letters), so Telegram would reject it. Copy the token @BotFather gave you into .env.\n"
        )
        return 2
    store = _open_database(settings)
    if store is None:
        return 2
    summarizer = make_summarizer(settings)
    app = build_application(settings, summarizer=summarizer, store=store)
    # Check the token before the slow model load, and without PTB's retry loop printing tracebacks.
    try:
        asyncio.run(_check_token(app))
    except InvalidToken:
        sys.stderr.write(
            "newsbrief: Telegram rejected NEWSBRIEF_TOKEN. Check the token with @BotFather (/token) and "
            "update .env.\n"
        )
        return 2
    except NetworkError as exc:
        sys.stderr.write(f"newsbrief: could not reach the Telegram Bot API ({exc}). Check the network.\n")
        return 3
    from .scale import webhook

    if not settings.queue_url:  # with a queue, the model lives in the workers
        summarizer.load()
    app.post_init = webhook.on_start
    app.post_shutdown = webhook.on_stop
    if settings.webhook_url:
        log.info("starting the webhook server on port %d; press Ctrl+C to stop", settings.webhook_port)
        app.run_webhook(**webhook.webhook_options(settings))
    else:
        log.info("starting long polling; press Ctrl+C to stop")
        app.run_polling(allowed_updates=webhook.ALLOWED_UPDATES)
    return 0


def _open_database(settings: Settings) -> Store | None:
    """The database, checked readable and writable; None (and one line on stderr) when it is not."""
    from storage import Store

    path = settings.database_path
    try:
        store = Store(path, busy_timeout_ms=settings.db_busy_timeout_ms)
    except (sqlite3.Error, OSError) as exc:
        _database_unusable(path, exc)
        return None
    try:
        store.check_writable()
    except sqlite3.Error as exc:
        store.close()
        _database_unusable(path, exc)
        return None
    return store


def _database_unusable(path: Path, exc: Exception) -> None:
    sys.stderr.write(
        f"newsbrief: cannot use the database {path} ({exc}). Restore it from a backup, make it writable, "
        "or set NEWSBRIEF_DATABASE to another file.\n"
    )


async def _check_token(app: Application) -> None:
    async with app.bot:
        me = await app.bot.get_me()
    log.info("connected to Telegram as @%s", me.username)


def summarize_file(settings: Settings, file: str, *, as_json: bool, title: str | None) -> int:
    from .app import make_summarizer
    from .outgoing.render import figure_lines

    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except OSError as exc:
        sys.stderr.write(f"newsbrief: cannot read {file}: {exc.strerror}\n")
        return 2
    summarizer = make_summarizer(settings)
    summarizer.load()
    try:
        digest = summarizer.summarize(Article(text=text, title=title))
    except TooShort:
        sys.stderr.write("newsbrief: the text is too short to summarise; give the whole article.\n")
        return 1
    if as_json:
        sys.stdout.write(json.dumps(digest.to_json(), ensure_ascii=False) + "\n")
        return 0
    lines = [digest.headline, "", digest.summary]
    note = digest.extractive_note()
    if note:
        lines.insert(2, f"({note})")
    figures = figure_lines(digest.figures)
    if figures:
        lines += ["", "Key figures:", *(f"  • {line}" for line in figures)]
    if digest.entities:
        lines += ["", "Who / where: " + ", ".join(e.text for e in digest.entities)]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
