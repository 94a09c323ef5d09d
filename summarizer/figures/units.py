"""What a number counts, and how sure it is: qualifier ("at least"), unit ("glide bombs", "%", "USD").

* qualifier: the words right before the number ("at least", "some", "as many as" ...), or after it
  ("or more"), folded to the canonical set of `Figure.qualifier`;
* unit: a currency or "%" carried by the number; else a count inside a hyphenated modifier ("the
  88,966-seat stadium" -> seats); else the noun phrase after it, up to its head ("six crew members");
  else the noun of a partitive ("85 of the 101 drones"), of a paired number ("218 votes to 214"), or of
  an earlier number when the text leaves the noun out ("300 homes destroyed and 1,200 damaged").
"""

from __future__ import annotations

import itertools
import re

from .lexicon import (
    is_adjective,
    is_foreign_plural,
    is_noun,
    is_noun_only,
    is_verb_only,
    noun_plural,
    verb_form,
)
from .mention import Mention

__all__ = [
    "MONEY_UNITS",
    "MONTH_DAY",
    "NP_STOP",
    "SPAN_UNITS",
    "TIME_UNITS",
    "attach_qualifier",
    "attach_suffix_qualifier",
    "attach_unit",
    "borrow_elided_nouns",
    "counts_a_noun",
    "is_plural",
    "link_neighbours",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(text: str) -> frozenset[str]:
    return frozenset(" ".join(p.split()) for p in text.split("|"))


# Qualifier phrases, longest first, mapped to the canonical set used by Figure.qualifier.
QUALIFIERS: dict[str, str] = {
    "at least": "at least",
    "no fewer than": "at least",
    "no less than": "at least",
    "a minimum of": "at least",
    "more than": "more than",
    "over": "more than",
    "upwards of": "more than",
    "in excess of": "more than",
    "above": "more than",
    "just over": "more than",
    "well over": "more than",
    "nearly": "nearly",
    "a near": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "just under": "nearly",
    "just shy of": "nearly",
    "around": "around",
    "about": "around",
    "some": "around",
    "roughly": "around",
    "approximately": "around",
    "approx.": "around",
    "an estimated": "around",
    "estimated": "around",
    "circa": "around",
    "up to": "up to",
    "as many as": "up to",
    "as much as": "up to",
    "at most": "up to",
    "no more than": "up to",
    "no longer than": "up to",
    "no higher than": "up to",
    "no greater than": "up to",
    "a maximum of": "up to",
    "a maximum": "up to",
    "fewer than": "fewer than",
    "less than": "fewer than",
    "under": "fewer than",
    "below": "fewer than",
}
_QUALIFIER_LAST_WORDS = frozenset(q.split()[-1] for q in QUALIFIERS)
_SUFFIX_QUALIFIERS = {"or more": "at least", "or so": "around", "or fewer": "up to", "or less": "up to"}

MONEY_UNITS = _words(
    "USD EUR GBP JPY CNY INR RUB UAH CHF CAD AUD HKD NZD SGD MXN TRY ZAR NGN ILS PLN THB MYR AED SAR FIM"
    " NLG IDR HUF RON BDT SEK cents pence"
)
# Measurement units end a noun phrase at once: "100 metres final" counts metres, not finals.
_UNIT_WORDS = _words(
    """km kms kilometre kilometres kilometer kilometers mile miles m metre metres meter meters cm mm ft
    feet foot inch inches yard yards ounce ounces oz kg kgs kilogram kilograms kilo kilos g gram grams
    tonne tonnes ton tons lb lbs mw gw kw twh gwh mwh kwh megawatt megawatts gigawatt gigawatts kilowatt
    kilowatts watt watts volt volts hectare hectares acre acres litre litres liter liters gallon gallons
    barrel barrels bpd mph kph kmph km/h second seconds minute minutes hour hours day days week weeks
    month months year years decade decades century centuries degree degrees °c °f celsius fahrenheit
    points point magnitude"""
)
# Singular unit nouns written after a number other than 1 describe the noun after them ("a two day
# trial"); they still count, in the plural: the trial lasts two days.
_SINGULAR_UNITS = _words(
    """day week month year hour minute second decade century mile metre meter kilometre kilometer tonne ton
    inch foot yard gallon litre liter barrel acre hectare degree point megawatt gigawatt kilogram gram
    watt volt"""
)
# Units whose hyphenated form keeps the singular as the unit name: "a 7.1-magnitude earthquake".
_INVARIANT_UNITS = _words("magnitude km mw gw kg mph kph kmph")
# Hyphenated words after a number that describe rather than count: "a 40-year-old", "10,000-strong".
_HYPHEN_NOT_COUNTS = _words("old strong odd plus fold time times way something nil all thirds third half")
TIME_UNITS = _words(
    """second seconds minute minutes hour hours day days week weeks month months year years decade decades"""
)
# Capitalised plural nouns that are still counts: Russians, Britons, Israelis, Poles, Sikhs...
_DEMONYM_ENDINGS = ("ans", "ons", "is", "ese", "ers", "ks", "ts", "ds")
_TWO_WORD_UNITS = _phrases(
    """basis points|basis point|percentage points|percentage point|square kilometres|square kilometers|
    square miles|square metres|square meters|cubic metres|light years|nautical miles"""
)
_IRREGULAR_PLURALS = _words(
    """people children men women police staff personnel cattle sheep fish livestock aircraft troops crew
    militia infantry data media clergy youth"""
)
# Words that cannot be part of the counted noun phrase after a number.
NP_STOP = _words(
    """a an the this that these those its it his her their our your my of in on at to from for with by
    about as into onto over under after before during since until per than and or but nor so yet if
    while when where which who whom whose what is are was were be been being has have had do does did
    will would can could may might must shall should said says say told according more most less least
    only just also even still again ago earlier later overnight today yesterday tomorrow tonight each
    apiece every all some any both either neither other another such there here then now not no up down
    out off back away against across through between among amid around including via versus vs plus
    minus times percent per cent i i'm you we they he she"""
)
_NP_MODIFIERS = frozenset({"more", "other", "additional", "extra", "further", "new"})
# Adjectives that say what happened to a bare number; they end a noun phrase.
EVENT_ADJECTIVES = {"dead": "killed", "missing": "missing", "homeless": "homeless", "injured": "injured"}
MONTH_DAY = _words(
    """january february march april may june july august september october november december jan feb mar
    apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday"""
)


def _alternation(phrases: list[str] | set[str] | dict[str, str]) -> str:
    return "|".join(sorted((re.escape(p).replace(r"\ ", r"\s+") for p in phrases), key=len, reverse=True))


_QUALIFIER_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:(?P<q>" + _alternation(QUALIFIERS) + r")|(?P<qa>up\s+to|as\s+many\s+as|as\s+much\s+as)"
    r"\s+an?)\s+[\"“‘']?$",
    re.IGNORECASE,
)
_SUFFIX_QUALIFIER = re.compile(r"\s+(?P<q>" + _alternation(_SUFFIX_QUALIFIERS) + r")\b", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(r"(?<![A-Za-z])between\s+$", re.IGNORECASE)
SPAN_UNITS = TIME_UNITS | _words(
    "summers winters seasons generations centuries nights weekends series stints spells terms innings laps"
    " holes rounds overs stages sessions"
)
_MORE_THAN_OVER_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:for|of|after|than|within|in|to|at|by|with|is|are|was|were|been|be|lasted|lasting|took"
    r"|spent|spend|last)\s+$",
    re.IGNORECASE,
)
_OF_THE = re.compile(r"\s+of\s+(?:the|its|their|these|those|his|her|our)(?:\s+[a-z]+['’]s)?\s(?=[a-z])")
_CONVERSION = re.compile(r"\s*\(\s*\Z")
# Verbs whose "over" is a particle, not "more than": "hand over 30% of their arms".
_OVER_PARTICLE_VERBS = _words("hand turn sign fork pass")
_TIMES_AFTER = re.compile(r"\s+times\b", re.IGNORECASE)
NP_WORD = re.compile(r"[ \t\u00a0]+((?:[A-Z]\.){2,}|[A-Za-z°][A-Za-z'’/-]*[A-Za-z]|[A-Za-z°])")
_HYPHEN_UNIT = re.compile(r"-([A-Za-z]+)(?:-([A-Za-z]+))*")
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s\Z")  # "MEPs", "MPs", "SUVs" are counts, not titles
_ATTACHED_UNIT = re.compile(r"([A-Za-z°/]+)(?![A-Za-z])")
_PARTITIVE = re.compile(
    r"\s+of\s+(?:the|its|their|his|her|these|those|our|all)\s+(?:(?:last|first|next|remaining|original)\s+)?\Z",
    re.IGNORECASE,
)
_OUT_OF = re.compile(r"\s+out\s+of\s+\Z", re.IGNORECASE)
_PAIR_JOIN = re.compile(r"\s+(?:to|against|versus|vs\.?|out\s+of|from|or|and)\s+\Z", re.IGNORECASE)
# Between a counted number and a later bare one that leaves its noun out: a list, a contrast or a
# change within the sentence, no sentence break and no other number.
_ELIDED_JOIN = re.compile(
    r"[^.;:!?\d]{0,80}(?:[,(–—-]|\s(?:and|or|but|with|while|whereas|from|than|including)(?:\s+(?P<word>[a-z]+))?)"
    r"\s*\Z"
)
_ELIDED_AFTER = re.compile(
    r"\s*(?:[-–—,).;]|\s(?:and|or|in|on|at|from|to|were|was|are|is|have|had|has|will|would|could|may|might"
    r"|[a-z]+ed|domestic|international|local|foreign|more|others?)(?![a-z]))"
)


# --------------------------------------------------------------------------------------------------
# Qualifier
# --------------------------------------------------------------------------------------------------


def attach_qualifier(text: str, m: Mention) -> None:
    window_start = max(0, m.start - 30)
    if m.high is not None:
        between = _BETWEEN_BEFORE.search(text, window_start, m.start)
        if between:
            m.start = between.start()
        return
    before = text[window_start : m.start].rstrip(" \"“‘'").rsplit(None, 2)
    if before and before[-1].lower() in ("a", "an"):
        before = before[:-1]  # "up to a four year period"
    if not before or before[-1].lower().lstrip("\"“‘'([") not in _QUALIFIER_LAST_WORDS:  # '"About 11%'
        return  # cheap test first: most numbers have no qualifier
    found = _QUALIFIER_BEFORE.search(text, window_start, m.start)
    if (
        found
        and found.group("q")
        and found.group("q").lower() == "over"
        and _over_is_particle(text, found.start())
    ):
        return  # "hand over 30%": the verb's particle
    if found:
        group = "q" if found.group("q") else "qa"  # "up to a four year period"; not "over a two-year period"
        m.qualifier = QUALIFIERS[" ".join(found.group(group).lower().split())]
        m.start = found.start(group)


def _over_is_particle(text: str, at: int) -> bool:
    word = re.search(r"([A-Za-z]+)\s+$", text[max(0, at - 20) : at])
    form = verb_form(word.group(1).lower()) if word else None
    return form is not None and form.lemma in _OVER_PARTICLE_VERBS


def drop_span_over(text: str, m: Mention) -> None:
    """ "will save £140m over five years", "played over two summers": "over" before a span of time is
    a preposition (during), not "more than"; after "for", "of", "after" it is still "more than"."""
    if m.qualifier != "more than" or m.unit is None or m.unit.lower() not in SPAN_UNITS:
        return
    if text[m.start : m.start + 4].lower() != "over":
        return
    if _MORE_THAN_OVER_BEFORE.search(text, max(0, m.start - 20), m.start):
        return
    m.qualifier, m.start, m.span = "exact", m.num.start, True


def attach_times(text: str, m: Mention) -> None:
    """ "has scored four times", "played 12 times for Portugal": a count of times (ratios such as "three
    times bigger" were never taken for numbers)."""
    if m.unit is None and m.high is None and _TIMES_AFTER.match(text, m.num_end):
        m.unit = "times"
        m.end = _TIMES_AFTER.match(text, m.num_end).end()


def attach_suffix_qualifier(text: str, m: Mention) -> None:
    """ "300 houses or more", "40 or so": a qualifier written after the number or its noun."""
    if m.qualifier != "exact":
        return
    after = _SUFFIX_QUALIFIER.match(text, m.end) or _SUFFIX_QUALIFIER.match(text, m.num_end)
    if after:
        m.qualifier = _SUFFIX_QUALIFIERS[" ".join(after.group("q").lower().split())]


# --------------------------------------------------------------------------------------------------
# Unit
# --------------------------------------------------------------------------------------------------


def attach_unit(text: str, m: Mention) -> None:
    """The unit carried by the number, or the counted noun phrase written after it."""
    if m.num.unit is not None:
        m.unit = m.num.unit
        return
    hyphen = _HYPHEN_UNIT.match(text, m.num_end)
    if hyphen:
        _hyphen_unit(text, m, hyphen)
        return
    attached = _ATTACHED_UNIT.match(text, m.num_end)
    if attached and attached.group(1).lower() in _UNIT_WORDS:  # "1,000m", "10km", "200lbs"
        m.unit, m.end = attached.group(1), attached.end(1)
        return
    unit, end = _noun_phrase(text, m.num_end, singular=m.high is None and m.num.value == 1)
    if unit is None:
        _partitive_unit(text, m)
        if m.unit is None and m.num.value != 1:
            _count_modifier(text, m)
        return
    head = unit.split()[-1]
    lower = head.lower()
    if lower in _SINGULAR_UNITS and m.num.value != 1:
        if " " in unit:
            m.drop = True  # "12-6 last month": the unit does not count this number
        unit = head = noun_plural(lower)  # "a two day trial": the trial lasts two days
        lower, m.adjectival = head, True
    elif (
        head[0].isupper()
        and lower not in _UNIT_WORDS
        and not lower.endswith(_DEMONYM_ENDINGS)
        and not _ACRONYM_PLURAL.match(head)
    ):
        m.drop = True  # "100 Stories of Migration", "Highway 36 Numerous ...": a title, not a count
    if lower in TIME_UNITS:
        unit = head  # "36 long hours" is 36 hours; adjectives on a duration are colour, not a unit
    m.unit, m.end = unit, end


def _count_modifier(text: str, m: Mention) -> None:
    """ "a 52 card deck", "a three bedroom house": a count written before a singular noun that
    modifies another noun counts the first noun (as "a 52-card deck" would)."""
    first = NP_WORD.match(text, m.num_end)
    second = NP_WORD.match(text, first.end()) if first is not None else None
    if first is None or second is None or not (first.group(1).islower() and second.group(1).islower()):
        return
    if not _A_ADJECTIVE_BEFORE.search(text, max(0, m.start - 40), m.start):
        return  # "a 52 card deck", "a three bedroom house"; not "the 65,000 resistance level"
    noun, head = first.group(1), second.group(1)
    if _stops_phrase(noun) or _stops_phrase(head) or not is_noun(noun) or not is_noun(head):
        return
    if is_adjective(noun) or is_verb_only(noun) or is_plural(noun):
        return  # "the 2 main parties", "3 sets": a noun that counts on its own is read elsewhere
    m.unit, m.end, m.adjectival = noun_plural(noun), first.end(1), True


def _partitive_unit(text: str, m: Mention) -> None:
    """ "eight of the junctions", "two of the country's top players": the number counts the noun after
    "of the" (a number there is handled as a pair: "85 of the 101 drones")."""
    of = _OF_THE.match(text, m.num_end)
    if of is None:
        return
    unit, end = _noun_phrase(text, of.end() - 1, singular=False)
    if unit is not None and unit[0].islower() and is_plural(unit.split()[-1].lower()):
        m.unit, m.end = unit, end


def _hyphen_unit(text: str, m: Mention, hyphen: re.Match[str]) -> None:
    """ "the 88,966-seat stadium" counts 88,966 seats, "a one-year sentence" one year, "a 1.3
    million-strong workforce" the workforce; "a 40-year-old", "a six-pack" (a noun of its own, no noun
    after it) do not count."""
    word = hyphen.group(1).lower()
    rest = (hyphen.group(2) or "").lower()
    head = NP_WORD.match(text, hyphen.end())
    strong = word == "strong" and not rest and m.high is None and head is not None
    if strong and head.group(1).islower() and not _stops_phrase(head.group(1)):
        m.unit, m.end, m.adjectival = head.group(1), head.end(1), True  # "10,000-strong crowd"
        return
    if word in _HYPHEN_NOT_COUNTS or rest in _HYPHEN_NOT_COUNTS or m.high is not None:
        m.drop = True
        return
    if m.num.value == 1 and not (word in _SINGULAR_UNITS and _A_BEFORE.search(text, 0, m.num.start)):
        m.drop = True  # "one-off", "a one-man show", "one-day cricket"; but "a one-year sentence" is a year
        return
    if word not in _UNIT_WORDS and not rest and _NOUN_ENDS.match(text, hyphen.end()):
        m.drop = True  # "a six-pack.", "an 18-wheeler, and": a noun of its own, not a count of packs
        return
    m.unit = hyphen.group(1) if word in _INVARIANT_UNITS else noun_plural(word)
    m.end, m.adjectival = hyphen.end(1), True


def _noun_phrase(text: str, pos: int, *, singular: bool) -> tuple[str | None, int]:
    """The counted noun phrase starting at `pos` and where it ends, or (None, pos).

    Without a tagger the phrase ends at its first plural noun or unit ("1,360 glide bombs against",
    "100 metres final"), unless another plural noun follows ("six crew members"); function words,
    verbs and adverbs end it without one. A singular phrase is only accepted after a count of one.
    """
    words: list[tuple[str, int, int]] = []
    for _ in range(5):
        w = NP_WORD.match(text, pos)
        if w is None:
            break
        word = w.group(1)
        lower = word.lower()
        if words and f"{words[-1][0].lower()} {lower}" in _TWO_WORD_UNITS:
            return f"{words[-1][0]} {word}", w.end(1)
        if lower in _NP_MODIFIERS and not words:
            words.append((word, w.start(1), w.end(1)))
            pos = w.end()
            continue
        if lower in ("and", "or") and _joins_modifiers(text, w.end(), words):
            words.append((word, w.start(1), w.end(1)))  # "278 regular and recurring characters"
            pos = w.end()
            continue
        if _stops_phrase(lower) and not _is_participle_modifier(text, w.end(), lower):
            break
        words.append((word, w.start(1), w.end(1)))
        possessive = _POSSESSIVE_PLURAL.match(text, w.end(1)) if lower.endswith("s") else None
        if possessive is not None:  # "12 drivers' championships": a plural possessive modifies the head
            words[-1] = (word + possessive.group(), w.start(1), possessive.end())
            pos = possessive.end()
            continue
        if lower in _UNIT_WORDS or (is_plural(lower) and not _compound_goes_on(text, w.end(), lower)):
            if lower not in _IRREGULAR_PLURALS and is_verb_only(lower):
                words.pop()  # "above 50 indicates growth": a verb, not a plural noun
                break
            return _phrase(words), w.end(1)
        pos = w.end()
    if words and words[0][0].lower() in _NP_MODIFIERS and len(words) == 1:
        return words[0][0], words[0][2]  # "23 more": resolved to people when the verb says so
    if singular and words and words[-1][0].lower() not in _NP_MODIFIERS:
        return _phrase(words[:2]), words[:2][-1][2]
    return None, pos


_A_BEFORE = re.compile(r"(?<![A-Za-z])an?\s+$", re.IGNORECASE)
_A_ADJECTIVE_BEFORE = re.compile(r"(?<![A-Za-z])an?\s+(?:[a-z]+\s+)?$", re.IGNORECASE)
# After a hyphenated count, what ends a noun phrase: the count is a noun of its own ("a six-pack").
_NOUN_ENDS = re.compile(
    r"\s*(?:[.,;:!?)]|\Z)|\s+(?:"
    + "|".join(sorted(NP_STOP - {"a", "an", "the"}, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_POSSESSIVE_PLURAL = re.compile(r"['’](?=[ \t][a-z])")
_NUMBER_WORDS = _words(
    """one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred
    thousand million billion dozen"""
)


def _joins_modifiers(text: str, pos: int, words: list[tuple[str, int, int]]) -> bool:
    """ "regular and recurring", "league and cup": two one-word modifiers before one plural head; not
    "and two", not "lei and expenditures"."""
    if len(words) != 1 or is_plural(words[0][0].lower()):
        return False
    nxt = NP_WORD.match(text, pos)
    if nxt is None or not nxt.group(1).islower():
        return False
    lower = nxt.group(1).lower()
    return lower not in _NUMBER_WORDS and not _stops_phrase(lower) and not is_plural(lower)


def _compound_goes_on(text: str, pos: int, lower: str) -> bool:
    """ "six crew members", "300 police officers": a noun used as a modifier of a plural head."""
    if lower not in _IRREGULAR_PLURALS or lower in ("people", "children", "men", "women"):
        return False
    nxt = NP_WORD.match(text, pos)
    return nxt is not None and is_plural(nxt.group(1).lower()) and not _stops_phrase(nxt.group(1).lower())


def _is_participle_modifier(text: str, pos: int, lower: str) -> bool:
    """ "19 confirmed deaths", "six missing miners": a participle used as an adjective before its noun."""
    form = verb_form(lower)
    if lower not in EVENT_ADJECTIVES and (form is None or not form.is_past):
        return False
    nxt = NP_WORD.match(text, pos)
    return nxt is not None and is_plural(nxt.group(1).lower()) and not _stops_phrase(nxt.group(1).lower())


def _phrase(words: list[tuple[str, int, int]]) -> str:
    kept = [w for w, _, _ in words]
    if len(kept) > 1 and kept[0].lower() in _NP_MODIFIERS and kept[0].lower() != "new":
        kept = kept[1:]  # "23 more people" counts people
    return " ".join(kept)


def _stops_phrase(lower: str) -> bool:
    if (
        lower in NP_STOP
        or lower in EVENT_ADJECTIVES
        or lower.endswith(("'s", "’s", "ly"))
        or lower in MONTH_DAY
    ):
        return True
    form = verb_form(lower)
    # "2,500 flights cancelled", "40 people died"; "crew" is also the past of "crow", but a noun here
    return form is not None and form.is_only_past and lower not in _IRREGULAR_PLURALS


def is_plural(lower: str) -> bool:
    if lower in _IRREGULAR_PLURALS or (lower.endswith("men") and len(lower) > 4):  # policemen, gunmen
        return True
    if not lower.endswith("s"):
        return lower.endswith(("ae", "ia", "i", "a")) and is_foreign_plural(lower)  # "vertebrae"
    return len(lower) > 2 and "." not in lower and not lower.endswith(("ss", "us", "is", "ous", "'s", "’s"))


def counts_a_noun(text: str, pos: int) -> bool:
    word = NP_WORD.match(text, pos)
    return word is not None and is_plural(word.group(1).lower())


# --------------------------------------------------------------------------------------------------
# Nouns borrowed from neighbours
# --------------------------------------------------------------------------------------------------


def link_neighbours(text: str, mentions: list[Mention]) -> None:
    """A bare number takes the noun of its partitive ("85 of the 101 drones") or pair ("218 votes to 214")."""
    for prev, cur in itertools.pairwise(mentions):
        if prev.unit is None and _PARTITIVE.match(text[prev.num_end : cur.start]):
            prev.inner = cur
            prev.unit = cur.unit
        elif prev.unit is None and cur.unit is not None and _OUT_OF.match(text[prev.num_end : cur.start]):
            prev.unit = cur.unit  # "won 499 out of 500 matches"
        elif (
            cur.unit is None
            and prev.unit is not None
            and prev.unit not in MONEY_UNITS
            and prev.unit != "%"
            and _PAIR_JOIN.match(text[prev.end : cur.start])
        ):
            cur.unit = prev.unit
        conversion = cur.high is None and _CONVERSION.match(text, prev.end, cur.start) is not None
        if conversion and cur.qualifier == "exact" and prev.qualifier not in ("exact", "range"):
            cur.qualifier = prev.qualifier  # "about 35 sq miles (90 sq km)": the conversion is about too


def borrow_elided_nouns(text: str, mentions: list[Mention]) -> None:
    """ "300 homes destroyed and 1,200 damaged": the second number counts homes too.

    A bare number takes the counted noun of the number before it in the same sentence when nothing
    but plain words stands between them and the bare number is followed by what a noun would be
    followed by (a verb, a preposition, a list separator, "domestic"...).
    """
    for prev, cur in itertools.pairwise(mentions):
        others = cur.unit is not None and cur.unit.lower() in ("others", "other")
        if (cur.unit is not None and not others) or cur.drop or cur.high is not None:
            continue
        if prev.drop or prev.unit is None:
            continue
        if prev.unit in MONEY_UNITS or prev.unit == "%" or prev.unit.lower() in TIME_UNITS:
            continue
        join = _ELIDED_JOIN.match(text, prev.end, cur.start)
        if join is None or not _ELIDED_AFTER.match(text, cur.num_end):
            continue
        if others:  # "200,000 people ... and 11 million others", "eight of the junctions, with seven others"
            if prev.unit.lower() not in ("others", "other"):
                cur.unit, cur.others = prev.unit, True
            continue
        word = join.group("word")
        if word and not word.endswith("ed") and is_noun_only(word):
            continue  # "and refurbish 120", "but only six": a verb or an adverb, not another noun
        if isinstance(cur.num.value, float) and cur.num.scale == 1:
            continue  # "2.5" without a noun is a measure, not a count of the same things
        cur.unit, cur.elided = prev.unit, True
