"""A headline written from the text, for articles that come without a title.

Rule-based, no model: the lead sentence (or the model summary's first sentence) is shortened the way
a sub-editor would, keeping the main clause:

1. a dateline ("WASHINGTON (CNN) --", "LONDON, March 3 (Reuters) -") and an opening connective
   ("However,", "But", "Meanwhile,") go;
2. a trailing attribution (", police said", ", according to officials") and a trailing participle or
   relative clause (", calling the talks ...", ", which ...") go;
3. an opening subordinate clause ("After a week of talks, ...") goes when a main clause follows;
4. "X said Y" reads "X says Y", as headlines are written in the present;
5. when still longer than `limit` characters, the text is cut at the last phrase boundary that fits
   (a comma, a dash, or before a preposition or conjunction), never inside a word, and words that
   cannot end a phrase ("of", "the", "and", "his") are dropped from the end. No "…" is added: the
   headline is a whole phrase.
"""

from __future__ import annotations

import re

HEADLINE_LIMIT = 90


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_DATELINE = re.compile(
    r"^\s*(?:By\s+\.?\s*[A-Z][\w.'’ -]{0,40}?\s*\.\s*)?"  # Daily Mail's "By . Name ." byline
    r"(?:[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w .]{1,30})?\s*(?:\((?:CNN|AP|AFP|Reuters|dpa)\))?"
    r"\s*(?:--|—|–|-)\s+"
    r"|\((?:CNN|AP|AFP|Reuters)\)\s*(?:--|—|–|-)?\s*)"
)
_OPENER = re.compile(
    r"^(?:however|but|and|yet|so|still|meanwhile|moreover|furthermore|also|instead|indeed|besides|"
    r"nevertheless|nonetheless|therefore|thus|in addition|in contrast|by contrast|as a result|"
    r"at the same time|on the other hand|separately|elsewhere|now)\b,?\s+",
    re.IGNORECASE,
)
_ATTRIBUTION_END = re.compile(
    r",?\s+(?:according\s+to\s+[^,;]{1,60}"
    r"|(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}|he|she|they|it|police|officials?|authorities|"
    r"the\s+[\w'’ -]{1,40}?)\s+(?:said|says|told\s+[^,;]{1,40}|added|reported|announced|confirmed)"
    r"(?:\s+on\s+\w+|\s+in\s+a\s+statement)?)\s*[.!]?[\"”’]?$"
)
_TRAILING_CLAUSE = re.compile(
    r"(?:,|\s+[–—-])\s+(?:(?P<rel>which|who|whose|where)|while|as|after|before|although|though|because|"
    r"since|saying|calling|adding|claiming|leaving|killing|sparking|prompting|according)\b"
)
_LEADING_CLAUSE = re.compile(
    r"^(?:after|as|while|when|although|though|despite|following|amid|since|because|if|with|in|on|"
    r"during|before|once|until)\b[^,]{3,80},\s+(?=[a-z]*[A-Za-z])",
    re.IGNORECASE,
)
_SAID = re.compile(r"^((?:[\w.'’-]+\s+){1,7}?)said\s+(?:that\s+)?", re.UNICODE)
# Words a phrase cannot end on.
_DANGLING = _wordset(
    """a an the and or but nor so yet of to in on at by for from with into onto over under about as
    than that which who whom whose where when while because since after before if whether though
    although his her their its our your my this these those is are was were be been being has have
    had do does did will would can could may might must shall should not no very more most less
    least such said says told according including amid despite during against between among via per
    also just only up out off"""
)
# Words that open a new phrase: a cut just before one leaves the phrase before it whole. Not "to",
# which also belongs to the phrase before it ("up to 6,500", "plans to").
_BREAK_WORDS = _wordset(
    """in on at for with after before as while and but because since over during amid following despite
    including from by against into under across through throughout near without within among between
    around towards toward beyond outside inside which who where when"""
)
_PLURAL_SUBJECTS = _wordset("police they we people staff crew officials authorities residents witnesses")
# A cut after a participle or a past verb leaves its object out: "the study looked", "was treated".
_VERB_ENDINGS = ("ed", "ing")
_QUOTE_CHARS = '"“”'
_GAP = re.compile(r"[,;:]?\s+(?:[-–—]+\s+)?")


def write_headline(sentence: str, limit: int = HEADLINE_LIMIT) -> str:
    """A headline of at most `limit` characters made from `sentence` (a whole phrase, no "…")."""
    text = " ".join(sentence.split())
    text = _DATELINE.sub("", text, count=1)
    text = _OPENER.sub("", text, count=1)
    text = _strip_end(text)
    if len(text) > limit:
        text = _drop_clauses(text)
    text = _present_tense(text)
    if len(text) > limit:
        text = _cut(text, limit)
    text = _balance_quotes(_tidy_end(text))
    return text[:1].upper() + text[1:] if text else sentence.strip()[:limit]


def _strip_end(text: str) -> str:
    text = text.rstrip(" .!;:,")
    shorter = _ATTRIBUTION_END.sub("", text)
    if len(shorter.split()) >= 4:
        text = shorter
    return text.rstrip(" .!;:,")


def _drop_clauses(text: str) -> str:
    lead = _LEADING_CLAUSE.match(text)
    if lead and len(text[lead.end() :].split()) >= 5:
        text = text[lead.end() :]
    for clause in _TRAILING_CLAUSE.finditer(text):
        # "AT&T and Verizon, which ..., have ...": a relative clause closed by a comma is inside the
        # main clause; only one that runs to the end can go.
        embedded = clause.group("rel") and "," in text[clause.end() :]
        if not embedded and len(text[: clause.start()].split()) >= 5:
            return text[: clause.start()]
    return text


def _present_tense(text: str) -> str:
    said = _SAID.match(text)
    if not said:
        return text
    subject = said.group(1).split()[-1]
    if subject.lower() in _DANGLING:
        return text
    verb = "say" if _is_plural(subject) else "says"
    return f"{said.group(1)}{verb} {text[said.end() :]}"


def _is_plural(word: str) -> bool:
    """ "Police said" -> "say", "Officials said" -> "say"; "Jones said" (a name) -> "says"."""
    lower = word.lower()
    if lower in _PLURAL_SUBJECTS:
        return True
    return word[:1].islower() and lower.endswith("s") and not lower.endswith(("ss", "us", "is"))


def _cut(text: str, limit: int) -> str:
    """The longest start of `text` within `limit` that ends at a phrase boundary (a comma or dash, or
    before a preposition or conjunction) and on a real word; any word boundary when no phrase
    boundary keeps at least half the room."""
    phrase = word = ""
    for gap in _GAP.finditer(text):
        if gap.start() > limit:
            break
        candidate = _tidy_end(text[: gap.start()])
        if len(candidate.split()) < 3:
            continue
        following = text[gap.end() :].split(" ", 1)[0].lower()
        if gap.group().strip() or following in _BREAK_WORDS:
            phrase = candidate
        if not candidate.lower().endswith(_VERB_ENDINGS):
            word = candidate  # "... and was treated" would leave the object out
    if phrase and len(phrase) >= limit // 2:
        return phrase
    return word or phrase or _tidy_end(text[:limit].rsplit(" ", 1)[0])


def _tidy_end(text: str) -> str:
    words = text.rstrip(" ,;:–—-").split()
    while len(words) > 1 and words[-1].lower().strip(_QUOTE_CHARS + "'’,;:") in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(" ,;:–—-")


def _balance_quotes(text: str) -> str:
    """A quote opened and not closed in the headline is dropped, with what it opened."""
    straight = text.count('"')
    curly_open, curly_close = text.count("“"), text.count("”")
    if straight % 2 == 0 and curly_open == curly_close:
        return text
    at = max(text.rfind('"') if straight % 2 else -1, text.rfind("“") if curly_open > curly_close else -1)
    head = _tidy_end(text[:at])
    if len(head.split()) >= 3:
        return head
    return text.replace('"', "").replace("“", "").replace("”", "")
