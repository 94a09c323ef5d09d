"""Feedback while long work runs: Telegram's "typing…" indicator, refreshed until the work ends."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from telegram import Bot, Message
from telegram.constants import ChatAction
from telegram.error import TelegramError

log = logging.getLogger(__name__)
_REFRESH_SECONDS = 4.5  # Telegram shows a chat action for about five seconds


@contextlib.asynccontextmanager
async def typing(bot: Bot, chat_id: int) -> AsyncIterator[None]:
    async def keep_typing() -> None:
        while True:
            try:
                await bot.send_chat_action(chat_id, ChatAction.TYPING)
            except TelegramError as exc:  # cosmetic: never fail the work because of it
                log.debug("chat action failed: %s", exc)
            await asyncio.sleep(_REFRESH_SECONDS)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


class LongArticleProgress:
    """Edits the "Reading…" message while a long article is summarised part by part.

    Short articles need one generate step and see no edit; a long one first says into how many parts
    it was cut, then that the parts are being put together.
    """

    def __init__(self, status: Message) -> None:
        self._status = status
        self._parts = 0
        self._shown = ""

    async def __call__(self, step: int, texts: int) -> None:
        if step == 1 and texts > 1:
            self._parts = texts
            await self._show(f"Reading… a long article: summarising it in {texts} parts.")
        elif step > 1 and self._parts:
            await self._show(f"Reading… putting the {self._parts} parts together.")

    async def _show(self, text: str) -> None:
        if text == self._shown:  # Telegram refuses an edit that changes nothing
            return
        self._shown = text
        try:
            await self._status.edit_text(text)
        except TelegramError as exc:  # cosmetic: never fail the work because of it
            log.debug("progress edit failed: %s", exc)
