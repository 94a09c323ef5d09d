"""Find and normalise numbers written in English news text.

Two users: the figure extractor (summarizer/figures/extract.py), which needs every number mention with its
span and a hint of what kind of number it is, and the summariser's faithfulness guard, which needs the
set of values in a text so that "seven" in a summary is recognised as the 7 of the source.

Design: the text is lower-cased once (length-preserving, so offsets stay valid) and scanned once
with a cheap precompiled "anchor" pattern (a digit, a currency sign, the start of a number word); the
full number grammar (`_MASTER`) is matched only at those anchors, and Python code runs per number,
never per token. That keeps the scanner above 10 MB/s on news text (see bench/figures.py).

Values: digits with separators and decimals ("3,100", "4.5", "40 000"), scale words and suffixes
("1.2 million", "5bn", "€40m", "10k", "35 lakh"), percentages, currencies (symbols, ISO codes and
words, reported as ISO codes), numbers in words ("twenty-three", "a dozen", "one and a half million"),
vague magnitudes ("hundreds of", flagged approximate), fractions, ordinals, dates, years, times and
phone numbers (labelled by kind, so callers can leave them out).

The words and patterns are in grammar.py, the reading of numbers written in words in words.py.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from .grammar import (
    _ANCHOR,
    _ANCHOR_FIRST,
    _APPROX,
    _CURRENCY_CHARS,
    _DENOMINATOR_PLURALS,
    _DENOMINATORS,
    _ISO_CODES,
    _MASTER,
    _MILLION_AFTER,
    _MONTH_AFTER,
    _MONTH_BEFORE,
    _ORDINALS,
    _PLURAL_AFTER,
    _PREFIX,
    _PREFIX_LAST_CHARS,
    _PREFIX_SPACED_CHARS,
    _SCALE_ABBR,
    _SCALES,
    _SEPARATORS,
    _SPACED_PREFIX_WORDS,
    _URL,
    _VULGAR_FRACTIONS,
    _WINDOW,
    _WORD_TOKEN,
    _YEAR_CONTEXT_BEFORE,
)
from .phrases import combine
from .words import (
    _currency_of,
    _is_pronoun_one,
    _parse_word_tokens,
    _plain,
    _tidy,
)

log = logging.getLogger(__name__)

NumberKind = Literal["cardinal", "year", "date", "time", "ordinal", "fraction", "phone"]
Number = int | float

__all__ = [
    "NumberKind",
    "NumberMatch",
    "find_numbers",
    "format_number",
    "lower_preserving_offsets",
    "number_values",
    "parse_number",
]


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """One number mention in a text.

    `kind` separates counts from numbers that only look like counts: "year" ("in 2023"), "date" (the
    14 of "14 March"), "time" ("04:17", value in hours), "ordinal" ("second", "3rd"), "fraction"
    ("two thirds", "a quarter of"), "phone".
    `unit` is filled only when the number carries it in the same token group: "%" or an ISO currency
    code ("$3.5 billion" -> "USD"); counted nouns are the figure extractor's business.
    """

    value: Number
    start: int
    end: int
    text: str
    kind: NumberKind = "cardinal"
    unit: str | None = None
    is_approximate: bool = False  # "hundreds of", "dozens", "tens of thousands"
    scale: int = 1  # multiplier written with the digits ("5bn" -> 10**9); lets "$3-5bn" fill its low end


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number mention in `text`, in order, with normalised value and character span.

    Dates, years, times, ordinals and phone numbers are returned too, labelled by `kind`, so that
    callers can decide; the figure extractor keeps only cardinals.
    """
    low = lower_preserving_offsets(text)
    out: list[NumberMatch] = []
    n = len(low)
    pos = 0
    # The full pattern is too slow to try at every character (about 2 MB/s); a cheap anchor scan finds
    # the few places where a number can start and the full pattern runs only there.
    urls = _url_spans(low)
    for anchor in _ANCHOR.finditer(" " + low):
        first = anchor.group()[0]
        at = anchor.start() - 1 if first in _ANCHOR_FIRST else anchor.start()
        if at < pos:
            continue
        if urls and _inside(urls, at):
            continue
        check = first in _CURRENCY_CHARS or _may_have_prefix(low, at)  # "us$", "c$" sit right before "$"
        prefix = _PREFIX.search(low, max(pos, at - 12), at) if check else None
        m = _MASTER.match(low, prefix.start(), min(n, at + _WINDOW)) if prefix else None
        if m is None:
            m = _MASTER.match(low, at, min(n, at + _WINDOW))
        if m is not None:
            out.extend(_convert(m, text, low))
            pos = m.end()
    return combine(out, text, low)


def _url_spans(low: str) -> list[tuple[int, int]]:
    """Links carry digits ("?id=2035") that are not numbers of the text."""
    if "http" not in low and "www." not in low:
        return []
    return [u.span() for u in _URL.finditer(low)]


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    return any(start <= at < end for start, end in spans)


def _may_have_prefix(low: str, at: int) -> bool:
    """Cheap test before the prefix regex: most numbers follow a plain space after a plain word."""
    if at == 0:
        return False
    before = low[at - 1]
    if before in _PREFIX_LAST_CHARS:
        return True
    if before.isalpha():  # "usd115"
        return low.endswith(_ISO_CODES, max(0, at - 3), at)
    # "$ 75", "usd 75", "a dozen", "half million", "minus five": look one character further back
    if not before.isspace() or at < 2:
        return False
    return low[at - 2] in _PREFIX_SPACED_CHARS or low.endswith(_SPACED_PREFIX_WORDS, max(0, at - 10), at)


def number_values(text: str, *, ordinals: bool = False) -> set[float]:
    """All normalised numeric values mentioned in `text` ("seven" -> 7.0, "1.2 million" -> 1200000.0).

    Meant for the faithfulness guard: a summary is suspicious when `number_values(summary)` is not a
    subset of `number_values(source)`. Ordinals are left out by default because "second" is also a unit
    of time and a verb; pass ordinals=True to compare them as well.
    """
    return {float(n.value) for n in find_numbers(text) if ordinals or n.kind != "ordinal"}


def parse_number(text: str) -> Number | None:
    """The value of a text that is one number ("3,100", "twenty-three", "$3.5 billion"), else None."""
    found = [n for n in find_numbers(text) if n.kind in ("cardinal", "year")]
    if len(found) != 1 or text[: found[0].start].strip() or text[found[0].end :].strip():
        return None
    return found[0].value


def format_number(value: Number, *, words_from: int = 10**6) -> str:
    """Human form of a value: "3,100", "12.5", "1.5 million" (scale words from `words_from` up)."""
    if abs(value) >= words_from:
        for name, scale in (("trillion", 10**12), ("billion", 10**9), ("million", 10**6)):
            if abs(value) >= scale and math.isclose(round(value / scale, 2) * scale, value, rel_tol=1e-12):
                return f"{_plain(round(value / scale, 2))} {name}"
    return _plain(value)


# --------------------------------------------------------------------------------------------------
# Conversion of one regex match
# --------------------------------------------------------------------------------------------------


def lower_preserving_offsets(text: str) -> str:
    """`text.lower()`, except that characters which would change length are left alone."""
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters (e.g. "İ") grow when lower-cased; keep them as they are so offsets stay valid.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _convert(m: re.Match[str], text: str, low: str) -> list[NumberMatch]:
    handler = _HANDLERS.get(m.lastgroup or "") or _HANDLERS[_outer_group(m)]
    return handler(m, text, low)


def _outer_group(m: re.Match[str]) -> str:
    for name in _HANDLERS:
        if m.group(name) is not None:
            return name
    raise AssertionError("master pattern matched without an outer group")  # pragma: no cover


def _make(
    text: str, value: Number, kind: NumberKind, span: tuple[int, int], unit: str | None = None, scale: int = 1
) -> NumberMatch:
    start, end = span
    return NumberMatch(_tidy(value), start, end, text[start:end], kind, unit, False, scale)


def _on_phone(m: re.Match[str], text: str, low: str) -> list[NumberMatch]:
    digits = re.sub(r"\D", "", m.group("phone"))
    return [_make(text, int(digits), "phone", m.span())]


def _on_date(m: re.Match[str], text: str, low: str) -> list[NumberMatch]:
    # Each component is reported so that a guard comparing "14/03/2025" with "14 March 2025" still works.
    base = m.start()
    return [
        _make(text, int(part.group()), "date", (base + part.start(), base + part.end()))
        for part in re.finditer(r"\d+", m.group("date"))
    ]


def _on_year_span(m: re.Match[str], text: str, low: str) -> list[NumberMatch]:
    y1, y2 = int(m.group("y1")), m.group("y2")
    second = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
    if second <= y1:  # "1995-01" is a year and a month, not a span; still not a count
        second = int(y2)
    return [_make(text, y1, "year", m.span("y1")), _make(text, second, "year", m.span("y2"))]


def _on_time(m: re.Match[str], text: str, low: str) -> list[NumberMatch]:
    hh, hh2, mm, mm2, ap, ap2 = m.group("hh", "hh2", "mm", "mm2", "ap", "ap2")
    ap = ap or ap2
    hours = int(hh or hh2) % 12 + (12 if ap == "p" else 0) if ap else int(hh or hh2)
    # Fractional hours, so "4pm", "4 p.m." and "16:00" compare equal in the faithfulness guard.
    return [_make(text, round(hours + int(mm or mm2 or "0") / 60, 4), "time", m.span())]


def _on_slash(m: re.Match[str], text: str, low: str) -> list[NumberMatch]:
    """ "3/4", "-4/5", "2 1/4": a fraction; "7/8" and "24/7"-like pairs that are not become plain numbers."""
    whole, num, den, neg = m.group("swhole", "snum", "sden", "sneg")
    if int(num) >= int(den):
        parts = [p for p in ("swhole", "snum", "sden") if m.group(p)]
        return [_make(text, int(m.group(p)), "cardinal", m.span(p)) for p in parts]
    value = (int(whole) if whole else 0) + int(num) / int(den)
    return [_make(text, -value if neg else value, "fraction", m.span())]


def _apply_exponent(value: Number, exp: str) -> Number:
    """ "1.3e6", "6.23x10^-4", "1.1^23" (a power; an even number of minus signs cancels out)."""
    digits = re.search(r"\d+", exp.split("10^")[-1] if "10^" in exp else exp)
    power = int(digits.group()) if digits else 0
    tail = exp.split("10^")[-1] if "10^" in exp else exp
    if tail.count("-") % 2:
        power = -power
    if exp.startswith("^"):
        return math.copysign(abs(value) ** power, value)
    return value * 10.0**power


def _on_num(m: re.Match[str], text: str, low: str) -> list[NumberMatch]:
    int_part, frac, neg, cur, curw, cursfx, scale_word, ordsfx, pence, decade, pct = m.group(
        "int", "frac", "neg", "cur", "curw", "cursfx", "scale", "ordsfx", "pence", "decade", "pct"
    )
    value: Number = int(_SEPARATORS.sub("", int_part or "0"))
    if frac in _VULGAR_FRACTIONS:
        value += _VULGAR_FRACTIONS[frac]
    elif frac:
        value = float(f"{value}{frac}")
    if m.group("exp"):
        value = _apply_exponent(value, m.group("exp"))
    if neg:
        value = -value
    start, end = m.span("num")
    unit = _currency_of(cur or cursfx, curw) if cur or curw or cursfx else None
    scale_word = scale_word.strip() if scale_word else ""
    if (
        scale_word == "m"
        and unit is None
        and text[m.start("scale")] != "M"  # "10M" is ten million
        and not _MILLION_AFTER.match(low, m.end("scale"))
    ):
        # "100m" without a currency is metres ("the 100m final"); "8m cases", "12.5m of those" are millions.
        end = m.end("frac") if frac else m.end("int")
        scale_word = ""
    if ordsfx:
        return [_make(text, value, "ordinal", (m.start("int"), m.end("ordsfx")))]
    if pence and unit is None:
        return [_make(text, value, "cardinal", (start, end), unit="pence")]
    if decade:
        return [_make(text, value, "year", (start, end))]
    scale = 1
    if scale_word:
        for word in scale_word.split():
            scale *= _SCALE_ABBR[word]
        value = round(value * scale, 6)
    if pct:
        if scale_word:  # "5 million percent" is not news; keep the number, leave the sign
            end = m.end("scale")
        else:
            unit = "percentage points" if "point" in pct else "%"
    kind = _cardinal_kind(value, m, text, low, unit, scale_word)
    return [_make(text, value, kind, (start, end), unit=unit, scale=scale)]


def _cardinal_kind(
    value: Number, m: re.Match[str], text: str, low: str, unit: str | None, scale_word: str
) -> NumberKind:
    """Tell a plain integer that is really a date or a year from a count."""
    if unit or scale_word or m.group("frac") or m.group("neg") or "," in (m.group("int") or ""):
        return "cardinal"
    start, end = m.start("int"), m.end("int")
    if 1 <= value <= 31 and (
        _MONTH_AFTER.match(text, end) or _MONTH_BEFORE.search(text, max(0, start - 12), start)
    ):
        return "date"
    if end - start != 4 or not 1500 <= value <= 2100:
        return "cardinal"
    # "in 2000" is a year; "2000 people" a count; a bare "2024" (e.g. "the 2024 election") a year.
    if _YEAR_CONTEXT_BEFORE.search(text, max(0, start - 20), start) or not _PLURAL_AFTER.match(low, end):
        return "year"
    return "cardinal"


def _on_approx(m: re.Match[str], text: str, low: str) -> list[NumberMatch]:
    start, end = m.span()
    phrase = " ".join(m.group("approx").split())
    return [NumberMatch(_APPROX[phrase], start, end, text[start:end], "cardinal", None, True)]


def _on_article_fraction(m: re.Match[str], text: str, low: str) -> list[NumberMatch]:
    return [_make(text, 1 / _DENOMINATORS[m.group("afden")], "fraction", m.span())]


def _on_ordinal_word(m: re.Match[str], text: str, low: str) -> list[NumberMatch]:
    return [_make(text, _ORDINALS[m.group("ordw")], "ordinal", m.span())]


def _on_words(m: re.Match[str], text: str, low: str) -> list[NumberMatch]:
    return list(_iter_words(m, text, low))


def _iter_words(m: re.Match[str], text: str, low: str) -> Iterator[NumberMatch]:
    base = m.start("wseq")
    tokens = [(t.group(), base + t.start(), base + t.end()) for t in _WORD_TOKEN.finditer(m.group("wseq"))]
    art, negative = m.group("art", "wneg")
    segments = _parse_word_tokens(tokens, _article_value(art))
    if not segments:
        return
    if art or negative:  # the prefix belongs to the first number: "a dozen", "half a million", "minus ten"
        value, _, seg_end = segments[0]
        segments[0] = (-value if negative else value, m.start("words"), seg_end)
    if m.group("whalf"):
        segments[-1] = _apply_half(segments[-1], m, tokens[-1][0])
    tail = m.group("wtail")
    for i, (value, start, end) in enumerate(segments):
        last = i == len(segments) - 1
        if last and tail:
            yield from _word_tail(value, start, end, m, text)
            continue
        if value == 1 and end - start == 3 and _is_pronoun_one(low, start, end):
            continue
        unit = None
        if last and (m.group("wpct") or m.group("wcurw")):
            pct = m.group("wpct")
            unit = (
                ("percentage points" if "point" in pct else "%")
                if pct
                else _currency_of(None, m.group("wcurw"))
            )
            end = m.end()
        yield NumberMatch(value=_tidy(value), start=start, end=end, text=text[start:end], unit=unit)


def _word_tail(value: Number, start: int, end: int, m: re.Match[str], text: str) -> Iterator[NumberMatch]:
    """A trailing ordinal or denominator: "twenty-first" (ordinal), "two thirds" (fraction), "one second"."""
    tail = m.group("wtail")
    t_start, t_end = m.span("wtail")
    if tail in _DENOMINATOR_PLURALS or (value == 1 and tail in _DENOMINATORS):
        denominator = _DENOMINATOR_PLURALS.get(tail) or _DENOMINATORS[tail]
        yield NumberMatch(
            value=_tidy(value / denominator), start=start, end=t_end, text=text[start:t_end], kind="fraction"
        )
        return
    if tail not in _ORDINALS:  # "five quarter" is not English; keep the count
        yield NumberMatch(value=_tidy(value), start=start, end=end, text=text[start:end])
        return
    ordinal = _ORDINALS[tail]
    if (ordinal < 10 and value % 10 == 0 and value >= 20 and value % 100 != 0) or (
        ordinal < 100 and value % 100 == 0 and ordinal not in (10, 100)
    ):
        yield NumberMatch(
            value=_tidy(value + ordinal), start=start, end=t_end, text=text[start:t_end], kind="ordinal"
        )
        return
    yield NumberMatch(value=_tidy(value), start=start, end=end, text=text[start:end])
    yield NumberMatch(value=ordinal, start=t_start, end=t_end, text=text[t_start:t_end], kind="ordinal")


def _article_value(art: str | None) -> float | None:
    """The number an article prefix stands for: "a" 1, "half a" 0.5, "a quarter of a" 0.25."""
    if not art:
        return None
    return 0.5 if "half" in art else 0.25 if "quarter" in art else 1


def _apply_half(
    segment: tuple[Number, int, int], m: re.Match[str], last_word: str
) -> tuple[Number, int, int]:
    """ "one and a half million" = 1.5 million; "one million and a half" = 1.5 million too."""
    value, start, _ = segment
    words = m.group("whalf").split()
    if words[-1] in _SCALE_ABBR:
        return ((value + 0.5) * _SCALE_ABBR[words[-1]], start, m.end("whalf"))
    half = 0.5 * _SCALES.get(last_word, 1)
    return (value + half, start, m.end("whalf"))


_HANDLERS = {
    "phone": _on_phone,
    "date": _on_date,
    "yspan": _on_year_span,
    "time": _on_time,
    "slash": _on_slash,
    "num": _on_num,
    "approx": _on_approx,
    "words": _on_words,
    "afrac": _on_article_fraction,
    "ordw": _on_ordinal_word,
}
