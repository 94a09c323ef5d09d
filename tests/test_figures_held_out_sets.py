"""The held-out sets of key figures labelled for issue 14's later rounds (tests/fixtures/README.md):
figures_news_fresh2.jsonl (before round 3), figures_news_fresh3.jsonl (before round 4) and
figures_news_fresh4.jsonl (before round 5).

Only their shape is checked here: the sets are scored by bench/figures.py, and a score floor in a test
would invite tuning on them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
QUALIFIERS = {"exact", "around", "more than", "fewer than", "up to", "at least", "nearly", "range"}
ORDER = ("gold", "fresh", "fresh2", "fresh3", "fresh4")  # each set drawn from articles the earlier ones left
MIN_EVENTS = {"fresh2": 100, "fresh3": 60, "fresh4": 90}


def rows(split: str) -> list[dict[str, Any]]:
    with (FIXTURES / f"figures_news_{split}.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.mark.parametrize("split", ["fresh2", "fresh3", "fresh4"])
def test_a_held_out_set_is_separate_from_the_earlier_sets_and_large_enough(split: str) -> None:
    held = rows(split)
    earlier = {row["source"] for name in ORDER[: ORDER.index(split)] for row in rows(name)}
    assert len(held) >= 200
    assert sum(1 for row in held for f in row["figures"] if f.get("event")) >= MIN_EVENTS[split]
    assert any(not row["figures"] for row in held)
    assert not {row["source"] for row in held} & earlier
    assert len({row["source"] for row in held}) == len(held)  # one sentence per article


@pytest.mark.parametrize("split", ["fresh2", "fresh3", "fresh4"])
def test_every_label_of_a_held_out_set_has_the_gold_format(split: str) -> None:
    for row in rows(split):
        assert set(row) == {"text", "figures", "source", "split"} and row["split"] == split, row
        for f in row["figures"]:
            assert set(f) <= {"value", "unit", "qualifier", "event"} and f["unit"], row["text"]
            assert f["qualifier"] in QUALIFIERS, row["text"]
            ranged = f["qualifier"] == "range"
            value = f["value"]
            assert isinstance(value, list) == ranged, row["text"]
            assert all(isinstance(v, (int, float)) for v in (value if ranged else [value])), row["text"]
            assert f.get("event", "x").strip(), row["text"]  # no empty event: leave the key out instead
