"""What happened to each figure, fourth round of issue 14: the basic, common English the earlier rounds
missed: present-tense verbs whose form is also a noun, adverbs between a subject and its verb,
relative clauses after a counted noun, function words that are never verbs, and nouns of quantity
before "of".

Every sentence here was written for these tests, one or more per construction; none is taken from the
gold or fresh sets, so the tests say what each rule of English does, not which labelled line it fixes.
"""

from __future__ import annotations

import pytest

from summarizer.figures import extract_figures
from summarizer.types import Figure


def figure(text: str, value: object) -> Figure | None:
    found = [f for f in extract_figures(text) if f.value == value]
    return found[0] if found else None


def event_of(text: str, value: object) -> str | None:
    found = figure(text, value)
    assert found is not None, (text, value, extract_figures(text))
    return found.event


def case(text: str, value: object, event: str | None) -> object:
    return pytest.param(text, value, event, id=f"{value}-{event}")


# --------------------------------------------------------------------------------------------------
# Function words are never verbs
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        # conjunctions, prepositions and adverbs that the lexicon also lists as rare verbs
        case("Polls show that while 60% of voters back the plan, few understand it.", 60, None),
        case("Analysts said 15% may even be too low.", 15, None),
        case("A ticket will set you back $40.", 40, None),
    ],
)
def test_function_words_are_never_the_verb_of_a_figure(text: str, value: object, event: str | None) -> None:
    assert event_of(text, value) == event
