"""Destinations: posting where the audience is (channels, groups, forum topics), safely.

- `target`: which chat (and topic) a command acts on; `target_chat(update, context)` (or
  `command_target`, which also hands back the command's message) is what every per-chat command
  uses, so a private chat managing a channel acts on the channel.
- `channels`: my_chat_member (the bot added, promoted, demoted, removed), /channels and its buttons.
- `groups`: a group that becomes a supergroup keeps its data (migrate_to_chat_id).
- `delivery`: send options per destination (topic, silent channel) and refusals that pause it.
"""

from __future__ import annotations

from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from .target import Target, command_target, target_chat


def register(app: Application) -> None:
    # Imported here, not above: they use the scheduler, which imports this package's `delivery`, and
    # the reply flow (bot.replies.digests) imports `share` from here long before the scheduler is loaded.
    from . import channels, groups

    app.add_handler(ChatMemberHandler(channels.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(CommandHandler("channels", channels.on_channels))
    app.add_handler(CallbackQueryHandler(channels.on_button, pattern=channels.BUTTON))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, groups.on_migrate))


__all__ = ["Target", "command_target", "register", "target_chat"]
