"""The one splitter: every part is valid Telegram HTML within the limit, and nothing is lost or garbled."""

from __future__ import annotations

import html
import random

import pytest

from bot.outgoing import clip, link, split_html, split_plain, truncate_html, utf16_len
from tests.telegram_html import parse_html
from tests.telegram_html import utf16_len as telegram_utf16_len


def _check(parts: list[str], source: str, limit: int) -> None:
    """Each part parses as Telegram parses it and fits; together they say what the source said."""
    seen = []
    for part in parts:
        text = parse_html(part).text  # raises on a broken tag or nesting
        assert 0 < telegram_utf16_len(text) <= limit, (telegram_utf16_len(text), part[:80])
        assert text.strip()
        seen.append(text)
    whole = parse_html(source).text
    assert "".join("".join(seen).split()) == "".join(whole.split())


def test_utf16_len_counts_like_telegram() -> None:
    for text in ("abc", "😀", "e\u0301", "👩‍👩‍👧", "𝟖:３０", ""):
        assert utf16_len(text) == telegram_utf16_len(text)


@pytest.mark.parametrize(
    "source",
    [
        "<b>" + "x" * 6300 + "</b>",  # one word longer than a message, in bold
        '<i><a href="https://example.com/a?b=1&amp;c=2">' + "site " * 1500 + "</a></i>",
        "<b>" + "&amp;" * 5000 + "</b>",  # escaping makes it five times longer, not longer to read
        "<i>" + "😀" * 3000 + "</i>",  # 6,000 UTF-16 units
        "<b>" + "👩‍👩‍👧" * 900 + "</b>",  # joined emoji are cut between, not inside
        "head\n\n<b>Key figures</b>\n" + "\n".join(f"• line {i} &lt;b&gt;" for i in range(900)),
        "<pre>" + "  row value\n" * 800 + "</pre>",
    ],
)
def test_long_html_splits_into_valid_parts(source: str) -> None:
    parts = split_html(source)
    assert len(parts) > 1
    _check(parts, source, 4096)


def test_random_markup_always_splits_cleanly() -> None:
    rng = random.Random(7)
    words = ["news", "&amp;", "&lt;tag&gt;", "😀", "é", "x" * 700, "\n", "\n\n", "ü̈"]
    tags = [
        ("<b>", "</b>"),
        ("<i>", "</i>"),
        ('<a href="https://e.com/?q=1&amp;r=2">', "</a>"),
        ("<u>", "</u>"),
    ]
    for _ in range(40):
        out = []
        for _ in range(rng.randint(50, 600)):
            word = rng.choice(words)
            if rng.random() < 0.2:
                opening, closing = rng.choice(tags)
                word = f"{opening}{word} {rng.choice(words)}{closing}"
            out.append(word)
        source = " ".join(out)
        limit = rng.choice([50, 333, 1024, 4096])
        _check(split_html(source, limit), source, limit)


def test_blocks_stay_whole_when_they_fit() -> None:
    source = "<b>a</b>\n\n" + "x " * 1500 + "\n\n<i>" + "y " * 1000 + "</i>"
    first, second = split_html(source)
    assert first.startswith("<b>a</b>") and first.rstrip().endswith("x")
    assert second.startswith("<i>y")


def test_a_tag_cut_is_closed_and_reopened_with_its_link() -> None:
    source = '<i>by <a href="https://e.com/x">' + "word " * 1200 + "</a> · 2 min read</i>"
    parts = split_html(source)
    assert all(part.count("<a ") == part.count("</a>") for part in parts)
    links = [parse_html(part).links for part in parts]
    assert all(href == "https://e.com/x" for found in links for href, _ in found)
    assert parts[1].startswith('<i><a href="https://e.com/x">')


def test_plain_text_splits_too() -> None:
    text = "R&D <2> " * 1000
    parts = split_plain(text, 1000)
    assert all(telegram_utf16_len(p) <= 1000 for p in parts)
    assert "".join(parts).replace(" ", "") == text.replace(" ", "")


def test_truncate_marks_the_cut_and_stays_valid() -> None:
    cut = truncate_html("<b>" + "&amp;" * 2000 + "</b>", 1024)
    text = parse_html(cut).text
    assert text.endswith("…") and telegram_utf16_len(text) <= 1024 and set(text[:-1]) == {"&"}
    assert truncate_html("<b>short</b>", 1024) == "<b>short</b>"


def test_fields_are_bounded() -> None:
    assert len(clip("word " * 2000, 300)) <= 300
    assert clip("  a\n b  ", 10) == "a b"
    long_href = "https://example.com/" + "r" * 5000
    assert link(long_href, "Example") == "Example"  # too long to be a link: text only
    assert link("javascript:alert(1)", "x") == "x"
    assert link("https://e.com/?a=1&b=2", "E & co") == '<a href="https://e.com/?a=1&amp;b=2">E &amp; co</a>'
    assert html.unescape(link(None, "<b>")) == "<b>"
