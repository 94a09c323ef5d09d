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
class Origin:
    """Where a forward came from, as the chat that forwarded it sees it.

    Only a public channel is something the article itself says: it may go into the shared digest.
    A group's title, a person's name, a private channel or a file name tell who read what where:
    they stay with the forwarding chat's own request (its footer, /history, /export) and go with /forget.
    """

    name: str
    url: str | None = None
    public: bool = False


@dataclass(frozen=True)
class Incoming:
    text: str  # message text or caption, with links left in place
    links: list[str] = field(default_factory=list)
    origin: Origin | None = None

    def article(self) -> Article:
        """The article as every chat may see it: the origin only when it is a public channel."""
        public = self.origin if self.origin and self.origin.public else None
        return Article(
            text=self.text, source=public.name if public else None, source_url=public.url if public else None
        )

    def text_without_links(self) -> str:
        text = self.text
        for link in self.links:
            text = text.replace(link, " ")
        return " ".join(text.split())


def read_message(message: Message) -> Incoming:
    text = message.text or message.caption or ""
    return Incoming(text=text, links=_links(message), origin=read_origin(message))


def read_origin(message: Message) -> Origin | None:
    origin = message.forward_origin
    if isinstance(origin, MessageOriginChannel):
        return _channel(origin.chat.title, origin.chat.username, origin.message_id)
    if isinstance(origin, MessageOriginChat):
        return _private(origin.sender_chat.title)
    if isinstance(origin, MessageOriginUser):
        return _private(origin.sender_user.full_name)
    if isinstance(origin, MessageOriginHiddenUser):
        return _private(origin.sender_user_name)
    if message.chat.type == "channel":  # a post in a channel the bot administers
        return _channel(message.chat.title, message.chat.username, message.message_id)
    return None


def _channel(title: str | None, username: str | None, message_id: int) -> Origin | None:
    """A channel with a username is public (t.me/name/123 opens for anyone); without, it is private."""
    if username:
        return Origin(title or username, f"https://t.me/{username}/{message_id}", public=True)
    return _private(title)


def _private(name: str | None) -> Origin | None:
    return Origin(name) if name else None


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
