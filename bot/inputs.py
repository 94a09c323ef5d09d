"""Turn a Telegram message into what the summarizer needs: text, links and where it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from telegram import (
    Message,
    MessageEntity,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
)

from summarizer.types import Article

# "https://x", "ftp://x", "mailto:x": the link names its own scheme ("host:8080/x" is a port, not a
# scheme). Without one ("example.com/news", which Telegram also marks as a url) it gets https://.
_HAS_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?!\d)")


@dataclass(frozen=True)
class Incoming:
    text: str  # message text or caption, with links left in place
    links: list[str] = field(default_factory=list)
    source: str | None = None
    source_url: str | None = None

    def article(self) -> Article:
        return Article(text=self.text, source=self.source, source_url=self.source_url)

    def text_without_links(self) -> str:
        text = self.text
        for link in self.links:
            text = text.replace(link, " ")
        return " ".join(text.split())


def read_message(message: Message) -> Incoming:
    text = message.text or message.caption or ""
    source, source_url = _origin(message)
    return Incoming(text=text, links=_links(message), source=source, source_url=source_url)


def _origin(message: Message) -> tuple[str | None, str | None]:
    origin = message.forward_origin
    if isinstance(origin, MessageOriginChannel):
        username = origin.chat.username
        link = f"https://t.me/{username}/{origin.message_id}" if username else None
        return origin.chat.title or username, link
    if isinstance(origin, MessageOriginChat):
        return origin.sender_chat.title, None
    if isinstance(origin, MessageOriginUser):
        return origin.sender_user.full_name, None
    if isinstance(origin, MessageOriginHiddenUser):
        return origin.sender_user_name, None
    if message.chat.type == "channel":  # a post in a channel the bot administers
        username = message.chat.username
        return message.chat.title, f"https://t.me/{username}/{message.message_id}" if username else None
    return None, None


def _links(message: Message) -> list[str]:
    kinds = [MessageEntity.URL, MessageEntity.TEXT_LINK]
    found = message.parse_entities(kinds) if message.text else message.parse_caption_entities(kinds)
    links: list[str] = []
    for entity, text in found.items():
        url = (entity.url if entity.type == MessageEntity.TEXT_LINK else text) or ""
        # Only a link with no scheme at all is completed: "ftp://host/x" must stay ftp (and be refused
        # as such), not become "https://ftp://host/x", a request to a host named "ftp".
        if url and not _HAS_SCHEME.match(url):
            url = "https://" + url
        if url and url not in links:
            links.append(url)
    return links
