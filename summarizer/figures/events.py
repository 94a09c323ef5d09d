"""What happened to each figure: the verb, noun or adjective of change that governs its number.

Any English verb can be an event ("2,500 flights cancelled", "sold 32 million copies", "were
sentenced"); lemminflect's lexicon (summarizer/figures/lexicon.py) says which words are verb forms
and turns them into the form a digest line uses. Word order does the parsing:

* object: "VERB [a few plain words] NUMBER" ("launched a total of 118 drones", "killing seven", "shot
  down 12 drones"), shared along a list ("3,100 drones, 92 missiles and 1,360 glide bombs");
* subject: "NUMBER NOUN [apposition] [auxiliaries] VERB" ("40 people died", "two employees ... were
  wounded", "could be banned"), including a participle right after the noun ("2,500 flights
  cancelled", "the 20,000 insurgents killed");
* change nouns and adjectives: "a 6% increase", "a rise of 3%", "losses of $2bn", "up 1.8%";
* a few idioms that name a casualty: "left 2,000 people dead", "lost their lives", a death toll.

Forms: the past participle for what was done to the figure ("cancelled", "taken"), the past tense
for what the figure's subject did or for a change ("died", "rose"), the base form for what is planned
("plans to hire" -> "hire"). Light verbs (be, have, say, include...) and hedges (reported, expected)
carry no event; durations never take one.

This module reads subjects and people; summarizer/figures/objects.py reads objects and lists, and
summarizer/figures/grammar.py holds the closed word classes both use.
"""

from __future__ import annotations

import re

from .amounts import change_after, of_action_event
from .gapping import share_clause_verbs, share_gapped_verbs
from .grammar import (
    ADJECTIVE_AFTER,
    AGED_AFTER,
    APPOSITION_CLOSE,
    APPOSITION_END,
    AUX_ADVERBS,
    AUX_BE,
    AUX_HAVE,
    CASUALTY_EVENTS,
    CHANGE_NOUNS,
    CLAUSE_BREAKS,
    CLAUSE_VERBS,
    COLLECTIVE_NOUNS,
    COORDINATED_NUMBER,
    DEATH_TOLL_BEFORE,
    DETERMINED_AFTER_PREPOSITION,
    DETERMINERS,
    EVENT_FAMILY,
    HARD_STOP,
    HEDGES,
    INTRANSITIVE_CHANGE,
    LIGHT_VERBS,
    LIVES_AFTER,
    MODALS,
    NEGATIONS,
    NOT_SUBJECT_BEFORE,
    OBJECT_AFTER,
    OF_BEFORE,
    PARTICLE_AFTER,
    PARTITIVE_AFTER_PREPOSITION,
    PASSIVE_EVENTS,
    PEOPLE_EVENTS,
    POSTMODIFIER_PREPOSITIONS,
    PREPOSITIONS,
    REDUCED_RELATIVE,
    RELATIVES,
    SHARE_OF,
    SUBJECT_PARTICLES,
    SUBJECT_PRONOUNS,
    TIME_ADVERBS,
    TO_VERB,
    TOKEN,
    WHOLE_BEFORE_OF,
    change_past,
    past_form,
)
from .lexicon import VerbForm, inflect, is_adjective, is_noun, is_noun_only, is_verb_only, verb_form
from .mention import Mention
from .modifiers import mark_amounts_that_describe
from .objects import can_take_event, object_event
from .positions import absolute_ing_event, counted_subject_verb, is_subject_adverb, own_relative_clause
from .units import EVENT_ADJECTIVES, MONEY_UNITS, NP_STOP, is_plural

FATALLY_BEFORE = re.compile(r"(?:fatally|mortally)\s+$")
JOINT_WITH = re.compile(r"\b(?:along|together|compared|coupled|combined|alongside)\s*$")
REMAIN_VERBS = frozenset({"remain", "remains", "remained", "stay", "stays", "stayed"})
SPEECH_AFTER = re.compile(r"\s*[:\"“]|\s+that\s")

__all__ = [
    "CASUALTY_EVENTS",
    "PEOPLE_EVENTS",
    "assign_events",
    "is_change_event",
    "is_past_event",
    "resolve_people",
    "same_event",
]


def assign_events(text: str, low: str, mentions: list[Mention]) -> None:
    """Set `event` (and `group` for lists sharing one verb) on every mention that has one."""
    starts = [m.start for m in mentions]
    mark_amounts_that_describe(text, mentions)  # "the £18bn power plant": the plant's size
    for m in mentions:
        if m.event is None and can_take_event(m):
            found = _noun_event(low, m) or of_action_event(low, m)  # "the 24% rise", "£1bn of cuts"
            if found is not None:
                m.event_at, m.event = found
    for i, m in enumerate(mentions):
        if m.event is None and can_take_event(m):
            object_event(text, low, mentions, starts, i)
    heads = {id(m.inner): m for m in mentions if m.inner is not None}
    for m in mentions:
        if not can_take_event(m):
            continue
        change = change_after(low, m)
        if change is not None:  # "closing the day 0.6% down at 16,911": the amount of a change
            m.event_at, m.event = change
            continue
        adjective = ADJECTIVE_AFTER.match(low, m.np_end)
        if adjective:  # "leaving three dead", "left 2,000 people dead": the adjective says what happened
            m.event, m.event_at = EVENT_ADJECTIVES[adjective.group(1)], adjective.start(1)
            continue
        if m.event is not None:
            continue
        prep = (
            NOT_SUBJECT_BEFORE.search(low, max(0, m.start - 12), m.start)
            or OF_BEFORE.search(low, max(0, m.start - 14), m.start)
            or PARTITIVE_AFTER_PREPOSITION.search(low, max(0, m.start - 50), m.start)
        )  # "a fire at one site", "the survey of 2,000", "the strike by half of the 1,380 staff"
        if prep is not None and prep.group("prep") == "of" and _collective_before(low, prep.start()):
            prep = None  # "a crowd of 2,000 gathered", "the first batch of 1,800 versions will ship"
        determined = None if prep else DETERMINED_AFTER_PREPOSITION.search(low, max(0, m.start - 30), m.start)
        after = prep or determined
        if after is not None or m.event_at >= 0:  # after a preposition or a light verb ("has 30 staff who")
            own = own_relative_clause(low, m, after_of=after is not None and after.group("prep") == "of")
            if own is not None:  # "among at least seven people who died": the noun's own clause
                m.event_at, m.event = _with_particle(low, own, TOKEN.match(low, own[0]).end())
                continue
        if determined is not None and determined.group("prep") in ("between", "among", "amid"):
            continue  # "the conflict between the two states ended": the states are no subject
        if determined is not None and WHOLE_BEFORE_OF.search(
            low, max(0, determined.start() - 8), determined.start()
        ):
            determined = None  # "each of the 52 cheerleaders will receive": the whole, a subject
        conjunction = prep is not None and prep.group("prep") in ("after", "before")
        if prep and prep.group("prep") not in ("with", "from", "of") and not conjunction:
            continue  # "a fire at one site killed ...", "in 14 league fixtures, is": no subject
        if determined is not None:
            prep = determined  # "memorials for the 20,000 insurgents killed": only a participle after it
        if conjunction:  # "after 17 men were convicted": a clause, when a finite verb follows
            found = _subject_event(low, m, finite_only=True)
            if found is not None:
                m.event_at, m.event = found
            continue
        # "with 32 million copies sold", "from 1,800 patients diagnosed", "left 2,500 flights cancelled":
        # after a preposition or a light verb ("will have 20 rooms, is being built") only a participle
        # right after the noun says what happened.
        found = _subject_event(low, m, participle_only=prep is not None or m.event_at >= 0)
        if (
            found is None
            and prep is not None
            and prep.group("prep") == "with"
            and not JOINT_WITH.search(low, 0, prep.start())
        ):
            found = absolute_ing_event(low, m)  # "with 3,000 fans watching": the fans watched
        if m.elided and (found is None or "," in low[m.np_end : found[0]]):
            # "won three titles in England and two in Italy, scored 38 goals": a number whose noun is
            # left out shares the verb of the number it borrowed the noun from, not a verb past a comma
            found = _elided_event(mentions, m)
        head = heads.get(id(m))
        # "85 of the 101 drones launched overnight": the head has its own verb, this one is the inner's;
        # "Fewer than 100 of the 2,000 residents have returned": the verb is the head's, not the inner's.
        if found is not None and not (head is not None and head.event_at == found[0]):
            m.event_at, m.event = found
    share_gapped_verbs(text, low, mentions)  # "cars contribute 18% and lorries 12%"
    share_clause_verbs(low, mentions)  # "a door was damaged, along with four oil lamps"
    for m in mentions:
        if m.event in ("injured", "wounded") and FATALLY_BEFORE.search(
            low, max(0, m.event_at - 12), m.event_at
        ):
            m.event = "killed"  # "were fatally injured": an idiom for killed


# --------------------------------------------------------------------------------------------------
# Subject, participle after the noun, change nouns
# --------------------------------------------------------------------------------------------------


def _elided_event(mentions: list[Mention], m: Mention) -> tuple[int, str] | None:
    """The object verb of the nearest earlier number with the same noun."""
    for prev in reversed(mentions[: mentions.index(m)]):
        if prev.unit == m.unit and prev.event is not None and 0 <= prev.event_at < prev.start:
            return prev.event_at, prev.event
    return None


def _noun_event(low: str, m: Mention) -> tuple[int, str] | None:
    """ "a 6% increase", "the 24% rise in income": a noun of change right after the number."""
    after = TOKEN.match(low, m.end + 1) if m.end < len(low) and low[m.end] == " " else None
    if after is None or after.group() not in CHANGE_NOUNS:
        return None
    if m.unit not in ("%", "percentage points") and m.unit not in MONEY_UNITS:
        return None
    return after.start(), change_past(after.group())


def _subject_event(
    low: str, m: Mention, *, participle_only: bool = False, finite_only: bool = False
) -> tuple[int, str] | None:
    """ "40 people died", "two employees ... were wounded", "2,500 flights cancelled"."""
    if m.adjectival:
        return None  # "the 7.1-magnitude earthquake struck": the earthquake struck
    if m.unit is not None:
        found = _reduced_clause(low, m, participle_only=participle_only)
        if found is not None:
            return found
    end = min(len(low), m.np_end + 160)
    pos = m.np_end
    if m.unit == "%" and low[m.start - 1 : m.start] == "(" and low[pos : pos + 1] == ")":
        pos += 1  # "seven in 10 (71%) were educated": a share restated in brackets, the clause goes on
    if low[pos : pos + 1] in ",(–—" or low[pos : pos + 2] in (" –", " —", " ("):
        pos = _skip_apposition(low, pos, end)  # ", aged 17, 18, 25 and 27, were injured"
    aux: list[str] = []
    head_words = 0
    hedge = False
    skip_to = pos
    last = ""
    content_words = 0
    digits_in_phrase = False
    first_head = ""  # the first word of the subject's phrase after its noun ("of" in "10% of adults")
    phrase_open = False  # a prepositional phrase inside the subject has begun ("of the country's")
    for t in TOKEN.finditer(low, pos, end):
        word = t.group()
        if t.start() < skip_to:
            continue
        if len(word) == 1 and not word.isalpha():
            inside = last in POSTMODIFIER_PREPOSITIONS or (
                phrase_open and (last in DETERMINERS or last.endswith(("'s", "’s")))
            )  # "Two spills in 2008", "80% of the country's 180,000 staff"
            in_number = (
                word in ",."
                and low[t.start() - 1 : t.start()].isdigit()
                and low[t.end() : t.end() + 1].isdigit()
            )
            if (word.isdigit() or in_number) and not aux and inside:
                digits_in_phrase = True
                continue  # "Two spills in 2008 affected": a number inside the noun's own phrase
            if word == "," and head_words and not aux:
                close = APPOSITION_END.match(low, t.start(), end)
                if close is None:
                    return None  # "11 fractures in her leg, a crushed foot": a list goes on, no verb
                skip_to = close.end()  # "two employees of the company, DTEK, were wounded"
                continue
            if word in HARD_STOP or word.isdigit() or (word == "," and aux):
                return None
            continue
        before, last = last, word
        phrase_open = phrase_open or word in POSTMODIFIER_PREPOSITIONS
        if t.start() and low[t.start() - 1] == "-":
            continue  # "clear of ninth-placed Warrington": the end of a compound adjective, no verb
        if word == "aged" and not aux:
            age = AGED_AFTER.match(low, t.end())
            if age is not None:
                skip_to = age.end()  # "two men aged 19 and 21 were arrested": an apposition
                continue
        if word in AUX_BE or word in AUX_HAVE or word in MODALS:
            aux.append(word)
            continue
        if word in REMAIN_VERBS and not participle_only and not head_words and not aux:
            aux.append("are")  # "30 people remain missing", "15 roads remain closed": a copula
            continue
        if word in HEDGES and (aux or not head_words):
            hedge = True
            continue
        if (aux and word in NEGATIONS) or word.endswith(("n't", "n’t")):
            return None  # "40% had never voted", "the two sides haven't normalised": nothing happened
        if (aux or hedge) and (word in AUX_ADVERBS or word.endswith("ly")):
            continue
        if not aux and not head_words and not hedge and not participle_only and is_subject_adverb(word):
            continue  # "1,000 people now attend", "40 people reportedly died"
        if (aux or hedge) and word in EVENT_ADJECTIVES:
            return t.start(), EVENT_ADJECTIVES[word]  # "12 people are missing", "are feared dead"
        form = verb_form(word)
        if form is not None and before in DETERMINERS and not aux:
            form = None  # "with the crushed attenuator": a participle after an article describes a noun
        after_comma = low[t.start() - 2 : t.start()] == ", "
        if form is not None and form.is_past and not aux and after_comma and _plural_noun_after(low, t.end()):
            return None  # "12 fractured vertebrae, broken ribs": a list goes on
        adverb = _is_adverb(word) or word in TIME_ADVERBS
        if participle_only and form is None and not aux and not head_words and adverb:
            continue  # "with 50 services currently delayed", "the 4,000 cuts already announced"
        if participle_only and word == "being" and not aux and not head_words:
            aux.append(word)  # "saw three people being pulled out": a passive participle after the noun
            continue
        if participle_only and (aux not in ([], ["being"]) or head_words or form is None or not form.is_past):
            return None
        if participle_only and not aux and inflect(form.lemma, "VBN", word) != word:
            return None  # "the country's 180,000 staff took part": a past tense has its own subject
        if participle_only and SPEECH_AFTER.match(low, t.end()):
            return None  # "one of four IOC members, conceded: ...": a finite verb of saying, not a participle
        if participle_only and OBJECT_AFTER.match(low, t.end()):
            return None  # "of 2,000 adults found that ...": an active verb with its object, not a participle
        if form is not None and not aux and not head_words and not form.is_past and is_verb_only(word):
            if form.lemma in LIGHT_VERBS or form.is_ing:
                return None
            return t.start(), past_form(form, word)  # "1,000 people attend each year": a present tense
        of_phrase = first_head == "of" and 1 < head_words <= 4 and before.isalpha() and not digits_in_phrase
        if (
            form is not None
            and not aux
            and (not head_words or of_phrase)
            and not form.is_past
            and not participle_only
        ):
            present = counted_subject_verb(low, t.start(), word, form, m, before if of_phrase else None)
            if present is not None:
                return _with_particle(
                    low, present, t.end()
                )  # "100 trains travel through": a form that is also a noun, known by its place
        if (
            form is not None
            and form.is_past
            and before in PREPOSITIONS
            and not aux
            and _noun_follows(low, t.end())
        ):
            form = None  # "22% of boys in developed countries": a participle before its noun
        if form is not None and (form.is_past or aux):
            if finite_only and not (aux or form.is_only_past):
                return None  # "after 69 minutes played": no clause
            found = _subject_form(t.start(), word, form, aux, head_words, m, low)
            if found is None:
                return None
            if not aux and not participle_only:  # after a preposition the clause's verb is the head noun's
                found = _main_verb_after(low, t.end(), end, m) or found  # "treated ... have recovered"
            adjective = ADJECTIVE_AFTER.match(low, t.end()) if found[0] == t.start() else None
            if adjective is not None and form.is_past:
                return adjective.start(1), EVENT_ADJECTIVES[adjective.group(1)]  # "were found dead"
            return _with_particle(low, found, t.end() if found[0] == t.start() else None)
        if word.endswith("ly") and len(word) > 4 and not aux:
            continue  # "40 people reportedly died"
        if word in ("and", "or") and not (aux or hedge or head_words) and _plural_noun_after(low, t.end()):
            skip_to = TOKEN.match(low, t.end() + 1).end()  # the second noun ("and crew") is no verb
            head_words += 1
            continue  # "70 women and girls in one camp were taught": two nouns, one subject
        if (
            word in ("and", "or")
            and not aux
            and not hedge
            and m.unit is not None
            and _short_coordinate(low, t.end())
        ):
            number = COORDINATED_NUMBER.match(low, t.end())
            skip_to = number.end() if number else skip_to  # "13,000 officers and 17,000 soldiers were"
            continue  # "two soldiers and a civilian were killed": a coordinated subject
        if word in SUBJECT_PRONOUNS and not head_words and not aux:
            return None  # "the three awards she won": the verb is the pronoun's (read as a relative)
        if word in RELATIVES and not head_words and not aux and m.unit is not None:
            return _relative_clause(low, t.end(), end, m)  # "60 people who had been trapped ... were freed"
        if word in CLAUSE_BREAKS or aux or hedge or m.unit is None:
            return None
        if (m.unit in MONEY_UNITS or m.unit in ("%", "percentage points")) and not (
            head_words or word == "of"
        ):
            return None  # "a new £43m factory is being built"; but "15% of the staff were furloughed"
        first_head = first_head or word
        head_words += 1
        if word not in POSTMODIFIER_PREPOSITIONS and word not in DETERMINERS:
            content_words += 1  # "in the Boudha area of the city": only content words make a subject long
        if content_words > 8 or head_words > 16:
            return None
    return None


def _collective_before(low: str, of_at: int) -> bool:
    """ "a crowd of", "the first batch of": a collective noun, whose verb is its number's."""
    words = low[max(0, of_at - 20) : of_at].split()
    return bool(words) and words[-1] in COLLECTIVE_NOUNS


def _noun_follows(low: str, pos: int) -> bool:
    """ " crisis", " fires": a word that is only a noun right after `pos`."""
    word = TOKEN.match(low, pos + 1) if low[pos : pos + 1] == " " else None
    if word is None or word.group() in NP_STOP:
        return False
    return is_noun_only(word.group()) and not is_adjective(word.group())


def _is_adverb(word: str) -> bool:
    return len(word) > 4 and word.endswith("ly")


def _plural_noun_after(low: str, pos: int) -> bool:
    """ " and girls", " or midwives": a plural noun (not a verb form only: "and sells")."""
    word = TOKEN.match(low, pos + 1) if low[pos : pos + 1] == " " else None
    if word is None:
        return False
    return is_plural(word.group()) and is_noun(word.group()) and not is_verb_only(word.group())


def _reduced_clause(low: str, m: Mention, *, participle_only: bool) -> tuple[int, str] | None:
    """ "the 103 people they asked" -> asked; "with 3,000 homes to build" -> build."""
    relative = REDUCED_RELATIVE.match(low, m.np_end) if m.inner is None else None
    if relative is not None:
        form = verb_form(relative.group(1))
        if form is not None and form.is_past and form.lemma not in LIGHT_VERBS | CLAUSE_VERBS:
            return relative.start(1), inflect(form.lemma, "VBN", relative.group(1))
        return None
    # "with 3,000 homes to build"; not "cost £2,500 to hire": money is not what is hired
    at = m.np_end
    if m.unit == "%" and participle_only:  # "need at least 40% of eligible members to vote"
        share_of = SHARE_OF.match(low, at)
        if share_of and is_plural(share_of.group().split()[-1]):  # a share of people, not "of the budget"
            at = share_of.end()
    to_verb = TO_VERB.match(low, at) if participle_only and m.unit not in MONEY_UNITS else None
    if to_verb is not None:
        form = verb_form(to_verb.group(2))
        if form is None or form.lemma in LIGHT_VERBS:
            return None
        if to_verb.group(1):
            return (to_verb.start(2), inflect(form.lemma, "VBN", to_verb.group(2))) if form.is_past else None
        return (to_verb.start(2), form.lemma) if form.is_base else None
    return None


def _skip_apposition(low: str, pos: int, end: int) -> int:
    """Where the clause goes on after an apposition: at an auxiliary or a past verb after its closing mark."""
    found = APPOSITION_END.match(low, pos, end)
    if found:
        return found.end()
    for close in APPOSITION_CLOSE.finditer(low, pos + 1, end):
        if low[pos : close.start()].count(".") or low[pos : close.start()].count(";"):
            break
        word = TOKEN.match(low, close.end())
        form = verb_form(word.group()) if word else None
        if form is not None and form.is_only_past:
            return close.end()  # "Ten people, including three children, died"
    return pos


_COORDINATE = re.compile(
    r"\s+(?:an?\s+|the\s+|\d[\d,]*\s+|[a-z]+\s+)?[a-z]+(?:\s+[a-z]+)?\s+(?:were|was|have|had|are)\b"
)


def _short_coordinate(low: str, pos: int) -> bool:
    """ " and a civilian were", " and the Ancient Monuments Society wrote": a short second subject, then
    an auxiliary or a past verb."""
    if _COORDINATE.match(low, pos, min(len(low), pos + 50)) is not None:
        return True
    for n, t in enumerate(TOKEN.finditer(low, pos, min(len(low), pos + 60))):
        word = t.group()
        if n > 5 or not word.isalpha() or word in CLAUSE_BREAKS:
            return False
        form = verb_form(word)
        if n and form is not None and form.is_only_past:
            return True
    return False


def _relative_clause(low: str, pos: int, end: int, m: Mention) -> tuple[int, str] | None:
    """The main verb after a relative clause, else the clause's own verb: "workers who were laid off"."""
    relative: tuple[int, str] | None = None
    aux: list[str] = []
    present = False
    for n, t in enumerate(TOKEN.finditer(low, pos, end)):
        word = t.group()
        if n > 12 or word in HARD_STOP:
            break
        if word in AUX_BE or word in AUX_HAVE or word in MODALS:
            aux.append(word)
            continue
        if word in NEGATIONS:
            return None
        form = verb_form(word) if low[t.start() - 1] != "-" else None  # "the Russian-made helicopter"
        if n == 0 and form is not None and not aux and not form.is_past and not form.is_ing:
            present = True  # "25 goats that love to eat them": a state, and its infinitive is its own
            continue
        if present and aux == ["to"]:
            aux = []
            continue
        if form is None or not (form.is_past or (aux and form.is_base)) or form.lemma in LIGHT_VERBS:
            continue
        found = _subject_form(t.start(), word, form, aux, 0, m, low)
        aux = []
        if found is None:
            continue
        found = _with_particle(low, found, t.end())
        if relative is None:
            relative = found
        else:
            return found  # the clause's own verb comes second: "who had been trapped ... were freed"
    return relative


def _main_verb_after(low: str, pos: int, end: int, m: Mention) -> tuple[int, str] | None:
    """After a participle that only describes the noun, the clause's own verb: "... treated for fungi have
    recovered"."""
    aux: list[str] = []
    for n, t in enumerate(TOKEN.finditer(low, pos, min(end, pos + 60))):
        word = t.group()
        if n > 6 or word in HARD_STOP or word == "," or word in CLAUSE_BREAKS:
            return None
        if word in AUX_BE or word in AUX_HAVE or word in MODALS:
            aux.append(word)
            continue
        form = verb_form(word)
        if aux == ["to"]:
            return None  # "wrote to object": a purpose, not the clause's own verb
        if aux and form is not None and (form.is_past or form.is_base):
            return _subject_form(t.start(), word, form, aux, 0, m, low)
        if aux:
            return None
    return None


def _with_particle(low: str, found: tuple[int, str], verb_end: int | None) -> tuple[int, str]:
    if verb_end is None or verb_end >= len(low) or low[verb_end] != " ":
        return found
    particle = TOKEN.match(low, verb_end + 1)
    if particle is None or particle.group() not in SUBJECT_PARTICLES:
        return found
    if particle.group() == "up" and low.startswith(" to ", particle.end()):
        return found  # "can fetch up to £180": "up to" is the next figure's qualifier
    if particle.group() == "out" and low.startswith(" of ", particle.end()):
        return found  # "were moved out of the area": a preposition
    return found[0], f"{found[1]} {particle.group()}"  # "were shot down", "signed up"


def _subject_form(
    at: int, word: str, form: VerbForm, aux: list[str], head_words: int, m: Mention, low: str
) -> tuple[int, str] | None:
    if form.lemma == "take" and low.startswith((" place", " part"), at + len(word)):
        taking_part = low.startswith(" part", at + len(word))  # "took part"; "took place" says nothing
        return (at, f"{inflect(form.lemma, 'VBD', word)} part") if taking_part else None
    if form.lemma in PASSIVE_EVENTS and aux and aux[-1] in AUX_BE and form.is_past:
        return at, inflect(form.lemma, "VBN", word)  # "were involved": took part
    if form.lemma in LIGHT_VERBS and not PARTICLE_AFTER.match(low, at + len(word)):
        return None  # "have put up posters", "had set up 20 shelters": a phrasal verb is no light verb
    if form.lemma == "lose" and LIVES_AFTER.match(low, at + len(word)):
        return at, "died"  # "200,000 people have lost their lives"
    last = aux[-1] if aux else None
    if last is None:
        if head_words and not form.is_only_past:
            return None  # "Two shops in the town cut ..." is too unsure without an auxiliary
        return at, word if not form.is_ing else past_form(form, word)
    if last in AUX_BE and form.is_past:
        return at, inflect(form.lemma, "VBN", word)  # "were cancelled", "being shot"
    if last == "being" and form.is_past:
        return at, inflect(form.lemma, "VBN", word)
    if last in AUX_HAVE and form.is_past:
        # "have fled", "had risen": an active perfect reads as the past tense; "have been" is passive
        return at, inflect(form.lemma, "VBD", word) if "been" not in aux else inflect(form.lemma, "VBN", word)
    if last in MODALS and form.is_base:
        return at, form.lemma  # "will ship", "could rise"
    return None


# --------------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------------


def resolve_people(text: str, m: Mention) -> None:
    """Bare counts of casualties are people: "killing seven", "23 others", "the death toll rose to 42"."""
    if m.unit is None and m.high is None and DEATH_TOLL_BEFORE.search(text, max(0, m.start - 60), m.start):
        m.unit, m.event = "people", "killed"
        return
    if m.unit is not None and m.unit.lower() == "others":
        m.unit = "people"  # "23 others were hurt", "Quincy McEwan and six others were arrested"
    elif m.event in PEOPLE_EVENTS and (m.unit is None or m.others or m.unit.lower() == "more"):
        m.unit = "people"  # "killed four pupils and injured 11 others": 11 people


def same_event(a: str | None, b: str | None) -> bool:
    """ "Seven people died" and "7 people were killed" report one fact."""
    return a is not None and b is not None and EVENT_FAMILY.get(a, a) == EVENT_FAMILY.get(b, b)


def is_past_event(event: str) -> bool:
    """True for "killed", "shot down", "missing"; False for a plan ("hire") or a change read first ("up")."""
    if event in EVENT_ADJECTIVES.values():
        return True
    form = verb_form(event.split()[0])
    return form is not None and form.is_past  # "cut" reads as done, as most news figures are


def is_change_event(event: str) -> bool:
    """ "rose", "fell", "up", "down": a change, which a digest reads verb first ("rose 0.3 points")."""
    if event in ("up", "down"):
        return True
    form = verb_form(event.split()[0])
    return form is not None and form.lemma in INTRANSITIVE_CHANGE
