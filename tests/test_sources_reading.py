"""Reading documents (every shared feed, channel page and page with feed links), `newsbrief feed`,
and the poll timing rules."""

from __future__ import annotations

import gzip
import json
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.sources.filters import ChatFilter
from bot.sources.reading import NotAFeed, best_feed, read_document
from bot.sources.timing import PollPolicy, after_failure, after_success, max_age, retry_after_seconds


def index(shared_dir: Path) -> list[dict[str, Any]]:
    path = shared_dir / "eval" / "feeds" / "index.jsonl"
    if not path.exists():
        pytest.skip(f"shared eval data not found at {path}")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def body_of(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def test_every_shared_document_reads_with_the_item_count_of_the_index(shared_dir: Path) -> None:
    kinds = {"feed": "feed", "telegram": "channel", "page": "page"}
    mismatches = []
    entries = index(shared_dir)
    for entry in entries:
        path = shared_dir / "eval" / "feeds" / entry["file"]
        doc = read_document(body_of(path), url=f"https://example.org/{entry['file']}")
        count = len(doc.feeds) if doc.kind == "page" else len(doc.items)
        if (doc.kind, count) != (kinds[entry["kind"]], entry["items"]):
            mismatches.append((entry["file"], doc.kind, count, entry["items"]))
    assert mismatches == []
    assert len(entries) == 48


def test_what_is_read_from_messy_feeds(shared_dir: Path) -> None:
    feeds = shared_dir / "eval" / "feeds"
    if not feeds.exists():
        pytest.skip("shared eval data not found")
    pravda = read_document(body_of(feeds / "pravda_com_ua_2020-09-29_windows-1251.xml"), url="https://x.ua/")
    assert pravda.title == "Украинская правда"  # windows-1251 decoded
    relative = read_document(
        body_of(feeds / "relative_urls_neverwinter.xml"), url="https://www.arcgames.com/rss"
    )
    assert all(
        item.link and item.link.startswith("https://www.arcgames.com/en/games/") for item in relative.items
    )
    alerts = read_document(body_of(feeds / "google_alerts_html_titles.atom"), url="https://google.com/alerts")
    assert all("<b>" not in (item.title or "") for item in alerts.items)  # HTML in titles becomes text
    hn = read_document(
        body_of(feeds / "hacker_news_frontpage_2025-12-13.xml"), url="https://news.ycombinator.com"
    )
    assert all(item.guid is None and item.link for item in hn.items)  # no guids: keyed by link
    card = read_document(body_of(feeds / "tme_durov_channel_card_not_s.html"), url="https://t.me/durov")
    assert (card.kind, card.has_preview) == ("channel", False)
    durov = read_document(body_of(feeds / "tme_s_durov.html"), url="https://t.me/s/durov")
    assert durov.has_preview and all(i.link and i.link.startswith("https://t.me/durov/") for i in durov.items)
    seattle = read_document(body_of(feeds / "page_seattletimes.html"), url="https://www.seattletimes.com/x")
    chosen = best_feed(seattle.feeds)
    assert chosen is not None and chosen.url == "https://www.seattletimes.com/feed/"


def test_garbage_is_not_a_feed() -> None:
    with pytest.raises(NotAFeed):
        read_document(b'<?xml version="1.0"?>\n<<<feed <item></title>', url="https://x/")
    with pytest.raises(NotAFeed):
        read_document(b'{"version": "1.1", "items": []}', url="https://x/")  # JSON, but no JSON Feed


def test_cli_feed_json_has_the_documented_shape(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = shared_dir / "eval" / "feeds" / "daring_fireball_jsonfeed_v1.json"
    if not path.exists():
        pytest.skip("shared eval data not found")
    assert main(["feed", str(path), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == {"title", "kind", "feeds", "items"}
    assert (printed["title"], printed["kind"], printed["feeds"]) == ("Daring Fireball", "feed", [])
    first = printed["items"][0]
    assert set(first) == {"title", "link", "guid", "published", "words"}
    assert first["published"] == "2020-01-24T23:46:57+00:00" and first["words"] > 0
    assert main(["feed", str(shared_dir / "eval" / "feeds" / "page_liberation.html")]) == 0
    assert "2 feed link(s):" in capsys.readouterr().out


def test_cli_feed_says_what_it_cannot_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body>nothing</body></html>", encoding="utf-8")
    assert main(["feed", str(page), "--json"]) == 0  # a page without feed links: kind page, no feeds
    assert json.loads(capsys.readouterr().out)["feeds"] == []
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01 not a feed")
    assert main(["feed", str(junk)]) == 1
    assert "is not a feed" in capsys.readouterr().err


# --- timing -----------------------------------------------------------------------------------------------

POLICY = PollPolicy(interval=900, floor=300, ceiling=6 * 3600, jitter=0.0)


def test_success_waits_the_interval_or_what_the_publisher_asks_within_floor_and_ceiling() -> None:
    rng = random.Random(1)
    assert after_success(POLICY, max_age=None, ttl_minutes=None, rng=rng) == 900
    assert after_success(POLICY, max_age=3600, ttl_minutes=None, rng=rng) == 3600
    assert after_success(POLICY, max_age=60, ttl_minutes=30, rng=rng) == 1800
    assert after_success(POLICY, max_age=10 * 86400, ttl_minutes=None, rng=rng) == 6 * 3600
    spread = PollPolicy(900, 300, 6 * 3600, 0.1)
    values = {after_success(spread, max_age=None, ttl_minutes=None, rng=rng) for _ in range(50)}
    assert min(values) >= 810 and max(values) <= 990 and len(values) > 10


def test_failures_back_off_exponentially_and_honour_retry_after() -> None:
    rng = random.Random(1)
    waits = [after_failure(POLICY, failures=n, retry_after=None, rng=rng) for n in range(1, 8)]
    assert waits == [900, 1800, 3600, 7200, 14400, 21600, 21600]
    assert after_failure(POLICY, failures=1, retry_after=5000, rng=rng) == 5000
    now = datetime(2025, 11, 25, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("120", now) == 120
    assert retry_after_seconds("Tue, 25 Nov 2025 13:00:00 GMT", now) == 3600
    assert retry_after_seconds("soon", now) is None
    assert max_age("public, max-age=600") == 600 and max_age("no-cache, max-age=600") is None


def test_filters_are_whole_words_and_never_patterns() -> None:
    rules = ChatFilter.of([("exclude", "u.s."), ("exclude", "(a+)+$"), ("include", "new york")])
    assert rules.allows("Snow in New  York", None)
    assert not rules.allows("New York and the U.S. talks", None)
    assert not rules.allows("New York: (a+)+$", None)
    assert not rules.allows("Newark", "nothing about the city")
    assert rules.allows(None, "a summary about new york") and not rules.allows("York", None)
    slow = "a" * 50_000 + "!"
    assert ChatFilter.of([("exclude", "(a+)+$")]).allows(slow, slow)  # linear: returns at once
