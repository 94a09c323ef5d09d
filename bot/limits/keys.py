"""Who an update counts against for the per-sender limits."""

from __future__ import annotations

from collections.abc import Hashable

from telegram import Update

# Accounts that speak for many chats at once: rate-limiting them by user id would put every group
# in one bucket (after ten posts in one group, the next group's first post would be refused).
TELEGRAM_SERVICE = 777000  # automatic forwards from a channel into its linked discussion group
GROUP_ANONYMOUS_BOT = 1087968824  # an anonymous group admin
CHANNEL_BOT = 136817688  # a user posting on behalf of a channel
SHARED_SENDERS = frozenset({TELEGRAM_SERVICE, GROUP_ANONYMOUS_BOT, CHANNEL_BOT})


def limit_key(update: Update) -> Hashable | None:
    """A user's id; for a shared sender, (chat, the chat it speaks for); for a channel post, its chat."""
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    sender_chat = message.sender_chat if message is not None else None
    if sender_chat is not None or (user is not None and user.id in SHARED_SENDERS):
        chat_id = message.chat_id if message is not None else (chat.id if chat else None)
        return ("chat", chat_id, sender_chat.id if sender_chat is not None else None)
    if user is not None:
        return user.id
    return ("chat", chat.id, None) if chat is not None else None
