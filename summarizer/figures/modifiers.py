"""Amounts that describe something else: "the £18bn power plant", "10 metres away".

An amount written before a noun is the size or price of that thing, so what happens to the thing does
not happen to the amount: "approved the £18bn power plant" approved a plant, not £18bn. Only when the
noun names the money itself ("a £330m loan", "the $10,000 target", "£21m savings", "a £5m cut") does
the amount take the verb. Hyphenated counts ("the 16-storey tower") are marked where their unit is read
(summarizer/figures/units.py); this module marks amounts of money.
"""

from __future__ import annotations

import re

from .grammar import CHANGE_NOUNS, words
from .lexicon import can_modify_noun, is_noun, is_verb_only, verb_form
from .mention import Mention
from .units import MONEY_UNITS, MONTH_DAY, NP_STOP, NP_WORD, TIME_UNITS

__all__ = ["MONEY_NOUNS", "mark_amounts_that_describe"]

# Nouns that name money (a closed class on purpose: it decides whether the verb reaches the amount).
MONEY_NOUNS = words(
    """budget budgets fund funds funding loan loans grant grants savings saving target targets investment
    investments payment payments payout payouts bonus bonuses salary salaries wage wages fee fees fine
    fines bill bills debt debts donation donations contribution contributions settlement bailout subsidy
    subsidies pension pensions compensation award awards prize prizes sum sums total amount revenue
    revenues profit profits income deficit surplus overspend cash spending tax taxes levy refund refunds
    package windfall deposit deposits reward rewards ransom bail jackpot worth money bond bonds damages
    cost costs price credit credits allowance handout handouts aid inheritance fortune earnings proceeds
    value payoff payoffs severance"""
)
# A currency word, a conversion in brackets or a rate may stand between the amount and its noun.
_SKIP = re.compile(
    r"(?:\s+(?:euros?|dollars?|pounds?|sterling))?(?:\s*\([^()]{1,24}\))?(?:-(?:a|per)-[a-z]+)?"
)
# Words after an amount that are no noun it modifies: "due to", "£5m short", "£2m net", "last year".
_STOP = (
    NP_STOP
    | MONTH_DAY
    | TIME_UNITS
    | words("last next this year month week day night due short shy net gross upfront extra unchanged higher")
)


# A distance before these words says where something is: "12 feet from the cup", "10 metres away";
# "ran 26 miles from Oxford to London" is a route.
_POSITION_AFTER = re.compile(
    r"\s+(?:away|from(?![^,.;:]{1,40}?\sto\s)|off|short\s+of|shy\s+of|(?:north|south|east|west)[a-z-]*\s+of\b|(?:inland|offshore|outside|beyond)\b)",
    re.IGNORECASE,
)
_SPEED_UNITS = words("mph km/h kph kmph knots")
# A conversion after a measure, or the end of the one a measure is itself: "40mph (64km/h)", "(64km/h)".
_CONVERSION_AFTER = re.compile(r"\s*\([^()]{1,24}\)|\)|")
_DISTANCE_UNITS = words(
    """km kms kilometre kilometres kilometer kilometers mile miles m metre metres meter meters yard yards
    feet foot ft inch inches cm mm"""
)


def mark_amounts_that_describe(text: str, mentions: list[Mention]) -> None:
    """Mark (`adjectival`) every amount of money that is the size of the noun after it, and every
    distance that gives a position ("200 miles from North Carolina"): nothing happened to either."""
    for m in mentions:
        if m.unit in MONEY_UNITS:
            m.adjectival = m.adjectival or _describes_another_noun(text, m)
        elif m.unit is not None and m.unit.lower() in _DISTANCE_UNITS:
            m.adjectival = m.adjectival or _POSITION_AFTER.match(text, m.end) is not None
            m.adjectival = m.adjectival or _noun_after_measure(text, m)
        elif m.unit is not None and m.unit.lower() in _SPEED_UNITS:
            m.adjectival = m.adjectival or _noun_after_measure(text, m)  # "a 40mph (64km/h) speed limit"


# Nouns used as adverbs of place after a distance: "walked 5 miles home", "swam 2 km offshore".
_WHERE_ADVERBS = words(
    "home away back ahead apart abroad overseas downhill uphill downstream upstream north south east west"
    " inland offshore outside inside underground upstairs downstairs"
)


def _noun_after_measure(text: str, m: Mention) -> bool:
    """ "the Olympic 100 metres champion", "a 1,000 km motor race", "a 40mph (64km/h) speed limit": a
    measure that names a noun's kind; a conversion in brackets may stand between."""
    w = NP_WORD.match(text, _CONVERSION_AFTER.match(text, m.end).end())
    if w is None or not w.group(1).islower():
        return False
    lower = w.group(1)
    if lower in _STOP or lower in _WHERE_ADVERBS or not is_noun(lower):
        return False
    form = verb_form(lower)
    return form is None or not (form.is_past or form.is_ing or is_verb_only(lower))


def _describes_another_noun(text: str, m: Mention) -> bool:
    pos = _SKIP.match(text, m.end).end()
    head = None
    for _ in range(4):
        w = NP_WORD.match(text, pos)
        if w is None:
            break
        lower = w.group(1).lower()
        if not w.group(1).islower() or lower in _STOP or not can_modify_noun(lower):
            break
        form = verb_form(lower)
        if form is not None and (form.is_only_past or form.is_ing or is_verb_only(lower)):
            break  # "£2m raised", "$5m spent": a verb, not a noun
        head, pos = lower, w.end()
    # The last word must be a noun: "$104 unchanged", "11 billion rupees due to" describe nothing.
    if head is None or not is_noun(head):
        return False
    return head not in MONEY_NOUNS and head not in CHANGE_NOUNS
