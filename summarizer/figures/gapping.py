"""A verb left out the second time: "cars contribute 18% and lorries 12%", "made $1.9m from prize
money, but a whopping $20m from endorsements", "a door was damaged, along with four oil lamps".

English drops a repeated verb after "and", "but" or "while" when the second clause only changes the
subject or an adverbial ("gapping"). A number with no verb of its own then shares the verb of the
number before it, when that verb stands before it as an object verb, the two count the same kind of
thing (money, a share, or a noun) and no verb stands between them.
"""

from __future__ import annotations

import re

from .grammar import AUX_BE, AUX_HAVE, CLAUSE_VERBS, DETERMINERS, LIGHT_VERBS, TOKEN
from .lexicon import inflect, is_verb_only, verb_form
from .mention import Mention
from .objects import can_take_event, has_own_verb
from .units import MONEY_UNITS, TIME_UNITS

__all__ = ["share_clause_verbs", "share_gapped_verbs"]

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
        if _has_verb(between, text[prev.np_end : m.start]) or has_own_verb(low, m):
            continue  # "cut 500 jobs and 300 more are at risk": a clause of its own
        m.event, m.event_at = prev.event, prev.event_at


def share_clause_verbs(low: str, mentions: list[Mention]) -> None:
    """ "An oak door was damaged, along with four oil lamps": what is added with "along with", "as well
    as" or "together with" after a clause shares the clause's verb."""
    for m in mentions:
        if m.event is not None or not can_take_event(m) or m.unit is None:
            continue
        added = _ADDED_BEFORE.search(low, max(0, m.start - 40), m.start)
        if added is None:
            continue
        found = _clause_verb(low, added.start())
        if found is not None:
            m.event_at, m.event = found


_ADDED_BEFORE = re.compile(
    r",\s+(?:along\s+with|together\s+with|as\s+well\s+as)\s+(?:(?:the|its|their|his|her)\s+)?$"
)
_SENTENCE_START = re.compile(r"[.;:!?\n]")


def _clause_verb(low: str, end: int) -> tuple[int, str] | None:
    """The last verb of the clause before `end`: "was damaged" -> damaged, "seized" -> seized."""
    start = max(0, end - 120)
    stop = max((b.end() for b in _SENTENCE_START.finditer(low, start, end)), default=start)
    tokens = list(TOKEN.finditer(low, stop, end))
    for k in range(len(tokens) - 1, -1, -1):
        word = tokens[k].group()
        form = verb_form(word)
        if form is None or not form.is_past or low[tokens[k].start() - 1 : tokens[k].start()] == "-":
            continue
        before = tokens[k - 1].group() if k else ""
        if before in DETERMINERS:
            continue  # "the damaged roof": an adjective
        if form.lemma in LIGHT_VERBS or form.lemma in CLAUSE_VERBS:
            return None
        passive = before in AUX_BE or before in AUX_HAVE
        if not (passive or form.is_only_past):
            return None
        return tokens[k].start(), inflect(form.lemma, "VBN" if before in AUX_BE else "VBD", word)
    return None


def _same_kind(a: Mention, b: Mention) -> bool:
    if a.unit is None or b.unit is None or b.unit.lower().split()[-1] in TIME_UNITS:
        return False
    if a.unit in MONEY_UNITS or b.unit in MONEY_UNITS:
        return a.unit in MONEY_UNITS and b.unit in MONEY_UNITS
    if "%" in (a.unit, b.unit):
        return a.unit == b.unit
    return True


def _has_verb(between: str, written: str) -> bool:
    """A finite verb between the two numbers ("... and 40 were injured"); nouns, adjectives, names
    ("since May 22") and -ing forms used as nouns ("from playing") do not count."""
    for t in TOKEN.finditer(between):
        word = t.group()
        if written[t.start()].isupper():
            continue
        form = verb_form(word)
        if form is not None and not form.is_ing and (form.is_only_past or is_verb_only(word)):
            return True
    return False
