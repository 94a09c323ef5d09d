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
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from .phrases import combine

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
    "word_trie_pattern",
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
# Vocabulary
# --------------------------------------------------------------------------------------------------

# fmt: off
_UNITS = {
    "zero": 0, "nought": 0, "naught": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9,
}
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
# "lakh" and "crore" are how Indian English writes 100,000 and 10,000,000.
_SCALES = {
    "thousand": 10**3, "lakh": 10**5, "million": 10**6, "crore": 10**7, "billion": 10**9,
    "trillion": 10**12, "quadrillion": 10**15, "quintillion": 10**18, "sextillion": 10**21,
}
_PLURAL_SCALES = {"hundreds": 100} | {w + "s": v for w, v in _SCALES.items()}  # "seventy-five thousands"
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
    "eightieth": 80, "ninetieth": 90, "hundredth": 100, "thousandth": 1000, "millionth": 10**6,
}
# Fraction denominators: "two thirds", "three quarters", "a fifth of". "second" is left out: "a second"
# is an ordinal or a unit of time, never a half.
_DENOMINATORS = {w: v for w, v in _ORDINALS.items() if v > 2} | {"half": 2, "quarter": 4}
_DENOMINATOR_PLURALS = {("halves" if w == "half" else w + "s"): v for w, v in _DENOMINATORS.items()}
_VULGAR_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅕": 0.2, "⅛": 0.125}
# Vague plurals: a reader takes "hundreds of" as a magnitude, not a count.
_APPROX = {
    "tens of thousands": 10**4, "hundreds of thousands": 10**5, "tens of millions": 10**7,
    "hundreds of millions": 10**8, "tens of billions": 10**10, "hundreds of billions": 10**11,
    "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000, "millions": 10**6, "billions": 10**9,
    "several hundred": 100, "several thousand": 1000, "several million": 10**6, "a few hundred": 100,
    "a few thousand": 1000, "a few million": 10**6, "several dozen": 12, "a few dozen": 12,
}
_SCALE_ABBR = {
    "hundred": 100, "k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "mil": 10**6, "b": 10**9,
    "bn": 10**9, "bln": 10**9, "tn": 10**12, "tln": 10**12,
} | _SCALES
_CURRENCY_SYMBOLS = {
    "$": "USD", "us$": "USD", "u.s.$": "USD", "c$": "CAD", "a$": "AUD", "au$": "AUD", "hk$": "HKD",
    "nz$": "NZD", "s$": "SGD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "₴": "UAH",
    "₿": "BTC", "元": "CNY", "₡": "CRC", "₾": "GEL", "₭": "LAK",
}
_CURRENCY_WORDS = {
    "dollar": "USD", "euro": "EUR", "pound": "GBP", "pound sterling": "GBP", "sterling": "GBP",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "rupee": "INR", "rouble": "RUB",
    "ruble": "RUB", "hryvnia": "UAH", "swiss franc": "CHF", "franc": "CHF", "peso": "MXN", "lira": "TRY",
    "lire": "TRY", "rand": "ZAR", "naira": "NGN", "shekel": "ILS", "zloty": "PLN", "baht": "THB",
    "ringgit": "MYR", "dirham": "AED", "riyal": "SAR", "cent": "cents", "pence": "pence", "penny": "pence",
    "markka": "FIM", "markkaa": "FIM", "guilder": "NLG", "bitcoin": "BTC", "btc": "BTC", "satoshi": "SAT",
}
_ISO_CODES = ("usd", "eur", "gbp", "jpy", "chf", "cny", "inr", "rub", "uah", "cad", "aud")
_DOLLAR_COUNTRY = {"australian": "AUD", "canadian": "CAD", "hong kong": "HKD", "new zealand": "NZD"}
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
# "the one", "no one", "this one": the pronoun, not a count.
_PRONOUN_ONE_BEFORE = frozenset({
    "the", "this", "that", "which", "each", "every", "no", "any", "some", "someone", "anyone", "another",
    "only", "such", "last", "first", "next",
})
# fmt: on


def _alternation(words: list[str]) -> str:
    # Longest first so that "seventeen" is not cut to "seven".
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_NUMWORD = _alternation([*_UNITS, *_TEENS, *_TENS, "hundred", *_SCALES, "dozen"])
_ORDWORD = _alternation(list(_ORDINALS))
_TAILWORD = _alternation([*_ORDINALS, *_DENOMINATORS, *_DENOMINATOR_PLURALS])
_ARTICLE_FRACTION = _alternation([w for w in _DENOMINATORS if w not in ("half", "quarter")])
_SCALEWORD = _alternation(["hundred", *_SCALES, "dozen"])
_PLURAL_SCALEWORD = _alternation(list(_PLURAL_SCALES))
_WSEP = r"(?:[ \t]*-[ \t]*|\s+(?:and\s+)?)"
_CURWORD = (
    r"(?:(?:us|u\.s\.|australian|canadian|hong\skong|new\szealand|chinese|turkish|finnish|dutch|japanese"
    r"|indian|russian|mexican|south\safrican|swiss)\s)?"
    r"(?:dollars?|euros?|pounds?(?:\ssterling)?|sterling|yen|yuan|renminbi|rupees?|roubles?|rubles?"
    r"|markkaa?|guilders?|bitcoins?|btc|satoshis?"
    r"|hryvnias?|swiss\sfrancs?|francs?|pesos?|lira|lire|liras|rand|naira|shekels?|zlotys?|baht|ringgit"
    r"|dirhams?|riyals?|rmb|cents?|pence|pennies|penny|" + "|".join(_ISO_CODES) + r")(?![a-z])"
)


def _pct(name: str) -> str:
    return rf"(?P<{name}>\s?%|\s(?:percentage\spoints?|percent(?:age)?s?|per\scent|pct)(?![a-z]))"


def _fill(pattern: str, **parts: str) -> str:
    """Insert named sub-patterns written as @NAME@ (f-strings would fight with regex braces)."""
    for name, part in parts.items():
        pattern = pattern.replace(f"@{name}@", part)
    return pattern


# The alternatives of the master pattern, tried in this order at a number's start.
_PHONE_RE = r"""
    (?P<phone>(?<![\w.,+])(?:
        \+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s./-]\d{2,4}){1,4}
      | \(0?\d{2,4}\)\s?\d{3,4}[\s.-]?\d{3,4}
      | 0\d{2,4}(?:[\s.-]\d{3,4}){1,3}
      | \d{3}-\d{3}-\d{4}
    )(?![\d]))"""
_DATE_RE = r"""
    (?P<date>(?<![\w.,/])
        (?:\d{1,2}(?P<dsep>[/.-])\d{1,2}(?P=dsep)(?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})
    (?![\d/]))"""
_YEAR_SPAN_RE = r"""
    (?P<yspan>(?<![\w.,$€£])
        (?P<y1>(?:1[89]|20)\d\d)[-–/](?P<y2>(?:1[89]|20)?\d\d)
    (?![\d%]|\s?(?:%|percent)))"""
_TIME_RE = r"""
    (?P<time>(?<![\w.:,])(?:
        (?P<hh>[01]?\d|2[0-3]):(?P<mm>[0-5]\d)(?::[0-5]\d)?(?:\s?(?P<ap>[ap])\.?m\.?(?![a-z]))?
      | (?P<hh2>1[0-2]|0?[1-9])(?:\.(?P<mm2>[0-5]\d))?\s?(?P<ap2>[ap])\.?m\.?(?![a-z])
    )(?![\d]))"""
_SLASH_RE = r"""
    (?P<slash>(?<![\w.,/])
        (?P<sneg>[-−]\s?)?(?:(?P<swhole>\d{1,3})\s+)?(?P<snum>\d{1,2})/(?P<sden>[2-9]|10)
    (?![\d/]))"""
_NUM_RE = _fill(
    r"""
    (?P<num>
        (?P<cur>(?:us\$|u\.s\.\s?\$|c\$|au?\$|hk\$|nz\$|s\$|[$€£¥₹₽₴₿]|(?:@ISO@)(?=\s?\d))\s?)?
        (?P<neg>(?:minus|negative)\s+|(?<![\w\d,.%])(?<![\d%]\s)[-−](?=\d))?
        (?(cur)|(?<![\w.,]))
        (?P<int>
            \d{1,2}(?:,\d{2})+,\d{3}(?![\d])
          | \d{1,3}(?:,\d{3})+(?![\d])
          | \d{1,3}(?:[\u00a0\u202f\u2009\ ]\d{3})+(?!\d|,\d)
          | \d+
          | (?=\.\d|[@VULGAR@])
        )
        (?P<frac>\.\d+|[@VULGAR@])?
        (?P<exp>e[-+]?\d+(?![a-z])|\s?[x×]\s?10\^[-+]?\d+|\^[-+]*\d+)?
        (?:
            (?P<ordsfx>st|nd|rd|th)(?![a-z])
          | (?P<decade>s)(?![a-z])
          | (?P<pence>p)(?![a-z])
          | (?P<scale>
                \s?(?:@SCALEWORD@)(?:\s(?:@SCALEWORD@))?(?![a-z])
              | \s?(?:mn|mln|bn|bln|tn|tln)(?![a-z])
              | (?:m|k|b|mil)(?![a-z]))
        )?
        (?:@PCT@|(?P<curw>[\s-]?@CURWORD@)|\s?(?P<cursfx>[$€£¥₹₽₴元₡₾₭]))?
    )""",
    ISO="|".join(_ISO_CODES),
    VULGAR="".join(_VULGAR_FRACTIONS),
    SCALEWORD=_alternation(["hundred", *_SCALES]),
    PCT=_pct("pct"),
    CURWORD=_CURWORD,
)
_APPROX_RE = r"""
    (?P<approx>(?<![a-z'’-])
        (?:(?:tens|hundreds)\sof\s(?:thousands|millions|billions)
          | (?:several|a\s+few)\s+(?:hundred|thousand|million|dozen)
          | dozens|hundreds|thousands|millions|billions|scores(?=\sof\s))
    (?![a-z'’]))"""
_WORDS_RE = _fill(
    r"""
    (?P<words>(?<![a-z'’-])
        (?P<wneg>(?:minus|negative)\s+)?
        (?:(?P<art>(?:a\s+)?(?:half|quarter)(?:\s+(?:of\s+)?an?)?|an?)\s+(?=(?:@SCALEWORD@)(?![a-z])))?
        (?P<wseq>(?:@NUMWORD@)(?![a-z'’])(?:@WSEP@(?:@NUMWORD@|@PLURALSCALE@)(?![a-z'’]))*)
        (?P<whalf>\sand\sa\shalf(?:\s(?:million|billion|trillion|thousand|hundred))?(?![a-z]))?
        (?:@WSEP@(?P<wtail>(?:@TAILWORD@))(?![a-z'’]))?
        (?:@PCT@|(?P<wcurw>[\s-]@CURWORD@))?
    )""",
    SCALEWORD=_SCALEWORD,
    PLURALSCALE=_PLURAL_SCALEWORD,
    NUMWORD=_NUMWORD,
    WSEP=_WSEP,
    TAILWORD=_TAILWORD,
    PCT=_pct("wpct"),
    CURWORD=_CURWORD,
)
_ARTICLE_FRACTION_RE = _fill(
    r"""
    (?P<afrac>(?<![a-z'’-])an?\s(?P<afden>half|quarter|(?:@DEN@)(?=\sof\s))(?![a-z'’]))""",
    DEN=_ARTICLE_FRACTION,
)
_ORDINAL_RE = _fill(
    r"""
    (?P<ordw>(?<![a-z'’-])(?:@ORD@)(?![a-z'’]))""",
    ORD=_ORDWORD,
)
_MASTER = re.compile(
    "|".join(
        [
            _PHONE_RE,
            _DATE_RE,
            _YEAR_SPAN_RE,
            _TIME_RE,
            _SLASH_RE,
            _NUM_RE,
            _APPROX_RE,
            _WORDS_RE,
            _ARTICLE_FRACTION_RE,
            _ORDINAL_RE,
        ]
    ),
    re.VERBOSE,
)


def word_trie_pattern(words: list[str]) -> str:
    """A regex alternation of `words` factored as a character trie ("kill", "killed" -> "kill(?:ed)?").

    The engine then never re-reads a shared prefix, which matters when the alternation is tried at
    many positions of a long text. Also used by the figure extractor for its verb list.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def _anchor_pattern() -> str:
    """One character where a number may start: a digit or currency sign, or a boundary before a number word.

    The pattern opens with a single character class, which lets the regex engine skip ahead with a
    fast set test (tens of MB/s). Number words are anchored on the character before them, so the
    caller scans the text with a space in front. A digit anchor takes its whole run ("3,100").
    """
    words = [*_UNITS, *_TEENS, *_TENS, "hundred", *_SCALES, "dozen", "scores", "half", "quarter", *_ORDINALS]
    symbols = re.escape(_CURRENCY_CHARS + "".join(_VULGAR_FRACTIONS))
    digits = "0-9" + symbols
    return (
        f"[{digits}{re.escape(_WORD_BOUNDARY_CHARS)}]"
        f"(?:(?<=\\d)[\\d,]*|(?<=[{symbols}])|(?={word_trie_pattern(words)}))"
    )


_CURRENCY_CHARS = "$€£¥₹₽₴₿"
# Characters after which a number word can start ("(CNN)Seventy", "1.Second", a no-break space).
_WORD_BOUNDARY_CHARS = " \n\t\r\"'(“‘«-/—–).,:;!?[]{}*•<>_|&\u00a0\u2009\u202f"
_ANCHOR = re.compile(_anchor_pattern())
_ANCHOR_FIRST = frozenset("0123456789" + _CURRENCY_CHARS + "".join(_VULGAR_FRACTIONS))
# What may stand just before an anchor and still belong to the number: a currency, a sign, an article.
_PREFIX = re.compile(
    r"(?:(?:(?:us|u\.s\.|c|au?|hk|nz|s)?\$|[€£¥₹₽₴]|(?:usd|eur|gbp|jpy|chf|cny|inr|rub|uah|cad|aud))\s?[-−]?"
    r"|[-−+(.]|(?<![a-z])(?:(?:a\s+)?(?:half|quarter)\s+(?:of\s+)?)?an?\s+|(?<![a-z])(?:half|quarter)\s+"
    r"|(?<![a-z])(?:us|u\.s\.|c|au?|hk|nz|s)|(?<![a-z])(?:minus|negative|several|a\s+few)\s+)$"
)
_WINDOW = 400  # longest number phrase after its anchor ("sixty-five quadrillion four hundred ...")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+")
_PREFIX_LAST_CHARS = frozenset(_CURRENCY_CHARS + "-−+(.")
_PREFIX_SPACED_CHARS = frozenset(_CURRENCY_CHARS + "adfhnpry")  # currency signs, "a"/"an", ISO code endings
_SPACED_PREFIX_WORDS = ("minus ", "negative ", "half ", "quarter ", "several ", "few ")
_WORD_TOKEN = re.compile(r"[a-z]+")
_SEPARATORS = re.compile(r"[,\s\u00a0\u202f\u2009]")
_MONTH_AFTER = re.compile(r"(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + _MONTHS + r")(?![a-z])")
_MONTH_BEFORE = re.compile(r"\b(?:" + _MONTHS + r")\.?\s+$")
_YEAR_CONTEXT_BEFORE = re.compile(
    r"(?:\b(?:in|since|by|until|till|from|of|during|before|after|early|late|mid|summer|spring|autumn|fall"
    r"|winter|year|through|" + _MONTHS + r")[\s-]+)$",
    re.IGNORECASE,
)
_MILLION_AFTER = re.compile(r"\s+(?:of\b|(?:[a-z]+(?<![su]s)(?<!ss)s|people|children|men|women)\b)")
_PLURAL_AFTER = re.compile(r"\s+(?:[a-z]+(?<![su]s)(?<!ss)s|people|children|men|women)\b")
_PRONOUN_ONE_AFTER = re.compile(r"(?:\s+another\b|['’]s\b|-(?:off|time|way)\b)")
_WORD_BEFORE = re.compile(r"([a-z]+)\W*$")


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
