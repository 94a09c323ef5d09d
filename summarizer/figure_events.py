"""What happened to each figure: the verb, noun or adjective of change that governs its number.

Any English verb can be an event ("2,500 flights cancelled", "sold 32 million copies", "were
sentenced"); lemminflect's lexicon (summarizer/figure_lexicon.py) says which words are verb forms
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
"""

from __future__ import annotations

import re

from summarizer.figure_lexicon import VerbForm, inflect, is_verb_only, verb_form
from summarizer.figure_mention import Mention
from summarizer.figure_units import EVENT_ADJECTIVES, MONEY_UNITS, TIME_UNITS

__all__ = [
    "CASUALTY_EVENTS",
    "PEOPLE_EVENTS",
    "assign_events",
    "is_change_event",
    "is_past_event",
    "resolve_people",
    "same_event",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CASUALTY_EVENTS = frozenset({"killed", "injured", "wounded", "hurt", "died", "missing"})
# Events whose bare count is a count of people: "killing seven" -> 7 people killed. A closed list on
# purpose: it decides the noun, so it must only hold verbs whose object is always a person.
PEOPLE_EVENTS = (
    CASUALTY_EVENTS
    | _words(
        """arrested detained kidnapped abducted rescued evacuated displaced fled trapped stranded released
    deported executed infected hospitalised hospitalized vaccinated hired sacked beheaded injured
    convicted sentenced jailed charged"""
    )
    | {"laid off"}
)
# Verbs that report a clause: the number after them is the clause's subject ("said 15 prisoners were shot").
_CLAUSE_VERBS = _words(
    """say tell show report find estimate expect believe think claim warn note state insist admit indicate
    reveal confirm announce suggest know consider describe accord"""
)
# Verbs that link or report rather than happen to the number.
_LIGHT_VERBS = _words(
    """be have do say tell include contain involve mean represent total number equal stand remain become
    seem compare base accord estimate expect believe think report value show need want require go
    see hold get put reach face cost measure weigh span last average range age name call know consider
    describe quote list rate rank count suggest warn note state insist indicate add keep come"""
) - {"add"}
# Verbs of change that report a level and keep the past tense: "had risen by 18.2%" reads "rose".
_INTRANSITIVE_CHANGE = _words("rise fall grow sink shrink swell slide spring leap")
_PARTICLES = _words("down up off out back aside away over")
_SUBJECT_PARTICLES = _words("down up off aside back")
_AUX_BE = _words("is are was were be been being 's")
_AUX_HAVE = _words("has have had having 've 'd")
_MODALS = _words("to will would could can may might must should shall 'll cannot")
_AUX_ADVERBS = _words(
    """also reportedly allegedly all now already since still just later then both initially eventually
    only so far subsequently apparently each either not never n't finally successfully"""
)
_HEDGES = _words("believed thought feared said reported estimated understood expected known set due likely")
# Words that may stand between a verb and its object number: "launched a total of", "cut its key rate by".
_GAP_WORDS = _words(
    """a an the its their his her our your my this these those another all some total of by
    further additional extra more than just only almost nearly around about roughly some over under
    least at most up to as many much estimated record whopping staggering combined overall net mere
    average from"""
)
_OF_HEADS = _words("total number maximum minimum tally further additional rate average")
_CLAUSE_BREAKS = _words(
    """and or but after before when while as because since that which who whom whose where if than though
    although whereas said says say told including"""
)
_BE_SUBJECTS = _words("i we you they he she it who which that")
# Nouns of change: "a 6% increase", "a rise of 3%", "losses of $2bn" -> the verb they name.
_CHANGE_NOUNS = {
    "rise": "rise", "rises": "rise", "increase": "increase", "increases": "increase", "fall": "fall",
    "falls": "fall", "drop": "drop", "drops": "drop", "decline": "decline", "declines": "decline",
    "gain": "gain", "gains": "gain", "jump": "jump", "surge": "surge", "cut": "cut", "cuts": "cut",
    "loss": "lose", "losses": "lose", "growth": "grow", "reduction": "reduce", "reductions": "reduce",
    "slump": "slump", "plunge": "plunge", "hike": "hike", "hikes": "hike", "boost": "boost",
    "decrease": "decrease", "slide": "slide", "climb": "climb", "dip": "dip", "fine": "fine",
}  # fmt: skip
# Verbs of change, whose number after "to" is the new level: "increased to 4,000", "fell to 2.1%".
_CHANGE_VERBS = frozenset(_CHANGE_NOUNS.values()) | _words(
    "double triple halve soar tumble swell shrink sink"
)
_EVENT_FAMILY = {"killed": "dead", "died": "dead", "injured": "hurt", "wounded": "hurt", "hurt": "hurt"}

_TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)?|n't|[^\sa-z]")
_HARD_STOP = frozenset(".;:!?()[]\n")
_DETERMINERS = _words("a an the its their his her our your my this these those another every each")
_OBJECT_LIGHT_VERBS = _words("leave")  # "left 200,000 homes without power": not what happened to them
_BY_UNITS = frozenset({"%", "percentage points", "basis points", "points"})
_DEATH_TOLL_BEFORE = re.compile(
    r"\b(?:death\s+toll|toll|number\s+of\s+(?:dead|deaths|fatalities|people\s+killed))\b[^.;:!?\d]{0,40}$",
    re.IGNORECASE,
)
# Between items of one list: "3,100 drones, 92 missiles, and ...", "187 tons of supplies, including 50 tons".
_LIST_JOIN = re.compile(
    r"(?:\s+of\s+[a-z]+(?:\s+[a-z]+)?)?(?:\s*,\s*(?:and\s+|including\s+)?|\s+and\s+)[\"“‘']?\Z"
)
_TO_JOIN = re.compile(r"\s+to\s+\Z")
# "the survey of 2,000 adults found ...": after "of" the number is no subject ("a total of 25" is).
_OF_BEFORE = re.compile(r"(?<!total )(?<!maximum )(?<!minimum )(?<![a-z])(?P<prep>of)\s+$")
_OBJECT_AFTER = re.compile(r"\s+(?:(?:that|the|an?|his|her|their|its|this|these)(?![a-z])|\d)")
_NOT_SUBJECT_BEFORE = re.compile(
    r"(?<![a-z])(?P<prep>an?|at|in|on|from|for|with|by|to|into|near|across|after|before|during|per|than"
    r"|worth|costing)\s+$"
)
# Where an apposition after the subject ends: ", aged 17, 18 and 25, were injured".
_APPOSITION_END = re.compile(
    r"[^.;:!?\n]{0,90}?[,)–—]\s+(?=(?:were|was|are|is|have|has|had|will|would|could|may|might|must"
    r"|should|can|also|all|both|now)\b)"
)
_APPOSITION_CLOSE = re.compile(r"[,)–—]\s+")
_ADVERBS = _words("only also not still then just never even already now n't")
_NEGATIONS = _words("not never n't no")
_RELATIVES = _words("who which that")
_LIVES_AFTER = re.compile(r"\s+(?:their|his|her)\s+lives?\b")
_ADJECTIVE_AFTER = re.compile(r"\s+(dead|missing|homeless|injured)(?![a-z])")


def assign_events(text: str, low: str, mentions: list[Mention]) -> None:
    """Set `event` (and `group` for lists sharing one verb) on every mention that has one."""
    starts = [m.start for m in mentions]
    for m in mentions:
        if m.event is None and _can_take_event(m):
            found = _noun_event(low, m)  # "the 24% rise in income": the noun says what changed
            if found is not None:
                m.event_at, m.event = found
    for i, m in enumerate(mentions):
        if m.event is None and _can_take_event(m):
            _object_event(text, low, mentions, starts, i)
    heads = {id(m.inner): m for m in mentions if m.inner is not None}
    for m in mentions:
        if not _can_take_event(m):
            continue
        adjective = _ADJECTIVE_AFTER.match(low, m.np_end)
        if adjective:  # "leaving three dead", "left 2,000 people dead": the adjective says what happened
            m.event, m.event_at = EVENT_ADJECTIVES[adjective.group(1)], adjective.start(1)
            continue
        if m.event is not None:
            continue
        prep = _NOT_SUBJECT_BEFORE.search(low, max(0, m.start - 8), m.start) or _OF_BEFORE.search(
            low, max(0, m.start - 14), m.start
        )
        if prep and prep.group("prep") not in ("with", "from", "of"):
            continue  # "a fire at one site killed ...", "in 14 league fixtures, is": no subject
        # "with 32 million copies sold", "from 1,800 patients diagnosed", "left 2,500 flights cancelled":
        # after a preposition or a light verb ("will have 20 rooms, is being built") only a participle
        # right after the noun says what happened.
        found = _subject_event(low, m, participle_only=prep is not None or m.event_at >= 0)
        head = heads.get(id(m))
        # "85 of the 101 drones launched overnight": the head has its own verb, this one is the inner's;
        # "Fewer than 100 of the 2,000 residents have returned": the verb is the head's, not the inner's.
        if found is not None and not (head is not None and head.event_at == found[0]):
            m.event_at, m.event = found


def _can_take_event(m: Mention) -> bool:
    # Durations ("after spending three days underground") describe, they do not count what happened.
    return not m.drop and (m.unit is None or m.unit.lower().split()[-1] not in TIME_UNITS)


# --------------------------------------------------------------------------------------------------
# Object: the verb before the number
# --------------------------------------------------------------------------------------------------


def _tokens_before(low: str, start: int, end: int) -> list[tuple[str, int]]:
    return [(t.group(), t.start()) for t in _TOKEN.finditer(low, start, end)]


def _object_event(text: str, low: str, mentions: list[Mention], starts: list[int], i: int) -> None:
    m = mentions[i]
    tokens = _tokens_before(low, max(0, m.start - 70), m.start)
    found = _verb_before(low, m, tokens)
    if found is None:
        return
    v_start, event, gap = found
    if event is None:
        m.event_at = v_start  # a light verb: "will have 20 bedrooms" is no subject of what follows
        return
    target_index = i
    if gap and gap[-1] == "from":  # "fell from 2.9% to 2.4%": the verb goes with the new level
        nxt = i + 1
        if nxt >= len(mentions) or not _TO_JOIN.match(text[m.end : mentions[nxt].start]):
            return
        target_index = nxt
    target = mentions[target_index]
    if target.event is not None or not _can_take_event(target):
        return
    group = [target]
    for nxt_m in mentions[target_index + 1 :]:
        if nxt_m.event is not None or not _can_take_event(nxt_m):
            break
        if not _continues_list(text, group[-1], nxt_m):
            break
        group.append(nxt_m)
    for member in group:
        member.event, member.event_at, member.group = event, v_start, group


def _verb_before(
    low: str, m: Mention, tokens: list[tuple[str, int]]
) -> tuple[int, str | None, list[str]] | None:
    """The verb whose object the number is, as (start, event, words between); None when there is none."""
    gap: list[str] = []
    particle: str | None = None
    for k in range(len(tokens) - 1, max(-1, len(tokens) - 8), -1):
        word, at = tokens[k]
        if len(word) == 1 and not word.isalpha():
            if word in _HARD_STOP or word == "," or word.isdigit() or word in "–—":
                return None
            continue
        if not gap and word in ("up", "down") and _is_change_adjective(tokens[k - 1][0] if k else ""):
            return at, word, []  # "up 1.8%", "was down 2%": an adjective of change
        if word in _PARTICLES and not gap:
            particle = word
            gap.append(word)
            continue
        if word in _CHANGE_NOUNS and k + 1 < len(tokens) and tokens[k + 1][0] == "of" and gap == ["of"]:
            return at, _change_past(word), gap  # "a rise of 3%", "losses of $2bn"
        if word == "rate" or word in _GAP_WORDS or word.endswith(("ly", "'s", "’s")):
            gap.append(word)
            continue
        form = verb_form(word)
        before = tokens[k - 1][0] if k else ""
        if before in _DETERMINERS:
            gap.append(word)  # "cut its key rate by", "her favoured 200m", "a record 32 million": a modifier
            continue
        if form is not None and form.lemma in _LIGHT_VERBS | _OBJECT_LIGHT_VERBS:
            governs = _clean_gap(gap) and form.lemma not in _CLAUSE_VERBS
            return (at, None, []) if governs else None
        event = None if form is None else _object_form(word, form, tokens[:k], gap, m)
        if event is None:
            if gap and gap[0] == "by" and _measures_change(m) and len(gap) < 5:
                gap.append(word)  # "reduced deaths by 30%": the verb's object stands before "by"
                continue
            return None
        if not _clean_gap(gap) or ("by" in gap and not _measures_change(m)):
            return None  # "passed by 218 votes" is a margin, not what was passed
        if gap and gap[0] == "to" and not _measures_change(m) and form.lemma not in _CHANGE_VERBS:
            return None  # "performed to 60,000 fans", "delivered aid to 80,000 people": not what was done
        if particle is not None:
            event = f"{event} {particle}"
        return at, event, list(reversed(gap))
    return None


def _is_change_adjective(before: str) -> bool:
    """ "shares were up 3%", "finished down 2%"; not the particle of "shot down 12 drones"."""
    form = verb_form(before)
    return form is None or before in _AUX_BE or form.lemma in ("finish", "close", "end", "trade", "open")


def _clean_gap(gap_reversed: list[str]) -> bool:
    """ "a total of", "cut its key rate by", "at a rate of": not "the rest of", "some of"."""
    gap = list(reversed(gap_reversed))
    for k, word in enumerate(gap):
        if word == "of" and not (k and gap[k - 1] in _OF_HEADS):
            return False
        if word == "to" and k and gap[k - 1] not in ("up", "it", "them", "by"):
            return False
        if word == "from" and k != len(gap) - 1:
            return False  # "fell from 2.9% to 2.4%" only
    return len(gap) <= 5


def _measures_change(m: Mention) -> bool:
    return m.unit in _BY_UNITS or m.unit in MONEY_UNITS


def _object_form(
    word: str, form: VerbForm, earlier: list[tuple[str, int]], gap: list[str], m: Mention
) -> str | None:
    before = earlier[-1][0] if earlier else ""
    # The word before the verb once adverbs are skipped: "could only descend", "will not cut".
    k = len(earlier) - 1
    while k > 0 and (earlier[k][0] in _ADVERBS or earlier[k][0].endswith("ly")):
        k -= 1
    head = earlier[k][0] if k >= 0 else ""
    if before in _AUX_BE and form.is_past and form.lemma not in _INTRANSITIVE_CHANGE:
        if ("by" in gap and _measures_change(m)) or (m.unit in MONEY_UNITS and not gap):
            return _past(form, word)  # "was cut by 60%", "was fined £500"
        return None  # passive: "the village was destroyed by 3 missiles" has no object
    if form.is_ing:
        if before in ("the", "a", "an", "of", "their", "its", "his", "her"):
            return None  # "the killing of", a noun
        if before == "to":
            return form.lemma  # "committed to raising £1m": still to do
        return _past(form, word)
    if form.is_past:
        return _past(form, word)
    if head in _MODALS or head in ("n't", "not"):
        return form.lemma  # "plans to hire 600 pilots", "will cut 1,800 jobs", "could only descend"
    # A present tense needs a subject right before it: "the firm employs 300", "cars contribute 18%";
    # "25 basis points to 3.75%" and "218 votes to 214" are nouns after a number.
    if before in _BE_SUBJECTS:
        return _past(form, word)
    after_number = any(t.isdigit() for t, _ in earlier[-4:])
    subject = "VBZ" in form.tags and before.isalpha() and before not in _DETERMINERS and not after_number
    if subject and (is_verb_only(word) or verb_form(before) is None):
        return _past(form, word)  # "the firm employs 3,000", "Snow makes $168,000"
    if form.is_base:
        plural_subject = len(before) > 3 and before.endswith("s") and before not in _DETERMINERS
        if plural_subject and not after_number and verb_form(before) is None:
            return _past(form, word)
    return None


def _past(form: VerbForm, like: str) -> str:
    """What happened, as a digest reads it: "rose 5%" for a change, "118 drones launched" otherwise."""
    if form.lemma in _INTRANSITIVE_CHANGE:
        return inflect(form.lemma, "VBD", like)
    return inflect(form.lemma, "VBN", like)


def _change_past(noun: str) -> str:
    lemma = _CHANGE_NOUNS[noun]
    past_tense = lemma in _INTRANSITIVE_CHANGE or lemma == "lose"  # "rose", "lost"
    return inflect(lemma, "VBD" if past_tense else "VBN")


def _continues_list(text: str, last: Mention, nxt: Mention) -> bool:
    """ "3,100 drones, 92 missiles, and around 1,360 glide bombs": items of one list share the verb."""
    if last.unit is None or nxt.unit is None:
        return False
    if last.unit in MONEY_UNITS or last.unit == "%" or nxt.unit in MONEY_UNITS or nxt.unit == "%":
        return last.unit == nxt.unit and bool(re.match(r"\s*\(\s*\Z", text[last.np_end : nxt.start]))
    return bool(_LIST_JOIN.match(text[last.np_end : nxt.start]))


# --------------------------------------------------------------------------------------------------
# Subject, participle after the noun, change nouns
# --------------------------------------------------------------------------------------------------


def _noun_event(low: str, m: Mention) -> tuple[int, str] | None:
    """ "a 6% increase", "the 24% rise in income": a noun of change right after the number."""
    after = _TOKEN.match(low, m.end + 1) if m.end < len(low) and low[m.end] == " " else None
    if after is None or after.group() not in _CHANGE_NOUNS:
        return None
    if m.unit not in ("%", "percentage points") and m.unit not in MONEY_UNITS:
        return None
    return after.start(), _change_past(after.group())


def _subject_event(low: str, m: Mention, *, participle_only: bool = False) -> tuple[int, str] | None:
    """ "40 people died", "two employees ... were wounded", "2,500 flights cancelled"."""
    if m.adjectival:
        return None  # "the 7.1-magnitude earthquake struck": the earthquake struck
    end = min(len(low), m.np_end + 110)
    pos = m.np_end
    if low[pos : pos + 1] in ",(–—" or low[pos : pos + 2] in (" –", " —", " ("):
        pos = _skip_apposition(low, pos, end)  # ", aged 17, 18, 25 and 27, were injured"
    aux: list[str] = []
    head_words = 0
    hedge = False
    for t in _TOKEN.finditer(low, pos, end):
        word = t.group()
        if len(word) == 1 and not word.isalpha():
            if word in _HARD_STOP or word.isdigit() or (word == "," and aux):
                return None
            continue
        if word in _AUX_BE or word in _AUX_HAVE or word in _MODALS:
            aux.append(word)
            continue
        if word in _HEDGES and (aux or not head_words):
            hedge = True
            continue
        if aux and word in _NEGATIONS:
            return None  # "40% had never voted": nothing happened
        if (aux or hedge) and (word in _AUX_ADVERBS or word.endswith("ly")):
            continue
        if (aux or hedge) and word in EVENT_ADJECTIVES:
            return t.start(), EVENT_ADJECTIVES[word]  # "12 people are missing", "are feared dead"
        form = verb_form(word)
        if participle_only and (aux or head_words or form is None or not form.is_past):
            return None
        if participle_only and _OBJECT_AFTER.match(low, t.end()):
            return None  # "of 2,000 adults found that ...": an active verb with its object, not a participle
        if form is not None and not aux and not head_words and not form.is_past and is_verb_only(word):
            if form.lemma in _LIGHT_VERBS or form.is_ing:
                return None
            return t.start(), _past(form, word)  # "1,000 people attend each year": a present tense
        if form is not None and (form.is_past or aux):
            found = _subject_form(t.start(), word, form, aux, head_words, m, low)
            if found is None:
                return None
            if not aux:
                found = _main_verb_after(low, t.end(), end, m) or found  # "treated ... have recovered"
            return _with_particle(low, found, t.end() if found[0] == t.start() else None)
        if word.endswith("ly") and len(word) > 4 and not aux:
            continue  # "40 people reportedly died"
        if (
            word in ("and", "or")
            and not aux
            and not hedge
            and m.unit is not None
            and _short_coordinate(low, t.end())
        ):
            continue  # "two soldiers and a civilian were killed": a coordinated subject
        if word in _RELATIVES and not head_words and not aux and m.unit is not None:
            return _relative_clause(low, t.end(), end, m)  # "60 people who had been trapped ... were freed"
        if word in _CLAUSE_BREAKS or aux or hedge or m.unit is None:
            return None
        if (m.unit in MONEY_UNITS or m.unit in ("%", "percentage points")) and not (
            head_words or word == "of"
        ):
            return None  # "a new £43m factory is being built"; but "15% of the staff were furloughed"
        head_words += 1
        if head_words > 8:
            return None
    return None


def _skip_apposition(low: str, pos: int, end: int) -> int:
    """Where the clause goes on after an apposition: at an auxiliary or a past verb after its closing mark."""
    found = _APPOSITION_END.match(low, pos, end)
    if found:
        return found.end()
    for close in _APPOSITION_CLOSE.finditer(low, pos + 1, end):
        if low[pos : close.start()].count(".") or low[pos : close.start()].count(";"):
            break
        word = _TOKEN.match(low, close.end())
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
    for n, t in enumerate(_TOKEN.finditer(low, pos, min(len(low), pos + 60))):
        word = t.group()
        if n > 5 or not word.isalpha() or word in _CLAUSE_BREAKS:
            return False
        form = verb_form(word)
        if n and form is not None and form.is_only_past:
            return True
    return False


def _relative_clause(low: str, pos: int, end: int, m: Mention) -> tuple[int, str] | None:
    """The main verb after a relative clause, else the clause's own verb: "workers who were laid off"."""
    relative: tuple[int, str] | None = None
    aux: list[str] = []
    for n, t in enumerate(_TOKEN.finditer(low, pos, end)):
        word = t.group()
        if n > 12 or word in _HARD_STOP:
            break
        if word in _AUX_BE or word in _AUX_HAVE or word in _MODALS:
            aux.append(word)
            continue
        if word in _NEGATIONS:
            return None
        form = verb_form(word)
        if form is None or not (form.is_past or (aux and form.is_base)) or form.lemma in _LIGHT_VERBS:
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
    for n, t in enumerate(_TOKEN.finditer(low, pos, min(end, pos + 60))):
        word = t.group()
        if n > 6 or word in _HARD_STOP or word == "," or word in _CLAUSE_BREAKS:
            return None
        if word in _AUX_BE or word in _AUX_HAVE or word in _MODALS:
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
    particle = _TOKEN.match(low, verb_end + 1)
    if particle is None or particle.group() not in _SUBJECT_PARTICLES:
        return found
    if particle.group() == "up" and low.startswith(" to ", particle.end()):
        return found  # "can fetch up to £180": "up to" is the next figure's qualifier
    return found[0], f"{found[1]} {particle.group()}"  # "were shot down", "signed up"


def _subject_form(
    at: int, word: str, form: VerbForm, aux: list[str], head_words: int, m: Mention, low: str
) -> tuple[int, str] | None:
    if form.lemma in _LIGHT_VERBS:
        return None
    if form.lemma == "lose" and _LIVES_AFTER.match(low, at + len(word)):
        return at, "died"  # "200,000 people have lost their lives"
    last = aux[-1] if aux else None
    if last is None:
        if head_words and not form.is_only_past:
            return None  # "Two shops in the town cut ..." is too unsure without an auxiliary
        return at, word if not form.is_ing else _past(form, word)
    if last in _AUX_BE and form.is_past:
        return at, inflect(form.lemma, "VBN", word)  # "were cancelled", "being shot"
    if last == "being" and form.is_past:
        return at, inflect(form.lemma, "VBN", word)
    if last in _AUX_HAVE and form.is_past:
        # "have fled", "had risen": an active perfect reads as the past tense; "have been" is passive
        return at, inflect(form.lemma, "VBD", word) if "been" not in aux else inflect(form.lemma, "VBN", word)
    if last in _MODALS and form.is_base:
        return at, form.lemma  # "will ship", "could rise"
    return None


# --------------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------------


def resolve_people(text: str, m: Mention) -> None:
    """Bare counts of casualties are people: "killing seven", "23 others", "the death toll rose to 42"."""
    if m.unit is None and m.high is None and _DEATH_TOLL_BEFORE.search(text, max(0, m.start - 60), m.start):
        m.unit, m.event = "people", "killed"
        return
    if m.event in PEOPLE_EVENTS and (m.unit is None or m.unit.lower() in {"others", "more", "other"}):
        m.unit = "people"


def same_event(a: str | None, b: str | None) -> bool:
    """ "Seven people died" and "7 people were killed" report one fact."""
    return a is not None and b is not None and _EVENT_FAMILY.get(a, a) == _EVENT_FAMILY.get(b, b)


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
    return form is not None and form.lemma in _INTRANSITIVE_CHANGE
