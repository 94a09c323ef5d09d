"""The one way replies, edits and captions leave the bot: split or cut to Telegram's limits first."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest

from .split import CAPTION_LIMIT, MESSAGE_LIMIT, split_html, split_plain, truncate_html


async def reply_html(
    message: Message, text: str, *, reply_markup: InlineKeyboardMarkup | None = None, **kwargs: Any
) -> list[Message]:
    """Answer with `text` (Telegram HTML) in as many messages as it takes; buttons go on the last."""
    return await _send_parts(
        lambda part, **kw: message.reply_text(part, parse_mode=ParseMode.HTML, **kw),
        split_html(text),
        reply_markup,
        kwargs,
    )


async def reply_plain(
    message: Message, text: str, *, reply_markup: InlineKeyboardMarkup | None = None, **kwargs: Any
) -> list[Message]:
    """Answer with plain `text` (no parse mode) in as many messages as it takes."""
    return await _send_parts(
        lambda part, **kw: message.reply_text(part, **kw), split_plain(text), reply_markup, kwargs
    )


async def send_html(bot: Bot, chat_id: int, text: str, **kwargs: Any) -> list[Message]:
    """Send `text` (Telegram HTML) to a chat in as many messages as it takes."""
    return await _send_parts(
        lambda part, **kw: bot.send_message(chat_id, part, parse_mode=ParseMode.HTML, **kw),
        split_html(text),
        kwargs.pop("reply_markup", None),
        kwargs,
    )


async def send_plain(bot: Bot, chat_id: int, text: str, **kwargs: Any) -> list[Message]:
    """Send plain `text` (no parse mode) to a chat in as many messages as it takes."""
    return await _send_parts(
        lambda part, **kw: bot.send_message(chat_id, part, **kw),
        split_plain(text),
        kwargs.pop("reply_markup", None),
        kwargs,
    )


async def edit_html(message: Message, text: str, **kwargs: Any) -> Message | bool:
    """Edit a message to `text` (Telegram HTML), cut to one message: an edit cannot become two."""
    return await message.edit_text(truncate_html(text, MESSAGE_LIMIT), parse_mode=ParseMode.HTML, **kwargs)


def is_not_modified(exc: BadRequest) -> bool:
    """True when Telegram refused an edit because it would change nothing ("message is not modified")."""
    return "not modified" in exc.message.lower()


@contextmanager
def unless_unchanged() -> Iterator[None]:
    """Run an edit where asking for what is already shown is fine (a double tap, a resumed job):
    Telegram's "message is not modified" refusal is swallowed, any other error is raised."""
    try:
        yield
    except BadRequest as exc:
        if not is_not_modified(exc):
            raise


def fit_caption(text: str) -> str:
    """A caption (Telegram HTML) cut to the caption limit."""
    return truncate_html(text, CAPTION_LIMIT)


async def _send_parts(
    send: Any, parts: list[str], reply_markup: InlineKeyboardMarkup | None, kwargs: dict[str, Any]
) -> list[Message]:
    sent: list[Message] = []
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        sent.append(await send(part, **kwargs, **({"reply_markup": reply_markup} if last else {})))
    return sent
