"""A message Telegram refuses is repaired, not lost: sent again as plain text within the limit, or
replaced by a short note that says what was skipped, so the messages after it still go out."""

from __future__ import annotations

import logging
import re
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest

from ..destinations.delivery import refusal
from ..outgoing.split import MESSAGE_LIMIT, utf16_len, visible_text

log = logging.getLogger(__name__)

_DIGEST_REF = re.compile(r"#(\d+)</i>")  # a story's digest number (stories/render.digest_ref)
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def chat_gone(exc: BadRequest) -> bool:
    """The chat itself is unreachable: repairing the message cannot help."""
    return "chat not found" in exc.message.lower()


def cannot_repair(exc: BadRequest) -> bool:
    """Refused because of where it goes (chat gone, no right to post, topic closed), not what it says."""
    return chat_gone(exc) or refusal(exc) is not None


def shorten(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """`text` cut to `limit` UTF-16 units (emoji count twice) at a space when one is near, with "…"."""
    if utf16_len(text) <= limit:
        return text
    cut, units = 0, 0
    for cut, char in enumerate(text):  # noqa: B007 - `cut` is where the room runs out
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit - 1:  # one unit left for "…"
            break
    space = text.rfind(" ", 0, cut)
    if space > cut - 200:
        cut = space
    return text[:cut].rstrip() + "…"


async def send_html_or_repair(
    bot: Bot,
    chat_id: int,
    markup: str,
    *,
    what: str,
    reply_markup: InlineKeyboardMarkup | None = None,
    **options: Any,
) -> None:
    """Send Telegram HTML; if refused (bad request, too long), plain and shortened; else a note.

    `what` names the message in the note ("part 2 of this briefing"). A chat that is gone, or a
    destination refusal (bot.destinations.delivery.refusal), raises. `options` (forum topic, silent
    posting) go with every attempt.
    """
    try:
        await bot.send_message(
            chat_id,
            markup,
            parse_mode=ParseMode.HTML,
            link_preview_options=_NO_PREVIEW,
            reply_markup=reply_markup,
            **options,
        )
        return
    except BadRequest as exc:
        if cannot_repair(exc):
            raise
        refused = exc
    log.warning("chat %s: Telegram refused %s (%s); sending it as plain text", chat_id, what, refused)
    plain = shorten(visible_text(markup).strip())
    if plain:
        try:
            await bot.send_message(
                chat_id, plain, link_preview_options=_NO_PREVIEW, reply_markup=reply_markup, **options
            )
            return
        except BadRequest as exc:
            if cannot_repair(exc):
                raise
            log.warning("chat %s: plain text of %s refused too (%s); skipping it", chat_id, what, exc)
    await bot.send_message(chat_id, skipped_note(markup, what, refused), **options)


def skipped_note(markup: str, what: str, refused: BadRequest) -> str:
    refs = list(dict.fromkeys(_DIGEST_REF.findall(markup)))
    numbers = ", ".join("#" + ref for ref in refs)
    held = f" It held digest{'s' if len(refs) > 1 else ''} {numbers}: /digest N shows one." if refs else ""
    reason = refused.message[:1].lower() + refused.message[1:]
    return shorten(f"Telegram refused {what} ({reason}), so it was skipped.{held}")
