"""/stats: what Newsbrief did for this chat (and, for admins in a private chat, for everyone)."""

from __future__ import annotations

import html
from datetime import timedelta

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, CommandHandler, ContextTypes

from storage.stats import AdminStats, ChatStats, admin_stats, chat_stats
from storage.times import iso
from summarizer.pipeline import ModelStatus

from .outgoing import reply_html
from .services import services
from .sources.stats import stats_block

# Rolling windows ending now. The default is "all": a first /stats should show everything there is,
# and "today" is empty more often than not.
RANGES: dict[str, tuple[timedelta | None, str]] = {
    "all": (None, "all time"),
    "today": (timedelta(days=1), "last 24 hours"),
    "day": (timedelta(days=1), "last 24 hours"),
    "week": (timedelta(days=7), "last 7 days"),
    "month": (timedelta(days=30), "last 30 days"),
}
DEFAULT_RANGE = "all"
USAGE = (
    "Use /stats (all time), /stats today (last 24 hours), /stats week (last 7 days) "
    "or /stats month (last 30 days)."
)
LABEL_WIDTH = 17
VALUE_WIDTH = 10
COUNT_WIDTH = 6
NAME_WIDTH = LABEL_WIDTH + VALUE_WIDTH - 2 - COUNT_WIDTH  # names indented by 2, then a count


def register(app: Application) -> None:
    app.add_handler(CommandHandler("stats", on_stats))


async def on_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None:
        return
    args = context.args or []
    name = args[0].lower() if args else DEFAULT_RANGE
    if len(args) > 1 or name not in RANGES:
        # Plain text (no parse mode): the user's words need no escaping.
        await message.reply_text(f"I can't read “{' '.join(args)[:50]}” as a time range. {USAGE}")
        return
    svc = services(context)
    window, label = RANGES[name]
    now = svc.clock()
    since = iso(now - window) if window else None
    # Bot-wide numbers (other chats' sources, errors) stay out of groups, even when an admin asks there.
    is_admin_view = user is not None and user.id in svc.settings.admin_ids and chat.type == ChatType.PRIVATE
    if is_admin_view:
        overall = chat_stats(svc.store.db, None, since)
        extra = admin_stats(svc.store.db, since, iso(now - timedelta(days=1)))
        text = render_admin(overall, extra, svc.summarizer.status, label)
    else:
        text = render_chat(chat_stats(svc.store.db, chat.id, since), label)
    sources = stats_block(svc, None if is_admin_view else chat.id)  # counters since the source was added
    # Past one message, the sources block goes on in a second one (the split prefers the blank line).
    await reply_html(message, f"{text}\n\n{sources}" if sources else text)


# --- rendering: a monospace table in Telegram HTML --------------------------------------------------


def render_chat(stats: ChatStats, label: str) -> str:
    rows = _usage_rows(stats)
    table = _table(rows) + _named_counts("top sources", stats.top_sources)
    return f"<b>Newsbrief stats</b> · this chat · {label}\n<pre>{html.escape(table, quote=False)}</pre>"


def render_admin(stats: ChatStats, extra: AdminStats, model: ModelStatus, label: str) -> str:
    rows = [
        *_usage_rows(stats),
        ("chats", _int(extra.chats)),
        ("subscribers", _int(extra.subscribers)),
        ("guard removed", _int(extra.unsupported_removed)),
    ]
    table = (
        _table(rows)
        + _named_counts("top sources", stats.top_sources)
        + _named_counts("errors (24 h)", extra.errors_24h)
    )
    return (
        f"<b>Newsbrief stats</b> · all chats · {label}\n"
        f"<pre>{html.escape(table, quote=False)}</pre>\n"
        f"{_model_line(model)}"
    )


def _usage_rows(stats: ChatStats) -> list[tuple[str, str]]:
    ratio = f"{stats.compression:.1f}×" if stats.compression is not None else "—"
    return [
        ("articles read", _int(stats.articles)),
        ("digests", _int(stats.digests)),
        ("figures found", _int(stats.figures)),
        ("words read", _int(stats.words_read)),
        ("words sent", _int(stats.words_sent)),
        ("compression", ratio),
        ("reply p50", _duration(stats.p50_ms)),
        ("reply p95", _duration(stats.p95_ms)),
        ("briefings", _int(stats.briefings)),
    ]


def _table(rows: list[tuple[str, str]]) -> str:
    return "\n".join(f"{name:<{LABEL_WIDTH}}{value:>{VALUE_WIDTH}}" for name, value in rows)


def _named_counts(title: str, counts: list[tuple[str, int]]) -> str:
    if not counts:
        return f"\n{title:<{LABEL_WIDTH}}{'none':>{VALUE_WIDTH}}"
    lines = [f"\n{title}"]
    for name, count in counts:
        short = name if len(name) <= NAME_WIDTH else name[: NAME_WIDTH - 1] + "…"
        lines.append(f"  {short:<{NAME_WIDTH}}{_int(count):>{COUNT_WIDTH}}")
    return "\n".join(lines)


def _model_line(model: ModelStatus) -> str:
    name = html.escape(model.name, quote=False)
    if model.loaded:
        return f"Model <code>{name}</code>, loaded in {model.load_seconds:.1f} s."
    error = model.error or ""
    reason = f" ({html.escape(error, quote=False)})" if error and "not loaded" not in error.lower() else ""
    return f"Model <code>{name}</code> not loaded{reason}: serving extractive summaries."


def _int(value: int) -> str:
    return f"{value:,}"


def _duration(ms: float | None) -> str:
    if ms is None:
        return "—"
    return f"{ms:.0f} ms" if ms < 1000 else f"{ms / 1000:.1f} s"
