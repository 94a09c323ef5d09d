"""English verb forms for figure events, from lemminflect's lexicon (shipped with the package, no download).

The event of a figure is read off whatever verb governs it ("2,500 flights cancelled", "sold 32 million
copies"), so the extractor needs to know, for any word, whether it is a verb form and which one (past,
participle, -ing, base, -s), and to turn one form into another ("killing" -> "killed", "rising" ->
"rose"). lemminflect holds that for the whole of English; lookups are cached per word, so a long
document costs one dictionary hit per word looked at.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import lemminflect

__all__ = [
    "VerbForm",
    "can_modify_noun",
    "inflect",
    "is_noun",
    "is_noun_only",
    "is_verb_only",
    "noun_plural",
    "verb_form",
]


@dataclass(frozen=True, slots=True)
class VerbForm:
    """A written verb form: its lemma and Penn tags ("left" -> leave, {VBD, VBN})."""

    lemma: str
    tags: frozenset[str]

    @property
    def is_past(self) -> bool:
        return bool(self.tags & {"VBD", "VBN"})

    @property
    def is_only_past(self) -> bool:
        """Past and nothing else: "cancelled", "sold"; not "cut" or "put", which are also base forms."""
        return self.is_past and not self.tags & {"VB", "VBP", "VBZ"}

    @property
    def is_ing(self) -> bool:
        return "VBG" in self.tags

    @property
    def is_base(self) -> bool:
        return bool(self.tags & {"VB", "VBP"})


# Function words lemminflect also lists as verbs ("to while away", "to better", "to down"): in news
# prose they are conjunctions, prepositions, adverbs or particles, never the verb of a figure
# ("while 99% of people have heard of it" is no "whiled").
_NEVER_VERBS = frozenset(
    [
        "while",
        "like",
        "near",
        "even",
        "still",
        "well",
        "over",
        "round",
        "except",
        "bar",
        "till",
        "further",
        "better",
        "worse",
        "best",
        "up",
        "down",
        "back",
    ]
)


@lru_cache(maxsize=65536)
def verb_form(word: str) -> VerbForm | None:
    """The verb reading of a lower-case word, or None ("flights", "percent", "while")."""
    if word in _NEVER_VERBS:
        return None
    lemmas = lemminflect.getAllLemmas(word, upos="VERB").get("VERB", ())
    for lemma in lemmas:
        tags = frozenset(
            tag for tag, forms in lemminflect.getAllInflections(lemma, upos="VERB").items() if word in forms
        )
        if lemma == word:
            tags |= {"VB"}
        if tags:
            return VerbForm(lemma, tags)
    if not lemmas and len(word) > 6 and word.endswith(("ing", "ed")) and not lemminflect.getAllLemmas(word):
        return _unknown_verb(word)  # "wiretapping", "crowdfunded": a verb the lexicon does not hold
    return None


def _unknown_verb(word: str) -> VerbForm | None:
    """The form of an -ing or -ed word lemminflect does not know, from its rules for unknown words."""
    lemma = lemminflect.getAllLemmasOOV(word, upos="VERB").get("VERB", ("",))[0]
    if len(lemma) < 4 or lemma == word:
        return None
    return VerbForm(lemma, frozenset({"VBG"} if word.endswith("ing") else {"VBD", "VBN"}))


@lru_cache(maxsize=16384)
def inflect(lemma: str, tag: str, like: str = "") -> str:
    """`lemma` in the form `tag` ("rise", "VBD" -> "rose"); of two spellings, the one closest to `like`."""
    forms = lemminflect.getAllInflections(lemma, upos="VERB")
    options = forms.get(tag) or (forms.get("VBD") if tag == "VBN" else None) or ()
    if lemma == "get" and tag == "VBN":
        options = ("got",)  # British: "got", not "gotten"
    if not options and tag in ("VBD", "VBN") and like.endswith(("ing", "ed")) and len(like) > 6:
        return like[:-3] + "ed" if like.endswith("ing") else like  # "wiretapping" -> "wiretapped"
    if not options:
        options = lemminflect.getAllInflectionsOOV(lemma, upos="VERB").get(tag, (lemma,))
    # Of two spellings equally close, the British doubled "l" ("travelled", "cancelled"): the spelling of
    # most of the news this reads.
    return max(
        options,
        key=lambda form: (
            _common_prefix(form, like),
            lemma.endswith("l") and "ll" in form,  # not "traveled"
            -options.index(form),
        ),
    )


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


@lru_cache(maxsize=4096)
def noun_plural(noun: str) -> str:
    """ "seat" -> "seats", "man" -> "men", "storey" -> "storeys"."""
    forms = lemminflect.getInflection(noun, tag="NNS")
    return forms[0] if forms else noun + "s"


@lru_cache(maxsize=16384)
def is_verb_only(word: str) -> bool:
    """A form that English only uses as a verb: "indicates", "sells"; not "attacks", "drones" or "ready"."""
    if verb_form(word) is None:
        return False
    return not lemminflect.getAllLemmas(word, upos="NOUN") and not lemminflect.getAllLemmas(word, upos="ADJ")


@lru_cache(maxsize=4096)
def is_foreign_plural(word: str) -> bool:
    """A plural not written with -s: "vertebrae", "criteria", "bacteria", "alumni"."""
    lemmas = lemminflect.getAllLemmas(word, upos="NOUN").get("NOUN", ())
    return any(
        lemma != word and word in lemminflect.getAllInflections(lemma).get("NNS", ()) for lemma in lemmas
    )


@lru_cache(maxsize=16384)
def is_adjective(word: str) -> bool:
    return bool(lemminflect.getAllLemmas(word, upos="ADJ"))


@lru_cache(maxsize=16384)
def is_noun(word: str) -> bool:
    """A word English uses as a noun, among other things: "midwives", "attacks", "girls"."""
    return bool(lemminflect.getAllLemmas(word, upos="NOUN"))


@lru_cache(maxsize=16384)
def can_modify_noun(word: str) -> bool:
    """A word that can stand in a noun phrase before its head (a noun or an adjective), or one the
    lexicon does not know: "power", "handwritten", "taekwondo"; not "along" or "then"."""
    readings = lemminflect.getAllLemmas(word)
    return not readings or "NOUN" in readings or "ADJ" in readings


@lru_cache(maxsize=16384)
def is_noun_only(word: str) -> bool:
    """A word English only uses as a noun: "schools", "homes"; not "refurbish", "only" or "attacks"."""
    return verb_form(word) is None and bool(lemminflect.getAllLemmas(word, upos="NOUN"))
