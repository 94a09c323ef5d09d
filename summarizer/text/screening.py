"""Look at the input before summarising it: boilerplate, a title line, garbage, language.

Pure string work, no model. The pipeline uses it to refuse what cannot be summarised with a clear
reason (TooShort), to send non-English text down the labelled extractive path (the default model is
English-only and would produce fluent nonsense), and to keep web/player boilerplate out of the model.
"""

from __future__ import annotations

import re


def _wordset(words: str) -> frozenset[str]:
    """A word list written as one string (long vocabularies read better that way)."""
    return frozenset(words.split())


# Page furniture that survives copy-paste and text extraction (BBC share bars and media players, CNN and
# wire datelines, Daily Mail bylines). Removed only at line starts or as whole lines.
_SHARE_BAR = re.compile(
    r"^\s*Share this with\s*(?:Email|Facebook|Messenger|Twitter|Pinterest|WhatsApp|Linkedin|\s)*"
    r"(?:Copy\s*this link)?",
    re.I,
)
_BOILERPLATE = [
    re.compile(r"^Media playback is (?:not supported|unsupported) on (?:this|your) device", re.I),
    re.compile(r"^\d{1,2} \w+ \d{4} Last updated at \d{1,2}:\d{2}(?: [A-Z]{2,4})?", re.I),
    re.compile(
        r"^(?:[A-Z][\w.' -]{0,40}(?:,\s*[\w.' -]{1,30})?\s*)?\((?:CNN|Reuters|AP|AFP)\)\s*(?:--|—|-)?\s*"
    ),
    re.compile(
        r"^By \. [^.]{1,80} \. (?:PUBLISHED: \. [^|]{1,60}\| \. )?(?:UPDATED: \. [^.]{1,60}\d{4} \. )?"
    ),
    re.compile(r"^(?:Scroll down for video|CLICK HERE[^.]*\.?|Follow @\w+)\s*", re.I),
]
_TITLE_MAX_WORDS = 20
_LETTERS = re.compile(r"[^\W\d_]")
_READABLE = re.compile(r"(?<![\w/@.])[^\W\d_]{2,24}(?:['’-][^\W\d_]+)*(?![\w/@])")
_LINK = re.compile(r"\S+://\S*|www\.\S+|\S+@\S+\.\S+")
_ASCII_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
# The 60 commonest English words: in any English prose they make up a third or more of the words.
_ENGLISH = _wordset(
    "the of and to a in is that for it was on with as he she be by at are from his her this have an "
    "not but they which or had has were their been will said its would who we after more also than "
    "about there when into over one all can what up out new two people year"
)
ENGLISH_THRESHOLD = 0.08  # English news scores 0.2-0.45; German, French, Welsh score under 0.05


def clean_text(text: str) -> str:
    """The text without page furniture (share bars, player notices, datelines, bylines)."""
    lines = []
    for line in _SHARE_BAR.sub("", text.replace("\r\n", "\n"), count=1).split("\n"):
        stripped = line.strip()
        for pattern in _BOILERPLATE:
            stripped = pattern.sub("", stripped, count=1).strip()
        lines.append(stripped)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def split_title(text: str) -> tuple[str | None, str]:
    """A leading headline line ("Zelenskyy and Trump talk again" + newline + body) and the body.

    A title is a short first line without closing punctuation followed by more text; anything else is
    body text and there is no title.
    """
    first, sep, rest = text.strip().partition("\n")
    first = first.strip()
    words = first.split()
    if (
        sep
        and rest.strip()
        and 2 <= len(words) <= _TITLE_MAX_WORDS
        and not first.endswith((".", "!", "?", ",", ";", ":", "…", '"', "”"))
        and first[:1].isupper()
        and len(rest.split()) > 2 * len(words)
    ):
        return first, rest.strip()
    return None, text.strip()


def readable_words(text: str) -> int:
    """Words made of letters (any script), as opposed to digits, symbols, URLs or encoded blobs."""
    return len(_READABLE.findall(_LINK.sub(" ", text)))


def english_share(text: str, sample_words: int = 2000) -> float:
    """Share of the commonest English words among the text's words (first `sample_words` words)."""
    letters = _LETTERS.findall(text[: sample_words * 8])
    if not letters:
        return 0.0
    ascii_letters = sum(1 for c in letters if c.isascii())
    words = [w.lower() for w in _ASCII_WORD.findall(text[: sample_words * 8])][:sample_words]
    if not words:
        return 0.0
    common = sum(1 for w in words if w in _ENGLISH)
    # Weighted by the Latin share so Cyrillic text with a few English names scores near zero.
    return common / len(words) * (ascii_letters / len(letters))


def looks_english(text: str) -> bool:
    return english_share(text) >= ENGLISH_THRESHOLD
