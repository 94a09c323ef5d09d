"""Numbers written in words ("twenty-three", "one and a half million"), "one" as a pronoun, and the
small helpers the scanner (scan.py) uses to name a currency and tidy a value.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .grammar import (
    _CURRENCY_SYMBOLS,
    _CURRENCY_WORDS,
    _DOLLAR_COUNTRY,
    _ISO_CODES,
    _PLURAL_SCALES,
    _PRONOUN_ONE_AFTER,
    _PRONOUN_ONE_BEFORE,
    _SCALES,
    _TEENS,
    _TENS,
    _UNITS,
    _WORD_BEFORE,
)

if TYPE_CHECKING:
    from .scan import Number


# --------------------------------------------------------------------------------------------------
# Number words
# --------------------------------------------------------------------------------------------------


def _word_class(word: str) -> tuple[str, int]:
    if word in _UNITS:
        return ("zero" if word == "zero" else "unit"), _UNITS[word]
    if word in _TEENS:
        return "teen", _TEENS[word]
    if word in _TENS:
        return "tens", _TENS[word]
    if word in ("hundred", "hundreds"):
        return "hundred", 100
    if word == "dozen":
        return "dozen", 12
    return "scale", _SCALES.get(word) or _PLURAL_SCALES[word]


# Which word may follow which inside one number ("twenty three" yes, "twenty thirty" no).
_FOLLOWS = {
    "unit": {None, "tens", "hundred", "scale"},
    "teen": {None, "hundred", "scale"},
    "tens": {None, "hundred", "scale"},
    "hundred": {None, "unit", "teen", "tens"},
    "scale": {None, "unit", "teen", "tens", "hundred"},
    "dozen": {None, "unit", "teen", "tens"},
    "zero": {None},
}


def _parse_word_tokens(
    tokens: list[tuple[str, int, int]], implicit: float | None
) -> list[tuple[Number, int, int]]:
    """Turn number words into one or more numbers ("twenty and thirty" is two numbers, not fifty)."""
    segments: list[tuple[Number, int, int]] = []
    total: float = 0
    current: float = implicit or 0
    last: str | None = "unit" if implicit else None
    last_scale = float("inf")
    seg_start = seg_end = tokens[0][1] if tokens else 0
    pending_and = False
    for word, start, end in tokens:
        if word == "and":
            pending_and = True
            continue
        cls, val = _word_class(word)
        ok = last in _FOLLOWS[cls] and (not pending_and or last in ("hundred", "scale"))
        if ok and cls == "hundred":
            ok = current < 100 or last is None
        if ok and cls == "scale":
            ok = val < last_scale
        if not ok and last is not None:
            segments.append((total + current, seg_start, seg_end))
            total, current, last, last_scale, seg_start = 0, 0, None, float("inf"), start
        pending_and = False
        if last is None and not segments and not total and not current:
            seg_start = min(seg_start, start)
        if cls in ("unit", "teen", "tens", "zero"):
            current += val
        elif cls == "hundred":
            current = (current or 1) * 100
        elif cls == "dozen":
            current = (current or 1) * 12
        else:
            total += (current or 1) * val
            current, last_scale = 0, val
        last, seg_end = cls, end
    if last is not None:
        segments.append((total + current, seg_start, seg_end))
    return segments


def _is_pronoun_one(low: str, start: int, end: int) -> bool:
    before = _WORD_BEFORE.search(low, max(0, start - 20), start)
    if before and before.group(1) in _PRONOUN_ONE_BEFORE:
        return True
    return bool(_PRONOUN_ONE_AFTER.match(low, end))


# --------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------


def _currency_of(symbol: str | None, word: str | None) -> str | None:
    if symbol:
        key = re.sub(r"\s", "", symbol)
        if key in _CURRENCY_SYMBOLS:
            return _CURRENCY_SYMBOLS[key]
        return key.upper()
    if not word:
        return None
    phrase = " ".join(word.lstrip("-").split())
    for country, code in _DOLLAR_COUNTRY.items():
        if phrase.startswith(country):
            return code
    phrase = re.sub(
        r"^(?:us|u\.s\.|chinese|turkish|finnish|dutch|japanese|indian|russian|mexican|south african|swiss) ",
        "",
        phrase,
    )
    phrase = {"franc": "swiss franc", "francs": "swiss francs"}.get(phrase, phrase)
    if phrase in _ISO_CODES:
        return phrase.upper()
    if phrase == "pennies":
        return "pence"
    singular = phrase[:-1] if phrase.endswith("s") and phrase[:-1] in _CURRENCY_WORDS else phrase
    singular = singular.replace("pounds sterling", "pound sterling").replace("swiss francs", "swiss franc")
    return _CURRENCY_WORDS.get(singular)


def _tidy(value: Number) -> Number:
    """Integers stay ints; floats that are whole ("3.0", "1.2e6") become ints; others lose float noise."""
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return round(value, 10)
    return value


def _plain(value: Number) -> str:
    value = _tidy(value)
    if isinstance(value, int):
        return f"{value:,}"
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text
