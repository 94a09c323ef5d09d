"""Shared pieces of the briefing tests: a clock tests move by hand, stored digests at chosen times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from storage import Store
from storage.subscriptions import Subscription, iso
from summarizer.types import Article, Digest, Figure


@dataclass
class Clock:
    """Services.clock for tests: the bot's only "now", moved by assignment, never by sleeping."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def set_local(self, zone: str, year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
        """Jump to a wall time in `zone` (fold=0: the first of a repeated time)."""
        self.now = datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone)).astimezone(UTC)
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def new_clock() -> Clock:
    """The clock every bot test starts from: Tuesday 25 November 2025, 10:00 in Kyiv."""
    c = Clock(now=None)  # type: ignore[arg-type]
    c.set_local("Europe/Kyiv", 2025, 11, 25, 10)
    return c


def sub(
    zone: str,
    at: str = "08:00",
    *,
    weekdays_only: bool = False,
    since: datetime = datetime(2000, 1, 1, tzinfo=UTC),
    chat_id: int = 1,
) -> Subscription:
    """A subscription as stored, for the pure scheduling functions."""
    return Subscription(
        chat_id=chat_id,
        time_local=at,
        timezone=zone,
        weekdays_only=weekdays_only,
        send_empty=True,
        active=True,
        last_briefing_at=None,
        schedule_since=since,
    )


FIGURES = [
    Figure(
        value=118, unit="drones", qualifier="exact", event="launched", scope="overnight", text="118 drones"
    ),
    Figure(value=7, unit="people", qualifier="exact", event="killed", text="seven"),
]


def add_digest(
    store: Store,
    chat_id: int,
    at: datetime,
    headline: str,
    *,
    source: str | None = "Kyiv Independent",
    url: str | None = None,
    summary: str | None = None,
    figures: list[Figure] | None = None,
) -> int:
    """A digest the chat asked for at `at` (the request row carries that time, not the real one)."""
    text = f"{headline}. " + "Officials said the situation remained tense across the region. " * 6
    article = Article(text=text, title=headline, url=url, source=source, source_url=url)
    chosen = FIGURES if figures is None else figures
    digest = Digest(
        headline=headline,
        # The headline alone: a shared template sentence would make unrelated digests one story.
        summary=summary or f"{headline}.",
        summary_kind="abstractive",
        model="test-model",
        figures=chosen,
    )
    digest_id = store.save_digest(article, digest, [f.text for f in chosen])
    store.touch_chat(chat_id, "private", f"chat {chat_id}")
    store.db["requests"].insert(
        {
            "chat_id": chat_id,
            "user_id": chat_id,
            "digest_id": digest_id,
            "cached": 0,
            "latency_ms": 1.0,
            "words_sent": 60,
            "created_at": iso(at),
        }
    )
    store.db.conn.commit()
    return digest_id
