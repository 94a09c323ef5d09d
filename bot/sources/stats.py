"""The sources part of /stats: per-source counters (fetches, 304s, errors by kind, items, digests,
items kept unsummarised because the budget was spent)."""

from __future__ import annotations

from bot.outgoing.render import esc
from bot.services import Services
from storage.sources import Source, SourceStore

MAX_LINES = 15


def stats_block(svc: Services, chat_id: int | None) -> str:
    """For a chat: its sources, one line each; for admins (chat_id None): totals over all sources."""
    store = SourceStore(svc.store.db)
    if chat_id is None:
        t = store.totals()
        if not t["sources"]:
            return ""
        return (
            f"<b>Sources</b>: {t['sources']} · fetches {t['fetches']} (304: {t['not_modified']}) · "
            f"items {t['items']} · digests {t['digests']} · not summarised (busy) {t['busy']}"
        )
    follows = store.follows(chat_id)
    if not follows:
        return ""
    lines = [f"<b>Sources</b> ({len(follows)})"]
    lines += [source_line(f.source) for f in follows[:MAX_LINES]]
    if len(follows) > MAX_LINES:
        lines.append(f"… and {len(follows) - MAX_LINES} more")
    return "\n".join(lines)


def source_line(source: Source) -> str:
    errors = ", ".join(f"{kind} {n}" for kind, n in sorted(source.errors.items())) or "none"
    return (
        f"• {esc(source.name[:60])}: fetches {source.fetches} · 304 {source.not_modified} · "
        f"errors {esc(errors)} · items {source.items} · digests {source.digests} · busy {source.busy}"
    )
