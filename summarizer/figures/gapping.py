"""A verb left out the second time: "cars contribute 18% and lorries 12%", "made $1.9m from prize
money, but a whopping $20m from endorsements".

English drops a repeated verb after "and", "but" or "while" when the second clause only changes the
subject or an adverbial ("gapping"). A number with no verb of its own then shares the verb of the
number before it, when that verb stands before it as an object verb, the two count the same kind of
thing (money, a share, or a noun) and no verb stands between them.
"""

from __future__ import annotations

import re

from .grammar import TOKEN
from .lexicon import is_verb_only, verb_form
from .mention import Mention
from .objects import can_take_event, has_own_verb
from .units import MONEY_UNITS, TIME_UNITS

__all__ = ["share_gapped_verbs"]

# The last join before the second number: a coordinator, then only its new subject or a modifier
# ("and HGVs", "but a whopping"); "up from", "or", "vs." join a comparison, not a gapped clause.
_COORDINATOR = re.compile(
    r"(?:,|\s)\s*(?:and|but|while|whereas)\s(?:(?!\b(?:from|to|than|of|or|vs)\b)[^,])*\Z"
)
_SENTENCE_BREAK = re.compile(r"[.;:!?]\s|\n")


def share_gapped_verbs(text: str, low: str, mentions: list[Mention]) -> None:
    for k, m in enumerate(mentions):
        if m.event is not None or not can_take_event(m) or m.event_at >= 0 or k == 0:
            continue
        prev = mentions[k - 1]
        if prev.event is None or not 0 <= prev.event_at < prev.start or not _same_kind(prev, m):
            continue
        between = low[prev.np_end : m.start]
        if len(between) > 80 or _SENTENCE_BREAK.search(between) or not _COORDINATOR.search(between):
            continue
        if _has_verb(between) or has_own_verb(low, m):
            continue  # "cut 500 jobs and 300 more are at risk": a clause of its own
        m.event, m.event_at = prev.event, prev.event_at


def _same_kind(a: Mention, b: Mention) -> bool:
    if a.unit is None or b.unit is None or b.unit.lower().split()[-1] in TIME_UNITS:
        return False
    if a.unit in MONEY_UNITS or b.unit in MONEY_UNITS:
        return a.unit in MONEY_UNITS and b.unit in MONEY_UNITS
    if "%" in (a.unit, b.unit):
        return a.unit == b.unit
    return True


def _has_verb(between: str) -> bool:
    """A finite verb between the two numbers ("... and 40 were injured"); nouns, adjectives and -ing
    forms used as nouns ("from playing") do not count."""
    for t in TOKEN.finditer(between):
        word = t.group()
        form = verb_form(word)
        if form is not None and not form.is_ing and (form.is_only_past or is_verb_only(word)):
            return True
    return False
