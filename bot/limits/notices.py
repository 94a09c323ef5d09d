"""Naming what the limits refused: one reply per burst that lists every article not taken."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from typing import TYPE_CHECKING

from telegram import Message
from telegram.ext import ContextTypes

from ..outgoing import clip, reply_plain
from ..replies.inputs import read_message

if TYPE_CHECKING:
    from .limiter import Rejection

NOTICES_KEY = "refusal_notices"
# Forwarding many posts at once delivers them as separate updates within a moment: refusals of one
# burst are gathered this long and named in one reply, not one reply each.
GATHER_SECONDS = 0.4
FIRST_WORDS = 10
NAME_CHARS = 70


def describe_item(message: Message) -> str:
    """An article as the sender will recognise it: its file name, its link or its first words."""
    if message.document is not None:
        return f"the file {clip(message.document.file_name or 'without a name', NAME_CHARS)}"
    incoming = read_message(message)
    words = incoming.text_without_links().split()
    if incoming.links and len(words) < FIRST_WORDS:
        return clip(incoming.links[0], NAME_CHARS * 2)
    if words:
        return "“" + clip(" ".join(words[:FIRST_WORDS]), NAME_CHARS) + "”"
    return "a message without text"


class RefusalNotices:
    """Gathers the articles refused per sender for a moment, then names them all in one reply."""

    def __init__(self, gather_seconds: float = GATHER_SECONDS) -> None:
        self._gather_seconds = gather_seconds
        self._open: dict[Hashable, dict[str, tuple[str, list[str]]]] = {}

    async def refused(self, key: Hashable, message: Message, rejection: Rejection) -> None:
        name = describe_item(message)
        gathering = self._open.get(key)
        if gathering is not None:  # another update of this burst is already waiting to answer
            _, names = gathering.get(rejection.kind, ("", []))
            gathering[rejection.kind] = (rejection.text, [*names, name])
            return
        self._open[key] = {rejection.kind: (rejection.text, [name])}
        try:
            await asyncio.sleep(self._gather_seconds)
        finally:
            gathered = self._open.pop(key)
        await reply_plain(message, render_refusals(list(gathered.values())))


def render_refusals(groups: list[tuple[str, list[str]]]) -> str:
    """'<why> Not read: • <name>' for each reason, the latest wording of each reason."""
    parts = []
    for reason, names in groups:
        heading = "Not read:" if len(names) == 1 else f"These {len(names)} were not read:"
        parts.append(f"{reason} {heading}\n" + "\n".join(f"• {name}" for name in names))
    return "\n\n".join(parts)


def notices(context: ContextTypes.DEFAULT_TYPE) -> RefusalNotices:
    found: RefusalNotices | None = context.bot_data.get(NOTICES_KEY)
    if found is None:
        found = context.bot_data[NOTICES_KEY] = RefusalNotices()
    return found
