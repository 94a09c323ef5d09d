"""Rule-based key figures (summarizer/figures/extract.py) and the shared scoring rule
(bench/figure_scoring.py).

Apart from the seed story and the shared gold file, every sentence here was written for these tests,
so they check that the rules generalise beyond the gold sentences.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.figure_scoring import (
    FigureScore,
    figures_match,
    fold_qualifier,
    fold_unit,
    load_jsonl,
    score_figures,
)
from summarizer.figures import CASUALTY_EVENTS, extract_figures, figure_label
from summarizer.types import Figure


def shared_eval() -> Path:
    """shared/eval beside the repository ($NEWSBRIEF_SHARED overrides), as bench/ and the other tests do."""
    root = os.environ.get("NEWSBRIEF_SHARED") or Path(__file__).resolve().parents[1].parent / "shared"
    return Path(root) / "eval"


def facts(text: str) -> list[tuple[object, ...]]:
    """(value, unit, qualifier, event) of every figure, in ranked order."""
    return [(f.value, f.unit, f.qualifier, f.event) for f in extract_figures(text)]


def one(text: str) -> Figure:
    found = extract_figures(text)
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------------------------------
# The seed story and the shared gold file
# --------------------------------------------------------------------------------------------------


def test_seed_story_gives_exactly_the_expected_figures() -> None:
    path = shared_eval() / "seed_article.txt"
    if not path.exists():
        pytest.skip(f"shared eval data not found at {path} (set NEWSBRIEF_SHARED)")
    text = path.read_text(encoding="utf-8")
    got = {(f.value, f.unit, f.qualifier, f.event, f.scope) for f in extract_figures(text)}
    week = "over the past week"
    assert got == {
        (118, "drones", "exact", "launched", "overnight"),
        (7, "people", "exact", "killed", None),
        (23, "people", "at least", "injured", None),
        (2, "employees", "exact", "wounded", None),
        (3100, "drones", "more than", "launched", week),
        (92, "missiles", "exact", "launched", week),
        (1360, "glide bombs", "around", "launched", week),
    }


def test_seed_story_ranks_casualties_first_and_keeps_evidence_spans() -> None:
    path = shared_eval() / "seed_article.txt"
    if not path.exists():
        pytest.skip(f"shared eval data not found at {path} (set NEWSBRIEF_SHARED)")
    text = path.read_text(encoding="utf-8")
    figures = extract_figures(text)
    assert [f.event in CASUALTY_EVENTS for f in figures] == [True] * 3 + [False] * 4
    for f in figures:
        assert text[f.start : f.end] == f.text
    assert [f.text for f in figures[:2]] == ["seven", "at least 23 others"]
    assert [figure_label(f) for f in figures][:4] == [
        "7 killed",
        "at least 23 injured",
        "2 employees wounded",
        "118 drones launched overnight",
    ]


def test_f1_on_the_shared_gold_file() -> None:
    path = shared_eval() / "figures_gold.jsonl"
    if not path.exists():
        pytest.skip(f"shared eval data not found at {path} (set NEWSBRIEF_SHARED)")
    gold = load_jsonl(path)
    score = score_figures(
        ([f.to_json() for f in extract_figures(case["text"])], case["figures"]) for case in gold
    )
    assert score.gold > 0
    assert score.f1 >= 0.95, score
    assert score.event_accuracy >= 0.9, score


# --------------------------------------------------------------------------------------------------
# Qualifiers and ranges
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "qualifier"),
    [
        ("at least", "at least"),
        ("no fewer than", "at least"),
        ("more than", "more than"),
        ("over", "more than"),
        ("nearly", "nearly"),
        ("almost", "nearly"),
        ("around", "around"),
        ("about", "around"),
        ("some", "around"),
        ("roughly", "around"),
        ("approximately", "around"),
        ("an estimated", "around"),
        ("up to", "up to"),
        ("as many as", "up to"),
        ("fewer than", "fewer than"),
        ("less than", "fewer than"),
    ],
)
def test_qualifiers_fold_to_the_canonical_set(phrase: str, qualifier: str) -> None:
    f = one(f"Rescuers pulled {phrase} 45 sailors from the water.")
    assert (f.value, f.unit, f.qualifier) == (45, "sailors", qualifier)
    assert f.text.lower().startswith(phrase)


def test_suffix_qualifier() -> None:
    assert one("The quake damaged 300 houses or more.").qualifier == "at least"


@pytest.mark.parametrize(
    "text",
    [
        "Organisers expect 20-30 volunteers.",
        "Organisers expect 20–30 volunteers.",
        "Organisers expect 20 to 30 volunteers.",
        "Organisers expect between 20 and 30 volunteers.",
    ],
)
def test_ranges(text: str) -> None:
    f = one(text)
    assert (f.value, f.unit, f.qualifier) == ((20, 30), "volunteers", "range")
    assert figure_label(f) == "20–30 volunteers"


def test_a_range_on_the_sports_pages_is_still_a_range() -> None:
    got = facts("Leeds won 3-1 away, and 20-30 supporters were arrested.")
    assert got == [((20, 30), "supporters", "range", "arrested")]


def test_money_range_fills_the_scale_of_its_low_end() -> None:
    f = one("The repairs will cost $3-5 billion.")
    assert (f.value, f.unit, f.qualifier) == ((3_000_000_000, 5_000_000_000), "USD", "range")


def test_a_change_is_not_a_range() -> None:
    got = facts("Inflation rose from 2.1% to 3.4% in May.")
    assert ((2.1, 3.4), "%", "range", None) not in got
    assert (3.4, "%", "exact", "rose") in got  # the verb goes with the new level


# --------------------------------------------------------------------------------------------------
# Units and counted nouns
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Exports grew by 4.2 per cent last year.", 4.2, "%"),
        ("Exports grew by 4.2 percent last year.", 4.2, "%"),
        ("Exports grew by 4.2% last year.", 4.2, "%"),
        ("The club paid €35m for the striker.", 35_000_000, "EUR"),
        ("The club paid 35 million euros for the striker.", 35_000_000, "EUR"),
        ("The council spent £1.8bn on roads.", 1_800_000_000, "GBP"),
        ("The council spent 1.8 billion pounds on roads.", 1_800_000_000, "GBP"),
        ("The startup raised $40 million.", 40_000_000, "USD"),
        ("The startup raised 40 million dollars.", 40_000_000, "USD"),
        ("The new reactor adds 1,100 MW to the grid.", 1100, "MW"),
        ("The convoy stretched for 12 km.", 12, "km"),
        ("Customs found 4.5 tonnes of cannabis.", 4.5, "tonnes"),
        ("The dam will supply 2.2 gigawatts.", 2.2, "gigawatts"),
        ("The blaze spread across 8,000 hectares.", 8000, "hectares"),
        ("Rates went up by 75 basis points.", 75, "basis points"),
        ("He ran the lap in 58.3 seconds.", 58.3, "seconds"),
        ("The tower rises 310 metres.", 310, "metres"),
        ("A 5.8-magnitude tremor shook the coast.", 5.8, "magnitude"),
        ("The farm planted 1,500 olive trees.", 1500, "olive trees"),
    ],
)
def test_units(text: str, value: float, unit: str) -> None:
    f = one(text)
    assert (f.value, f.unit) == (value, unit)
    assert text[f.start : f.end] == f.text


def test_others_and_more_are_people_after_a_casualty_verb() -> None:
    got = facts("A bus crash killed four pupils and injured 11 others; nine more were hurt later.")
    assert (4, "pupils", "exact", "killed") in got
    assert (11, "people", "exact", "injured") in got
    assert (9, "people", "exact", "hurt") in got


def test_partitive_and_paired_numbers_borrow_the_noun() -> None:
    assert (12, "boats", "exact", "towed") in facts("Twelve of the 40 boats were towed away.")
    got = facts("Guards caught 12 of the 40 escaped prisoners.")
    assert (12, "escaped prisoners", "exact", "caught") in got
    got = facts("The motion was carried by 301 votes to 287.")
    assert (301, "votes", "exact", None) in got and (287, "votes", "exact", None) in got


def test_death_toll_counts_people_killed() -> None:
    assert facts("The death toll rose to 61 on Monday.") == [(61, "people", "exact", "killed")]


# --------------------------------------------------------------------------------------------------
# Events and scope
# --------------------------------------------------------------------------------------------------


def test_verb_before_the_number_with_a_few_words_between() -> None:
    f = one("The navy intercepted a total of 64 drones overnight.")
    assert (f.value, f.unit, f.event, f.scope) == (64, "drones", "intercepted", "overnight")


def test_participle_clauses_give_one_event_each() -> None:
    got = facts("Shelling hit the market, killing 9 and wounding at least 30 people.")
    assert (9, "people", "exact", "killed") in got
    assert (30, "people", "at least", "wounded") in got


def test_a_list_shares_its_verb_and_its_scope() -> None:
    text = (
        "The army said it had destroyed 14 tanks, 22 artillery systems and about 60 trucks in the past month."
    )
    got = {(f.value, f.unit, f.qualifier, f.event, f.scope) for f in extract_figures(text)}
    scope = "in the past month"
    assert got == {
        (14, "tanks", "exact", "destroyed", scope),
        (22, "artillery systems", "exact", "destroyed", scope),
        (60, "trucks", "around", "destroyed", scope),
    }


def test_subject_numbers_take_the_verb_after_them() -> None:
    got = facts("Three journalists, all of them working for local radio, were detained on Friday.")
    assert got == [(3, "journalists", "exact", "detained")]
    assert facts("Around 800 residents have fled the valley.") == [(800, "residents", "around", "fled")]
    assert facts("Fewer than 10 of the 90 shops have reopened since May.") == [
        (10, "shops", "fewer than", "reopened"),
        (90, "shops", "exact", None),
    ]


def test_partitive_head_takes_the_verb_and_the_inner_number_keeps_its_own() -> None:
    got = facts("Air defences shot down 40 of the 52 missiles fired at the capital.")
    assert (40, "missiles", "exact", "shot down") in got
    assert (52, "missiles", "exact", "fired") in got
    got = facts("Fewer than 30 of the estimated 500 families have returned.")
    assert got == [(30, "families", "fewer than", "returned"), (500, "families", "around", None)]


def test_a_passive_takes_no_object_but_its_agent_did_what_the_verb_says() -> None:
    assert facts("The village was destroyed by 3 missiles.") == [(3, "missiles", "exact", "destroyed")]
    assert facts("The bill was backed by 300 MPs.") == [(300, "MPs", "exact", "backed")]
    assert facts("Three men were wounded by 2 gunmen.")[-1] == (2, "gunmen", "exact", None)


def test_planned_actions_keep_the_base_form() -> None:
    f = one("The airline plans to hire 600 pilots.")
    assert (f.value, f.unit, f.event) == (600, "pilots", "hire")
    assert figure_label(f) == "hire 600 pilots"


def test_change_verbs_attach_to_the_amount_not_to_the_new_level() -> None:
    got = facts("Profits jumped 14% to £2.3bn in the second quarter.")
    assert (14, "%", "exact", "jumped") in got
    assert (2_300_000_000, "GBP", "exact", None) in got


def test_a_noun_of_change_after_the_number_is_its_event() -> None:
    # "agreed to" does not happen to the 25%; the cut does.
    assert facts("The union agreed to a 25 percent cut in hours.") == [(25, "%", "exact", "cut")]
    assert facts("The firm reported a 6% increase in sales.") == [(6, "%", "exact", "increased")]


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("Rebels fired 30 rockets overnight.", "overnight"),
        ("Rebels fired 30 rockets over the past week.", "over the past week"),
        ("Rebels fired 30 rockets in 2024.", "in 2024"),
        ("Rebels fired 30 rockets last year.", "last year"),
        ("Rebels fired 30 rockets this month.", "this month"),
        ("Rebels fired 30 rockets, officials said on Sunday.", None),
    ],
)
def test_scope(text: str, scope: str | None) -> None:
    assert one(text).scope == scope


# --------------------------------------------------------------------------------------------------
# Not figures
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The summit opens on 14 June and closes on June 18.",  # dates
        "The law has been in force since 2017, and was amended in 2021.",  # years as dates
        "The train left at 06:45 and arrived at 9pm.",  # times
        "It was the team's third consecutive defeat and the 2nd in a row at home.",  # ordinals
        "For tickets call 0845 600 1234 or +44 20 7946 0958.",  # phone numbers
        "1. Preheat the oven\n2. Mix the flour\n3) Bake",  # list markers
        "Apple unveiled the iPhone 15 while Boeing grounded every 737 it owns.",  # model numbers
        "Kyiv asked for more F-16 jets and Patriot systems.",  # model numbers with a hyphen
        "Arsenal won 3-1 against Chelsea.",  # a score
        "Jane Doe, 34, and her husband, 36, were arrested.",  # ages
        "Police named the victims, aged 19 and 22.",  # ages
        "A 40-year-old man and a one-storey shed.",  # an age; a lone "one"
        "Prices are four times higher than in the 1990s.",  # a multiplier and a decade
        "Nearly 1 in 3 adults have never voted.",  # a ratio
        "Hundreds more were missing after the storm.",  # a vague magnitude
        "Almost half of the members voted against.",  # a fraction word
    ],
)
def test_not_figures(text: str) -> None:
    assert extract_figures(text) == []


def test_empty_text() -> None:
    assert extract_figures("") == []


# --------------------------------------------------------------------------------------------------
# Merging, ranking, limit, labels
# --------------------------------------------------------------------------------------------------


def test_repeated_mentions_of_one_fact_are_merged_keeping_the_first() -> None:
    text = "Six people were killed in the blast. Police later confirmed that the attack killed 6 people."
    figures = extract_figures(text)
    assert len(figures) == 1
    assert (figures[0].value, figures[0].event, figures[0].text) == (6, "killed", "Six people")


def test_different_facts_with_one_value_are_kept() -> None:
    got = facts("Police arrested 6 men and seized 6 rifles.")
    assert (6, "men", "exact", "arrested") in got and (6, "rifles", "exact", "seized") in got


def test_ranking_casualties_then_events_then_money_then_percentages_then_others() -> None:
    text = (
        "The company has 4,000 staff. Its shares fell 9% after it reported a loss of $120 million. "
        "It will close 12 stores. A fire at one site killed two workers."
    )
    ranked = [(f.value, f.unit) for f in extract_figures(text)]
    assert ranked == [(2, "workers"), (12, "stores"), (120_000_000, "USD"), (9, "%"), (4000, "staff")]


def test_limit() -> None:
    text = "Storms killed 5 people, injured 40 more and destroyed 300 homes, costing $2bn."
    assert len(extract_figures(text)) == 4
    assert [f.value for f in extract_figures(text, limit=2)] == [5, 40]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Drones destroyed 118 targets overnight.", "118 targets destroyed overnight"),
        ("The raid killed 7 people.", "7 killed"),
        ("The raid wounded at least 23 others.", "at least 23 wounded"),
        ("The army fired around 1,360 shells.", "around 1,360 shells fired"),
        ("The deal is worth $3.4 billion.", "$3.4 billion"),
        ("The deal is worth €950,000.", "€950,000"),
        ("Oil cost $84.50 a barrel.", "$84.50"),
        ("Turnover rose 12.5% this year.", "rose 12.5% (this year)"),
        ("Between 30 and 50 migrants drowned.", "30–50 migrants drowned"),
        ("About 1.5 million people have fled.", "around 1.5 million fled"),
    ],
)
def test_labels(text: str, label: str) -> None:
    assert figure_label(extract_figures(text)[0]) == label


def test_offsets_hold_on_a_long_mixed_text() -> None:
    text = (
        "Officials said 2,500 homes had lost power.\n\nIn Lviv, about 40 people were evacuated, and "
        "the regional budget of ₴1.2bn was cut by 15%. Some 3 million residents (roughly 70%) live nearby."
    )
    figures = extract_figures(text)
    assert len(figures) >= 5
    for f in figures:
        assert text[f.start : f.end] == f.text
        assert f.start < f.end


# --------------------------------------------------------------------------------------------------
# The shared scoring rule
# --------------------------------------------------------------------------------------------------


def test_scoring_folds_qualifiers_and_units() -> None:
    assert fold_qualifier("over") == "more than"
    assert fold_qualifier("an estimated") == "around"
    assert fold_qualifier(None) == "exact"
    assert fold_unit("per cent") == fold_unit("percent") == fold_unit("%") == "%"
    assert fold_unit("dollars") == fold_unit("$") == "USD"
    assert fold_unit("glide bombs") == fold_unit("bomb")
    assert fold_unit("casualties") == "casualty"


def test_scoring_matches_values_ranges_and_units() -> None:
    gold = {"value": [30, 50], "unit": "migrants", "qualifier": "range"}
    assert figures_match({"value": (30, 50), "unit": "migrant", "qualifier": "range"}, gold)
    assert not figures_match({"value": 40, "unit": "migrants", "qualifier": "range"}, gold)
    assert not figures_match({"value": [30, 50], "unit": "boats", "qualifier": "range"}, gold)
    assert figures_match({"value": 7.0, "unit": "people", "qualifier": None}, {"value": 7, "unit": "people"})


def test_scoring_counts_precision_recall_and_event_accuracy() -> None:
    gold = [{"value": 7, "unit": "people", "qualifier": "exact", "event": "killed"}]
    pred = [
        {"value": 7, "unit": "people", "qualifier": "exact", "event": "died"},
        {"value": 2, "unit": "cars", "qualifier": "exact", "event": None},
    ]
    score = score_figures([(pred, gold)])
    assert score == FigureScore(predicted=2, gold=1, matched=1, event_correct=0, event_gold=1)
    assert (score.precision, score.recall, score.event_accuracy) == (0.5, 1.0, 0.0)
    assert score.f1 == pytest.approx(2 / 3)


def test_event_accuracy_counts_only_figures_whose_gold_has_an_event() -> None:
    gold = [
        {"value": 2500, "unit": "flights", "qualifier": "exact", "event": "cancelled"},
        {"value": 3, "unit": "days", "qualifier": "exact"},
    ]
    pred = [
        {"value": 2500, "unit": "flights", "qualifier": "exact", "event": "cancelled"},
        {"value": 3, "unit": "days", "qualifier": "exact", "event": None},
    ]
    score = score_figures([(pred, gold)])
    assert (score.event_gold, score.event_gold_correct, score.event_accuracy) == (1, 1, 1.0)
    assert score.event_agreement == 1.0
    unevented = score_figures([([{**pred[0], "event": None}, pred[1]], gold)])
    assert (unevented.event_accuracy, unevented.event_agreement) == (0.0, 0.5)


def test_a_duration_keeps_its_unit_and_takes_no_event() -> None:
    # The hours were not trapped: she was. Adjectives on a duration are not part of its unit.
    [figure] = extract_figures("She endured 36 long hours trapped in a room before rescuers freed her.")
    assert (figure.value, figure.unit, figure.event) == (36, "hours", None)
    assert figure_label(figure) == "36 hours"


# --------------------------------------------------------------------------------------------------
# Events from any verb (lemminflect's lexicon), nouns and adjectives of change
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Russian forces downed 14 Ukrainian drones overnight.", (14, "Ukrainian drones", "exact", "downed")),
        ("About 2,500 flights were cancelled across Europe.", (2500, "flights", "around", "cancelled")),
        ("The retailer sold 1.2 million units in a week.", (1_200_000, "units", "exact", "sold")),
        ("The council will spend £4m on cycle lanes.", (4_000_000, "GBP", "exact", "spend")),
        ("The ministry deployed 3,000 troops to the border.", (3000, "troops", "exact", "deployed")),
        ("A court sentenced 12 men to life in prison.", (12, "men", "exact", "sentenced")),
        ("Some 50,000 people marched through the capital.", (50_000, "people", "around", "marched")),
        ("More than 300 migrants arrived on the island.", (300, "migrants", "more than", "arrived")),
        ("The striker scored 31 goals last season.", (31, "goals", "exact", "scored")),
        ("Around 45,000 fans attended the final.", (45_000, "fans", "around", "attended")),
        ("Farmers slaughtered 200,000 hens.", (200_000, "hens", "exact", "slaughtered")),
        ("The bank is axing 5,000 jobs.", (5000, "jobs", "exact", "axed")),
        ("The city plans to replace 400 buses.", (400, "buses", "exact", "replace")),
        ("Thieves stole 60 cars from the depot.", (60, "cars", "exact", "stolen")),
        ("Shares in the firm fell 12% on Monday.", (12, "%", "exact", "fell")),
        ("Prices had risen by 4.5% since spring.", (4.5, "%", "exact", "rose")),
        ("A dozen boats were shot down by the coastguard.", (12, "boats", "exact", "shot down")),
        ("He was fined £500 by the court.", (500, "GBP", "exact", "fined")),
    ],
)
def test_events_from_any_verb(text: str, fact: tuple[object, ...]) -> None:
    assert fact in facts(text)


def test_a_participle_after_the_noun_is_its_event() -> None:
    got = facts("The storm left 2,500 flights cancelled and 40,000 passengers stranded.")
    assert (2500, "flights", "exact", "cancelled") in got
    assert (40_000, "passengers", "exact", "stranded") in got
    got = facts("It topped the charts with 32 million copies sold.")
    assert (32_000_000, "copies", "exact", "sold") in got


def test_subjects_across_appositions_relative_clauses_and_coordination() -> None:
    assert (4, "men", "exact", "injured") in facts("Four men, aged 19, 20 and 24, were injured in the crash.")
    got = facts("Nearly 60 people who had been trapped in the tunnel were freed.")
    assert got == [(60, "people", "nearly", "freed")]
    got = facts("Three nurses and a doctor were suspended on Friday.")
    assert got == [(3, "nurses", "exact", "suspended")]


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Exports showed a rise of 3% in May.", (3, "%", "exact", "rose")),
        ("The insurer reported losses of $2bn.", (2_000_000_000, "USD", "exact", "lost")),
        ("Sales were up 1.8% in March.", (1.8, "%", "exact", "up")),
        ("Costs were down 2% on the year.", (2, "%", "exact", "down")),
        ("He pointed to the 24% rise in fees.", (24, "%", "exact", "rose")),
    ],
)
def test_events_from_nouns_and_adjectives_of_change(text: str, fact: tuple[object, ...]) -> None:
    assert fact in facts(text)


@pytest.mark.parametrize(
    "text",
    [
        "The storm left 200,000 homes without power.",  # "leave" says nothing happened to the homes
        "A poll found that 40% had never voted.",  # a negated verb
        "The band performed to 60,000 fans at the stadium.",  # the fans are not what was performed
        "The bill passed by 218 votes.",  # a margin
        "A new £43m bridge is being built.",  # the amount describes the bridge
    ],
)
def test_no_event_where_nothing_happened_to_the_number(text: str) -> None:
    assert all(f.event is None for f in extract_figures(text)), facts(text)


def test_event_labels_read_naturally() -> None:
    assert figure_label(one("Officials said 2,500 flights were cancelled.")) == "2,500 flights cancelled"
    assert figure_label(one("Unemployment rose by 0.3 percentage points.")) == "rose 0.3 percentage points"
    assert figure_label(one("Sales were up 1.8%.")) == "up 1.8%"
    assert figure_label(one("The city plans to replace 400 buses.")) == "replace 400 buses"


# --------------------------------------------------------------------------------------------------
# Units: compound heads, hyphenated counts, nouns left out
# --------------------------------------------------------------------------------------------------


def test_compound_noun_head() -> None:
    got = facts("Six crew members were rescued from the tanker.")
    assert got == [(6, "crew members", "exact", "rescued")]


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("The 88,966-seat stadium was full.", (88_966, "seats", "exact", None)),
        ("A five-storey block was evacuated.", (5, "storeys", "exact", None)),
        ("He was handed a 22-year jail sentence.", (22, "years", "exact", None)),
        ("She was given a four-match ban.", (4, "matches", "exact", None)),
    ],
)
def test_a_count_inside_a_hyphenated_modifier(text: str, fact: tuple[object, ...]) -> None:
    assert facts(text) == [fact]


def test_a_noun_left_out_the_second_time() -> None:
    got = facts("Officials said 300 homes were destroyed and 1,200 damaged.")
    assert got == [(300, "homes", "exact", "destroyed"), (1200, "homes", "exact", "damaged")]
    got = facts("The storm destroyed 300 homes and damaged 1,200.")
    assert (1200, "homes", "exact", "damaged") in got
    got = facts("Of the 64 aircraft in the air, 36 were domestic and 28 international.")
    assert {(36, "aircraft"), (28, "aircraft")} <= {(v, u) for v, u, _, _ in got}


def test_a_bare_number_after_a_verb_does_not_borrow_a_noun() -> None:
    # "killing seven": seven people, not seven drones
    got = facts("Russia launched 40 drones, killing seven.")
    assert (7, "people", "exact", "killed") in got


@pytest.mark.parametrize(
    "text",
    [
        "We first met 20 years ago.",  # a time, not a count
        "The issue came back three years later.",
        "The shoes fit infants up to six months old.",  # an age
    ],
)
def test_relative_times_and_ages_are_not_figures(text: str) -> None:
    assert extract_figures(text) == []


def test_mis_decoded_currency_signs_are_read() -> None:
    # UTF-8 read as Latin-1 is common in feeds: "Â£" is "£"; the evidence keeps the original text.
    [figure] = extract_figures("The council said it would save more than Â£41m.")
    got = (figure.value, figure.unit, figure.qualifier, figure.event)
    assert got == (41_000_000, "GBP", "more than", "save")
    assert "Â£41m" in figure.text


def test_scores_on_the_hand_labelled_news_sentences() -> None:
    # Real news sentences labelled before the rules changed (tests/fixtures/README.md): a floor a little
    # under today's scores, so that a rule change which loses figures or events on real news fails here.
    rows = load_jsonl(Path(__file__).parent / "fixtures" / "figures_news_gold.jsonl")
    scores = {
        split: score_figures(
            ([f.to_json() for f in extract_figures(r["text"])], r["figures"])
            for r in rows
            if r["split"] == split
        )
        for split in ("tune", "heldout")
    }
    assert len(rows) >= 300 and sum(bool(f.get("event")) for r in rows for f in r["figures"]) >= 150
    assert scores["tune"].f1 >= 0.93 and scores["tune"].event_accuracy >= 0.85, scores["tune"]
    assert scores["heldout"].f1 >= 0.9 and scores["heldout"].event_accuracy >= 0.6, scores["heldout"]
