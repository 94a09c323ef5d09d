"""Who / where: a small rule-based entity finder (capitalised phrases, cue words, a short gazetteer).

No model and no download: the names a digest shows come straight from the article.
"""

from __future__ import annotations

import re
from collections import Counter

from .types import Entity

_NAME = re.compile(r"\b(?:[A-Z][\w’'-]*[a-z][\w’'-]*|[A-Z]{2,6})(?:\s+(?:of\s+|de\s+|al-)?(?:[A-Z][\w’'-]*|[A-Z]{2,6}))*")
_POSSESSIVE = re.compile(r"[’']s$")
_SPLIT = re.compile(r"(?<=[’']s)\s+")
_TITLE = re.compile(
    r"(?:President|Prime Minister|Minister|Chancellor|Governor|Senator|Sen\.|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)\s+[A-Z]"
)
_DEMONYM = re.compile(r"(?:ian|ese|ish|ean)$")
_PLACES = {
    "ukraine", "russia", "kyiv", "moscow", "odesa", "donetsk", "chernihiv", "kherson", "kharkiv", "crimea",
    "united states", "us", "u.s.", "usa", "uk", "britain", "england", "scotland", "wales", "ireland",
    "france", "germany", "italy", "spain", "poland", "china", "japan", "india", "pakistan", "iran", "iraq",
    "israel", "gaza", "syria", "turkey", "egypt", "canada", "mexico", "brazil", "australia", "europe",
    "africa", "asia", "london", "paris", "berlin", "washington", "new york", "beijing", "tokyo", "brussels",
    "middle east", "california", "texas", "florida", "edinburgh", "glasgow", "manchester", "belarus",
}
_ORG_WORDS = {
    "ministry", "company", "bank", "council", "party", "university", "police", "agency", "commission",
    "department", "government", "parliament", "court", "army", "forces", "group", "union", "association",
    "corporation", "inc", "ltd", "fc", "club", "nato", "un", "eu", "bbc", "cnn", "fbi", "who", "office",
}
_PERSON_CUES = re.compile(
    r"(?:President|Prime Minister|Minister|Mr|Mrs|Ms|Dr|Sen|Senator|Governor|governor|Chancellor|King|Queen|"
    r"coach|manager|chief|spokesman|spokeswoman|said|told)\.?\s*$"
)
_STOP = {
    "the", "a", "an", "and", "but", "he", "she", "it", "they", "we", "i", "in", "on", "at", "this", "that",
    "there", "his", "her", "their", "our", "its", "as", "after", "before", "when", "while", "if", "once",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "sanctions", "mr", "mrs", "ms", "dr", "president", "minister", "prime",
}


def extract_entities(text: str, limit: int = 12) -> list[Entity]:
    """People, places and organisations named in the text, most mentioned first."""
    counts: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    for match in _NAME.finditer(text):
        offset = match.start()
        # "Ukraine’s President Volodymyr Zelenskyy" names a place and a person.
        for part in _SPLIT.split(match.group()):
            phrase = _clean(part)
            before = text[max(0, offset - 40) : offset]
            offset += len(part)
            if not phrase:
                continue
            kind = "person" if _TITLE.match(part) else _classify(phrase, before)
            if kind == "skip":
                continue
            counts[phrase] += 1
            if kinds.get(phrase) in (None, "other"):
                kinds[phrase] = kind
    merged = _merge_short_names(counts)
    ranked = sorted(merged, key=lambda p: (-merged[p], text.find(p)))
    return [Entity(p, kinds.get(p, "other")) for p in ranked[:limit]]  # type: ignore[arg-type]


def _clean(phrase: str) -> str:
    words = phrase.split()
    while len(words) > 1 and _droppable(words[0]):
        words.pop(0)
    if words and words[0].lower() in _STOP:
        words.pop(0)
    cleaned = _POSSESSIVE.sub("", " ".join(words)).strip("’'-")
    return cleaned if len(cleaned) > 1 else ""


def _droppable(word: str) -> bool:
    """Leading titles and demonyms ("Ukrainian President") are not part of a name."""
    bare = word.rstrip(".").lower()
    return bare in _STOP or bool(_DEMONYM.search(bare))


def _classify(phrase: str, before: str) -> str:
    lower = phrase.lower()
    last = lower.split()[-1]
    if lower in _PLACES:
        return "place"
    if last in _ORG_WORDS or lower in _ORG_WORDS or (phrase.isupper() and len(phrase) >= 2):
        return "org"
    if _PERSON_CUES.search(before) or len(phrase.split()) in (2, 3) and phrase.istitle():
        return "person"
    if len(phrase.split()) == 1:
        return "skip" if lower in _STOP or _DEMONYM.search(lower) else "other"
    return "other"


def _merge_short_names(counts: Counter[str]) -> Counter[str]:
    """Fold "Zelenskyy" into "Volodymyr Zelenskyy" so one person is listed once."""
    merged: Counter[str] = Counter()
    names = sorted(counts, key=len, reverse=True)
    for name in names:
        longer = next((n for n in merged if n != name and n.endswith(" " + name)), None)
        merged[longer or name] += counts[name]
    return merged
