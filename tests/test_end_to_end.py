"""The walking skeleton end to end: forward the seed wire story, read the digest, find it in SQLite."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.pipeline import Summarizer, SummarizerConfig
from tests.harness import running_bot

CHAT = 4242
SEED_FIGURES = ["118", "7", "23", "3,100", "92", "1,360"]


@pytest.fixture(params=["ctranslate2", "torch"])  # the bot's default backend, and its fallback
def tiny_summarizer(
    request: pytest.FixtureRequest, tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Summarizer]:
    monkeypatch.setenv("NEWSBRIEF_CACHE_DIR", str(tmp_path / "cache"))
    summarizer = Summarizer(SummarizerConfig(model=str(tiny_model_dir), backend=request.param))
    status = summarizer.load()
    assert status.loaded and status.backend == request.param, status.error
    yield summarizer
    summarizer.close()  # its generation threads (and their OpenMP pools) end with the test


def _visible(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


async def test_forwarded_channel_post_gets_a_digest_and_is_stored(
    fake_api: Any, tmp_path: Path, seed_text: str, tiny_summarizer: Summarizer
) -> None:
    db_path = tmp_path / "newsbrief.db"
    async with running_bot(fake_api, db_path, summarizer=tiny_summarizer) as (_, services):
        started = time.perf_counter()
        fake_api.push_update(
            fake_api.forwarded_channel_post(
                CHAT,
                seed_text,
                channel_title="Kyiv Independent",
                channel_username="kyivindependent",
                message_id=777,
            )
        )
        await fake_api.wait_for(
            lambda call: call.method == "editMessageText" and "Key figures" in call.params.get("text", ""),
            timeout=60,
        )
        elapsed = time.perf_counter() - started
        reply = fake_api.messages_to(CHAT)[-1]

        assert reply.startswith("<b>"), "the digest opens with the headline in bold"
        assert len(reply) <= 4096
        body = _visible(reply)
        assert "Key figures" in body
        for figure in SEED_FIGURES:
            assert re.search(rf"(?<![\d,.]){re.escape(figure)}(?![\d,])", body), f"figure {figure} missing"
        assert "Kyiv Independent" in body and "https://t.me/kyivindependent/777" in reply
        # The model's summary section sits between the headline and the figures.
        summary = body.split("\n\n")[1]
        assert summary.strip() and "Key figures" not in summary

        store = services.store
        assert store.count("digests") == 1
        row = next(store.db.query("SELECT * FROM digests"))
        assert row["summary_kind"] == "abstractive" and row["model"] == tiny_summarizer.config.model
        stored_values = {r["value"] for r in store.db.query("SELECT value FROM figures")}
        assert {118, 7, 23, 3100, 92, 1360} <= stored_values
        assert store.count("requests") == 1
    print(f"\nforward -> reply: {elapsed:.2f} s")


async def test_same_article_twice_is_summarised_once(fake_api: Any, tmp_path: Path, seed_text: str) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        for chat in (1, 2):
            fake_api.push_update(fake_api.text_message(chat, seed_text))
            await fake_api.wait_for(lambda call, c=chat: _is_digest_to(call, c), timeout=30)
        first, second = fake_api.messages_to(1)[-1], fake_api.messages_to(2)[-1]
        assert "already summarised" not in first and "already summarised" in second
        assert services.store.count("digests") == 1
        assert services.store.count("requests") == 2


def _is_digest_to(call: Any, chat: int) -> bool:
    return (
        call.method in {"editMessageText", "sendMessage"}
        and call.params.get("chat_id") in (chat, str(chat))
        and "Key figures" in call.params.get("text", "")
    )


async def test_extractive_fallback_is_labelled(fake_api: Any, tmp_path: Path, seed_text: str) -> None:
    missing = Summarizer(SummarizerConfig(model=str(tmp_path / "no-such-model")))
    assert not missing.load().loaded
    async with running_bot(fake_api, tmp_path / "db.sqlite", summarizer=missing):
        fake_api.push_update(fake_api.text_message(CHAT, seed_text))
        await fake_api.wait_for(lambda call: _is_digest_to(call, CHAT), timeout=30)
        assert "extractive summary" in fake_api.messages_to(CHAT)[-1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Breaking: big news today.", "too short to summarise"),
        ("   ", "forward an article"),
    ],
)
async def test_text_too_short_gets_a_helpful_answer(
    fake_api: Any, tmp_path: Path, text: str, expected: str
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        fake_api.push_update(fake_api.text_message(CHAT, text))
        await fake_api.wait_for("sendMessage", timeout=10)
        assert expected in fake_api.messages_to(CHAT)[-1]
        assert services.store.count("digests") == 0


def _long_article(paragraphs: int = 60) -> str:
    towns = ["Riverton", "Lakeside", "Millbrook", "Stonebridge", "Ashford", "Greenvale"]
    return "\n\n".join(
        f"The council of {towns[i % len(towns)]} met again this week to debate the harbour "
        f"budget. Members argued about the cost of repairing the sea wall, which storms damaged in "
        f"the winter, and about a plan to build {i + 3} new ferry berths. The mayor said the work would "
        f"begin in spring if the regional government approved the loan."
        for i in range(paragraphs)
    )


async def test_a_long_article_shows_progress_then_the_digest(
    fake_api: Any, tmp_path: Path, tiny_summarizer: Summarizer
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite", summarizer=tiny_summarizer) as (_, services):
        fake_api.push_update(fake_api.text_message(CHAT, _long_article()))
        await fake_api.wait_for(lambda call: _is_digest_to(call, CHAT), timeout=120)
        edits = [c.params["text"] for c in fake_api.calls_of("editMessageText")]
        progress = [text for text in edits if text.startswith("Reading… a long article")]
        assert len(progress) == 1 and re.search(r"summarising it in \d+ parts", progress[0])
        parts = int(re.search(r"in (\d+) parts", progress[0]).group(1))  # type: ignore[union-attr]
        assert parts > 1
        assert f"Reading… putting the {parts} parts together." in edits
        assert edits.index(progress[0]) < len(edits) - 1, "the digest replaces the progress message"
        row = next(services.store.db.query("SELECT chunks FROM digests"))
        assert row["chunks"] == parts
