"""Number parsing and normalisation (summarizer/numbers/scan.py).

Sentences here are written for these tests; none is copied from the shared gold files.
"""

from __future__ import annotations

import re

import pytest

from summarizer.numbers import (
    NumberMatch,
    find_numbers,
    format_number,
    number_values,
    parse_number,
    word_trie_pattern,
)


def cardinals(text: str) -> list[NumberMatch]:
    return [n for n in find_numbers(text) if n.kind == "cardinal"]


def only(text: str) -> NumberMatch:
    found = find_numbers(text)
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------------------------------
# Digits, separators, decimals, scales, percent and money
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3,100", 3100),
        ("1,360", 1360),
        ("700,000", 700_000),
        ("1,234,567", 1_234_567),
        ("4.5", 4.5),
        ("0.75", 0.75),
        ("1.2 million", 1_200_000),
        ("2.3 billion", 2_300_000_000),
        ("5bn", 5_000_000_000),
        ("7.5tn", 7_500_000_000_000),
        ("10k", 10_000),
        ("40 000", 40_000),  # space as thousands separator
        ("35 lakh", 3_500_000),
    ],
)
def test_digit_values(text: str, value: float) -> None:
    match = only(f"They counted {text} of them.")
    assert match.value == value
    assert match.kind == "cardinal"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("12.5%", 12.5, "%"),
        ("3 per cent", 3, "%"),
        ("18 percent", 18, "%"),
        ("twenty percent", 20, "%"),
        ("2 percentage points", 2, "percentage points"),
        ("$3.5 billion", 3_500_000_000, "USD"),
        ("€40m", 40_000_000, "EUR"),
        ("£2bn", 2_000_000_000, "GBP"),
        ("$84.50", 84.5, "USD"),
        ("US$ 12 million", 12_000_000, "USD"),
        ("C$800", 800, "CAD"),
        ("20 million pounds", 20_000_000, "GBP"),
        ("450 euros", 450, "EUR"),
        ("five million dollars", 5_000_000, "USD"),
        ("10 €", 10, "EUR"),
        ("60p", 60, "pence"),
    ],
)
def test_percent_and_money_units(text: str, value: float, unit: str) -> None:
    match = only(f"It came to {text} in the end.")
    assert (match.value, match.unit) == (value, unit)


def test_m_after_digits_is_metres_unless_money_or_a_count_follows() -> None:
    final = only("She won the 100m final.")
    assert (final.value, final.text) == (100, "100")  # the number stops before the unit
    assert only("The fund lost £8m.").value == 8_000_000
    assert only("Another 3m people voted.").value == 3_000_000


# --------------------------------------------------------------------------------------------------
# Numbers in words
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("seven", 7),
        ("Seventeen", 17),
        ("twenty-three", 23),
        ("ninety nine", 99),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("two hundred", 200),
        ("a hundred", 100),
        ("one hundred and five", 105),
        ("three thousand four hundred", 3400),
        ("one and a half million", 1_500_000),
        ("two million and a half", 2_500_000),
        ("half a million", 500_000),
        ("a quarter of a million", 250_000),
        ("six billion", 6_000_000_000),
    ],
)
def test_word_values(text: str, value: float) -> None:
    match = only(f"Officials said {text} had arrived.")
    assert match.value == value
    assert match.kind == "cardinal"
    assert not match.is_approximate


def test_adjacent_number_words_that_do_not_combine_stay_separate() -> None:
    assert [n.value for n in cardinals("between twenty and thirty boats")] == [20, 30]
    assert [n.value for n in cardinals("Scores were seven, eight and nine.")] == [7, 8, 9]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("hundreds of people", 100),
        ("dozens of homes", 12),
        ("tens of thousands of protesters", 10_000),
        ("thousands more", 1000),
        ("several hundred cars", 100),
    ],
)
def test_vague_magnitudes_are_flagged_approximate(text: str, value: float) -> None:
    match = only(f"We saw {text} there.")
    assert match.is_approximate
    assert match.value == value


def test_a_and_an_are_numbers_only_when_they_count_something() -> None:
    assert find_numbers("The talks resumed a day later.") == []
    assert [n.value for n in find_numbers("an estimated 40 families")] == [40]
    assert [n.value for n in find_numbers("a thousand families")] == [1000]


def test_pronoun_one_is_not_a_number() -> None:
    assert find_numbers("No one was hurt, and the one who called left.") == []
    assert [n.value for n in find_numbers("One person was hurt.")] == [1]


def test_negative_numbers() -> None:
    assert [n.value for n in find_numbers("Temperatures fell to -12 overnight.")] == [-12]
    assert [n.value for n in find_numbers("The index stood at minus five.")] == [-5]
    # a dash between two numbers is a range, not a sign
    assert [n.value for n in find_numbers("a 1000 - 5000 spread")] == [1000, 5000]


# --------------------------------------------------------------------------------------------------
# Things that look like counts but are not: labelled by kind
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The vote is on 14 March.", "date"),
        ("The vote is on March 14.", "date"),
        ("It was filed on 05/11/2024.", "date"),
        ("Prices have risen since 2019.", "year"),
        ("The 2024 election was close.", "year"),
        ("It happened in the 1990s.", "year"),
        ("The quake struck at 04:17.", "time"),
        ("Doors open at 7pm.", "time"),
        ("She came second in the race.", "ordinal"),
        ("It is the 3rd time this year.", "ordinal"),
        ("for a twenty-first season", "ordinal"),
        ("Call 0800 123 456 for help.", "phone"),
        ("Call +44 20 7946 0958 for help.", "phone"),
        ("Two thirds of voters agreed.", "fraction"),
    ],
)
def test_non_count_kinds(text: str, kind: str) -> None:
    kinds = {n.kind for n in find_numbers(text)}
    assert kind in kinds
    assert "cardinal" not in kinds


def test_year_spans_are_years() -> None:
    found = find_numbers("the 2019-20 season")
    assert [(n.value, n.kind) for n in found] == [(2019, "year"), (2020, "year")]


def test_a_four_digit_count_followed_by_a_plural_noun_is_not_a_year() -> None:
    assert only("Some 2000 people marched.").kind == "cardinal"


def test_time_values_are_hours_so_formats_compare_equal() -> None:
    assert only("at 4pm").value == only("at 16:00").value == 16
    assert only("at 04:30").value == 4.5


def test_digits_inside_words_and_links_are_ignored() -> None:
    assert find_numbers("The A320 and covid19 codes") == []
    assert [n.value for n in find_numbers("See https://example.com/a?id=2035&p=30 then 5 more")] == [5]


def test_spans_point_at_the_evidence() -> None:
    text = "Police arrested 17 people, seized €150m and said some 1.5 million people had fled."
    for n in find_numbers(text):
        assert text[n.start : n.end] == n.text
    assert [n.text for n in find_numbers(text)] == ["17", "€150m", "1.5 million"]


def test_case_and_unicode_do_not_shift_offsets() -> None:
    text = "İstanbul: SEVENTY-FIVE firefighters and 12 trucks"
    for n in find_numbers(text):
        assert text[n.start : n.end] == n.text
    assert [n.value for n in find_numbers(text)] == [75, 12]


# --------------------------------------------------------------------------------------------------
# number_values (the faithfulness guard), parse_number, format_number
# --------------------------------------------------------------------------------------------------


def test_number_values_normalises_across_spellings() -> None:
    source = "Russia fired seven missiles and 3,100 drones; damage reached $1.2 million."
    summary = "7 missiles, 3100 drones and 1.2 million dollars of damage."
    assert number_values(summary) <= number_values(source)
    assert number_values("seven") == {7.0}
    assert number_values("1.2 million") == {1_200_000.0}


def test_number_values_catches_an_invented_number() -> None:
    source = "Seven people died in the fire."
    assert not number_values("Eight people died in the fire.") <= number_values(source)


def test_number_values_leaves_ordinals_out_unless_asked() -> None:
    assert number_values("for a second day") == set()
    assert number_values("for a second day", ordinals=True) == {2.0}


@pytest.mark.parametrize(
    ("text", "value"), [("3,100", 3100), ("twenty-three", 23), ("$3.5 billion", 3_500_000_000)]
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["not a number", "3 and 4", "seven days"])
def test_parse_number_rejects_anything_else(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (3100, "3,100"),
        (12.5, "12.5"),
        (1_500_000, "1.5 million"),
        (4_100_000_000, "4.1 billion"),
        (999_999, "999,999"),
    ],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


def test_word_trie_pattern_matches_exactly_the_words() -> None:
    words = ["kill", "killed", "kills", "kin", "shot down"]
    pattern = re.compile(f"(?:{word_trie_pattern(words)})$")
    assert all(pattern.match(w) for w in words)
    assert not any(pattern.match(w) for w in ["kil", "killer", "ki", "shot"])


# --------------------------------------------------------------------------------------------------
# Numbers written in several parts (summarizer/numbers/phrases.py) and rarer notations
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("The probe measured 1.3e6 particles.", 1_300_000, "cardinal"),
        ("The sample held 6.23x10^-4 grams.", 0.000623, "cardinal"),
        ("Fill the jug 3/4 full.", 0.75, "fraction"),
        ("Add 2 1/4 cups of flour.", 2.25, "fraction"),
        ("The rope was three and a fifth metres long.", 3.2, "cardinal"),
        ("The town has 3 million and a half residents.", 3_500_000, "cardinal"),
        ("The odds are one over three.", 1 / 3, "fraction"),
        ("She bought three dozens eggs.", 36, "cardinal"),
        ("The reading was two hundred point zero three.", 200.03, "cardinal"),
        ("The reading was naught point five.", 0.5, "cardinal"),
        ("They counted 4 thousand 3 hundred and 21 ballots.", 4321, "cardinal"),
    ],
)
def test_numbers_written_in_parts(text: str, value: float, kind: str) -> None:
    [match] = [n for n in find_numbers(text) if n.kind in ("cardinal", "fraction")]
    assert match.value == pytest.approx(value)
    assert match.kind == kind


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The ticket cost thirteen dollars and forty-five cents.", 13.45, "USD"),
        ("The ticket cost 3 dollars 50 cents.", 3.5, "USD"),
        ("The fund lost 75 USD million last year.", 75_000_000, "USD"),
        ("The contract is worth 30 MUSD.", 30_000_000, "USD"),
        ("The firm paid 420 million finnish markka.", 420_000_000, "FIM"),
        ("The supplier was paid 100 chinese yuan.", 100, "CNY"),
        ("The cap is ₿21,000,000.", 21_000_000, "BTC"),
    ],
)
def test_money_written_in_parts(text: str, value: float, unit: str) -> None:
    [match] = [n for n in find_numbers(text) if n.unit is not None]
    assert (match.value, match.unit) == (pytest.approx(value), unit)


def test_a_long_number_in_words_is_one_number() -> None:
    text = "Sixty-five quadrillion four hundred thirty-one trillion two hundred thirty-four billion five"
    text += " hundred sixty-seven million eight hundred ninety thousand one hundred eighty-seven"
    [match] = find_numbers(text)
    assert match.value == 65_431_234_567_890_187


def test_slashes_that_are_not_fractions_stay_numbers() -> None:
    # "9/11" is a date-like name and "24/7" a phrase, not fractions; neither is two thirds of anything.
    assert [n.value for n in find_numbers("Shops open 24/7 now.")] == [24, 7]
    assert all(n.kind != "fraction" for n in find_numbers("Since 9/11 travel changed."))


def test_several_dozen_is_a_vague_magnitude() -> None:
    [match] = find_numbers("Several dozen villages were cut off.")
    assert match.is_approximate


def test_percent_of_a_number_is_a_percentage() -> None:
    [match] = find_numbers("A tax of per cent of 210 would be absurd.")
    assert (match.value, match.unit) == (210, "%")
