"""The round-5 event picker experiment (bench/figure_event_picker.py): which words it offers as the event
of a figure, and how it words them. Sentences written for these tests, not taken from the fixtures."""

from __future__ import annotations

import pytest

from bench.figure_event_picker import Candidate, EventPicker, LinearModel, candidates


def offered(text: str, figure: str, unit: str | None = None) -> list[Candidate]:
    start = text.index(figure)
    return candidates(text, text.lower(), start, start + len(figure), unit)


def events(text: str, figure: str, unit: str | None = None) -> list[str]:
    return [c.event for c in offered(text, figure, unit)]


@pytest.mark.parametrize(
    ("text", "figure", "unit", "event"),
    [
        # the figure is the object: the past participle, a particle kept
        ("Coastguards shot down 12 drones over the bay on Tuesday.", "12 drones", "drones", "shot down"),
        ("The bakery sold 4,000 loaves in a single morning.", "4,000 loaves", "loaves", "sold"),
        # the figure is the subject: the past tense; of a passive: the participle
        ("Nearly 90 families fled the valley before dawn.", "Nearly 90 families", "families", "fled"),
        ("About 400 trains were cancelled after the storm.", "About 400 trains", "trains", "cancelled"),
        ("Up to 70 schools could be affected by the strike.", "Up to 70 schools", "schools", "affected"),
        # after "to" or a modal: the base form
        ("The carmaker plans to hire 300 engineers next year.", "300 engineers", "engineers", "hire"),
        # a noun of change sized by the amount
        ("Shop takings showed a 6% rise in March.", "6%", "%", "rose"),
    ],
)
def test_the_governing_word_is_offered_in_the_conventional_wording(
    text: str, figure: str, unit: str, event: str
) -> None:
    assert event in events(text, figure, unit)


def test_the_nearest_candidate_on_each_side_comes_first() -> None:
    found = offered("Inspectors found that 35 bridges needed urgent repairs.", "35 bridges", "bridges")
    after = [c for c in found if c.at > 30]
    assert after[0].word == "needed"
    assert "dist=R0" in after[0].features and "rank=R0" in after[0].features


def test_what_lies_between_is_described() -> None:
    found = offered("Volunteers, who arrived at noon, planted 500 trees.", "500 trees", "trees")
    arrived = next(c for c in found if c.word == "arrived")
    assert "between=comma" in arrived.features
    planted = next(c for c in found if c.word == "planted")
    assert not any(f.startswith("between=") for f in planted.features)


def test_names_and_the_next_sentence_are_never_candidates() -> None:
    text = "The 40 lorries reached Reading by noon. Drivers complained later."
    words = [c.word for c in offered(text, "40 lorries", "lorries")]
    assert "reached" in words
    assert "reading" not in words  # a town, capitalised inside the sentence
    assert "complained" not in words  # another sentence


def test_auxiliaries_and_modals_are_never_events() -> None:
    found = events("Officials said 25 homes had been flooded.", "25 homes", "homes")
    assert sorted(found) == ["flooded", "said"]  # not "had", "been"


def test_the_decider_leaves_a_figure_without_event_when_unsure() -> None:
    found = offered("Rescuers pulled 14 sailors from the sea.", "14 sailors", "sailors")
    ranker = LinearModel({"side=L": 2.0, "dist=L0": 1.0}, -1.0)
    sure = EventPicker(ranker, LinearModel({"best_logit": 1.0}, 0.0), threshold=0.5)
    unsure = EventPicker(ranker, LinearModel({"best_logit": 1.0}, -10.0), threshold=0.5)
    best = sure.pick(found, "sailors")
    assert best is not None and best.event == "pulled"
    assert unsure.pick(found, "sailors") is None
