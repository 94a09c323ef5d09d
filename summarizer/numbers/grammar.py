"""The number grammar of English news text: its words and the patterns built from them.

Vocabulary (units, teens, tens, scales and "lakh"/"crore", ordinals, fractions, vague plurals, currencies,
months), the master pattern `_MASTER` with its alternatives (phones, dates, years, times, digits with
scales, numbers in words, fractions, ordinals), the cheap `_ANCHOR` the scanner (scan.py) searches for
before trying it, and the context patterns it reads around a match.
"""

from __future__ import annotations

import re

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
    "rupiah": "IDR", "forint": "HUF", "lei": "RON", "leu": "RON", "taka": "BDT", "kronor": "SEK",
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
    r"|rupiah|forints?|lei|leu|taka|kronor"
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
