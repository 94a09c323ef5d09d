"""What the daily briefing takes from followed sources: the digests that became ready for the chat in
the briefing's window (listed with the forwarded ones), and items kept without a digest (over the
summarising budget, or with no text), listed by headline and link.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.outgoing import SITE_CHARS, TITLE_CHARS, clip, link
from bot.outgoing.render import esc, split_blocks
from bot.services import Services
from storage.sources import BUSY, SourceStore

HEADLINES_TITLE = "<b>Also new in the sources you follow</b> (not summarised)"


def add_source_digests(
    svc: Services, chat_id: int, start: datetime, end: datetime, ids: list[int]
) -> list[int]:
    """`ids` (the chat's forwarded digests) followed by its sources' digests ready in [start, end)."""
    seen = set(ids)
    merged = list(ids)
    for _, digest_id in SourceStore(svc.store.db).briefing_digest_ids(chat_id, start, end):
        if digest_id not in seen:
            seen.add(digest_id)
            merged.append(digest_id)
    return merged


def headline_parts(
    svc: Services, chat_id: int, start: datetime, end: datetime, *, local_date: date, alone: bool
) -> list[str]:
    """Messages listing the window's items that have no digest; none when there are none. `alone`:
    the briefing has no digests, so these messages are the briefing and carry its title."""
    headlines = SourceStore(svc.store.db).briefing_headlines(chat_id, start, end)
    if not headlines:
        return []
    title = f"<b>Your briefing · {local_date:%a} {local_date.day} {local_date:%b}</b>\n" if alone else ""
    blocks = [title + HEADLINES_TITLE]
    for item in headlines:
        line = link(item.link, clip(item.title or item.link or "Untitled", TITLE_CHARS))
        note = "busy" if item.state == BUSY else "no text"
        blocks.append(f"• {line} <i>({esc(clip(item.source, SITE_CHARS))} · {note})</i>")
    return split_blocks(blocks)
