"""What the words right after an amount say happened to it: "£1bn of cuts", "closing 0.6% down at".

A noun of action after "of" names what the action moved ("£1bn of cuts" -> cut, "£20m of investment"
-> invested), and "up"/"down" after a share or an amount says it changed over a verb that only says
when the change was measured ("closing the day 0.6% down at 16,911" -> down). Split from
summarizer/figures/events.py, which reads the verbs around the number.
"""

from __future__ import annotations

import re

from .grammar import CHANGE_NOUNS, LIGHT_VERBS, change_past, past_form
from .lexicon import VerbForm, verb_form
from .mention import Mention
from .nominals import nominal_verb
from .units import MONEY_UNITS

__all__ = ["change_after", "of_action_event"]

OF_ACTION_AFTER = re.compile(r"\s+of\s+(?:new\s+|further\s+|extra\s+)?([a-z]+)(?![a-z'’-])")
CHANGE_AFTER = re.compile(r"\s+(up|down)(?=\s+(?:at|on|from|to|in|for)\b|\s*[,.;]|\s*$)")
# Verbs that only say when a market's change was measured: "closed 2% down", "ended the day 1% up".
SESSION_VERBS = frozenset({"close", "finish", "end", "trade", "open", "start", "begin"})


def of_action_event(low: str, m: Mention) -> tuple[int, str] | None:
    """ "£1bn of cuts" -> cut, "£20m of investment" -> invested: an amount of a noun of action is what
    that action moved, whatever verb brings the amount in ("would lead to £1bn of cuts")."""
    if m.unit not in MONEY_UNITS:
        return None
    found = OF_ACTION_AFTER.match(low, m.np_end)
    if found is None:
        return None
    noun = found.group(1)
    if noun in CHANGE_NOUNS:
        return found.start(1), change_past(noun)
    lemma = nominal_verb(noun, definite=False)
    if lemma is None or lemma in LIGHT_VERBS:
        return None
    return found.start(1), past_form(VerbForm(lemma, frozenset({"VB"})), lemma)


def change_after(low: str, m: Mention) -> tuple[int, str] | None:
    """ "finished 2% up", "closing the day 0.6% down at 16,911": "up"/"down" after a share or amount
    says it changed, over a verb that only says when ("closed", "ended") or none."""
    if m.unit not in ("%", "percentage points", "points") and m.unit not in MONEY_UNITS:
        return None
    found = CHANGE_AFTER.match(low, m.np_end)
    if found is None:
        return None
    if m.event is not None:
        form = verb_form(m.event.split()[0])
        if form is None or form.lemma not in SESSION_VERBS:
            return None  # "cut 2% down to": the verb says more
    return found.start(1), found.group(1)
