"""What happened to each figure, read from the grammar of the sentence (issue 14, second round).

Every sentence here was written for these tests, one or more per construction; none is taken from the
gold sets, so the tests say what each rule does, not which gold line it fixes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.figures import extract_figures
from tests.figure_helpers import case, event_of, figure

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def check(text: str, value: object, event: str | None) -> None:
    assert event_of(text, value) == event


# --------------------------------------------------------------------------------------------------
# Subject of an active verb, object after particles and adverbs, infinitives
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        case("Some 2,500 flights were grounded on Friday.", 2500, "grounded"),
        case("About 300 people marched through the city centre.", 300, "marched"),
        case("Around 20 volunteers helped clear the beach.", 20, "helped"),
        case("Thousands gathered as 40 lorries blocked the road.", 40, "blocked"),
        case("Last month, 40,000 people visited the exhibition.", 40000, "visited"),
        case("Up to 400 people took part in a parade.", 400, "took part"),
        case("About 300 drivers have put up posters.", 300, "put up"),
        case("More than £12m has been paid out in compensation.", 12_000_000, "paid out"),
    ],
)
def test_a_figure_in_subject_position_takes_its_verb(text: str, value: object, event: str | None) -> None:
    check(text, value, event)


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        case("The retailer sold off 30 shops last year.", 30, "sold off"),
        case("The council have so far spent $2m on the project.", 2_000_000, "spent"),
        case("He will pay back the whole £10,000.", 10000, "pay back"),
        case("The council has put aside £2m for repairs.", 2_000_000, "put aside"),
        case("The league has already handed out 12 bans.", 12, "handed out"),
        case("Rebels offered him $1m to switch sides.", 1_000_000, "offered"),
        case("The court ordered him to pay them £3,000.", 3000, "pay"),
        case("UEFA fined the club £50,000 for crowd trouble.", 50000, "fined"),
        case("The rebels were supposed to hand over 30% of their arms.", 30, "hand over"),
    ],
)
def test_a_figure_after_a_particle_an_adverb_or_an_indirect_object_is_the_object(
    text: str, value: object, event: str | None
) -> None:
    check(text, value, event)


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        case("The firm said it would cut 500 jobs.", 500, "cut"),
        case("The bank plans to cut 500 jobs and close 40 branches.", 40, "close"),
        case("The regulator will fine the firm and ban 12 directors.", 12, "ban"),
        case("The council faces a deadline, with 3,000 homes to build by 2030.", 3000, "build"),
        case("The government is expected to spend £5bn on roads.", 5_000_000_000, "spend"),
    ],
)
def test_planned_events_and_coordinated_verbs_take_the_base_form(
    text: str, value: object, event: str
) -> None:
    check(text, value, event)


# --------------------------------------------------------------------------------------------------
# Prepositions: prepositional verbs, passives, agents, reduced relatives, conjunctions
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        case("The unit cares for up to 46 patients.", 46, "cared for"),
        case("Exports accounted for 40% of sales last year.", 40, "accounted for"),
        case("Three men were charged with 14 offences.", 14, "charged"),
        case("He was convicted of 14 counts of fraud.", 14, "convicted"),
        case("The workers will be paid £500 each.", 500, "paid"),
        case("Schools would be given 30% more money.", 30, "given"),
        case("Only two of the 103 people they asked refused.", 103, "asked"),
        case("One of the three awards she won came in 2015.", 3, "won"),
        case("Schools closed after 40 pupils were taken ill.", 40, "taken"),
        case("The court heard that 30 animals had been found dead.", 30, "killed"),
        case("She saw three people being pulled out of the water.", 3, "pulled"),
        case("The notices claimed 991 drivers were caught.", 991, "caught"),  # not "claimed"
        case("He has won three titles in England and two in Italy, scoring 38 goals.", 2, "won"),
    ],
)
def test_prepositions_passives_and_relative_clauses(text: str, value: object, event: str) -> None:
    check(text, value, event)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The painting was sold for $1.2m.", 1_200_000),  # a price
        ("The motion was defeated by 33 votes to 20.", 33),  # a margin
        ("Two guards were killed by 3 gunmen.", 3),  # a casualty verb: the gunmen are not the dead
        ("The firm's cast and crew for over 150 shows were thanked.", 150),  # "crew" is a noun here
        ("The scandal cost Barclays Bank a record £290m.", 290_000_000),  # "Bank" is a name
        ("The rescues of two men and two women took place at dawn.", 2),  # "took place" says nothing
        ("The scheme will save £140m over five years.", 5),  # a duration
        ("The dancers cost around £2,500 to hire.", 2500),  # money is not what is hired
        ("A draw brought both sides 10 points.", 10),  # "sides" is a noun after "both"
    ],
)
def test_prices_margins_names_and_idioms_have_no_event(text: str, value: object) -> None:
    assert event_of(text, value) is None


# --------------------------------------------------------------------------------------------------
# Nouns of action and change
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        case("Union leaders condemned the deaths of 7 workers at the site.", 7, "died"),
        case("The closure of 40 branches was announced on Monday.", 40, "closed"),
        case("Campaigners welcomed the release of 300 prisoners.", 300, "released"),
        case("The evacuation of 2,000 residents began at dawn.", 2000, "evacuated"),
        case("The killing of 12 protesters sparked outrage.", 12, "killed"),
        case("The plan includes the creation of 1,500 jobs.", 1500, "created"),
        case("Union leaders warned of the loss of 200 jobs.", 200, "lost"),
        case("The report studied the implications of closing over 250 stations.", 250, "closed"),
    ],
)
def test_a_noun_of_action_before_of_names_the_event(text: str, value: object, event: str) -> None:
    check(text, value, event)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The town has a population of 30,000 people.", 30000),
        ("The list contains the names of 72 organisations.", 72),
        ("A group of 40 pupils visited the museum.", 40),
    ],
)
def test_nouns_that_measure_or_contain_are_no_event(text: str, value: object) -> None:
    assert event_of(text, value) != "populated"
    assert event_of(text, value) not in ("named", "grouped")


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        case("Unemployment fell sharply to 4.1% in May.", 4.1, "fell"),
        case("Inflation has risen steadily to 3.2%.", 3.2, "rose"),
        case("This fell steadily to 17.3% before rising again.", 17.3, "fell"),
        case("Sales had dipped in March but were still up 2% on the year.", 2, "up"),
        case("The firm saw profits fall 20% last year.", 20, "fell"),
        case("Profits rose by £20m to £150m.", 20_000_000, "rose"),
    ],
)
def test_verbs_and_adjectives_of_change(text: str, value: object, event: str) -> None:
    check(text, value, event)


def test_by_an_amount_to_a_level_is_no_range() -> None:
    values = [f.value for f in extract_figures("Profits rose by £20m to £150m.")]
    assert sorted(values) == [20_000_000, 150_000_000]
    values = [f.value for f in extract_figures("Its funding was cut by more than £4m to £25.98m.")]
    assert sorted(values) == [4_000_000, 25_980_000]


# --------------------------------------------------------------------------------------------------
# Lists and conversions share the verb
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        case("The firm raised $40m (£31m) from investors.", 31_000_000, "raised"),
        case("Police found 3kg of heroin and £20,000 in cash.", 20000, "found"),
        case("The storm destroyed 300 homes and damaged 1,200.", 1200, "damaged"),
        case("The plane dropped from 11,300m (37,000ft) to 4,600m (15,000ft).", 15000, "dropped"),
    ],
)
def test_lists_and_conversions_share_the_verb(text: str, value: object, event: str) -> None:
    check(text, value, event)


def test_a_list_item_with_a_verb_of_its_own_keeps_it() -> None:
    text = "The charity raised £5m and 300 volunteers were hired."
    assert event_of(text, 5_000_000) == "raised"
    assert event_of(text, 300) == "hired"


def test_a_conversion_keeps_the_qualifier_of_the_amount_before_it() -> None:
    got = extract_figures("The spill affected about 35 sq miles (90 sq km) of land.")
    assert [(f.value, f.qualifier) for f in got] == [(35, "around"), (90, "around")]


# --------------------------------------------------------------------------------------------------
# Units and values
# --------------------------------------------------------------------------------------------------


def test_a_noun_left_out_after_a_verb_is_borrowed() -> None:
    found = figure("The council has approved plans to build 400 homes and refurbish 120.", 120)
    assert found is not None and (found.unit, found.event) == ("homes", "refurbish")


def test_others_take_the_earlier_noun_unless_a_people_verb_governs_them() -> None:
    found = figure("Eight of the junctions had roundabouts, with seven others being crossroads.", 7)
    assert found is not None and found.unit == "junctions"
    found = figure("More than 200,000 people died and 11 million others were displaced.", 11_000_000)
    assert found is not None and found.unit == "people"


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("The scheme will save £140m over five years.", 5, "exact"),
        ("He played first-class cricket over two summers.", 2, "exact"),
        ("He has lived there for over 30 years.", 30, "more than"),
        ("Over 700 people have been killed.", 700, "more than"),
    ],
)
def test_over_before_a_span_of_time_is_a_preposition(text: str, value: object, qualifier: str) -> None:
    found = figure(text, value)
    assert found is not None and found.qualifier == qualifier


def test_counted_times_are_figures_but_ratios_are_not() -> None:
    found = figure("He has scored four times in 89 appearances.", 4)
    assert found is not None and (found.unit, found.event) == ("times", "scored")
    assert figure("Prices are three times higher than in 2010.", 3) is None
    found = figure("He was nominated 17 times over his career.", 17)
    assert found is not None and (found.unit, found.event) == ("times", "nominated")


def test_an_age_after_died_at_is_no_count() -> None:
    assert extract_figures("The war criminal has died at 93 after a long illness.") == []


def test_a_lone_one_and_years_before_a_noun_are_not_figures() -> None:
    assert figure("The team has three drones and one ground robot.", 1) is None
    assert figure("All timings for the 2013, 2014 and 2015 events were declared void.", 2015) is None
    assert figure("He voted in the 2012 referendums.", 2012) is None


# --------------------------------------------------------------------------------------------------
# The fresh held-out set itself
# --------------------------------------------------------------------------------------------------


def test_the_fresh_held_out_set_is_separate_and_large_enough() -> None:
    fresh = [json.loads(line) for line in (FIXTURES / "figures_news_fresh.jsonl").open(encoding="utf-8")]
    first = [json.loads(line) for line in (FIXTURES / "figures_news_gold.jsonl").open(encoding="utf-8")]
    assert len(fresh) >= 150
    assert sum(1 for row in fresh for f in row["figures"] if f.get("event")) >= 80
    assert any(not row["figures"] for row in fresh)
    assert not {row["source"] for row in fresh} & {row["source"] for row in first}
    assert len({row["source"] for row in fresh}) == len(fresh)  # one sentence per article
