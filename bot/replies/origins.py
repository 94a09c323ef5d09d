"""A digest as one chat sees it: the shared article, credited to where this chat's forward came from.

Digests are shared between chats (one per article), but who forwarded what from where is each chat's
own (stored on its `requests` rows), so every view of a chat's digests (reply footer, /digest N,
/export, briefings) puts that chat's origin over the article's public source.
"""

from __future__ import annotations

from dataclasses import replace

from storage import StoredDigest
from storage.library import chat_origins
from storage.repo import Store
from summarizer.types import Article

from .inputs import Origin


def seen_with(article: Article, origin: Origin | None) -> Article:
    if origin is None:
        return article
    return replace(article, source=origin.name, source_url=origin.url)


def as_seen_by(store: Store, chat_id: int, digests: list[StoredDigest]) -> list[StoredDigest]:
    """`digests` with each article credited as this chat received it."""
    origins = chat_origins(store.db, chat_id, [d.id for d in digests])
    return [
        replace(d, article=seen_with(d.article, Origin(*origins[d.id]))) if d.id in origins else d
        for d in digests
    ]
