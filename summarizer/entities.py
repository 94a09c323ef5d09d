"""Who / where: a small rule-based entity finder (capitalised phrases, cue words, a gazetteer).

No model and no download: the names a digest shows come straight from the article. The rules, in
order of trust: a built-in gazetteer of places; titles and speech verbs around a name ("President X",
"X said"); organisation words and acronyms; location cues ("in X", "the X region"); the shape of a
personal name (two or three capitalised words). A lone capitalised word that opens a sentence and is
never capitalised mid-sentence is taken for an ordinary word ("Sanctions, tariffs ..."), not a name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from .types import Entity


def _wordset(words: str) -> frozenset[str]:
    """A word list written as one string (long vocabularies read better that way)."""
    return frozenset(words.split())


_NAME = re.compile(
    r"\b(?:[A-Z][\w’'-]*[a-z][\w’'-]*|[A-Z]{2,6})(?:\s+(?:of\s+|for\s+|de\s+|al-|bin\s+|van\s+|von\s+)?(?:[A-Z][\w’'-]*|[A-Z]{2,6}))*"
)
_POSSESSIVE = re.compile(r"[’']s?$")
_SPLIT = re.compile(r"(?<=[’']s)\s+")
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|[\n\r]\s*|[“\"‘(]\s*)$")
_TITLES = (
    "President|Prime Minister|Minister|Chancellor|Governor|Senator|Sen\\.|Rep\\.|"
    "Mr\\.?|Mrs\\.?|Ms\\.?|Dr\\.?|"
    "Judge|Justice|General|Gen\\.|Colonel|Col\\.|Captain|Capt\\.|Mayor|King|Queen|Prince|Princess|Pope|"
    "Secretary|Ambassador|Commissioner|Professor|Prof\\.|Sir|Dame|Lord|Lady|Chairman|Chief Executive"
)
_TITLE = re.compile(rf"(?:{_TITLES})\s+[A-Z]")
_DEMONYM = re.compile(r"(?:ian|ese|ish|ean|ic|i)$")
_ADJECTIVES = _wordset(
    "american african european german mexican cuban afghan moroccan kenyan western eastern northern "
    "southern central british french dutch swiss thai welsh scots irish greek"
)
_EVENT_WORDS = _wordset("prix cup championship championships games olympics open series tour award")
_PERSON_BEFORE = re.compile(
    rf"(?:\b(?:{_TITLES})\.?|\b(?:coach|manager|chief|spokesman|spokeswoman|spokesperson|leader|head|"
    r"director|founder|minister|governor|president|striker|midfielder|defender|goalkeeper|actor|actress|"
    r"singer|star|officer|lawyer|judge|mayor|senator|chairman|secretary|boss|captain|player|author|"
    r"reporter|correspondent|editor|analyst|economist|professor|researcher|scientist|mother|father|"
    r"son|daughter|wife|husband|brother|sister|victim|suspect|named|by|told|said|according to)),?\s*$"
)
_PERSON_AFTER = re.compile(
    r"^[’']?s?,?\s+(?:said|says|told|added|wrote|tweeted|explained|admitted|insisted|"
    r"claimed|warned|urged|announced|denied|stated|who|,\s*\d{1,3},)\b"
)
_PLACE_BEFORE = re.compile(
    r"\b(?:in|near|outside|across|towards|around|(?:north|south|east|west|city|town|village|region|regions|"
    r"province|capital|suburb|county|state|district|port|outskirts) of|(?:[a-z]+ )?and)\s+(?:the\s+)?$"
)
_PLACE_AFTER = re.compile(r"^\s+(?:region|regions|oblast|province|city|county|state|district|area|port)\b")
_PLACES = _wordset(
    # Countries and territories.
    "afghanistan albania algeria angola argentina armenia australia austria azerbaijan bahrain bangladesh "
    "belarus belgium bolivia bosnia brazil bulgaria cambodia cameroon canada chad chile china colombia congo "
    "croatia cuba cyprus czechia denmark ecuador egypt eritrea estonia ethiopia finland france gabon georgia "
    "germany ghana greece guatemala guinea haiti honduras hungary iceland india indonesia iran iraq ireland "
    "israel italy jamaica japan jordan kazakhstan kenya kosovo kuwait kyrgyzstan laos latvia lebanon liberia "
    "libya lithuania luxembourg madagascar malawi malaysia mali malta mauritania mexico moldova monaco "
    "mongolia montenegro morocco mozambique myanmar namibia nepal netherlands nicaragua niger nigeria norway "
    "oman pakistan palestine panama paraguay peru philippines poland portugal qatar romania russia rwanda "
    "senegal serbia singapore slovakia slovenia somalia spain sudan sweden switzerland syria taiwan "
    "tajikistan tanzania thailand tunisia turkey turkmenistan uganda ukraine uruguay uzbekistan venezuela "
    "vietnam yemen zambia zimbabwe britain england scotland wales europe africa asia america antarctica "
    "crimea gaza kashmir tibet greenland "
    # Cities and regions often in the news.
    "kyiv kiev kharkiv odesa odessa lviv dnipro zaporizhzhia kherson mykolaiv donetsk luhansk chernihiv sumy "
    "poltava bakhmut mariupol avdiivka pokrovsk donbas moscow petersburg belgorod kursk minsk warsaw berlin "
    "paris london madrid rome lisbon vienna prague budapest bucharest sofia athens ankara istanbul brussels "
    "amsterdam geneva zurich stockholm oslo copenhagen helsinki dublin edinburgh glasgow cardiff belfast "
    "manchester liverpool birmingham leeds bristol sheffield newcastle nottingham leicester oxford cambridge "
    "aberdeen dundee swansea washington chicago boston houston dallas miami atlanta seattle denver phoenix "
    "detroit philadelphia baltimore minneapolis minnesota california texas florida ohio michigan georgia "
    "virginia arizona nevada utah colorado oregon alabama louisiana kentucky tennessee missouri iowa kansas "
    "nebraska oklahoma arkansas mississippi indiana illinois wisconsin pennsylvania massachusetts "
    "connecticut maryland delaware vermont maine alaska hawaii montana idaho wyoming dakota carolina "
    "beijing shanghai hong kong tokyo seoul pyongyang delhi mumbai karachi lahore kabul tehran baghdad "
    "damascus beirut jerusalem tel aviv cairo riyadh dubai doha lagos nairobi johannesburg cape town "
    "sydney melbourne toronto vancouver montreal ottawa havana caracas bogota lima santiago buenos aires "
    "brasilia rio"
) | frozenset(
    {
        "united states",
        "us",
        "u.s.",
        "usa",
        "uk",
        "u.k.",
        "united kingdom",
        "uae",
        "united arab emirates",
        "new york",
        "los angeles",
        "san francisco",
        "new delhi",
        "new zealand",
        "south africa",
        "north korea",
        "south korea",
        "saudi arabia",
        "middle east",
        "west bank",
        "gaza strip",
        "northern ireland",
        "great britain",
        "south china sea",
        "black sea",
        "red sea",
        "st petersburg",
        "hong kong",
        "tel aviv",
        "cape town",
        "buenos aires",
        "rio de janeiro",
        "sri lanka",
        "sierra leone",
        "ivory coast",
        "costa rica",
        "el salvador",
        "burkina faso",
        "czech republic",
        "new jersey",
        "new mexico",
        "north carolina",
        "south carolina",
        "north dakota",
        "south dakota",
        "west virginia",
        "rhode island",
        "new hampshire",
        "latin america",
        "north america",
        "south america",
        "east africa",
        "west africa",
        "central asia",
        "european union",
        "the balkans",
    }
)
_NOT_PLACES = frozenset({"european union"})  # named like a place, acts as an organisation
_ORG_WORDS = _wordset(
    "ministry company bank council party university police agency commission department government "
    "parliament court army forces group union association corporation inc ltd plc fc club office "
    "committee board authority service institute foundation organisation organization federation "
    "league trust hospital school college airlines airways times post news guardian telegraph network "
    "guard navy congress senate assembly cabinet bureau fund centre center society corps administration "
    "front movement brigade regiment"
)
_ORGS = _wordset(
    "nato un eu bbc cnn fbi cia who imf opec unicef unesco fifa uefa nasa google apple microsoft amazon "
    "meta facebook twitter tesla reuters kremlin pentagon interpol europol hamas hezbollah taliban isis "
    "gazprom rosneft dtek naftogaz ukrenergo al-qaeda"
) | frozenset(
    {
        "european union",
        "united nations",
        "white house",
        "world bank",
        "red cross",
        "security council",
        "al qaeda",
    }
)
_NOT_ACRONYMS = _wordset(
    "i ii iii iv tv ceo cfo pm am gmt bst utc est ok id dna hiv aids covid uk us usa uae gdp vat mp mps "
    "ap afp ad bc"
)
_STOP = _wordset(
    """the a an and but or nor so yet he she it they we i you in on at to of for by with from this that
    these those there here his her their our its my your as after before when while if once though
    although because since until unless meanwhile however also then now today yesterday tomorrow last
    next new more most many much some several all both each every other another such no not only just
    even still already again monday tuesday wednesday thursday friday saturday sunday january february
    march april may june july august september october november december sanctions mr mrs ms dr
    president minister prime officials police authorities people sources reports according breaking
    update live watch read photo video image getty reuters ap afp everything nothing something everyone
    anyone someone western eastern northern southern"""
)
_WORD = re.compile(r"[A-Za-z][\w’'-]*")


@dataclass
class _Mention:
    phrase: str
    start: int
    kind: str  # "person", "place", "org", "other" or "maybe" (a lone sentence-initial word)


def extract_entities(text: str, limit: int = 15) -> list[Entity]:
    """People, places and organisations named in the text, most mentioned first."""
    lowercase_words = {w for w in _WORD.findall(text) if w.islower()}
    mentions = _mentions(text, lowercase_words)
    named = {m.phrase for m in mentions if m.kind != "maybe"}
    kept = [m for m in mentions if m.kind != "maybe" or _keep_initial(m.phrase, named)]
    return _rank(_group(kept), limit)


def _mentions(text: str, lowercase_words: set[str]) -> list[_Mention]:
    found: list[_Mention] = []
    for match in _NAME.finditer(text):
        offset = match.start()
        # "Ukraine’s President Volodymyr Zelenskyy" names a place and a person.
        for part in _SPLIT.split(match.group()):
            start = offset
            offset += len(part) + 1
            initial = _at_sentence_start(text[max(0, start - 48) : start])
            phrase, dropped = _clean(part, initial, lowercase_words)
            if not phrase:
                continue
            phrase_start = text.find(phrase, start)
            before = text[max(0, phrase_start - 48) : phrase_start]
            after = text[phrase_start + len(phrase) : phrase_start + len(phrase) + 24]
            kind = _classify(phrase, part, before, after, initial=initial and not dropped)
            if kind != "skip" and not _known(phrase) and phrase.lower() in lowercase_words:
                kind = "skip"  # "Without", "Immigration": the article also writes it as a plain word
            if kind != "skip":
                found.append(_Mention(phrase, phrase_start, kind))
    return found


def _clean(phrase: str, initial: bool, lowercase_words: set[str]) -> tuple[str, bool]:
    """Strip leading titles, demonyms and function words ("Pollsters Ipsos Mori" at a sentence start
    loses "Pollsters" when the article also writes "pollsters"); True when something was stripped."""
    words = phrase.split()
    dropped = False
    if (
        initial
        and len(words) > 1
        and not _known(words[0])
        and (
            words[0].lower() in lowercase_words or words[0].endswith("ly")  # "Luckily", "Eventually"
        )
    ):
        words.pop(0)
        dropped = True
    while len(words) > 1 and words[-1].lower() in _STOP:  # "United Nations The", "Everything I"
        words.pop()
    while len(words) > 1 and _droppable(words[0]):
        words.pop(0)
        dropped = True
    if words and words[0].lower().rstrip(".") in _STOP:
        words.pop(0)
        dropped = True
    cleaned = _POSSESSIVE.sub("", " ".join(words)).strip("’'-")
    return (cleaned, dropped) if len(cleaned) > 1 else ("", dropped)


def _known(phrase: str) -> bool:
    lower = phrase.lower()
    return lower in _PLACES or lower in _ORGS


def _droppable(word: str) -> bool:
    """Leading titles and demonyms ("Ukrainian President") are not part of a name."""
    bare = word.rstrip(".").lower()
    if bare in _PLACES or bare in _ORGS:
        return False
    return (
        bare in _STOP
        or bare in _ADJECTIVES
        or bool(_TITLE.match(word + " X"))
        or (len(bare) > 4 and bool(_DEMONYM.search(bare)))
    )


def _at_sentence_start(before: str) -> bool:
    return not before.strip() or bool(_SENTENCE_START.search(before))


def _classify(phrase: str, raw: str, before: str, after: str, *, initial: bool) -> str:
    lower = phrase.lower()
    words = phrase.split()
    if lower in _STOP or lower in _ADJECTIVES:
        return "skip"
    if lower in _ORGS or words[-1].lower() in _ORG_WORDS:
        return "org"
    if lower in _PLACES and lower not in _NOT_PLACES:
        return "place"
    if words[-1].lower() in _EVENT_WORDS or any(w.lower() in _PLACES for w in words):
        return "other"
    # Context before a sentence-opening word belongs to the previous sentence: no cue from it.
    cue_before = "" if initial else before
    if _TITLE.match(raw) or _PERSON_BEFORE.search(cue_before) or _PERSON_AFTER.search(after):
        return "person" if phrase[:1].isupper() and not phrase.isupper() else "org"
    if phrase.isupper() and len(phrase) >= 2:
        return "skip" if lower in _NOT_ACRONYMS else "org"
    if _PLACE_AFTER.search(after) or (len(words) == 1 and _PLACE_BEFORE.search(cue_before)):
        return "place"
    if 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words):
        return "person"
    if len(words) == 1:
        if _DEMONYM.search(lower) and len(lower) > 4:
            return "skip"
        return "maybe" if initial else "other"
    return "other"


def _keep_initial(phrase: str, named: set[str]) -> bool:
    """A lone sentence-opening capitalised word is a name only if the text also uses it as one."""
    return phrase in named or any(p.endswith(" " + phrase) for p in named)


@dataclass
class _Group:
    forms: Counter[str]
    kinds: Counter[str]
    first: int

    @property
    def display(self) -> str:
        # The form the article uses most; on a tie the short one, as news copy does after the first
        # mention ("Volodymyr Zelenskyy" twice, "Zelenskyy" twice -> "Zelenskyy").
        return max(self.forms, key=lambda f: (self.forms[f], -len(f)))

    @property
    def kind(self) -> str:
        ranked = [k for k, _ in self.kinds.most_common() if k not in ("maybe", "other")]
        return ranked[0] if ranked else "other"


def _group(mentions: list[_Mention]) -> list[_Group]:
    """One group per entity: a surname mention joins the full name it ends ("Trump" -> "Donald Trump")."""
    full_names = sorted({m.phrase for m in mentions}, key=len, reverse=True)
    canonical: dict[str, str] = {}
    for phrase in full_names:
        longer = next((n for n in full_names if len(n) > len(phrase) and n.endswith(" " + phrase)), None)
        canonical[phrase] = canonical.get(longer, longer) if longer else phrase
    groups: dict[str, _Group] = defaultdict(lambda: _Group(Counter(), Counter(), 1 << 30))
    for m in mentions:
        group = groups[canonical[m.phrase]]
        group.forms[m.phrase] += 1
        group.kinds[m.kind] += 1
        group.first = min(group.first, m.start)
    return list(groups.values())


def _rank(groups: list[_Group], limit: int) -> list[Entity]:
    """Most mentioned first; names mentioned once with no clue to their kind are left out. Over the
    limit, kinds take turns, so a story full of places still names its people and organisations."""
    useful = [g for g in groups if g.kind != "other" or sum(g.forms.values()) > 1]
    useful.sort(key=lambda g: (-sum(g.forms.values()), g.first))
    if len(useful) > limit:
        by_kind: dict[str, list[_Group]] = defaultdict(list)
        for group in useful:
            by_kind[group.kind].append(group)
        chosen: set[int] = set()
        queues = [by_kind[k] for k in ("person", "place", "org", "other")]
        while len(chosen) < limit:
            for queue in queues:
                if queue and len(chosen) < limit:
                    chosen.add(id(queue.pop(0)))
        useful = [g for g in useful if id(g) in chosen]
    return [Entity(g.display, g.kind) for g in useful]  # type: ignore[arg-type]
