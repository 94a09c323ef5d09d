"""The third held-out set of key figures (tests/fixtures/figures_news_fresh2.jsonl, issue 14, third round).

Only its shape is checked here: the set is scored by bench/figures.py, and a score floor in a test would
invite tuning on it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"
QUALIFIERS = {"exact", "around", "more than", "fewer than", "up to", "at least", "nearly", "range"}


def rows(name: str) -> list[dict[str, Any]]:
    with (FIXTURES / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_the_third_held_out_set_is_separate_from_the_earlier_sets_and_large_enough() -> None:
    fresh2 = rows("figures_news_fresh2.jsonl")
    earlier = {
        row["source"]
        for name in ("figures_news_gold.jsonl", "figures_news_fresh.jsonl")
        for row in rows(name)
    }
    assert len(fresh2) >= 200
    assert sum(1 for row in fresh2 for f in row["figures"] if f.get("event")) >= 100
    assert any(not row["figures"] for row in fresh2)
    assert not {row["source"] for row in fresh2} & earlier
    assert len({row["source"] for row in fresh2}) == len(fresh2)  # one sentence per article


def test_every_label_of_the_third_set_has_the_gold_format() -> None:
    for row in rows("figures_news_fresh2.jsonl"):
        assert set(row) == {"text", "figures", "source", "split"} and row["split"] == "fresh2", row
        for f in row["figures"]:
            assert set(f) <= {"value", "unit", "qualifier", "event"} and f["unit"], row["text"]
            assert f["qualifier"] in QUALIFIERS, row["text"]
            ranged = f["qualifier"] == "range"
            value = f["value"]
            assert isinstance(value, list) == ranged, row["text"]
            assert all(isinstance(v, (int, float)) for v in (value if ranged else [value])), row["text"]
            assert f.get("event", "x").strip(), row["text"]  # no empty event: leave the key out instead
