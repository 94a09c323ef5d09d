"""Extractive summaries read on their own: a sentence that points back comes with its antecedent."""

from __future__ import annotations

import pytest

from summarizer.text import ExtractiveSettings, extractive_summary, points_back, split_sentences


@pytest.mark.parametrize(
    "sentence",
    [
        "However, the council says the money will not arrive before June.",
        "But the plan was rejected by the regional assembly.",
        "It comes after a week of protests outside the town hall.",
        "This is the third closure of the bridge this year.",
        "He said the repairs would take at least a month.",
        "She added that nobody had been hurt.",
        "They were taken to hospital as a precaution.",
        "Meanwhile, engineers inspected the second span.",
        "The move angered local traders.",
        "Their lawyers plan to appeal.",
        '"We will rebuild it," he said.',
        "As a result, the ferry timetable was cut.",
    ],
)
def test_openers_that_point_back(sentence: str) -> None:
    assert points_back(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The city council approved a new budget for the harbour on Tuesday.",
        "This week the council approved a new budget for the harbour.",
        "That night, 40 homes were flooded in the valley.",
        "Police arrested three men after the match.",
        '"We will rebuild it," the mayor said.',
        "Heavy rain closed the bridge for the third time this year.",
        "Theresa May visited the harbour on Monday.",
        "Italy's president said the talks would resume.",
    ],
)
def test_sentences_that_stand_alone(sentence: str) -> None:
    assert not points_back(sentence)


ARTICLE = (
    "Heavy rain closed the old river bridge in the town centre on Monday morning. "
    "Engineers found deep cracks in two of the stone piers during an inspection. "
    "However, the council says the money to repair the bridge will not arrive before June. "
    "Shops on both banks reported their worst trading day of the year. "
    "Traffic was diverted through the ring road and the new bypass for the whole day. "
    "A temporary footbridge will open for pedestrians at the end of the week."
)


def test_a_picked_sentence_that_points_back_carries_its_antecedent() -> None:
    # The title makes the "However" sentence the most wanted one; it must not come alone.
    summary = split_sentences(
        extractive_summary(ARTICLE, title="Money to repair bridge will not arrive before June")
    )
    sentences = split_sentences(ARTICLE)
    for i, sentence in enumerate(summary):
        if points_back(sentence):
            assert i > 0 and summary[i - 1] == sentences[sentences.index(sentence) - 1], summary
    assert any(s.startswith("However") for s in summary)


def test_a_sentence_that_points_back_is_skipped_when_its_antecedent_does_not_fit() -> None:
    settings = ExtractiveSettings(max_sentences=1)
    summary = extractive_summary(
        ARTICLE, title="Money to repair bridge will not arrive before June", settings=settings
    )
    assert not points_back(summary)
    assert len(split_sentences(summary)) == 1


def test_an_excerpt_that_opens_mid_story_does_not_open_the_summary() -> None:
    excerpt = (
        "But the vote was postponed again after the chairman fell ill on the morning of the meeting. "
        "The harbour committee will now meet in March to decide on the new ferry terminal. "
        "Residents have collected more than 2,000 signatures against the plan since the autumn. "
        "The ferry operator says the terminal would double the number of daily crossings."
    )
    summary = split_sentences(extractive_summary(excerpt))
    assert summary and not points_back(summary[0])
