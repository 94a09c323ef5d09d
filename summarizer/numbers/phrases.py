"""Numbers written as several parts that the scanner in summarizer/numbers/scan.py reports one by one.

"three and a fifth", "3 million and a half", "two hundred point zero three", "3 dozens", "4 thousand 3
hundred and 21", "one over three", "13 dollars and 45 cents", "75 USD million", "30 MUSD": each is one
value. `combine` joins such neighbours after the single scan, looking only at the few characters
between two matches, so it costs nothing on text without them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .scan import NumberMatch

__all__ = ["combine"]

_DIGIT_WORDS = {
    "zero": "0", "nought": "0", "naught": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
_SMALL = {k: int(v) for k, v in _DIGIT_WORDS.items() if k != "oh"} | {"a": 1, "an": 1}
_DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
    "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10, "thirtieth": 30, "hundredth": 100, "hundredths": 100,
}  # fmt: skip
_SCALES = {
    "hundred": 100,
    "thousand": 10**3,
    "lakh": 10**5,
    "million": 10**6,
    "crore": 10**7,
    "billion": 10**9,
}
_ISO_MILLIONS = {"musd": "USD", "meur": "EUR", "mgbp": "GBP", "maud": "AUD", "mcad": "CAD", "mchf": "CHF"}

_AND_FRACTION = re.compile(
    r"\s+and\s+(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine)[\s-]+(?P<d>"
    + "|".join(sorted(_DENOMINATORS, key=len, reverse=True))
    + r")(?![a-z])"
)
_DOZENS = re.compile(r"\s*(?:dozens?|dzs?|dozs?)(?![a-z])")
_POINT = re.compile(r"\s+point\s+")
_DIGIT_RUN = re.compile(
    r"(?:(?:zero|nought|naught|oh|one|two|three|four|five|six|seven|eight|nine)(?![a-z])[ \t]*)+"
)
_TENS_WORD = re.compile(
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|ten|eleven|twelve|[a-z]+teen)"
    r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?(?![a-z])"
)
_OVER = re.compile(r"\s+over\s+\Z")
_PLURAL_AFTER = re.compile(r"\s+[a-z]+s\b")
_DIGITS_SCALE = re.compile(r"\d[\d,.]*\s+(hundred|thousand|lakh|crore)\Z", re.IGNORECASE)
_JOIN = re.compile(r"\s+(?:and\s+)?\Z")
_CENTS_TAIL = re.compile(r"(?:\s*cents?)?(?=\s*(?:[.,!?]|$|\s+more\b))")
_SCALE_AFTER = re.compile(r"\s+(million|billion|thousand)(?![a-z])")
_ISO_MILLION_AFTER = re.compile(r"\s?(m(?:usd|eur|gbp|aud|cad|chf))(?![a-z])")
_ISO_MILLION_BEFORE = re.compile(r"(?<![a-z])(m(?:usd|eur|gbp|aud|cad|chf))\s?(?=\d)")
_WORD_END = re.compile(r"[a-z]\Z")
_ISO_WORDS = frozenset({"usd", "eur", "gbp", "jpy", "chf", "cny", "inr", "rub", "uah", "cad", "aud", "rmb"})
_PERCENT_OF_BEFORE = re.compile(r"(?:percents?|per\s?cents?)\s+of\s+\Z")
_SINGLE_TRIGGER = re.compile(
    r"\s*(?:and\s+(?:an?|one|two|three|four|five|six|seven|eight|nine)[\s-]|doz|dz|point\s|m(?:usd|eur|gbp|aud|cad|chf)"
    r"|million|billion|thousand)"
)


def combine(found: list[NumberMatch], text: str, low: str) -> list[NumberMatch]:
    """Join the parts of one written number; `found` is in text order and is returned in text order."""
    out: list[NumberMatch] = []
    i = 0
    while i < len(found):
        n = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        joined = _join(n, nxt, text, low)
        if joined is None:
            out.append(n)
            i += 1
            continue
        out.append(joined)
        i += 1
        while i < len(found) and found[i].start < joined.end:
            i += 1  # parts the joined number swallowed ("a fifth" of "three and a fifth")
    if len(out) < len(found):
        return combine(out, text, low)  # "4 thousand 3 hundred and 21" joins in two rounds
    return out


def _join(n: NumberMatch, nxt: NumberMatch | None, text: str, low: str) -> NumberMatch | None:
    if n.kind not in ("cardinal", "fraction", "year"):
        return None
    if n.kind == "year":  # "2000 over 3": a year only by its look
        return _over(n, nxt, text, low) if nxt is not None and nxt.start - n.end <= 8 else None
    # Cheap tests first: nearly every number in news is followed by none of these words.
    if _SINGLE_TRIGGER.match(low, n.end) or "m" in low[max(0, n.start - 5) : n.start]:
        for rule in (_and_fraction, _dozens, _point, _iso_millions, _currency_scale):
            joined = rule(n, text, low)
            if joined is not None:
                return joined
    if (
        n.unit is None
        and low[max(0, n.start - 4) : n.start].endswith("of ")
        and _PERCENT_OF_BEFORE.search(low, max(0, n.start - 16), n.start)
    ):
        return replace(n, unit="%")  # "per cent of 210": the percentage is the number
    if nxt is None or nxt.kind not in ("cardinal", "fraction") or nxt.start - n.end > 8:
        return None
    for pair_rule in (_over, _digits_and_scale, _dollars_and_cents):
        joined = pair_rule(n, nxt, text, low)
        if joined is not None:
            return joined
    return None


def _span(n: NumberMatch, end: int, text: str, value: float, **changes: object) -> NumberMatch:
    return replace(n, value=_tidy(value), end=end, text=text[n.start : end], **changes)  # type: ignore[arg-type]


def _tidy(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 10)


def _scale_of(n: NumberMatch, low: str) -> int:
    word = re.search(r"([a-z]+)\Z", low[n.start : n.end])
    return _SCALES.get(word.group(1), 1) if word else 1


# --- one number and the words after it ------------------------------------------------------------


def _and_fraction(n: NumberMatch, text: str, low: str) -> NumberMatch | None:
    """ "three and a fifth" = 3.2; "3 million and a quarter" = 3,250,000."""
    m = _AND_FRACTION.match(low, n.end)
    if m is None or n.unit is not None:
        return None
    fraction = _SMALL[m.group("n")] / _DENOMINATORS[m.group("d")]
    scale = _scale_of(n, low)
    value = n.value + fraction * (scale if scale >= 1000 else 1)
    return _span(n, m.end(), text, value, kind="cardinal")


def _dozens(n: NumberMatch, text: str, low: str) -> NumberMatch | None:
    """ "3 dozens", "five dozs" = 60."""
    m = _DOZENS.match(low, n.end)
    if m is None or n.unit is not None or n.kind != "cardinal" or n.is_approximate:
        return None
    return _span(n, m.end(), text, n.value * 12)


def _point(n: NumberMatch, text: str, low: str) -> NumberMatch | None:
    """ "two hundred point zero three" = 200.03, "naught point five" = 0.5 (numbers in words only)."""
    m = _POINT.match(low, n.end)
    if m is None or n.unit is not None or any(c.isdigit() for c in n.text) or isinstance(n.value, float):
        return None
    run = _DIGIT_RUN.match(low, m.end())
    if run is not None:
        digits = "".join(_DIGIT_WORDS[w] for w in run.group().split())
        end = m.end() + len(run.group().rstrip())
    else:
        tens = _TENS_WORD.match(low, m.end())
        if tens is None:
            return None
        from .scan import parse_number  # a small, rare path: "point seventy-one"

        parsed = parse_number(tens.group())
        if parsed is None:
            return None
        digits, end = str(parsed), tens.end()
    fraction = float("0." + digits)
    return _span(n, end, text, n.value - fraction if n.value < 0 else n.value + fraction)


def _iso_millions(n: NumberMatch, text: str, low: str) -> NumberMatch | None:
    """ "30 MUSD", "MAUD 60": a million of that currency."""
    after = _ISO_MILLION_AFTER.match(low, n.end)
    if after is not None and n.unit is None:
        return _span(n, after.end(), text, n.value * 10**6, unit=_ISO_MILLIONS[after.group(1)])
    before = _ISO_MILLION_BEFORE.search(low, max(0, n.start - 7), min(len(low), n.start + 6))
    if before is not None and n.unit in (None, _ISO_MILLIONS[before.group(1)]):
        return replace(n, value=_tidy(n.value * 10**6), unit=_ISO_MILLIONS[before.group(1)])
    return None


def _currency_scale(n: NumberMatch, text: str, low: str) -> NumberMatch | None:
    """ "75 USD million": the scale written after the currency."""
    if n.unit is None or n.unit in ("%", "percentage points", "cents", "pence") or n.scale > 1:
        return None
    if not _WORD_END.search(low, n.start, n.end):
        return None
    m = _SCALE_AFTER.match(low, n.end)
    if m is None:
        return None
    scale = _SCALES[m.group(1)]
    return _span(n, m.end(), text, n.value * scale, scale=scale)


# --- two neighbours ---------------------------------------------------------------------------------


def _over(a: NumberMatch, b: NumberMatch, text: str, low: str) -> NumberMatch | None:
    """ "one over three", "2000 over 3": a fraction, unless b counts something ("3 over 2 years")."""
    if a.unit or b.unit or not _OVER.match(low, a.end, b.start) or b.value == 0 or b.kind != "cardinal":
        return None
    if _PLURAL_AFTER.match(low, b.end):
        return None
    return _span(a, b.end, text, a.value / b.value, kind="fraction")


def _digits_and_scale(a: NumberMatch, b: NumberMatch, text: str, low: str) -> NumberMatch | None:
    """ "4 thousand 3 hundred and 21", "6 crore and two hundred": one number written in two parts."""
    scale_word = _DIGITS_SCALE.search(text, a.start, a.end)
    if (
        scale_word is None
        or a.unit
        or b.unit in ("%", "percentage points")
        or not _JOIN.match(low, a.end, b.start)
    ):
        return None
    scale = _SCALES[scale_word.group(1).lower()]
    if not 0 < b.value < scale or isinstance(b.value, float):
        return None
    return _span(a, b.end, text, a.value + b.value, unit=b.unit)


def _dollars_and_cents(a: NumberMatch, b: NumberMatch, text: str, low: str) -> NumberMatch | None:
    """ "3 dollars 50 cents", "thirteen dollars and forty-five cents", "15 USD 50 more" = 15.50."""
    if a.unit in (None, "%", "percentage points", "cents", "pence") or not _WORD_END.search(
        low, a.start, a.end
    ):
        return None
    if b.unit not in (None, "cents") or not isinstance(b.value, int) or not 0 < b.value < 100:
        return None
    if not isinstance(a.value, int) or not _JOIN.match(low, a.end, b.start):
        return None
    first = low[a.start : a.end].split()[0]
    if first in _ISO_WORDS or first[0] in "$€£¥₹₽₴₿":
        return None  # "rmb 10 usd 20", "$10 50": the currency must come after the amount only
    tail = _CENTS_TAIL.match(low, b.end)
    if tail is None:
        return None
    return _span(a, tail.end(), text, a.value + b.value / 100)
