"""The learned event picker of issue 14's fifth round: an experiment, tried and dropped (not in the bot).

Question: for a figure the grammar rules (summarizer/figures/events.py and the modules beside it) leave
without an event, or for every figure, can a small model learn which nearby word is its event better
than the rules do on news neither was made on? bench/figure_events_cv.py answers it by leave-one-set-
out cross-validation; the answer was no (see the README's figures section), so nothing here runs in
the bot.

The picker looks at every verb form and noun of change within a few words of the figure in its
sentence (lemminflect's lexicon says which words those are, as for the rules), describes each with
general features of English word order (side and distance from the figure, what lies between: a
comma, a conjunction, a relative pronoun, another number; the auxiliary before it; its written form;
whether it is a light or speech verb; the kind of unit; the word right after the figure) and scores it
with a logistic regression (the ranker); a second logistic regression (the decider) says from the
ranker's scores whether the best candidate is the event at all.

The event is worded with the conventions of the labels and the rules: the past participle for what
was done to the figure ("sold", "cancelled"), the past tense for what its subject did or for a change
("died", "rose"), the base form after "to" or a modal ("hire"), a particle kept ("shot down").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from summarizer.figures.grammar import (
    AUX_ADVERBS,
    AUX_BE,
    AUX_HAVE,
    CHANGE_NOUNS,
    CHANGE_VERBS,
    CLAIM_VERBS,
    DETERMINERS,
    HEDGES,
    LIGHT_VERBS,
    MEASURE_UNITS,
    MODALS,
    PREPOSITIONS,
    RELATIVES,
    change_past,
    past_form,
    words,
)
from summarizer.figures.lexicon import VerbForm, inflect, is_noun, is_verb_only, verb_form

__all__ = ["Candidate", "EventPicker", "LinearModel", "candidates", "decision_features"]

WINDOW = 12  # words on each side of the figure: a verb further away governs another clause
# Words, numbers and single marks; a number keeps its inner commas and points ("3,100", "4.1").
_TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)?(?:-[a-z]+)*|\d(?:[\d,.]*\d)?|[^\sa-z\d]")
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
_NEVER_EVENTS = words("be have do will would could can may might must should shall get")
_COORDINATORS = words("and or but nor")
_SUBORDINATORS = words("when while after before as because since if although though whereas until unless")
_SPEECH = words("say tell claim announce report add state")
_PARTICLES = words("down up off out aside back")
_PUNCT_STOPS = frozenset(';:()[]—–"“”')
_CASUALTY_LEMMAS = words("kill die injure wound hurt")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One word that may be the event of a figure, worded as a digest line would use it."""

    at: int  # offset of the word in the text
    word: str
    event: str
    features: tuple[str, ...]


@dataclass(frozen=True)
class LinearModel:
    """A fitted logistic regression: one weight per (binary or numeric) feature and an intercept."""

    weights: dict[str, float]
    intercept: float

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(f, 0.0) * v for f, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class EventPicker:
    """Two small models: `ranker` scores each candidate word, `decider` says whether the best one is
    the figure's event at all (from how sure the ranker is and where the best candidate stands)."""

    ranker: LinearModel
    decider: LinearModel
    threshold: float

    def ranked(self, found: list[Candidate]) -> list[tuple[float, Candidate]]:
        scored = [(self.ranker.probability(dict.fromkeys(c.features, 1.0)), c) for c in found]
        return sorted(scored, key=lambda pc: -pc[0])

    def pick(self, found: list[Candidate], unit: str | None) -> Candidate | None:
        """The best candidate if the decider is sure enough, else None (the figure keeps no event)."""
        ranked = self.ranked(found)
        if not ranked:
            return None
        features = decision_features(ranked, unit)
        return ranked[0][1] if self.decider.probability(features) >= self.threshold else None


def decision_features(ranked: list[tuple[float, Candidate]], unit: str | None) -> dict[str, float]:
    """What the decider reads: the ranker's best and second scores (as log-odds) and the best one's place."""
    best_p, best = ranked[0]
    features = {
        "best_logit": _logit(best_p),
        "margin": _logit(best_p) - _logit(ranked[1][0]) if len(ranked) > 1 else 5.0,
        "unit=" + _unit_kind(unit): 1.0,
    }
    for f in best.features:
        if f.startswith(("side=", "dist=", "prep_before|")) or f in ("lemma=light", "lemma=speech", "hedge"):
            features["best:" + f] = 1.0
    return features


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


# --------------------------------------------------------------------------------------------------
# Candidates and their features
# --------------------------------------------------------------------------------------------------


def _sentence_bounds(low: str, start: int, end: int) -> tuple[int, int]:
    left = max(0, start - 300)
    begin = left
    for found in _SENTENCE_END.finditer(low, left, start):
        begin = found.end()
    stop = _SENTENCE_END.search(low, end, min(len(low), end + 300))
    return begin, stop.start() + 1 if stop else min(len(low), end + 300)


def candidates(text: str, low: str, start: int, end: int, unit: str | None) -> list[Candidate]:
    """Every verb form and noun of change within `WINDOW` words of the figure span [start, end), nearest
    first on each side; `low` is `text` lower-cased with the same offsets. A capitalised word inside
    the sentence is a name ("Wales", "ICM Research"), never a candidate."""
    begin, finish = _sentence_bounds(low, start, end)
    before = [(t.group(), t.start()) for t in _TOKEN.finditer(low, begin, start)][-WINDOW:]
    after = [(t.group(), t.start()) for t in _TOKEN.finditer(low, end, finish)][:WINDOW]
    unit_kind = _unit_kind(unit)
    prep_before = before[-1][0] if before and before[-1][0] in PREPOSITIONS else ""
    follows = _follows(after[0][0]) if after else "end"
    out: list[Candidate] = []
    for side, tokens in (("L", before[::-1]), ("R", after)):
        seen_verbs = 0
        between: set[str] = set()
        for i, (word, at) in enumerate(tokens):
            named = text[at].isupper() and at > begin
            found = None if named else _candidate(side, tokens, i, word, at)
            if found is not None:
                event, form_features = found
                feats = [
                    f"side={side}",
                    f"dist={side}{_bucket(i)}",
                    f"rank={side}{min(seen_verbs, 2)}",
                    f"unit={unit_kind}",
                    f"unit={unit_kind}|side={side}",
                    f"follows={follows}|side={side}",
                ]
                feats += [f"between={b}" for b in sorted(between)]
                feats += [f"{side}|between={b}" for b in sorted(between)]
                feats += form_features
                feats += [f"{side}|{f}" for f in form_features]
                if prep_before:
                    feats += [f"prep_before={prep_before}|side={side}", f"prep_before|side={side}"]
                out.append(Candidate(at, word, event, tuple(feats)))
                seen_verbs += 1
            between |= _between_marks(word)
    return out


def _candidate(
    side: str, tokens: list[tuple[str, int]], i: int, word: str, at: int
) -> tuple[str, list[str]] | None:
    if not word[0].isalpha():
        return None
    form = verb_form(word)
    change_noun = word in CHANGE_NOUNS
    if form is None and not change_noun:
        return None
    lemma = form.lemma if form is not None else CHANGE_NOUNS[word]
    if lemma in _NEVER_EVENTS:
        return None
    # Neighbours in reading order, whichever side of the figure the word is on.
    ordered = tokens if side == "R" else tokens[::-1]
    j = i if side == "R" else len(tokens) - 1 - i
    prev = _previous_word(ordered, j)
    nxt = ordered[j + 1][0] if j + 1 < len(ordered) else ""
    feats = _form_features(form, word, lemma, prev, nxt, change_noun)
    event = _wording(side, form, word, lemma, prev, change_noun)
    if nxt in _PARTICLES and (j + 2 >= len(ordered) or ordered[j + 2][0] not in ("of", "to")):
        event += " " + nxt
        feats.append("particle")
    return event, feats


def _previous_word(ordered: list[tuple[str, int]], j: int) -> str:
    """The word before position j, skipping adverbs that sit between an auxiliary and its verb."""
    k = j - 1
    while k >= 0 and ordered[k][0] in AUX_ADVERBS:
        k -= 1
    return ordered[k][0] if k >= 0 else ""


def _form_features(
    form: VerbForm | None, word: str, lemma: str, prev: str, nxt: str, change_noun: bool
) -> list[str]:
    feats = []
    if form is None:
        feats.append("form=noun_only")
    else:
        if form.is_only_past:
            feats.append("form=only_past")
        elif form.is_past:
            feats.append("form=past_or_base")
        if form.is_ing:
            feats.append("form=ing")
        if "VBZ" in form.tags:
            feats.append("form=s")
        if form.is_base and not form.is_past:
            feats.append("form=base")
        if is_noun(word):
            feats.append("also_noun")
        if is_verb_only(word):
            feats.append("verb_only")
    if change_noun:
        feats.append("change_noun")
    if lemma in CHANGE_VERBS:
        feats.append("lemma=change")
    if lemma in LIGHT_VERBS:
        feats.append("lemma=light")
    if lemma in _SPEECH or lemma in CLAIM_VERBS:
        feats.append("lemma=speech")
    if word in HEDGES:
        feats.append("hedge")
    if lemma in _CASUALTY_LEMMAS:
        feats.append("lemma=casualty")
    if prev in DETERMINERS:
        feats.append("prev=determiner")
    elif prev in AUX_BE:
        feats.append("prev=be")
    elif prev in AUX_HAVE:
        feats.append("prev=have")
    elif prev in MODALS:
        feats.append("prev=modal_or_to")
    elif prev in RELATIVES:
        feats.append("prev=relative")
    elif prev in PREPOSITIONS:
        feats.append("prev=preposition")
    elif prev[:1].isdigit() or prev == "%":
        feats.append("prev=number")
    if nxt == "of":
        feats.append("next=of")
    elif nxt == "by":
        feats.append("next=by")
    elif nxt in PREPOSITIONS or nxt == "to":
        feats.append("next=preposition")
    elif nxt[:1].isdigit() or nxt in ("£", "$", "€"):
        feats.append("next=number")
    return feats


def _wording(side: str, form: VerbForm | None, word: str, lemma: str, prev: str, change_noun: bool) -> str:
    """The event as the labelling conventions word it (see tests/fixtures/README.md)."""
    if change_noun and (form is None or prev in DETERMINERS or prev[:1].isdigit() or prev == "%"):
        return change_past(word)  # "a 6% rise" -> rose, "losses of $2bn" -> lost
    assert form is not None
    if prev in AUX_BE:
        return inflect(lemma, "VBN", word)  # "were cancelled", "could be affected"
    if prev in MODALS:
        return lemma  # "plans to hire", "will save"
    if side == "L":
        return past_form(form, word)  # the figure is its object: "sold 32 million copies"
    if form.is_past and not ("VBD" in form.tags and "VBN" in form.tags):
        return word  # the written past form: "taken", "fled"
    return inflect(lemma, "VBD", word)  # the figure is its subject: "40 people died", "employs" -> employed


def _between_marks(word: str) -> set[str]:
    """What a word says about the stretch between a candidate and the figure."""
    if word == ",":
        return {"comma"}
    if word in _PUNCT_STOPS:
        return {"stop"}
    if word in _COORDINATORS:
        return {"coordinator"}
    if word in RELATIVES:
        return {"relative"}
    if word in _SUBORDINATORS:
        return {"subordinator"}
    if word[0].isdigit() or word in ("£", "$", "€", "%"):
        return {"number"}
    form = verb_form(word)
    if form is not None:
        return {"speech"} if form.lemma in _SPEECH or form.lemma in CLAIM_VERBS else {"verb"}
    return set()


def _follows(word: str) -> str:
    """The word right after the figure's phrase, as a class: "12 feet from", "£5m, ", "40 people died"."""
    if word in PREPOSITIONS or word in ("to", "away", "than"):
        return word
    if word in (",", "(") or word in _COORDINATORS or word in RELATIVES:
        return word
    if word[0].isalpha() and verb_form(word) is not None:
        return "verb"
    return "other"


def _bucket(i: int) -> str:
    return str(i) if i < 3 else "3-4" if i < 5 else "5-7" if i < 8 else "8+"


def _unit_kind(unit: str | None) -> str:
    if unit is None:
        return "none"
    if unit in ("%", "percentage points"):
        return "percent"
    if unit.isupper() or unit in ("cents", "pence") or unit.endswith(("francs", "roubles")):
        return "money"
    if unit.lower().split()[-1] in MEASURE_UNITS:
        return "measure"  # "12 feet from the cup", "200 miles": a size more often than a count
    return "noun"
