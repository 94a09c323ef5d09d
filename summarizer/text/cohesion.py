"""Does a sentence lean on the one before it? Rules for English news prose.

An extractive summary copies sentences out of their context; one that opens by pointing back ("But",
"However,", "It comes after", "This", "He said", "The move") reads as nonsense without the sentence it
points to. `points_back` says when a sentence opens that way, so the extractive summariser can bring
the antecedent along or leave the sentence out.

What points back, at the start of a sentence:
- a connective that contrasts, adds or follows on: "But", "However,", "Meanwhile,", "Also,",
  "As a result", "In addition" ...;
- a personal pronoun or possessive standing for someone or something already named: "He", "She",
  "They", "His", "Their", "It" (even "It is expected to ..." needs to be told what "it" is);
- a demonstrative used as a pronoun or with a noun that sums up what came before: "This", "That",
  "These", "Those", "Such", "The move", "The decision" (but "This week", "That night" only date the
  sentence and are left alone);
- a definite reference to an earlier mention: "The two men", "The latter", "Both", "Neither".
A quotation opener counts when its speaker is a pronoun: '"We will fight," he said.' is fine on its
own only when the speaker is named, so '... he said' / '... she added' after a quote points back.
"""

from __future__ import annotations

import re

_CONNECTIVES = (
    r"but|however|yet|still|and|or|so|also|meanwhile|moreover|furthermore|besides|instead|nevertheless"
    r"|nonetheless|therefore|thus|hence|consequently|similarly|likewise|otherwise|then|later|afterwards"
    r"|indeed|even so|in addition|in contrast|by contrast|as a result|as such|at the same time"
    r"|on the other hand|on top of that|in turn|in response|after that|despite this|because of this"
    r"|for (?:his|her|their|its) part|not only that|it comes after|it came after|it follows|this comes"
)
_PRONOUNS = r"he|she|they|it|his|her|their|its|him|them"
_DEMONSTRATIVES = r"this|that|these|those|such"
# Nouns that sum up an earlier event when preceded by "the" or a demonstrative.
_SUMMING_NOUNS = (
    r"move|decision|incident|attack|attacks|comments?|remarks?|statement|announcement|news|report|deal"
    r"|plan|proposal|step|ruling|verdict|case|claim|claims|figure|figures|number|latest|same|latter"
    r"|former|pair|couple|two|three|men|women|man|woman|boy|girl|victim|victims|suspect|suspects"
    r"|group|company|firm"
)
# Time words after "this"/"that": "This week ..." dates the sentence, it does not point back.
_TIME_WORDS = (
    r"year|years|week|weekend|month|morning|afternoon|evening|night|season|summer|winter|spring|autumn"
    r"|fall|time|day|monday|tuesday|wednesday|thursday|friday|saturday|sunday|term|decade|century"
)
_BACK = re.compile(
    r"^(?:"
    rf"(?:{_CONNECTIVES})\b"
    rf"|(?:{_PRONOUNS})\b"
    rf"|(?:{_DEMONSTRATIVES})\b(?!\s+(?:{_TIME_WORDS})\b)"
    rf"|(?:the|both)\s+(?:{_SUMMING_NOUNS})\b"
    r"|both\b|neither\b|another\b|others\b|the other\b"
    r")",
    re.IGNORECASE,
)
# '"..." he said.' / '"...", she added': a quotation whose speaker is only a pronoun.
_PRONOUN_SPEAKER = re.compile(
    r"^[\"“‘'].{3,}?[,.!?]?[\"”’']\s*,?\s*(?:he|she|they|it)\s+(?:said|says|added|told|explained|continued"
    r"|wrote|insisted|warned)\b",
    re.IGNORECASE,
)


def points_back(sentence: str) -> bool:
    """True when `sentence` opens by referring to what the sentence before it said."""
    text = sentence.lstrip()
    return bool(_BACK.match(text) or _PRONOUN_SPEAKER.match(text))
