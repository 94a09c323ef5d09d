"""Groups: a group that becomes a supergroup keeps everything under its new id."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from ..briefings import scheduler

log = logging.getLogger(__name__)


async def on_migrate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Telegram's service message in the old group (migrate_to_chat_id) or the new supergroup
    (migrate_from_chat_id); either moves the data, the second finds nothing left to move."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    await scheduler.migrated(context.application, old, new)
