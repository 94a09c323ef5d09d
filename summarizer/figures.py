"""Rule-based key-figure extraction: "killing seven and injuring at least 23 others" -> 7 killed, 23 injured.

No model and no download: numbers come from summarizer.numbers, and a handful of local rules decide
what each number counts and what happened to it:

* qualifier: the words right before the number ("at least", "some", "as many as" ...), folded to the
  canonical set of `Figure.qualifier`;
* unit: a currency or "%" carried by the number, else the noun phrase right after it ("glide bombs"),
  else the noun of a partitive ("85 of the 101 drones") or of a paired number ("218 votes to 214");
* event: a verb from a closed list of news verbs, either before the number with only a few words in
  between ("launched a total of 118 drones") and shared along a list ("3,100 drones, 92 missiles and
  1,360 glide bombs"), or after the number's noun phrase when the number is the subject ("40 people
  died", "two employees ... were wounded");
* scope: a time expression in the same clause ("overnight", "over the past week", "in 2024").

Dates, years, times, ordinals, phone numbers, list markers, model numbers ("Boeing 737") and match
scores are not figures. Vague magnitudes ("hundreds more") are left out too: a digest shows counts.

Everything is driven by precompiled regular expressions run once over the text (numbers, verbs); the
per-number work is a few anchored matches in a small window, which keeps throughput above 5 MB/s.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from dataclasses import dataclass, replace

from summarizer.numbers import (
    NumberMatch,
    find_numbers,
    format_number,
    lower_preserving_offsets,
    word_trie_pattern,
)
from summarizer.types import Figure, FigureValue

log = logging.getLogger(__name__)

__all__ = ["CASUALTY_EVENTS", "extract_figures", "figure_label"]

# --------------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(text: str) -> frozenset[str]:
    return frozenset(" ".join(p.split()) for p in text.split("|"))


# Qualifier phrases, longest first, mapped to the canonical set used by Figure.qualifier.
_QUALIFIERS: dict[str, str] = {
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
    "a maximum of": "up to",
    "fewer than": "fewer than",
    "less than": "fewer than",
    "under": "fewer than",
    "below": "fewer than",
}
_QUALIFIER_LAST_WORDS = frozenset(q.split()[-1] for q in _QUALIFIERS)
_SUFFIX_QUALIFIERS = {"or more": "at least", "or so": "around", "or fewer": "up to", "or less": "up to"}

# Event verbs: lemma -> (canonical past form, other forms that the regular rules would get wrong).
# Canonical forms follow the figures gold file: "killed", "shot down", "rose".
_VERBS: dict[str, tuple[str, ...]] = {
    "kill": ("killed",),
    "injure": ("injured",),
    "wound": ("wounded",),
    "hurt": ("hurt", "hurting", "hurts"),
    "die": ("died", "dying", "dies"),
    "launch": ("launched",),
    "fire": ("fired",),
    "shoot down": ("shot down", "shooting down", "shoots down"),
    "intercept": ("intercepted",),
    "destroy": ("destroyed",),
    "damage": ("damaged",),
    "arrest": ("arrested",),
    "detain": ("detained",),
    "seize": ("seized",),
    "capture": ("captured",),
    "kidnap": ("kidnapped", "kidnapping", "kidnaps"),
    "abduct": ("abducted",),
    "rescue": ("rescued",),
    "evacuate": ("evacuated",),
    "displace": ("displaced",),
    "flee": ("fled", "fleeing", "flees"),
    "trap": ("trapped", "trapping", "traps"),
    "strand": ("stranded",),
    "return": ("returned",),
    "release": ("released",),
    "deport": ("deported",),
    "execute": ("executed",),
    "infect": ("infected",),
    "hospitalise": ("hospitalised",),
    "hospitalize": ("hospitalized",),
    "vaccinate": ("vaccinated",),
    "rise": ("rose", "risen", "rising", "rises"),
    "fall": ("fell", "fallen", "falling", "falls"),
    "jump": ("jumped",),
    "climb": ("climbed",),
    "surge": ("surged",),
    "soar": ("soared",),
    "gain": ("gained",),
    "grow": ("grew", "grown", "growing", "grows"),
    "increase": ("increased",),
    "rally": ("rallied", "rallying", "rallies"),
    "ease": ("eased",),
    "drop": ("dropped", "dropping", "drops"),
    "decline": ("declined",),
    "slip": ("slipped", "slipping", "slips"),
    "slide": ("slid", "sliding", "slides"),
    "slump": ("slumped",),
    "tumble": ("tumbled",),
    "plunge": ("plunged",),
    "plummet": ("plummeted",),
    "sink": ("sank", "sunk", "sinking", "sinks"),
    "shrink": ("shrank", "shrunk", "shrinking", "shrinks"),
    "dip": ("dipped", "dipping", "dips"),
    "cut": ("cut", "cutting", "cuts"),
    "slash": ("slashed",),
    "raise": ("raised",),
    "lower": ("lowered",),
    "hike": ("hiked",),
    "reduce": ("reduced",),
    "add": ("added",),
    "shed": ("shed", "shedding", "sheds"),
    "lose": ("lost", "losing", "loses"),
    "hire": ("hired",),
    "close": ("closed",),
    "shut": ("shut", "shutting", "shuts"),
    "lay off": ("laid off", "laying off", "lays off"),
    "sack": ("sacked",),
    "deliver": ("delivered",),
    "sell": ("sold", "selling", "sells"),
    "buy": ("bought", "buying", "buys"),
    "burn": ("burned", "burnt"),
    "win": ("won", "winning", "wins"),
}
# Adjectives that say what happened to a bare number: "leaving three dead and 12 missing".
_EVENT_ADJECTIVES = {"dead": "killed", "missing": "missing"}
# Events that report the same fact in different words, for merging repeated mentions.
_EVENT_FAMILY = {"killed": "dead", "died": "dead", "injured": "hurt", "wounded": "hurt", "hurt": "hurt"}
CASUALTY_EVENTS = frozenset({"killed", "injured", "wounded", "hurt", "died", "missing"})
# Events whose bare count is a count of people: "killing seven" -> 7 people killed.
_PEOPLE_EVENTS = CASUALTY_EVENTS | {
    "arrested",
    "detained",
    "kidnapped",
    "abducted",
    "rescued",
    "evacuated",
    "displaced",
    "fled",
    "trapped",
    "stranded",
    "released",
    "deported",
    "executed",
    "infected",
    "hospitalised",
    "hospitalized",
    "vaccinated",
    "hired",
    "laid off",
    "sacked",
}
_MONEY_UNITS = _words("USD EUR GBP JPY CNY INR RUB UAH CHF CAD AUD HKD NZD SGD MXN cents pence")
_CURRENCY_PREFIX = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}

# Measurement units end a noun phrase at once: "100 metres final" counts metres, not finals.
_UNIT_WORDS = _words(
    """km kms kilometre kilometres kilometer kilometers mile miles m metre metres meter meters cm mm ft
    feet foot inch inches yard yards kg kgs kilogram kilograms kilo kilos g gram grams tonne tonnes ton
    tons lb lbs mw gw kw twh gwh mwh kwh megawatt megawatts gigawatt gigawatts kilowatt kilowatts watt
    watts volt volts hectare hectares acre acres litre litres liter liters gallon gallons barrel barrels
    bpd mph kph km/h second seconds minute minutes hour hours day days week weeks month months year
    years decade decades century centuries degree degrees °c °f celsius fahrenheit points point
    magnitude"""
)
# Singular unit nouns: after a number other than 1 they are adjectival ("a two day trial").
_SINGULAR_UNITS = _words(
    """day week month year hour minute second decade century mile metre meter kilometre kilometer tonne ton
    inch foot yard gallon litre liter barrel acre hectare degree point megawatt gigawatt kilogram gram
    watt volt"""
)
# Units that still measure when hyphenated to the number: "a 7.1-magnitude earthquake", "a 10-km queue".
_HYPHEN_UNITS = _words(
    """magnitude km kilometre kilometer mile metre meter tonne ton megawatt gigawatt mw gw hectare acre"""
)
# Durations ("three days underground") are figures but never take an event verb.
_TIME_UNITS = _words(
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
_NP_STOP = _words(
    """a an the this that these those its it his her their our your my of in on at to from for with by
    about as into onto over under after before during since until per than and or but nor so yet if
    while when where which who whom whose what is are was were be been being has have had do does did
    will would can could may might must shall should said says say told according more most less least
    only just also even still again ago earlier later overnight today yesterday tomorrow tonight each
    apiece every all some any both either neither other another such there here then now not no up down
    out off back away against across through between among amid around including via versus vs plus
    minus times percent per cent"""
)
_NP_MODIFIERS = frozenset({"more", "other", "additional", "extra", "further", "new"})
_FUNCTION_WORDS = _NP_STOP | _words(
    """at least around about some nearly almost roughly approximately estimated total top only just another
    killing injuring including all police officials"""
)
# Words that break a clause for event and scope attachment.
_CLAUSE_BREAKS = _words(
    """and or but after before when while as because since that which who whom whose where if than though
    although whereas said says say told including"""
)
_PREPOSITION_BREAKS = _words(
    """in on at during across within for into near amid against among despite with per than over under
    outside inside beyond towards toward about after before since until"""
)
_GAP_VERBS = _words("is are was were be been being has have had there")
_OF_HEADS = frozenset({"total", "number", "maximum", "minimum", "tally", "further", "additional"})
_BE_AUX = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_MODALS = frozenset({"to", "will", "would", "could", "can", "may", "might", "must", "should", "shall", "'ll"})
_SPORT_WORDS = _words(
    """won win wins winning beat beats beaten lost lose loses defeat defeated defeats drew draw victory
    score scored scores lead led trail trailed trailing thrashed edge edged match game goal goals set
    sets tie leg innings half-time full-time scoreline"""
)
# Literal hints of a time scope; a clause without any of them is not searched with the full pattern.
_SCOPE_HINT_WORDS = _words(
    """overnight past last next this previous coming first following quarter half far 19 20 ago earlier
    before january february march april may june july august september october november december"""
)
_MONTH_DAY = _words(
    """january february march april may june july august september october november december jan feb mar
    apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday"""
)

# --------------------------------------------------------------------------------------------------
# Precompiled patterns
# --------------------------------------------------------------------------------------------------


def _alternation(phrases: list[str] | set[str] | dict[str, str]) -> str:
    return "|".join(sorted((re.escape(p).replace(r"\ ", r"\s+") for p in phrases), key=len, reverse=True))


_QUALIFIER_BEFORE = re.compile(
    r"(?<![A-Za-z])(?P<q>" + _alternation(_QUALIFIERS) + r")\s+[\"“‘']?$", re.IGNORECASE
)
_SUFFIX_QUALIFIER = re.compile(r"\s+(?P<q>" + _alternation(_SUFFIX_QUALIFIERS) + r")\b", re.IGNORECASE)
_RATIO_JOIN = re.compile(r"\s+(?:in|out\s+of)\s+\Z")
_AGE_BEFORE = re.compile(
    r"(?<![A-Za-z])aged?\s+(?:between\s+)?(?:\d+\s*(?:,|and|or|to|-|–)\s*){0,6}$", re.IGNORECASE
)
_APPOSITION_BEFORE = re.compile(r"[A-Za-z][\w'’.-]*,\s*$")
_COMMA_AFTER = re.compile(r"\s*,")
_MULTIPLIER = re.compile(r"(?:\s+times\b|-fold\b|x\b)")
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to)\s*\Z")
_BETWEEN_BEFORE = re.compile(r"(?<![A-Za-z])between\s+$", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"(?<![A-Za-z])from\s+$", re.IGNORECASE)
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|St|No|Gen|Lt|Col|Sgt|Gov|Sen|Rep)\.)$")
_DEATH_TOLL_BEFORE = re.compile(
    r"\b(?:death\s+toll|toll|number\s+of\s+(?:dead|deaths|fatalities|people\s+killed))\b[^.;:!?\d]{0,40}$",
    re.IGNORECASE,
)
_TO_JOIN = re.compile(r"\s+to\s+\Z")
_ARTICLE_BEFORE = re.compile(r"(?<![a-z])an?\s+$")
_NOT_SUBJECT_BEFORE = re.compile(
    r"(?<![a-z])(?:an?|at|in|on|from|for|with|by|to|into|near|across|after|before|during|per|than)\s+$"
)
_DETERMINER_BEFORE = re.compile(
    r"(?<![a-z])(?:a|an|the|its|their|his|her|our|this|that|per|one|two|three|four|five|first|\d[\d,.%]*)\s+$"
)
_AND_JOIN = re.compile(r"\s+and\s+\Z")
# Words around "3-1" that make it a score; matched on lower-cased text, a boundary character first.
_SPORT_CONTEXT = re.compile(r"[^a-z](?:" + word_trie_pattern(sorted(_SPORT_WORDS)) + r")(?![a-z])")
_NP_WORD = re.compile(r"[ \t\u00a0]+((?:[A-Z]\.){2,}|[A-Za-z°][A-Za-z'’/-]*[A-Za-z]|[A-Za-z°])")
_HYPHEN_UNIT = re.compile(r"-([A-Za-z]+)(?:-[A-Za-z]+)*")
_ATTACHED_UNIT = re.compile(r"([A-Za-z°/]+)(?![A-Za-z])")
_PARTITIVE = re.compile(r"\s+of\s+(?:the|its|their|his|her|these|those|our|all)\s+\Z", re.IGNORECASE)
_PAIR_JOIN = re.compile(r"\s+(?:to|against|versus|vs\.?|out\s+of|from|or|and)\s+\Z", re.IGNORECASE)
_LIST_JOIN = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)[\"“‘']?\Z")
_WORD = re.compile(r"[A-Za-z'’]+")
_SCOPE = re.compile(
    r"(?<![A-Za-z])(?:overnight"
    r"|(?:over|in|during|within|for)\s+the\s+(?:past|last|previous|next|coming|first|following)"
    r"\s+(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|few|several)\s+)?"
    r"(?:hours?|days?|weeks?|months?|years?|decades?|quarters?|weekend|half|24\s+hours)"
    r"|(?:last|this|next|previous)\s+(?:week|weekend|month|year|quarter|night|season|spring|summer|autumn|winter)"
    r"|so\s+far\s+this\s+(?:year|month|week)"
    r"|(?:in|during)\s+the\s+(?:(?:first|second|third|fourth|final|last)\s+)?(?:quarter|half)"
    r"(?:\s+of\s+(?:19|20)\d\d)?"
    r"|(?:in|since|during|by|until)\s+(?:early\s+|late\s+|mid-?)?(?:(?:january|february|march|april|may|june|july"
    r"|august|september|october|november|december)\s+)?(?:19|20)\d\d(?:[-–/]\d\d(?:\d\d)?)?(?![\d,])"
    r"|in\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)\b"
    r"|(?:a|one)\s+(?:year|month|week|day)\s+(?:earlier|ago|before))",
    re.IGNORECASE,
)
# Where a clause ends, for scope: punctuation (not the point or comma inside "4.1" or "3,100") or a
# joining word. Both patterns open with a literal or a class so the engine can skip ahead fast.
_CLAUSE_PUNCTUATION = re.compile(r"[;:!?()\n]|[.,](?!\d)")
_CLAUSE_WORD = re.compile(r" (?:" + word_trie_pattern(sorted(_CLAUSE_BREAKS)) + r")(?![a-z])")
_SCOPE_HINT = re.compile(word_trie_pattern(sorted(_SCOPE_HINT_WORDS)))


def _verb_forms() -> dict[str, tuple[str, str]]:
    """Every written form of every event verb -> (canonical past, form kind: base, s, ing or past)."""
    forms: dict[str, tuple[str, str]] = {}
    for lemma, given in _VERBS.items():
        past = given[0]
        *head, last = lemma.split()
        prefix = " ".join(head) + " " if head else ""
        written = list(given)
        if len(given) == 1:  # a regular verb: derive -s and -ing
            stem = last[:-1] if last.endswith("e") else last
            written += [
                prefix + last + ("es" if last.endswith(("sh", "ch", "s", "x")) else "s"),
                prefix + stem + "ing",
            ]
        for form in written:
            first = form.split()[0]
            kind = "ing" if first.endswith("ing") else "s" if first.endswith("s") and form != past else "past"
            forms[form] = (past, kind)
        forms.setdefault(lemma, (past, "base"))
        if lemma == past:  # "cut", "hurt", "shed": the same letters are base and past
            forms[lemma] = (past, "base")
    return forms


_VERB_FORMS = _verb_forms()
# One scan of the whole text for event verbs: opening with a character class and continuing with a trie
# keeps the regex engine on its fast path (it tests one character per position until a boundary).
_VERB_SCAN = re.compile(
    r"[ \n\t\"“(\-](?P<v>" + word_trie_pattern([*_VERB_FORMS, *_EVENT_ADJECTIVES]) + r")(?![A-Za-z])"
)
_AUX_BEFORE = re.compile(
    r"(?:\s+(?:is|are|was|were|be|been|being|has|have|had|will|would|could|may|might|must|should|can"
    r"|reportedly|also|all|now|later|since|already|believed\s+to\s+have|thought\s+to\s+have|feared\s+to\s+have"
    r"|said\s+to\s+have|estimated\s+to\s+have))+\s+$"
)


# --------------------------------------------------------------------------------------------------
# Mentions
# --------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Mention:
    """A number being turned into a figure; spans index the original text."""

    num: NumberMatch
    high: NumberMatch | None = None
    start: int = 0  # evidence start: qualifier included
    end: int = 0  # evidence end: noun phrase included
    num_end: int = 0  # end of the number itself (of the high end for a range)
    qualifier: str = "exact"
    unit: str | None = None
    event: str | None = None
    event_at: int = -1  # start of the verb that gave the event
    scope: str | None = None
    inner: _Mention | None = None  # "85 of the 101 drones": the mention of "101 drones"
    drop: bool = False  # decided not to be a figure after all (a hyphenated adjective like "five-storey")
    group: list[_Mention] | None = None  # mentions that share one verb along a list

    @property
    def value(self) -> FigureValue:
        if self.high is None:
            return self.num.value
        return (self.num.value, self.high.value)

    @property
    def np_end(self) -> int:
        return self.inner.end if self.inner is not None else self.end


def extract_figures(text: str, limit: int | None = None) -> list[Figure]:
    """Ranked, de-duplicated key figures of `text`, each traceable to its evidence span.

    Casualties come first, then other event counts, then money, then percentages, then the rest; within
    a rank, order of appearance. `limit` keeps only the top figures.
    """
    if not text:
        return []
    low = lower_preserving_offsets(text)
    mentions = _mentions(text, low, find_numbers(text))
    for m in mentions:
        _attach_qualifier(text, m)
        _attach_unit(text, m)
        _attach_suffix_qualifier(text, m)
    _link_neighbours(text, mentions)
    _assign_events(text, low, mentions)
    for m in mentions:
        _resolve_people(text, m)
    kept = [m for m in mentions if _is_figure(m)]
    _assign_scopes(text, low, kept)
    figures = _merge([_to_figure(text, m) for m in kept])
    ranked = sorted(figures, key=lambda f: (_rank(f), f.start))
    log.debug("extracted %d figures from %d characters", len(ranked), len(text))
    return ranked if limit is None else ranked[:limit]


def _is_figure(m: _Mention) -> bool:
    # A bare number needs a noun or a people verb ("killing seven"); "Davis won nine" says too little.
    if m.drop or m.unit is None:
        return False
    # "one bank", "one caller": a lone 1 is rarely a key figure unless something happened to it.
    return not (m.high is None and m.num.value == 1 and m.event is None)


def _mentions(text: str, low: str, numbers: list[NumberMatch]) -> list[_Mention]:
    """Cardinal numbers that can be figures, with ranges joined and scores dropped."""
    nums = [
        n
        for n in numbers
        if n.kind == "cardinal"
        and not n.is_approximate
        and not _is_label(text, n)
        and not _MULTIPLIER.match(text, n.end)
        and not _is_age(text, n)
    ]
    out: list[_Mention] = []
    i = 0
    while i < len(nums):
        n = nums[i]
        nxt = nums[i + 1] if i + 1 < len(nums) else None
        pair = _pair_kind(text, low, n, nxt) if nxt is not None else None
        if pair in ("score", "ratio"):
            i += 2
            continue
        if pair == "range" and nxt is not None:
            out.append(_range_mention(n, nxt))
            i += 2
            continue
        out.append(_Mention(num=n, start=n.start, end=n.end, num_end=n.end))
        i += 1
    return out


def _is_age(text: str, n: NumberMatch) -> bool:
    """ "aged 24", "aged 15 and 16", "Fawzi al-Odah, 37, was released": an age, not a count."""
    if n.unit is not None or not isinstance(n.value, int) or n.value > 120:
        return False
    before = text[max(0, n.start - 24) : n.start]
    if "ge" in before and _AGE_BEFORE.search(before):  # cheap test first: most numbers are not ages
        return True
    return (
        before.rstrip().endswith(",")
        and _COMMA_AFTER.match(text, n.end) is not None
        and _APPOSITION_BEFORE.search(before) is not None
    )


def _is_list_marker(text: str, n: NumberMatch) -> bool:
    """ "1. " or "2) " alone at the start of a line."""
    if n.end + 1 >= len(text) or text[n.end] not in ".)" or not text[n.end + 1].isspace():
        return False
    return (
        isinstance(n.value, int)
        and n.value < 100
        and not text[text.rfind("\n", 0, n.start) + 1 : n.start].strip()
    )


def _is_label(text: str, n: NumberMatch) -> bool:
    """List numbering ("1. ") and model numbers ("Boeing 737", "F-16", "iPhone 15") are names, not counts."""
    s = n.start
    if _is_list_marker(text, n):
        return True
    if s >= 2 and text[s - 1] == "-" and text[s - 2].isalpha():
        return True
    if n.unit is not None or s < 2 or text[s - 1] not in " \u00a0":
        return False
    before = text[max(0, s - 30) : s - 1].rsplit(None, 1)
    word = before[-1] if before else ""
    if not word or not word[-1].isalnum() or not any(c.isupper() for c in word):
        return False
    if word.lower().strip(".") in _FUNCTION_WORDS or word.lower().strip(".") in _MONTH_DAY:
        return False
    # A capitalised word that only starts the sentence ("Some 40", "Between 30") is not a name.
    word_start = s - 1 - len(word)
    preceding = text[max(0, word_start - 6) : word_start].rstrip(" \"“‘'(")
    at_sentence_start = not preceding or (
        preceding[-1] in ".!?\n" and not _ABBREVIATION_END.search(preceding)
    )
    return not (at_sentence_start and word[1:].islower())


def _pair_kind(text: str, low: str, a: NumberMatch, b: NumberMatch) -> str | None:
    """'range' for "20-30" / "20 to 30" / "between 20 and 30", 'score' for "won 3-1", else None."""
    between = text[a.end : b.start]
    if len(between) > 8:
        return None
    if _RATIO_JOIN.match(between):
        return "ratio"
    hyphen = _RANGE_JOIN.match(between)
    if (
        hyphen
        and "to" not in between
        and isinstance(a.value, int)
        and isinstance(b.value, int)
        and b.value <= 30
        and a.unit is None
        and _SPORT_CONTEXT.search(low, max(0, a.start - 61), min(len(low), b.end + 40))
        and not _counts_a_noun(text, b.end)
    ):
        return "score"  # "won 3-1"; but "20-30 fans" is a range even on the sports pages
    if a.unit is not None and b.unit is not None and a.unit != b.unit:
        return None
    ranged = hyphen or (
        _AND_JOIN.match(between) and _BETWEEN_BEFORE.search(text, max(0, a.start - 12), a.start)
    )
    if not ranged or _FROM_BEFORE.search(text, max(0, a.start - 8), a.start):
        return None
    return "range" if _low_end(a, b) < b.value else None


def _low_end(a: NumberMatch, b: NumberMatch) -> int | float:
    """ "$3-5 billion": the low end borrows the high end's scale, 3 means 3 billion."""
    if a.scale == 1 and b.scale > 1 and a.value * b.scale <= b.value:
        return a.value * b.scale
    return a.value


def _counts_a_noun(text: str, pos: int) -> bool:
    word = _NP_WORD.match(text, pos)
    return word is not None and _is_plural(word.group(1).lower())


def _range_mention(a: NumberMatch, b: NumberMatch) -> _Mention:
    low = replace(a, value=_low_end(a, b), unit=a.unit or b.unit)
    return _Mention(num=low, high=b, start=a.start, end=b.end, num_end=b.end, qualifier="range")


# --------------------------------------------------------------------------------------------------
# Qualifier and unit
# --------------------------------------------------------------------------------------------------


def _attach_qualifier(text: str, m: _Mention) -> None:
    window_start = max(0, m.start - 30)
    if m.high is not None:
        between = _BETWEEN_BEFORE.search(text, window_start, m.start)
        if between:
            m.start = between.start()
        return
    before = text[window_start : m.start].rstrip(" \"“‘'").rsplit(None, 1)
    if not before or before[-1].lower() not in _QUALIFIER_LAST_WORDS:
        return  # cheap test first: most numbers have no qualifier
    found = _QUALIFIER_BEFORE.search(text, window_start, m.start)
    if found:
        m.qualifier = _QUALIFIERS[" ".join(found.group("q").lower().split())]
        m.start = found.start("q")


def _attach_suffix_qualifier(text: str, m: _Mention) -> None:
    """ "300 houses or more", "40 or so": a qualifier written after the number or its noun."""
    if m.qualifier != "exact":
        return
    after = _SUFFIX_QUALIFIER.match(text, m.end) or _SUFFIX_QUALIFIER.match(text, m.num_end)
    if after:
        m.qualifier = _SUFFIX_QUALIFIERS[" ".join(after.group("q").lower().split())]


def _attach_unit(text: str, m: _Mention) -> None:
    """The unit carried by the number, or the counted noun phrase written after it."""
    if m.num.unit is not None:
        m.unit = m.num.unit
        return
    hyphen = _HYPHEN_UNIT.match(text, m.num_end)
    if hyphen:
        # "7.1-magnitude" measures something; "a five-storey building", "a 40-year-old" only describe it.
        if hyphen.group(1).lower() in _HYPHEN_UNITS and hyphen.group().count("-") == 1:
            m.unit, m.end = hyphen.group(1), hyphen.end(1)
        else:
            m.drop = True
        return
    attached = _ATTACHED_UNIT.match(text, m.num_end)
    if attached and attached.group(1).lower() in _UNIT_WORDS:  # "1,000m", "10km", "200lbs"
        m.unit, m.end = attached.group(1), attached.end(1)
        return
    unit, end = _noun_phrase(text, m.num_end, singular=m.high is None and m.num.value == 1)
    if unit is None:
        return
    head = unit.split()[-1]
    lower = head.lower()
    if lower in _SINGULAR_UNITS and m.num.value != 1:
        m.drop = True  # "a two day trial", "a 35 foot boat": the number describes the noun after it
    elif head[0].isupper() and lower not in _UNIT_WORDS and not lower.endswith(_DEMONYM_ENDINGS):
        m.drop = True  # "100 Stories of Migration", "Highway 36 Numerous ...": a title, not a count
    if lower in _TIME_UNITS:
        unit = head  # "36 long hours" is 36 hours; adjectives on a duration are colour, not a unit
    m.unit, m.end = unit, end


def _noun_phrase(text: str, pos: int, *, singular: bool) -> tuple[str | None, int]:
    """The counted noun phrase starting at `pos` and where it ends, or (None, pos).

    Without a tagger the phrase ends at its first plural noun or unit ("1,360 glide bombs against",
    "100 metres final"); function words, verbs and adverbs end it without one. A singular phrase is
    only accepted after a count of one ("one soldier was").
    """
    words: list[tuple[str, int, int]] = []
    for _ in range(4):
        w = _NP_WORD.match(text, pos)
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
        if _stops_phrase(lower) and not _is_participle_modifier(text, w.end(), lower):
            break
        words.append((word, w.start(1), w.end(1)))
        if lower in _UNIT_WORDS or _is_plural(lower):
            return _phrase(words), w.end(1)
        pos = w.end()
    if words and words[0][0].lower() in _NP_MODIFIERS and len(words) == 1:
        return words[0][0], words[0][2]  # "23 more": resolved to people when the verb says so
    if singular and words and words[-1][0].lower() not in _NP_MODIFIERS:
        return _phrase(words[:2]), words[:2][-1][2]
    return None, pos


def _is_participle_modifier(text: str, pos: int, lower: str) -> bool:
    """ "19 confirmed deaths", "six missing miners": a participle used as an adjective before its noun."""
    if lower not in _EVENT_ADJECTIVES and _VERB_FORMS.get(lower, ("", ""))[1] != "past":
        return False
    nxt = _NP_WORD.match(text, pos)
    return nxt is not None and _is_plural(nxt.group(1).lower()) and not _stops_phrase(nxt.group(1).lower())


def _phrase(words: list[tuple[str, int, int]]) -> str:
    kept = [w for w, _, _ in words]
    if len(kept) > 1 and kept[0].lower() in _NP_MODIFIERS and kept[0].lower() != "new":
        kept = kept[1:]  # "23 more people" counts people
    return " ".join(kept)


def _stops_phrase(lower: str) -> bool:
    return (
        lower in _NP_STOP
        or lower in _VERB_FORMS
        or lower in _EVENT_ADJECTIVES
        or lower.endswith(("'s", "’s", "ly"))
        or lower in _MONTH_DAY
    )


def _is_plural(lower: str) -> bool:
    if lower in _IRREGULAR_PLURALS or (lower.endswith("men") and len(lower) > 4):  # policemen, gunmen
        return True
    return (
        len(lower) > 2
        and lower.endswith("s")
        and "." not in lower
        and not lower.endswith(("ss", "us", "is", "ous", "'s", "’s"))
    )


def _link_neighbours(text: str, mentions: list[_Mention]) -> None:
    """A bare number takes the noun of its partitive ("85 of the 101 drones") or pair ("218 votes to 214")."""
    for prev, cur in itertools.pairwise(mentions):
        if prev.unit is None and _PARTITIVE.match(text[prev.num_end : cur.start]):
            prev.inner = cur
            prev.unit = cur.unit
        elif (
            cur.unit is None
            and prev.unit is not None
            and prev.unit not in _MONEY_UNITS
            and prev.unit != "%"
            and _PAIR_JOIN.match(text[prev.end : cur.start])
        ):
            cur.unit = prev.unit


# --------------------------------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------------------------------


def _assign_events(text: str, low: str, mentions: list[_Mention]) -> None:
    if not mentions:
        return
    starts = [m.start for m in mentions]
    verbs = _scan_verbs(low)
    for v_start, v_end, form in verbs:
        _object_of_verb(text, low, mentions, starts, v_start, v_end, form)
    verb_starts = [v[0] for v in verbs]
    heads = {id(m.inner): m for m in mentions if m.inner is not None}
    for m in mentions:
        if (
            m.event is not None
            or not _can_take_event(m)
            or _NOT_SUBJECT_BEFORE.search(low, max(0, m.start - 8), m.start)
        ):
            continue  # "a 25 percent cut", "a fire at one site killed ...": the number is no subject
        head = heads.get(id(m))
        found = _subject_of_verb(low, m, verbs, verb_starts)
        # "Fewer than 100 of the 2,000 residents have returned": the verb is the head's, not the inner's;
        # "85 of the 101 drones launched overnight": the head has its own verb, this one is the inner's.
        if found is not None and not (head is not None and head.event_at == found[0]):
            m.event_at, m.event = found


def _scan_verbs(low: str) -> list[tuple[int, int, str]]:
    """Event verbs in the text, as (start, end, form); "a cut", "the rise" are nouns and left out."""
    verbs = []
    for v in _VERB_SCAN.finditer(" " + low):
        start, end = v.start("v") - 1, v.end("v") - 1
        form = v.group("v")
        if _VERB_FORMS.get(form, ("", "past"))[1] in ("base", "s") and _DETERMINER_BEFORE.search(
            low, max(0, start - 8), start
        ):
            continue
        verbs.append((start, end, form))
    return verbs


def _can_take_event(m: _Mention) -> bool:
    # Durations ("after spending three days underground") describe, they do not count what happened.
    return not m.drop and (m.unit is None or m.unit.lower().split()[-1] not in _TIME_UNITS)


def _object_of_verb(
    text: str, low: str, mentions: list[_Mention], starts: list[int], v_start: int, v_end: int, form: str
) -> None:
    """Case "VERB [a few words] NUMBER": "launched a total of 118 drones", "killing seven"."""
    if form in _EVENT_ADJECTIVES:
        return
    i = bisect.bisect_left(starts, v_end)
    if i >= len(mentions) or mentions[i].start - v_end > 60 or _is_passive(low, v_start):
        return
    target = mentions[i]
    gap_text = text[v_end : target.start]
    gap = _WORD.findall(gap_text)
    if len(gap) > 5 or not _clean_gap(gap_text, gap):
        return
    if gap and gap[-1] == "from":  # "fell from 2.9% to 2.4%": the verb goes with the new level
        if i + 1 >= len(mentions) or not _TO_JOIN.match(text[target.end : mentions[i + 1].start]):
            return
        i, target = i + 1, mentions[i + 1]
    if (
        target.event is not None
        or not _can_take_event(target)
        or _ARTICLE_BEFORE.search(low, max(0, target.start - 4), target.start)
    ):
        return  # "agreed to buy a 17.27% stake": the number describes the stake, it is not what was bought
    event = _canonical(low, v_start, form)
    group = [target]
    for nxt in mentions[i + 1 :]:
        if nxt.event is not None or not _can_take_event(nxt) or not _continues_list(text, group[-1], nxt):
            break
        group.append(nxt)
    for m in group:
        m.event, m.event_at, m.group = event, v_start, group


def _clean_gap(raw: str, words: list[str]) -> bool:
    """Only a few plain words between a verb and its number: "cut its key rate by", "a total of"."""
    if any(c in raw for c in ".;:!?,()\n–—") or " - " in raw or any(c.isdigit() or c.isupper() for c in raw):
        return False
    for k, word in enumerate(words):
        if word in _CLAUSE_BREAKS or word in _PREPOSITION_BREAKS or word in _GAP_VERBS:
            return False
        if word == "of" and not (k and words[k - 1] in _OF_HEADS):
            return False
        if word == "to" and k and words[k - 1] not in ("it", "them"):
            return False  # "fell to 4.1%", "raised it to 60p"; not "delivering aid to 80,000 people"
        if word == "from" and k != len(words) - 1:
            return False
    return True


def _continues_list(text: str, last: _Mention, nxt: _Mention) -> bool:
    """ "3,100 drones, 92 missiles, and around 1,360 glide bombs": items of one list share the verb."""
    if last.unit is None or nxt.unit is None:
        return False
    if last.unit in _MONEY_UNITS or last.unit == "%" or nxt.unit in _MONEY_UNITS or nxt.unit == "%":
        return False
    return bool(_LIST_JOIN.match(text[last.np_end : nxt.start]))


def _subject_of_verb(
    low: str, m: _Mention, verbs: list[tuple[int, int, str]], verb_starts: list[int]
) -> tuple[int, str] | None:
    """Case "NUMBER NOUN [apposition] [aux] VERB": "40 people died", "two employees ... were wounded".

    Returns (verb start, canonical event) or None.
    """
    np_end = m.np_end
    j = bisect.bisect_left(verb_starts, np_end)
    if j >= len(verbs):
        return None
    v_start, _, form = verbs[j]
    if v_start - np_end > 90:
        return None
    past, kind = _VERB_FORMS.get(form, (_EVENT_ADJECTIVES.get(form, form), "past"))
    if kind != "past" and not (kind == "base" and form == past):
        return None  # only "40 people died / were killed": "three wins", "40 people fleeing" are not events
    if not low[np_end:v_start].strip():
        return v_start, past
    aux = _AUX_BEFORE.search(low, np_end, v_start)
    if aux is None:
        return None
    head = low[np_end : aux.start()]
    words = _WORD.findall(head)
    if words and m.unit is None:
        return None  # "take to 362 the total number ... to have died": a bare number is no subject
    if len(words) > 10 or any(c in head for c in ".;:!?\n") or any(c.isdigit() for c in head):
        return None
    if any(w in _CLAUSE_BREAKS for w in words):
        return None
    return v_start, past


def _is_passive(low: str, v_start: int) -> bool:
    before = _WORD.findall(low[max(0, v_start - 20) : v_start])
    return bool(before) and before[-1] in _BE_AUX


def _canonical(low: str, v_start: int, form: str) -> str:
    """Past form for what happened ("killing" -> "killed"); the base form for what is planned ("to hire")."""
    past, kind = _VERB_FORMS[form]
    if kind == "base":
        before = _WORD.findall(low[max(0, v_start - 16) : v_start])
        if before and before[-1] in _MODALS:
            return form
    return past


def _resolve_people(text: str, m: _Mention) -> None:
    """Bare counts of casualties are people: "killing seven", "23 others", "the death toll rose to 42"."""
    if m.unit is None and m.high is None and _DEATH_TOLL_BEFORE.search(text, max(0, m.start - 60), m.start):
        m.unit, m.event = "people", "killed"
        return
    if m.event in _PEOPLE_EVENTS and (m.unit is None or m.unit.lower() in {"others", "more", "other"}):
        m.unit = "people"


# --------------------------------------------------------------------------------------------------
# Scope
# --------------------------------------------------------------------------------------------------


def _assign_scopes(text: str, low: str, mentions: list[_Mention]) -> None:
    """Items of one list share the scope written after the list: "... glide bombs over the past week"."""
    done: set[int] = set()
    for m in mentions:
        if id(m) in done:
            continue
        members = m.group or [m]
        scope = _scope_after(text, low, members[-1].np_end)
        for member in members:
            member.scope = scope
            done.add(id(member))


def _scope_after(text: str, low: str, pos: int) -> str | None:
    """The first time expression after `pos` in the same clause: "... drones overnight, killing ..."."""
    end = min(len(text), pos + 120)
    for stop in (_CLAUSE_PUNCTUATION, _CLAUSE_WORD):
        found_stop = stop.search(low, pos, end)
        if found_stop:
            end = found_stop.start()
    # Cheap literal test first: most clauses name no time at all.
    if not _SCOPE_HINT.search(low, pos, end):
        return None
    found = _SCOPE.search(text, pos, end)
    return " ".join(found.group().split()) if found else None


# --------------------------------------------------------------------------------------------------
# Output: figures, merging, ranking, labels
# --------------------------------------------------------------------------------------------------


def _to_figure(text: str, m: _Mention) -> Figure:
    return Figure(
        value=m.value,
        unit=m.unit,
        qualifier=m.qualifier,
        event=m.event,
        scope=m.scope,
        start=m.start,
        end=m.end,
        text=text[m.start : m.end],
    )


def _head_noun(unit: str | None) -> str | None:
    if unit is None:
        return None
    head = unit.split()[-1].lower()
    return head[:-1] if head.endswith("s") and len(head) > 3 else head


def _merge(figures: list[Figure]) -> list[Figure]:
    """One figure per fact: same value, same counted noun and same event (a missing one matches any).

    The first mention stays unless a later one says more (an event, a unit, a scope, a qualifier).
    Candidates are bucketed by value, so long documents stay linear.
    """
    kept: list[Figure] = []
    by_value: dict[FigureValue, list[int]] = {}
    for f in figures:
        bucket = by_value.setdefault(f.value, [])
        for i in bucket:
            if _same_fact(kept[i], f):
                if _specificity(f) > _specificity(kept[i]):
                    kept[i] = f
                break
        else:
            bucket.append(len(kept))
            kept.append(f)
    return kept


def _same_fact(a: Figure, b: Figure) -> bool:
    if a.value != b.value:
        return False
    if (
        a.event is not None
        and b.event is not None
        and _EVENT_FAMILY.get(a.event) == _EVENT_FAMILY.get(b.event)
    ):
        a, b = replace(a, event=None), replace(b, event=None)  # "Seven people died" = "7 people were killed"
    ha, hb = _head_noun(a.unit), _head_noun(b.unit)
    if ha is not None and hb is not None and ha != hb:
        return False
    return a.event is None or b.event is None or a.event == b.event


def _specificity(f: Figure) -> int:
    return sum(x is not None for x in (f.unit, f.event, f.scope)) + (f.qualifier != "exact")


def _rank(f: Figure) -> int:
    if f.event in CASUALTY_EVENTS:
        return 0
    if f.unit in _MONEY_UNITS:
        return 2
    if f.unit in ("%", "percentage points"):
        return 3
    if f.event is not None:
        return 1
    return 4


def figure_label(f: Figure) -> str:
    """Short human wording: "118 drones launched overnight", "7 killed", "around 1,360 glide bombs"."""
    amount = _format_amount(f.value, f.unit)
    qualifier = "" if f.qualifier in ("exact", "range") else f.qualifier + " "
    unit = f.unit
    if (
        unit is None
        or unit in _MONEY_UNITS
        or unit in ("%",)
        or (unit == "people" and f.event in _PEOPLE_EVENTS)
    ):
        noun = ""
    else:
        noun = " " + unit
    event = f.event or ""
    # A planned action reads verb first ("hire 10,000 teachers"), and so does a change ("rose 12.5%").
    if event and (event not in _PAST_FORMS or unit == "%"):
        label = f"{event} {qualifier}{amount}{noun}"
    else:
        label = f"{qualifier}{amount}{noun}" + (f" {event}" if event else "")
    return label + _format_scope(f.scope)


_PAST_FORMS = frozenset(past for past, _ in _VERB_FORMS.values()) | frozenset(_EVENT_ADJECTIVES.values())


def _format_amount(value: FigureValue, unit: str | None) -> str:
    if isinstance(value, tuple):
        low, high = value
        if unit in _MONEY_UNITS:
            return f"{_format_money(low, unit)}–{_format_money(high, unit)}"
        return f"{format_number(low)}–{format_number(high)}" + ("%" if unit == "%" else "")
    if unit in _MONEY_UNITS:
        return _format_money(value, unit)
    return format_number(value) + ("%" if unit == "%" else "")


def _format_money(value: int | float, unit: str) -> str:
    number = format_number(value)
    if isinstance(value, float) and value < 1000 and "." in number and len(number.split(".")[1]) == 1:
        number += "0"  # "$84.50", not "$84.5"
    if unit in _CURRENCY_PREFIX:
        return _CURRENCY_PREFIX[unit] + number
    return f"{number} {unit}"


def _format_scope(scope: str | None) -> str:
    if not scope:
        return ""
    if " " not in scope:
        return " " + scope
    short = re.sub(r"^(?:over|in|during|within|for)\s+(?:the\s+)?", "", scope, flags=re.IGNORECASE)
    return f" ({short})"
