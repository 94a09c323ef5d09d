"""Articles an admin sends while managing a channel also go into that channel's next briefing."""

from __future__ import annotations

import logging

from telegram import Message
from telegram.constants import ChatType

from storage import StoredDigest
from storage.destinations import DestinationStore

from ..outgoing import reply_html
from ..services import Services
from .delivery import channel_name
from .target import may_manage, refusal_text

log = logging.getLogger(__name__)


async def share_with_channel(message: Message, stored: StoredDigest, svc: Services) -> None:
    """After a digest is answered in a private chat that manages a channel: add it to the channel's
    library (its briefing reads from there) and say so; rights are checked first, as for commands."""
    user = message.from_user
    if message.chat.type != ChatType.PRIVATE or user is None:
        return
    store = DestinationStore(svc.store.db)
    channel = store.managing(user.id)
    if channel is None:
        return
    allowed = await may_manage(message.get_bot(), channel.chat_id, user.id)
    if not allowed:
        store.set_managing(user.id, None, now=svc.clock())
        await reply_html(message, refusal_text(channel, allowed))
        return
    svc.store.touch_chat(channel.chat_id, ChatType.CHANNEL, channel.title)
    svc.store.record_request(
        chat_id=channel.chat_id,
        user_id=user.id,
        digest_id=stored.id,
        cached=True,
        words_sent=0,
        at=svc.clock(),
    )
    log.info("digest %s added to channel %s by %s", stored.id, channel.chat_id, user.id)
    await reply_html(message, f"Added to the next briefing of {channel_name(channel)}.")
