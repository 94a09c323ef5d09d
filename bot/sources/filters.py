"""Per-chat word filters: include / exclude words or phrases, matched case-insensitively as whole
words on an item's title and summary.

Users type plain words, never patterns: each phrase is escaped before it becomes a regular expression,
so matching is linear in the text and nothing a user types can make it slow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storage.sources import SourceStore

INCLUDE, EXCLUDE = "include", "exclude"
MAX_PHRASE_CHARS = 60
MAX_FILTERS = 50


def normalise(phrase: str) -> str:
    return " ".join(phrase.split()).casefold()


def _pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in phrase.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class ChatFilter:
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def of(cls, rules: list[tuple[str, str]]) -> ChatFilter:
        return cls(
            include=tuple(_pattern(p) for kind, p in rules if kind == INCLUDE),
            exclude=tuple(_pattern(p) for kind, p in rules if kind == EXCLUDE),
        )

    @classmethod
    def load(cls, store: SourceStore, chat_id: int) -> ChatFilter:
        return cls.of(store.filters(chat_id))

    def allows(self, title: str | None, summary: str | None) -> bool:
        text = f"{title or ''}\n{summary or ''}"
        if any(p.search(text) for p in self.exclude):
            return False
        return not self.include or any(p.search(text) for p in self.include)
