"""A burst of forwards from one user: queued up to a stated limit, and every article not taken is named."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from tests.chat_helpers import BOT_REPLIES, article_text, visible, wait_until
from tests.harness import running_bot

USER = 8101
TOPICS = [f"burst{n:02d}" for n in range(12)]


def _topics_in(text: str) -> set[str]:
    return set(re.findall(r"burst\d\d", text))


def _outcome(fake_api: Any) -> tuple[set[str], set[str], list[str]]:
    """(topics answered with a digest, topics named as not read, the refusal messages)."""
    digested: set[str] = set()
    named: set[str] = set()
    refusals = []
    for stored in fake_api.sent_messages(USER):
        text = visible(stored.raw_text or "")
        if "saved as #" in text:
            digested |= _topics_in(text.split("\n")[0])  # the headline names the story
        elif "not read" in text.lower():
            refusals.append(text)
            named |= _topics_in(text)
    return digested, named, refusals


async def _push_burst(fake_api: Any) -> None:
    for n, topic in enumerate(TOPICS):
        fake_api.push_update(
            fake_api.forwarded_channel_post(USER, article_text(topic, n), message_id=100 + n)
        )


async def test_twelve_forwards_at_once_all_answered_or_named(fake_api: Any, tmp_path: Path) -> None:
    # Defaults: 10 articles a minute, 3 in progress, 20 waiting behind them.
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        await _push_burst(fake_api)
        await wait_until(lambda: len(_outcome(fake_api)[0]) == 10, timeout=20)
        await fake_api.wait_for(
            lambda c: c.method in BOT_REPLIES and "not read" in str(c.params.get("text", "")), timeout=5
        )
        digested, named, refusals = _outcome(fake_api)
        assert len(digested) == 10 and len(named) == 2 and digested | named == set(TOPICS)
        assert services.store.count("requests") == 10
        assert len(refusals) == 1  # one reply for the burst, not one per article
        assert refusals[0].startswith("You've sent 10 articles in the last minute; try again in")
        assert "These 2 were not read:\n• “Officials reported on Monday that burst" in refusals[0]


async def test_a_burst_past_the_queue_is_named_item_by_item(fake_api: Any, tmp_path: Path) -> None:
    settings = {"rate_per_minute": 100, "max_pending_per_user": 3, "max_queued_per_user": 2}
    async with running_bot(fake_api, tmp_path / "db.sqlite", **settings) as (_, services):
        release = asyncio.Event()
        original = services.summarizer.summarize_async

        async def held(article: Any, **kwargs: Any) -> Any:
            await release.wait()
            return await original(article, **kwargs)

        services.summarizer.summarize_async = held
        try:
            await _push_burst(fake_api)
            await fake_api.wait_for(
                lambda c: c.method in BOT_REPLIES and "not read" in str(c.params.get("text", "")), timeout=10
            )
            readings = [c for c in fake_api.calls_of("sendMessage") if c.params.get("text") == "Reading…"]
            assert len(readings) == 3  # three in progress; two more wait their turn
        finally:
            release.set()
        await wait_until(lambda: len(_outcome(fake_api)[0]) == 5, timeout=20)
        digested, named, refusals = _outcome(fake_api)
        assert len(digested) == 5 and len(named) == 7 and digested | named == set(TOPICS)
        assert services.store.count("requests") == 5
        assert refusals == [refusals[0]] and refusals[0].startswith(
            "I'm working on 3 of your articles and 2 more are waiting, the most I take at once; "
            "send these again when I've answered. These 7 were not read:"
        )
