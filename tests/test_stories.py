"""Story grouping and story figures as pure functions, and `newsbrief stories` as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.stories.render import pin_relative
from summarizer.stories import (
    Reading,
    StoryConfig,
    StoryGrouper,
    StoryItem,
    changes,
    group_items,
    merge,
    snapshot,
)
from summarizer.types import Figure

T0 = datetime(2025, 11, 25, 6, tzinfo=UTC)


def item(id_: str, title: str, hours: float = 0, text: str = "") -> StoryItem:
    return StoryItem(id=id_, title=title, text=text, published=T0 + timedelta(hours=hours))


def test_the_same_event_in_other_words_joins_one_story() -> None:
    stories = group_items(
        [
            item("a", "Russian drones kill seven in overnight attack on Kyiv"),
            item("b", "Seven killed as Russia strikes Kyiv with drones overnight", 1),
            item("c", "Argentina wheat harvest beats forecasts", 2),
            item("d", "Kyiv drone attack: death toll from overnight strike rises", 3),
        ]
    )
    assert stories["a"] == stories["b"] == stories["d"] != stories["c"]


def test_a_headline_worded_apart_from_each_member_joins_the_story_it_matches_as_a_whole() -> None:
    """Outlets' headlines for one event share few words; what a headline shares with the whole story
    (the centroid) is the evidence, not its best match among the members alone."""
    stories = group_items(
        [
            item("wheat", "Argentina wheat harvest beats forecasts"),
            item("outage", "Twitter restored after hour-long outage"),
            item("buy", "Chiquita agrees to buy Irish rival Fyffes", 1),
            item("merger", "Chiquita and Fyffes merger creates world's biggest banana company", 2),
            item("giants", "Banana giants to combine in all-share deal", 3),
        ]
    )
    assert stories["buy"] == stories["merger"] == stories["giants"]
    assert len({stories["wheat"], stories["outage"], stories["buy"]}) == 3


def test_same_topic_different_milestones_are_two_events() -> None:
    stories = group_items(
        [
            item("committee", "Senate committee advances Barrett nomination"),
            item("vote", "Senate confirms Barrett to the Supreme Court", 30),
        ]
    )
    assert stories["committee"] != stories["vote"]


def test_outlets_naming_one_step_in_other_verbs_are_one_event() -> None:
    stories = group_items(
        [
            item("left", "House passes bill decriminalizing marijuana at federal level"),
            item("centre", "House approves decriminalizing marijuana; bill to stall in Senate", 2),
            item("right", "US indicts six Russian officers over cyberattacks", 3),
            item("wire", "US charges six Russian intelligence officers in cyberattacks", 4),
        ]
    )
    assert stories["left"] == stories["centre"] != stories["right"] == stories["wire"]


def test_names_the_summary_already_says_do_not_count_twice() -> None:
    """Entities ride along for what the words do not say; repeating the shared "who" of two events
    of one topic would make them one story."""
    committee = StoryItem(
        "committee",
        "The Senate Judiciary Committee advanced the nomination of Amy Coney Barrett",
        "The Senate Judiciary Committee advanced the nomination of Amy Coney Barrett to the Supreme Court "
        "on Thursday, as Democrats boycotted the session. Republican leaders in the Senate praised it.",
        T0,
        entities=("Senate Judiciary Committee", "Amy Coney Barrett", "Supreme Court", "Senate"),
    )
    confirmed = StoryItem(
        "vote",
        "The Senate confirmed Amy Coney Barrett to the Supreme Court on Monday",
        "The Senate confirmed Amy Coney Barrett to the Supreme Court on Monday, cementing a conservative "
        "majority. Republican leaders in the Senate praised the confirmation of Barrett.",
        T0 + timedelta(hours=20),
        entities=("Amy Coney Barrett", "Senate", "Supreme Court", "White House"),
    )
    grouper = StoryGrouper()
    grouper.add(committee)
    with_names = grouper.decide(confirmed)
    without = StoryGrouper()
    without.add(StoryItem(committee.id, committee.title, committee.text, committee.published))
    bare = without.decide(StoryItem(confirmed.id, confirmed.title, confirmed.text, confirmed.published))
    assert with_names.story is None and with_names.score <= bare.score + 1e-6


def test_a_story_closes_after_the_window() -> None:
    config = StoryConfig(window=timedelta(hours=48))
    stories = group_items(
        [
            item("mon", "Harbour bridge reopens after repair"),
            item("thu", "Harbour bridge reopens after repair", 72),
        ],
        config,
    )
    assert stories["mon"] != stories["thu"]


def test_a_wire_copy_is_a_near_duplicate_whatever_its_headline() -> None:
    body = " ".join(
        f"Paragraph {n} of the wire report on the port strike and its effects." for n in range(12)
    )
    grouper = StoryGrouper()
    first = grouper.add(item("ap", "Dockers strike at the port", text=body))
    decision = grouper.decide(
        item("copy", "Local paper: what the strike means", 2, text=body + " Extra line.")
    )
    assert (decision.story, decision.reason) == (first, "near-duplicate")


def test_replaying_stored_state_keeps_the_stored_stories() -> None:
    grouper = StoryGrouper()
    grouper.add(item("a", "Russian drones kill seven in Kyiv"), story="41")
    assert grouper.decide(item("b", "Seven killed in Kyiv as Russian drones strike", 1)).story == "41"


def _reading(value: int, source: str, *, scope: str | None = "overnight", hours: float = 0) -> Reading:
    figure = Figure(value=value, unit="people", qualifier="exact", event="killed", scope=scope)
    return Reading(figure, source, f"https://{source.lower()}.example/x", T0 + timedelta(hours=hours))


def test_figures_of_one_kind_merge_and_disagreements_are_kept() -> None:
    merged = merge([_reading(7, "Reuters"), _reading(7, "BBC"), _reading(8, "AP", hours=1)])
    (figure,) = merged
    assert figure.disputed and [r.source for r in figure.readings] == ["Reuters", "AP"]


def test_a_storys_figures_follow_the_salience_each_source_stored() -> None:
    lead_price = Figure(value=50, unit="GBX", qualifier="exact", event="raised", salience=0.15)
    other_toll = Figure(value=7, unit="people", qualifier="exact", event="killed", salience=0.8)
    merged = merge(
        [
            Reading(lead_price, "Lead", None, T0),
            Reading(other_toll, "AP", None, T0 + timedelta(hours=1)),
        ]
    )
    assert [m.readings[0].source for m in merged] == ["AP", "Lead"], "the toll outranks the lead's price"
    unscored = [
        _reading(7, "Reuters"),
        Reading(Figure(value=3, unit="regions", qualifier="exact"), "AP", None, T0),
    ]
    assert [m.readings[0].source for m in merge(unscored)] == ["Reuters", "AP"], "no salience: order kept"


def test_changes_compare_only_the_same_event_noun_and_scope() -> None:
    before = snapshot(merge([_reading(7, "Reuters")]))
    later = merge([_reading(9, "AP", hours=20), _reading(12, "AP", scope="this week", hours=20)])
    (change,) = changes(before, later)
    assert (change.name, change.before["value"], change.now.figure.value) == ("killed", 7, 9)
    assert changes(before, merge([_reading(7, "AP", hours=20)])) == []


def test_relative_words_are_pinned_to_the_day_they_meant() -> None:
    kyiv = ZoneInfo("Europe/Kyiv")
    said = datetime(2025, 11, 25, 9, tzinfo=kyiv)
    assert pin_relative("Shelling yesterday and overnight", said, kyiv) == (
        "Shelling yesterday (Mon 24 Nov) and overnight (night to Tue 25 Nov)"
    )
    evening = datetime(2025, 11, 25, 21, tzinfo=kyiv)
    assert pin_relative("Storms are expected overnight", evening, kyiv).endswith("(night to Wed 26 Nov)")


def test_newsbrief_stories_prints_one_story_per_item(tmp_path: Path) -> None:
    rows = [
        {"id": "a1", "title": "Russian drones kill seven in overnight attack on Kyiv", "text": "",
         "published": "2025-11-25T06:00:00Z", "publisher": "Reuters"},
        {"id": "b1", "title": "Senate committee advances Barrett nomination", "text": "",
         "published": "2025-11-25T08:00:00Z", "publisher": "CNN"},
        {"id": "a2", "title": "Seven killed as Russia strikes Kyiv with drones overnight", "text": "",
         "published": "2025-11-25T07:00:00Z", "publisher": "AP"},
        {"id": "b2", "title": "Senate confirms Barrett to Supreme Court", "text": "",
         "published": "2025-11-26T08:00:00Z", "publisher": "Fox"},
    ]  # fmt: skip
    items = tmp_path / "items.jsonl"
    items.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBRIEF_")}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "stories", str(items)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert out == [
        {"id": "a1", "story": "a1"},
        {"id": "b1", "story": "b1"},
        {"id": "a2", "story": "a1"},
        {"id": "b2", "story": "b2"},
    ]
    bad = subprocess.run(
        [sys.executable, "-m", "bot", "stories", "-"],
        input='{"id": "x", "title": "ok"}\nnot json\n',
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 2 and "line 2: not JSON" in bad.stderr
