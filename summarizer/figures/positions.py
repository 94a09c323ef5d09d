"""Verbs known by their place in the clause: forms English also uses as nouns ("offers", "travel").

lemminflect says "offers" may be a verb or a plural noun, "travel" a verb or a noun; the earlier rules
took such a form as a verb only when the lexicon knew no other reading, so "The firm offers 10
professorships" and "More than 100 trains travel through the crossing" had no event. Word order
settles most of them:

* after a subject noun phrase that opens with a determiner, a possessive or a count ("the firm",
  "the two institutions", "Britain's banks"), or a bare plural opening the sentence ("Local people"),
  and before the figure, a present tense that agrees with that noun is the verb whose object the
  figure is ("the firm offers 10 ..." -> offered), also past a relative clause between commas ("The
  charity, which was founded in 1990, now supports 3,000 carers");
* right after a counted subject ("100 trains") and before a preposition, a determiner, an adverb, a
  particle or the end of the clause, a present tense that agrees with the count is its verb ("100
  trains travel through" -> travelled); after a share "of" a plural noun it agrees with that noun
  ("About 20% of students live at home");
* after the counted noun, "who/that/which" and a past or passive verb is the noun's own clause, also
  where the noun sits after a preposition ("among at least seven people who died" -> died);
* after "with", an -ing form right after the counted noun is what it did ("with 3,000 fans watching").

An adverb may stand between the subject and its verb ("already offer", "now attend").
"""

from __future__ import annotations

import re

from .grammar import (
    AUX_ADVERBS,
    AUX_BE,
    AUX_HAVE,
    CLAUSE_BREAKS,
    DETERMINERS,
    HARD_STOP,
    LIGHT_VERBS,
    MEASURE_UNITS,
    MODALS,
    NEGATIONS,
    PARTICLES,
    PREPOSITIONS,
    TOKEN,
    past_form,
    words,
)
from .lexicon import VerbForm, can_modify_noun, inflect, is_adjective, is_noun, verb_form
from .mention import Mention
from .units import MONEY_UNITS, is_plural

__all__ = [
    "SUBJECT_ADVERBS",
    "absolute_ing_event",
    "counted_subject_verb",
    "is_comparison",
    "is_subject_adverb",
    "own_relative_clause",
    "present_verb_after_subject",
]

# Adverbs of frequency and time that stand between a subject and its verb: "already offer",
# "now attend", "often travel" (words in -ly are adverbs as well, see is_subject_adverb).
SUBJECT_ADVERBS = (AUX_ADVERBS - NEGATIONS) | words(
    """often sometimes usually typically generally normally regularly annually daily weekly currently
    already ever still now also together jointly alone"""
)
# Number words that open a counted subject: "the two institutions".
_COUNT_WORDS = words(
    """two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred
    thousand million billion dozen several many few"""
)
# After the figure, words that make it the measure of a comparison, not an object: "with oil prices
# 5% higher", "the shares 10p lower".
_COMPARATIVE_AFTER = re.compile(
    r"(?i)\s+(?:higher|lower|more|less|fewer|above|below|up|down|cheaper|dearer|bigger|smaller|larger"
    r"|greater|better|worse|ahead|behind|short|off)(?![a-z])"
)
# What may follow a counted subject's verb: a preposition, a determiner, a particle, an adverb, a
# number, "to", or the end of the clause ("100 trains travel through", "1,000 people attend each year").
_AFTER_INTRANSITIVE = (
    PREPOSITIONS
    | DETERMINERS
    | PARTICLES
    | words(
        """to through across around about along past between under over onto towards toward per every
    each here there home abroad together daily annually weekly nightly"""
    )
)
_POSSESSIVE = ("'s", "’s")
_TIME_AFTER = words("early late today tonight tomorrow daily")  # "ten schools close early"
_PHRASE_OPENERS = words("from in of at across near around")
_LIVES_AFTER = re.compile(r"\s+(?:their|his|her)\s+lives?\b")
# After a form that is also an adjective, only a preposition of place makes it a verb: "live in".
_PLACE_PREPOSITIONS = words("in at on across around inside outside near along through into within")
# Adjectives that may follow their noun and are also verb forms: "the 12 judges present voted".
_POSTNOMINAL_ADJECTIVES = words("present elect proper")


def is_subject_adverb(word: str) -> bool:
    """An adverb between a subject and its verb: "already", "now", "reportedly"."""
    if word in SUBJECT_ADVERBS:
        return True
    return len(word) > 4 and word.endswith("ly") and verb_form(word) is None and not is_noun(word)


def present_verb_after_subject(
    text: str, word: str, form: VerbForm, earlier: list[tuple[str, int]], m: Mention
) -> str | None:
    """ "the firm offers 10 ...", "the two institutions already offer 10 ..." -> "offered": a present
    tense after its subject noun phrase, the figure its object. `earlier` are the tokens before `word`."""
    if form.is_past or form.is_ing or form.lemma in LIGHT_VERBS or not form.tags & {"VBZ", "VBP", "VB"}:
        return None
    k = len(earlier) - 1
    while k > 0 and is_subject_adverb(earlier[k][0]):
        k -= 1
    k = _before_relative_clause(earlier, k)  # "The charity, which was founded in 1990, now supports"
    while k > 0 and is_subject_adverb(earlier[k][0]):
        k -= 1
    if k < 0:
        return None
    head, opener = earlier[k][0], earlier[k - 1][0] if k else ""
    if not head.isalpha() or not is_noun(head) or head in DETERMINERS or head in PREPOSITIONS:
        return None
    if head in CLAUSE_BREAKS or head in MODALS or head in AUX_BE or head in AUX_HAVE:
        return None
    if text[earlier[k][1]].isupper() and opener not in DETERMINERS:
        return None  # "Barclays Bank": a capitalised word is a name's end; "the Ministry offers" is a noun
    plural = is_plural(head)
    if not _opens_noun_phrase(earlier, k) and not (plural and _opens_sentence(text, earlier, k)):
        return None
    agrees = "VBZ" in form.tags if not plural else bool(form.tags & {"VBP", "VB"}) and word == form.lemma
    if not agrees:
        return None
    return past_form(form, word)  # "offered"; a change reads as the past tense: "index rises 1.2 pts" -> rose


def is_comparison(text: str, m: Mention) -> bool:
    """ "the oil prices 5% higher": an amount that measures a comparison after it."""
    return _COMPARATIVE_AFTER.match(text, m.np_end) is not None


def _before_relative_clause(earlier: list[tuple[str, int]], k: int) -> int:
    """The last token before ", which/who ... ," when earlier[k] closes such a clause, else k."""
    if k < 0 or earlier[k][0] != ",":
        return k
    for j in range(k - 1, 0, -1):
        word = earlier[j][0]
        if word in HARD_STOP or word in ("and", "but"):
            return k
        if word == "," and j + 1 < k and earlier[j + 1][0] in ("which", "who"):
            return j - 1
    return k


def _opens_sentence(text: str, earlier: list[tuple[str, int]], k: int) -> bool:
    """ "Local people donate 300 toys", "Residents give 300 toys": a bare plural subject that opens the
    sentence, with at most one modifier before it."""
    first = k
    if k >= 1 and earlier[k - 1][0].isalpha() and can_modify_noun(earlier[k - 1][0]):
        first = k - 1
    before = text[: earlier[first][1]].rstrip(" \"“‘'")
    return not before or before[-1] in ".!?\n"


def _opens_noun_phrase(earlier: list[tuple[str, int]], k: int) -> bool:
    """The noun at earlier[k] heads a phrase opened by a determiner, a possessive or a count, with at
    most one modifier between: "the firm", "the local firm", "Britain's banks", "the two institutions"."""
    for j in (k - 1, k - 2):
        if j < 0:
            return False
        opener = earlier[j][0]
        if opener in DETERMINERS or opener in _COUNT_WORDS or opener.endswith(_POSSESSIVE):
            return True
        if opener.isdigit():
            return False  # "by 10 basis points to 12.7%": a measure and its noun, no subject
        if (
            opener in HARD_STOP
            or opener in PREPOSITIONS
            or opener in CLAUSE_BREAKS
            or not can_modify_noun(opener)
        ):
            return False  # a modifier between: "the average cost", "the local firm"
    return False


def counted_subject_verb(
    low: str, at: int, word: str, form: VerbForm, m: Mention, of_noun: str | None = None
) -> tuple[int, str] | None:
    """ "More than 100 trains travel through ...": a present tense right after the counted subject (`at`
    is where `word` starts) that agrees with it, followed by what only follows a verb. `of_noun`: the
    noun ending an "of" phrase after the number, which the verb agrees with ("10% of adults smoke")."""
    if form.is_past or form.is_ing or form.lemma in LIGHT_VERBS or word in _POSTNOMINAL_ADJECTIVES:
        return None
    if m.unit is None or m.unit.lower().split()[-1] in MEASURE_UNITS:
        return None  # "150 metres lower down", "1,000 km race": a measure does nothing
    mass = m.unit in MONEY_UNITS or m.unit in ("%", "percentage points")
    singular = mass or (m.num.value == 1 and m.high is None)
    if of_noun is not None:  # "10% of adults smoke": the verb agrees with the plural noun of the phrase
        if not is_plural(of_noun) or not is_noun(of_noun) or word.endswith("s"):
            return None  # "10% of overall imports", "pairs of trail-running shoes": nouns, not verbs
        singular = False
    # The verb agrees with its count: "100 trains travel", "£5m goes"; after a plural count a form in
    # -s is a noun ("100 trains travels" is no English), after an amount a base form is one too ("a 10%
    # stake in", "a £5m deal with").
    if ("VBZ" in form.tags) != singular or (not singular and word != form.lemma):
        return None
    end = at + len(word)
    if of_noun is not None and not low.startswith(" ", end):
        return None  # after an "of" phrase a verb needs what follows it: "10% of adults smoke daily"
    adjective = is_adjective(word)  # "five points clear of Leeds", "two metres short": a measure
    if low[end : end + 1] in (".", ",", ";", ":", "!", "?", ")") or end >= len(low):
        return (
            None if adjective else (at, inflect(form.lemma, "VBD", word))
        )  # "... while 300 workers strike."
    nxt = TOKEN.match(low, end + 1) if low[end : end + 1] == " " else None
    if nxt is None:
        return None
    after = nxt.group()
    if adjective and after not in _PLACE_PREPOSITIONS and after not in _TIME_AFTER:
        return None  # "five points clear of", "150 metres lower down"; but "500 people live in"
    if after in _AFTER_INTRANSITIVE or after.isdigit() or is_subject_adverb(after):
        return at, inflect(form.lemma, "VBD", word)
    return None


def own_relative_clause(low: str, m: Mention, *, after_of: bool = False) -> tuple[int, str] | None:
    """ "among at least seven people who died", "with 200 homes that were destroyed": a relative clause
    right after the counted noun says what happened to it, wherever the noun stands. A present tense
    describes ("25 goats that love to eat them"), a negation says nothing happened."""
    rel = TOKEN.match(low, m.np_end + 1) if low[m.np_end : m.np_end + 1] == " " else None
    if rel is not None and rel.group() in _PHRASE_OPENERS:
        rel = _who_after_phrase(low, rel.end())  # "the 40,000 people from the island of Ireland who died"
    if rel is None or rel.group() not in (("who",) if after_of else ("who", "that", "which")):
        return None  # "the murders of three men that took place": "that" may be the murders'
    aux: list[str] = []
    for n, t in enumerate(TOKEN.finditer(low, rel.end(), min(len(low), rel.end() + 60))):
        word = t.group()
        if n > 4 or word in HARD_STOP or word == ",":
            return None
        if word in NEGATIONS:
            return None
        if word in AUX_BE or word in AUX_HAVE:
            aux.append(word)
            continue
        if word in MODALS:
            return None  # "who could lose": not what happened
        if is_subject_adverb(word):
            continue  # "who later died", "that were eventually cancelled"
        form = verb_form(word)
        if form is not None and form.lemma == "lose" and _LIVES_AFTER.match(low, t.end()):
            return t.start(), "died"  # "who lost their lives"
        if form is None or not form.is_past or form.lemma in LIGHT_VERBS | {"take"}:
            return None  # "who took part", "that took place": no event of the number's
        if aux and aux[-1] in AUX_BE:
            return t.start(), inflect(form.lemma, "VBN", word)  # "who were killed", "that had been cancelled"
        if aux and aux[-1] not in AUX_HAVE:
            return None
        if not aux and "VBD" not in form.tags:
            return None
        return t.start(), inflect(form.lemma, "VBD", word)  # "who died", "who have fled"
    return None


def _who_after_phrase(low: str, pos: int) -> re.Match[str] | None:
    """ "who" after a short prepositional phrase that ends the noun phrase: "people from the island of
    Ireland who"; only "who", which names people, so it cannot belong to the phrase's place or thing."""
    for n, t in enumerate(TOKEN.finditer(low, pos, min(len(low), pos + 60))):
        word = t.group()
        if word == "who":
            return t
        if n > 6 or not word.isalpha() or word in CLAUSE_BREAKS or word in AUX_BE or word in AUX_HAVE:
            return None
        form = verb_form(word)
        if form is not None and (form.is_past or form.is_ing):
            return None
    return None


# -ing forms that are prepositions or describe rather than happen: "with 40 people including ...".
_NOT_ABSOLUTE = words(
    "including following according concerning regarding involving excluding remaining dating stretching"
)


def absolute_ing_event(low: str, m: Mention) -> tuple[int, str] | None:
    """ "with 3,000 fans watching", "with two goals helping them into the final": after "with", an -ing
    form right after the counted noun is what the noun did, read in the past tense as any subject."""
    if m.unit is None or m.unit in MONEY_UNITS or m.unit in ("%", "percentage points"):
        return None
    word = TOKEN.match(low, m.np_end + 1) if low[m.np_end : m.np_end + 1] == " " else None
    if word is None or word.group() in _NOT_ABSOLUTE:
        return None
    form = verb_form(word.group())
    if form is None or not form.is_ing or form.lemma in LIGHT_VERBS:
        return None
    return word.start(), inflect(form.lemma, "VBD", word.group())
