"""What happened to each figure, third round of issue 14: subjects across long noun phrases, agents,
modifiers that describe another noun, and the units those constructions carry.

Every sentence here was written for these tests, one or more per construction; none is taken from the
gold or fresh sets, so the tests say what each rule of English does, not which labelled line it fixes.
"""

from __future__ import annotations

import pytest

from summarizer.figures import extract_figures
from tests.figure_helpers import case, event_of, figure

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


# --------------------------------------------------------------------------------------------------
# "by": an agent, a margin or the size of a change
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        # the agent of a passive did what the verb says, in the past tense as any subject
        case("The concert was attended by 4,000 fans.", 4000, "attended"),
        case("The mural was painted by 30 volunteers from the town.", 30, "painted"),
        case("The petition was signed by some 200 parents.", 200, "signed"),
        case("The plan was approved by 86% of members.", 86, "approved"),
        # after a verb of change "by" gives the size of the change, also past its object
        case("The council plans to cut road spending by 30% next year.", 30, "cut"),
        case("The bank is lowering its main rate by 0.5 percentage points.", 0.5, "lowered"),
        case("The new drug could extend survival by 26%.", 26, "extend"),
        # "help" takes a bare infinitive
        case("The grant will help repair 40 homes.", 40, "repair"),
        case("Donations helped buy 300 blankets.", 300, "buy"),
    ],
)
def test_agents_changes_and_bare_infinitives(text: str, value: object, event: str) -> None:
    assert event_of(text, value) == event


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Workers rejected the offer by 56.6%.", 56.6),  # a margin of a vote
        ("The motion was carried by 12 votes.", 12),  # a margin
        ("Four guards were injured by 2 attackers.", 2),  # a casualty verb: the attackers are not hurt
    ],
)
def test_margins_and_casualty_agents_have_no_event(text: str, value: object) -> None:
    assert event_of(text, value) is None


# --------------------------------------------------------------------------------------------------
# An amount that describes another noun is that noun's size
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The board approved the £2bn rail link on Monday.", 2_000_000_000),
        ("She quit her $250,000-a-year job last week.", 250_000),
        ("He lost a £40m libel claim against the paper.", 40_000_000),
        ("The firm is selling the 12-storey office block.", 12),
        ("Builders finished the 500-seat theatre in May.", 500),
    ],
)
def test_an_amount_that_describes_another_noun_takes_no_event(text: str, value: object) -> None:
    assert event_of(text, value) is None


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        ("The council approved a £6m budget for the scheme.", 6_000_000, "approved"),
        ("The country must repay a $300m loan next week.", 300_000_000, "repay"),
        ("Fans have beaten the £5,000 target.", 5000, "beaten"),
        ("The club has paid £2m compensation to the family.", 2_000_000, "paid"),
    ],
)
def test_an_amount_before_a_noun_of_money_takes_the_verb(text: str, value: object, event: str) -> None:
    assert event_of(text, value) == event


# --------------------------------------------------------------------------------------------------
# Verbs the lexicon does not hold, prepositions, passives of light verbs, clauses after "found"
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        # an -ing or -ed verb lemminflect does not know is still a verb
        case("The band livestreamed 12 concerts last year.", 12, "livestreamed"),
        case("He was accused of wiretapping 300 phones.", 300, "wiretapped"),
        # a focusing word between a prepositional verb and its number
        case("Tourism accounts for only 9% of jobs.", 9, "accounted for"),
        # a light verb that names an event in the passive
        case("About 200 officers were involved in the raids.", 200, "involved"),
        # a share restated in brackets is the subject of what follows
        case("Nearly three in four (74%) were born abroad.", 74, "born"),
        # a verb reaches the number through "all of", "much of"
        case("The club lost all of its 19 games.", 19, "lost"),
        case("He must pay back much of the £30,000.", 30000, "pay back"),
        # a verb that reports a clause: the number is the clause's subject
        case("The survey found 40% of staff had been abused.", 40, "abused"),
        # a distance walked from one place to another is a route, not a position
        case("She walked 26 miles from Leeds to York.", 26, "walked"),
    ],
)
def test_unknown_verbs_prepositions_passives_and_clauses(text: str, value: object, event: str) -> None:
    assert event_of(text, value) == event


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The raids involved 200 officers.", 200),  # the active light verb links
        ("The study found 15% of waste came from farms.", 15),  # not "found": the clause's subject
        ("The boat sank 20 miles off the coast.", 20),  # a position
        ("He lives 300 metres from the school.", 300),
        ("The town lies 30 km north of the capital.", 30),
        ("The show ran 200 episodes over 12 series.", 12),  # "over" a span is a preposition
    ],
)
def test_positions_spans_and_linking_verbs_have_no_event(text: str, value: object) -> None:
    assert event_of(text, value) is None


# --------------------------------------------------------------------------------------------------
# Units: what the number counts
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        # a plural written without -s
        ("He broke 4 vertebrae in the fall.", 4, "vertebrae", "exact"),
        # a plural possessive modifies the head
        ("The firm has won 9 builders' awards.", 9, "builders' awards", "exact"),
        # two one-word modifiers joined by "and" before the head
        ("The list named 40 regular and occasional donors.", 40, "regular and occasional donors", "exact"),
        ("They lost all 12 league and cup games.", 12, "league and cup games", "exact"),
        # a count before a singular noun that modifies another noun
        ("They rent a three bedroom house.", 3, "bedrooms", "exact"),
        # "-strong" counts the noun after it; "a one-year" counts a year
        ("A 5,000-strong crowd marched.", 5000, "crowd", "exact"),
        ("He was given a one-year ban.", 1, "years", "exact"),
        # units and qualifiers
        ("Winds of up to 60mph (100kmph) are expected.", 100, "kmph", "up to"),
        ("Patients should wait no longer than 18 weeks.", 18, "weeks", "up to"),
        ("The club agreed a near £4m budget.", 4_000_000, "GBP", "nearly"),
        ("He has scored four times there.", 4, "times", "exact"),
    ],
)
def test_units_and_qualifiers(text: str, value: object, unit: str, qualifier: str) -> None:
    found = figure(text, value)
    assert found is not None, extract_figures(text)
    assert (found.unit, found.qualifier) == (unit, qualifier)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("He has trained for a six-pack.", 6),  # a noun of its own
        ("He drove an 18-wheeler, and then a bus.", 18),
        ("India won the third one-day international.", 1),  # a name, not a day
        ("It was a one-off payment.", 1),
        ("The index neared the 65,000 resistance level.", 65000),  # no "a" before: no count modifier
    ],
)
def test_hyphenated_nouns_and_names_are_not_counts(text: str, value: object) -> None:
    found = figure(text, value)
    assert found is None or found.unit not in ("packs", "wheelers", "days", "offs", "resistances")


def test_a_participle_after_a_comma_before_a_plural_noun_goes_on_with_a_list() -> None:
    text = "The crash left him with 12 fractured ribs, broken legs and a bruised back."
    found = figure(text, 12)
    assert found is not None and (found.unit, found.event) == ("fractured ribs", None)


# --------------------------------------------------------------------------------------------------
# Read on unused news: what is no verb of the number
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        # a number in a partitive after a preposition: only a participle after it is its own
        ("The walkout by half of the 300 drivers would halt buses.", 300, None),
        ("The firm is cutting 500 jobs on top of the 2,000 cuts already announced.", 2000, "announced"),
        # "and" + a plural noun is part of the subject, not a verb ("crew" is also the past of "crow")
        ("Rescuers hope to find many of the 90 passengers and crew who were on board.", 90, None),
        # a modal is no verb of its own
        ("We would average 10% margins over the cycle.", 10, None),
        # a participle after a preposition and before its noun describes the noun
        ("Some 30% of children in developed countries are obese.", 30, None),
        # the end of a compound adjective inside a relative clause is no verb
        ("The 15 soldiers who flew in the Russian-made helicopter were rescued.", 15, "rescued"),
    ],
)
def test_what_is_not_the_numbers_verb_on_unused_news(text: str, value: object, event: str | None) -> None:
    assert event_of(text, value) == event


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        # after a preposition and a determiner only a participle right after the noun is the number's
        ("Talks between the two sides have been frozen since May.", 2, None),
        ("A memorial was built for the 3,000 soldiers killed in the war.", 3000, "killed"),
        ("The survey says 60% of the city's 90,000 staff took part in the strike.", 90000, None),
        # ... the share before the partitive is the subject
        ("The survey says 60% of the city's 90,000 staff took part in the strike.", 60, "took part"),
        # the whole before "of" is the number itself
        ("Each of the 40 dancers will receive $500.", 40, "receive"),
        ("An average of 20 inches fell across the state.", 20, "fell"),
        # a span after "over" takes no event, in any sport
        ("He allowed two runs over seven innings to earn the win.", 7, None),
        # a year inside a phrase opened by a comma is no part of the subject
        ("In his last five starts, the 21-year-old has given up four runs.", 5, None),
    ],
)
def test_determiners_partitives_and_spans(text: str, value: object, event: str | None) -> None:
    assert event_of(text, value) == event


def test_a_share_of_people_before_an_infinitive_takes_it_after_a_light_verb() -> None:
    assert event_of("The strike needs 50% of eligible members to vote for it.", 50) == "vote"
    assert event_of("It cost 30% of the budget to build.", 30) is None  # a purpose, not the share's verb


# --------------------------------------------------------------------------------------------------
# A verb left out the second time (gapping)
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        ("Cars emit 20% of the fumes and lorries 35%.", 35, "emitted"),
        ("She earned $2m from prize money, but a staggering $30m from adverts.", 30_000_000, "earned"),
        ("He raised £5m last year and £7m the year before.", 7_000_000, "raised"),
        ("Obesity rose 20 percent in adults and 40 percent in children.", 40, "rose"),
    ],
)
def test_a_verb_left_out_the_second_time_is_shared(text: str, value: object, event: str) -> None:
    assert event_of(text, value) == event


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The firm cut 500 jobs and 300 more are at risk.", 300),  # a clause of its own
        ("The index reached 82.3 percent, up from 79.9 percent.", 79.9),  # a comparison
        ("It posted a loss of $7m, or $0.23 per share.", 0.23),  # "or" restates
        ("Officials said 40 people died and 20 remain missing.", 20),  # the first verb came after
    ],
)
def test_no_gapping_across_clauses_comparisons_or_subject_verbs(text: str, value: object) -> None:
    found = figure(text, value)
    assert found is None or found.event in (None, "missing")


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        # a collective noun before "of": its verb is its number's
        ("A group of 40 pupils visited the museum.", 40, "visited"),
        ("The first batch of 500 phones will ship in May.", 500, "ship"),
        # but a survey is not its sample: the sample did not find, it was surveyed (round 4, as the
        # labelling conventions of tests/fixtures/README.md ask: "a survey of 540,000 students")
        ("A survey of 2,000 adults found that most were happy.", 2000, "surveyed"),
        # a relative clause in the present tense describes; its infinitive is its own
        ("The farm keeps a herd of 25 goats that love to eat weeds.", 25, None),
        ("Some 10 people who live nearby were evacuated.", 10, "evacuated"),
    ],
)
def test_collective_nouns_and_relative_clauses(text: str, value: object, event: str | None) -> None:
    assert event_of(text, value) == event


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        ("The roof was damaged, along with four old lamps.", 4, "damaged"),
        ("Customs seized 3kg of cocaine, as well as £20,000 in cash.", 20000, "seized"),
        ("Two guards were injured, together with three visitors.", 3, "injured"),
        ("He said the museum, along with 3 galleries, is closed.", 3, None),  # "said" reports
    ],
)
def test_what_is_added_with_along_with_shares_the_clause_verb(
    text: str, value: object, event: str | None
) -> None:
    assert event_of(text, value) == event


@pytest.mark.parametrize(
    ("text", "value", "unit", "event"),
    [
        # currencies written as words are money: "rupiah", "lei", "forints", "taka"
        ("The bank lost seven billion rupiah in the fraud.", 7_000_000_000, "IDR", "lost"),
        ("Spending will rise by some 566 billion lei.", 566_000_000_000, "RON", "rise"),
        # a name before a measure is no model number ("Boeing 737")
        ("A test on Smith 90 minutes after the crash was positive.", 90, "minutes", None),
        # a measure that names the kind of a noun takes no event
        ("The former Olympic 100 metres champion had agreed to race.", 100, "metres", None),
        ("She walked 5 miles home.", 5, "miles", "walked"),
    ],
)
def test_currency_words_names_before_measures_and_measures_before_nouns(
    text: str, value: object, unit: str, event: str | None
) -> None:
    found = figure(text, value)
    assert found is not None, extract_figures(text)
    assert (found.unit, found.event) == (unit, event)


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        # two counted subjects joined by "and" share the verb: the first skips the second's number
        ("Some 300 nurses and 120 doctors were hired this year.", 300, "hired"),
        ("At least 40 children and 36 women have been injured.", 40, "injured"),
        # a long apposition closed by a comma before the auxiliary
        (
            "Two pupils of the village school, where the headteacher had taught for more than a decade,"
            " have been praised.",
            2,
            "praised",
        ),
    ],
)
def test_coordinated_counted_subjects_and_long_appositions(text: str, value: object, event: str) -> None:
    assert event_of(text, value) == event


def test_an_adverb_before_a_passive_and_a_name_between_gapped_amounts() -> None:
    assert event_of("The show is regularly watched by well over 2 million homes.", 2_000_000) == "watched"
    text = "The film has earned $90m at home since opening May 2, and $120m abroad."
    assert event_of(text, 120_000_000) == "earned"


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        # a passive with "for" and a count of things: the things themselves
        ("The novel was shortlisted for three major prizes.", 3, "shortlisted"),
        ("He was banned for six matches.", 6, "banned"),
        # but a duration, a price or a share after "for" is no such count
        ("He was jailed for 10 years.", 10, None),
        ("The house was sold for £400,000.", 400_000, None),
    ],
)
def test_a_passive_with_for_and_a_count_of_things(text: str, value: object, event: str | None) -> None:
    assert event_of(text, value) == event
