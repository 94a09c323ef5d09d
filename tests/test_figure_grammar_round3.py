"""What happened to each figure, third round of issue 14: subjects across long noun phrases, agents,
modifiers that describe another noun, and the units those constructions carry.

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
# The subject: the noun phrase may go on before its verb
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        # a prepositional phrase with a year or a count of its own inside the subject
        case("Three floods in 2019 destroyed the old bridge.", 3, "destroyed"),
        case("Forty families from 12 villages fled the fighting.", 40, "fled"),
        # a chain of prepositional phrases: only content words make a subject long
        case(
            "About 60 nurses and midwives at two clinics in the north of the county were trained.",
            60,
            "trained",
        ),
        # two nouns joined by "and", one subject
        case("Some 90 boys and girls at the school were vaccinated.", 90, "vaccinated"),
        # an apposition: ages after "aged", or after "both"
        case("Three men aged 20, 24 and 31 were charged on Friday.", 3, "charged"),
        case("The two drivers, both 40, were treated at the scene.", 2, "treated"),
        case("Two officers of the city's largest force, the Met, were suspended.", 2, "suspended"),
        # an adverb between the noun and its participle after "with"
        case("The line was closed, with 40 trains temporarily suspended.", 40, "suspended"),
    ],
)
def test_the_subject_noun_phrase_may_go_on_before_its_verb(text: str, value: object, event: str) -> None:
    assert event_of(text, value) == event


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a list goes on after a comma: "crushed" describes the next item
        ("Her injuries were a broken arm, 14 fractures in her leg, a crushed and bruised foot.", 14),
        # a participle clause after a comma belongs to the sentence's subject, not to the number
        ("The firm named its 30 suppliers on Friday, having long refused to do so.", 30),
        # the end of a compound adjective is no verb
        ("The club sit five points clear of third-placed Leeds.", 5),
        # a participle after an article describes the noun after it
        ("The crew had 90 metres of open road before the damaged barrier.", 90),
    ],
)
def test_what_is_no_verb_of_the_subject(text: str, value: object) -> None:
    assert event_of(text, value) is None
