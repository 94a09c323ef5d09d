"""Rule-based key-figure extraction: "killing seven and injuring at least 23 others" -> 7 killed, 23 injured.

No model and no download: numbers come from summarizer.numbers; the modules beside this one decide
what each number counts and what happened to it:

* summarizer/figures/units.py: qualifier ("at least") and unit ("glide bombs", "%", "USD"), including
  compound nouns, hyphenated counts ("the 88,966-seat stadium") and nouns left out ("1,200 damaged");
* summarizer/figures/events.py: the event, from any verb that governs the number (English forms from
  lemminflect's lexicon), from nouns and adjectives of change ("a 6% increase", "up 1.8%");
* summarizer/figures/labels.py: the digest wording of a figure.

This module finds the mentions (dates, years, times, ordinals, phone numbers, list markers, model
numbers, ages and match scores are not figures; neither are vague magnitudes like "hundreds more"),
the time scope of each ("overnight", "over the past week", "in 2024"), merges repeated facts and
ranks the result.

Everything is driven by precompiled regular expressions run once over the text; the per-number work
is a few anchored matches and cached word lookups in a small window, which keeps throughput above
5 MB/s.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from summarizer.numbers import NumberMatch, find_numbers, lower_preserving_offsets, word_trie_pattern
from summarizer.types import Figure, FigureValue

from .events import CASUALTY_EVENTS, assign_events, resolve_people, same_event
from .labels import figure_label
from .mention import Mention as _Mention
from .units import (
    MONEY_UNITS,
    MONTH_DAY,
    NP_STOP,
    TIME_UNITS,
    attach_qualifier,
    attach_suffix_qualifier,
    attach_times,
    attach_unit,
    borrow_elided_nouns,
    counts_a_noun,
    drop_span_over,
    link_neighbours,
)

log = logging.getLogger(__name__)

__all__ = ["CASUALTY_EVENTS", "extract_figures", "figure_label"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FUNCTION_WORDS = NP_STOP | _words(
    """at least around about some nearly almost roughly approximately estimated total top only just another
    killing injuring including all police officials"""
)
# Words that break a clause for scope attachment.
_CLAUSE_BREAKS = _words(
    """and or but after before when while as because since that which who whom whose where if than though
    although whereas said says say told including"""
)
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
_RATIO_JOIN = re.compile(r"\s+(?:in|out\s+of)\s+\Z")
_AGE_BEFORE = re.compile(
    r"(?<![A-Za-z])aged?\s+(?:between\s+)?(?:\d+\s*(?:,|and|or|to|-|–)\s*){0,6}$", re.IGNORECASE
)
_DIED_AT_BEFORE = re.compile(r"(?<![A-Za-z])(?:died|dies|death|retired|retires)\s+at\s+$", re.IGNORECASE)
_APPOSITION_BEFORE = re.compile(r"[A-Za-z][\w'’.-]*,\s*$")
_COMMA_AFTER = re.compile(r"\s*,")
_MULTIPLIER = re.compile(r"(?:\s+times\b|-fold\b|x\b)")
_TIMES_RATIO_AFTER = re.compile(
    r"\s+(?:(?:as|the|more|less|fewer|that|than|higher|lower|bigger|larger|greater|smaller)\b"
    r"|(?!(?:over|after|never|under|ever|other|either|whether|together|her|per)\b)[a-z]+er\b)",
    re.IGNORECASE,
)
_YEAR_MODIFIER_BEFORE = re.compile(r"(?:(?<![A-Za-z])the|\d{4}\s*,|\d{4}\s+(?:and|or))\s+$", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to)\s*\Z")
_BETWEEN_BEFORE = re.compile(r"(?<![A-Za-z])between\s+$", re.IGNORECASE)
# "from 20 to 30" and "rose by 5% to 10%" are a change and its end, not a range
_FROM_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:from|by)(?:\s+(?:more\s+than|less\s+than|over|almost|nearly|about|around|some|up\s+to))?\s+$",
    re.IGNORECASE,
)
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|St|No|Gen|Lt|Col|Sgt|Gov|Sen|Rep)\.)$")
_AND_JOIN = re.compile(r"\s+and\s+\Z")
_OR_JOIN = re.compile(r"\s+or\s+\Z")
_MEASURE_AFTER = re.compile(
    r"\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|miles?|km|kilometres?|metres?|feet|per\s+cent"
    r"|percent)\b",
    re.IGNORECASE,
)
_RELATIVE_TIME = re.compile(r"\s+(?:ago|later|earlier|old)\b", re.IGNORECASE)
# Words around "3-1" that make it a score; matched on lower-cased text, a boundary character first.
_SPORT_CONTEXT = re.compile(r"[^a-z](?:" + word_trie_pattern(sorted(_SPORT_WORDS)) + r")(?![a-z])")
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

# Where a clause ends, for scope: punctuation (not the point or comma inside "4.1" or "3,100") or a
# joining word. Both patterns open with a literal or a class so the engine can skip ahead fast.
_CLAUSE_PUNCTUATION = re.compile(r"[;:!?()\n]|[.,](?!\d)")
_CLAUSE_WORD = re.compile(r" (?:" + word_trie_pattern(sorted(_CLAUSE_BREAKS)) + r")(?![a-z])")
_SCOPE_HINT = re.compile(word_trie_pattern(sorted(_SCOPE_HINT_WORDS)))


def extract_figures(text: str, limit: int | None = None) -> list[Figure]:
    """Ranked, de-duplicated key figures of `text`, each traceable to its evidence span.

    Casualties come first, then other event counts, then money, then percentages, then the rest; within
    a rank, order of appearance. `limit` keeps only the top figures.
    """
    if not text:
        return []
    original, text = text, _repair_signs(text)
    low = lower_preserving_offsets(text)
    mentions = _mentions(text, low, find_numbers(text))
    for m in mentions:
        attach_qualifier(text, m)
        attach_unit(text, m)
        attach_suffix_qualifier(text, m)
        if m.unit is not None and m.unit.lower() in TIME_UNITS and _RELATIVE_TIME.match(text, m.end):
            m.drop = True  # "20 years ago", "three years later", "six months old": a time or an age
    for m in mentions:
        attach_times(text, m)
        drop_span_over(text, m)
    link_neighbours(text, mentions)
    borrow_elided_nouns(text, mentions)
    assign_events(text, low, mentions)
    for m in mentions:
        resolve_people(text, m)
    kept = [m for m in mentions if _is_figure(m)]
    _assign_scopes(text, low, kept)
    figures = _merge([_to_figure(original, m) for m in kept])
    ranked = sorted(figures, key=lambda f: (_rank(f), f.start))
    log.debug("extracted %d figures from %d characters", len(ranked), len(text))
    return ranked if limit is None else ranked[:limit]


def _repair_signs(text: str) -> str:
    """Currency signs of UTF-8 text decoded as Latin-1 ("Â£1.3m", "â‚¬40"), same length so spans hold."""
    if "Â" not in text and "â‚" not in text:
        return text
    return text.replace("Â£", " £").replace("â‚¬", "  €")


def _is_figure(m: _Mention) -> bool:
    # A bare number needs a noun or a people verb ("killing seven"); "Davis won nine" says too little.
    if m.drop or m.unit is None:
        return False
    # "one bank", "one ground robot", "one line of inquiry": a lone "one" written as a word is an
    # article more than a count; a 1 in digits is a figure when something happened to it.
    if m.high is None and m.num.value == 1 and not m.adjectival:
        return m.event is not None and m.num.text[:1].isdigit()
    return True


def _mentions(text: str, low: str, numbers: list[NumberMatch]) -> list[_Mention]:
    """Cardinal numbers that can be figures, with ranges joined and scores dropped."""
    nums = [
        n
        for n in numbers
        if n.kind == "cardinal"
        and not n.is_approximate
        and not _is_label(text, n)
        and not _is_multiplier(text, n)
        and not _is_age(text, n)
        and not _is_year_modifier(text, n)
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


def _is_multiplier(text: str, n: NumberMatch) -> bool:
    """ "three times bigger", "10 times as many", "2x": a ratio; but "scored four times" counts times."""
    found = _MULTIPLIER.match(text, n.end)
    if found is None:
        return False
    return not found.group().strip().startswith("times") or bool(_TIMES_RATIO_AFTER.match(text, found.end()))


def _is_year_modifier(text: str, n: NumberMatch) -> bool:
    """ "the 2012 referendums", "the 2013, 2014 and 2015 events": years before a noun, not counts."""
    if not (isinstance(n.value, int) and 1900 <= n.value <= 2099 and n.text.isdigit()):
        return False
    return _YEAR_MODIFIER_BEFORE.search(text, max(0, n.start - 12), n.start) is not None


def _is_age(text: str, n: NumberMatch) -> bool:
    """ "aged 24", "aged 15 and 16", "Fawzi al-Odah, 37, was released": an age, not a count."""
    if n.unit is not None or not isinstance(n.value, int) or n.value > 120:
        return False
    before = text[max(0, n.start - 24) : n.start]
    if "ge" in before and _AGE_BEFORE.search(before):  # cheap test first: most numbers are not ages
        return True
    if "at" in before and _DIED_AT_BEFORE.search(before):
        return True  # "has died at 93"
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
    if _MEASURE_AFTER.match(text, n.end):
        return False  # "a test on Ferris 90 minutes after the crash": a name, then a measure
    before = text[max(0, s - 30) : s - 1].rsplit(None, 1)
    word = before[-1].lstrip("\"“‘'([") if before else ""  # '"Nearly 40': the quote opens the sentence
    if not word or not word[-1].isalnum() or not any(c.isupper() for c in word):
        return False
    if word.endswith(("'s", "’s")):
        return False  # "England's three fastest centuries": a possessive, not a model name
    if word.lower().strip(".") in _FUNCTION_WORDS or word.lower().strip(".") in MONTH_DAY:
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
    if _RATIO_JOIN.match(between) and not ("out" in between and counts_a_noun(text, b.end)):
        return "ratio"  # "1 in 3 adults" is a share; "won 499 out of 500 matches" counts matches
    hyphen = _RANGE_JOIN.match(between)
    if (
        hyphen
        and "to" not in between
        and isinstance(a.value, int)
        and isinstance(b.value, int)
        and b.value <= 30
        and a.unit is None
        and _SPORT_CONTEXT.search(low, max(0, a.start - 61), min(len(low), b.end + 40))
        and not counts_a_noun(text, b.end)
    ):
        return "score"  # "won 3-1"; but "20-30 fans" is a range even on the sports pages
    if a.unit is not None and b.unit is not None and a.unit != b.unit:
        return None
    if a.unit is not None and b.unit is None and "to" in between:
        return None  # "dropped 12% to 3.4 million": a change and a new level, not a range
    ranged = (
        hyphen
        or (_AND_JOIN.match(between) and _BETWEEN_BEFORE.search(text, max(0, a.start - 12), a.start))
        or (_OR_JOIN.match(between) and a.unit is None and 0 < b.value - a.value <= 2 and b.value < 100)
    )  # "between 20 and 30", "two or three days"
    if not ranged or _FROM_BEFORE.search(text, max(0, a.start - 24), a.start):
        return None
    return "range" if _low_end(a, b) < b.value else None


def _low_end(a: NumberMatch, b: NumberMatch) -> int | float:
    """ "$3-5 billion": the low end borrows the high end's scale, 3 means 3 billion."""
    if a.scale == 1 and b.scale > 1 and a.value * b.scale <= b.value:
        return a.value * b.scale
    return a.value


def _range_mention(a: NumberMatch, b: NumberMatch) -> _Mention:
    low = replace(a, value=_low_end(a, b), unit=a.unit or b.unit)
    return _Mention(num=low, high=b, start=a.start, end=b.end, num_end=b.end, qualifier="range")


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
# Output: figures, merging, ranking
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
    if same_event(a.event, b.event):
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
    if f.unit in MONEY_UNITS:
        return 2
    if f.unit in ("%", "percentage points"):
        return 3
    if f.event is not None:
        return 1
    return 4
