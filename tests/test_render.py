"""Rendering digests as Telegram HTML: escaped, labelled honestly, split by structure at the limit."""

from __future__ import annotations

import re

import pytest

from bot.outgoing.render import MESSAGE_LIMIT, render_digest, split_blocks
from summarizer.types import Article, Digest, DigestStats, Entity, Figure
from tests.telegram_html import parse_html, utf16_len


def _digest(**changes: object) -> Digest:
    base = {
        "headline": "Floods <hit> Valencia & Murcia",
        "summary": "At least 40 people died after the floods, officials said.",
        "summary_kind": "abstractive",
        "model": "tiny",
        "figures": [Figure(40, "people", "at least", "died", None, 0, 11, "At least 40")],
        "entities": [Entity("Valencia", "place")],
        "stats": DigestStats(words_in=460),
    }
    base.update(changes)
    return Digest(**base)  # type: ignore[arg-type]


def _assert_valid(message: str) -> None:
    """As Telegram checks it: tags nest (parse_html raises otherwise), the parsed text fits."""
    assert utf16_len(parse_html(message).text) <= MESSAGE_LIMIT


def test_user_text_is_escaped_and_the_footer_links_the_source() -> None:
    [message] = render_digest(
        _digest(), Article(text="", source="El País", source_url="https://elpais.com/a?x=1&y=2"), digest_id=7
    )
    assert "Floods &lt;hit&gt; Valencia &amp; Murcia" in message
    assert '<a href="https://elpais.com/a?x=1&amp;y=2">El País</a>' in message
    assert "2 min read" in message and "saved as #7" in message
    assert "• at least 40 died" in message
    _assert_valid(message)


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        (None, "no model loaded"),
        ("no-model", "no model loaded"),
        ("language", "English only"),
        ("guard", "numbers not in the article"),
    ],
)
def test_extractive_summaries_say_why(reason: str | None, words: str) -> None:
    digest = _digest(summary_kind="extractive", model=None, fallback_reason=reason)
    [message] = render_digest(digest, Article(text=""))
    assert "Key sentences from the article" in message and words in message


def test_an_abstractive_summary_carries_no_extractive_label() -> None:
    [message] = render_digest(_digest(), Article(text=""))
    assert "Key sentences" not in message


def test_a_huge_digest_is_split_between_blocks_never_inside_a_tag() -> None:
    figures = [Figure(i + 2, "drones", "exact", f"event{i}", None, 0, 1, str(i)) for i in range(400)]
    long_summary = " ".join(["The council met again & argued."] * 300)
    messages = render_digest(_digest(summary=long_summary, figures=figures), Article(text=""), digest_id=1)
    assert len(messages) > 1
    for message in messages:
        _assert_valid(message)
    joined = "\n".join(messages)
    assert joined.count("• ") == 400
    assert messages[0].startswith("<b>Floods")


def test_split_blocks_keeps_whole_blocks_together() -> None:
    blocks = ["<b>a</b>", "x" * 3000, "<i>" + "y" * 2000 + "</i>"]
    messages = split_blocks(blocks)
    assert messages == ["<b>a</b>\n\n" + "x" * 3000, "<i>" + "y" * 2000 + "</i>"]
    assert all(re.fullmatch(r"(?s).{1,4096}", m) for m in messages)
