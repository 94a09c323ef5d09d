"""The fourth held-out set of key figures (tests/fixtures/figures_news_fresh3.jsonl, issue 14, fourth round).

Only its shape is checked here: the set is scored by bench/figures.py, and a score floor in a test would
invite tuning on it.
"""

from __future__ import annotations

from tests.test_figures_fresh2_set import QUALIFIERS, rows

EARLIER_SETS = ("figures_news_gold.jsonl", "figures_news_fresh.jsonl", "figures_news_fresh2.jsonl")


def test_the_fourth_held_out_set_is_separate_from_the_three_earlier_sets_and_large_enough() -> None:
    fresh3 = rows("figures_news_fresh3.jsonl")
    earlier = {row["source"] for name in EARLIER_SETS for row in rows(name)}
    assert len(fresh3) >= 200
    assert sum(1 for row in fresh3 for f in row["figures"] if f.get("event")) >= 60
    assert any(not row["figures"] for row in fresh3)
    assert not {row["source"] for row in fresh3} & earlier
    assert len({row["source"] for row in fresh3}) == len(fresh3)  # one sentence per article


def test_every_label_of_the_fourth_set_has_the_gold_format() -> None:
    for row in rows("figures_news_fresh3.jsonl"):
        assert set(row) == {"text", "figures", "source", "split"} and row["split"] == "fresh3", row
        for f in row["figures"]:
            assert set(f) <= {"value", "unit", "qualifier", "event"} and f["unit"], row["text"]
            assert f["qualifier"] in QUALIFIERS, row["text"]
            ranged = f["qualifier"] == "range"
            value = f["value"]
            assert isinstance(value, list) == ranged, row["text"]
            assert all(isinstance(v, (int, float)) for v in (value if ranged else [value])), row["text"]
            assert f.get("event", "x").strip(), row["text"]  # no empty event: leave the key out instead
