"""The rules behind "who / where": find name mentions in plain text and say what each one names.

A name is a run of capitalised words ("Real Madrid", "Bank of England", "U.S."), read line by line.
What it names is decided by cues, strongest first:
1. the name itself: a known organisation ("Reuters", "NATO"), an organisation word at its end or a
   club word at its start ("Acme Corp", "Labour Party", "FC Porto", "Real Madrid"), initials and a
   surname ("P. Simmons"), a title before it ("President Ilves", "striker Tom Kell");
2. the gazetteers (summarizer/gazetteer.py): places, given names ("Phil Simmons" is a person);
3. the context: a city or region followed by a score in a results line is a team, so an organisation
   ("Seattle 4, Detroit 2"); "X said", "in X", acronyms in ordinary text ("the IMF");
4. the shape: two or three capitalised words that the article never writes in lower case are a person.

Text in capitals (headlines, datelines) is read as capitals, not acronyms: a word there is a name
only when the article also writes it as a name elsewhere or a gazetteer knows it ("LEICESTERSHIRE
TAKE OVER" names Leicestershire, "CRICKET" names nothing). A capitalised dateline opening a line
("BEIJING 1996-08-31", "LONDON (Reuters) -") is a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .gazetteer import family_names, fold, given_names, places, titles

# Evidence strength: a group of mentions takes the kind with the most evidence behind it.
STRONG, MEDIUM, WEAK = 3.0, 2.0, 1.0


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_KNOWN_ORGS = _words(
    "reuters ap afp interfax itar-tass tass xinhua bloomberg upi nato un u.n. eu e.u. osce imf wto opec "
    "unicef unesco unhcr who fifa uefa ioc nasa fbi cia nsa kgb fsb bbc cnn pentagon interpol "
    "europol hamas hezbollah taliban al-qaeda isis isil mi5 mi6 gatt asean apec g7 g8 g20 mercosur nafta "
    # Institutions named by one word of their own.
    "senate congress bundestag bundesrat duma knesset sejm treasury fed bundesbank"
) | frozenset(
    {"european union", "united nations", "world bank", "red cross", "security council",
     "european commission", "federal reserve", "wall street journal", "new york times",
     "world health organization", "al qaeda", "islamic state", "house of commons", "house of lords",
     "house of representatives", "supreme court"}
)  # fmt: skip
# The last word of an organisation's name ("Acme Corp", "Labour Party", "Ajax Amsterdam" is not here).
_ORG_LAST = _words(
    "inc inc. corp corp. corporation co co. company companies ltd ltd. plc llc ag sa nv gmbh bv spa ab "
    "asa oy group holdings holding bank bancorp banks fund trust securities capital partners "
    "industries motors airlines airways systems technologies communications telecom petroleum oil "
    "energy exchange agency ministry council party union commission committee department office "
    "board authority service services institute foundation organisation organization federation "
    "association league club fc cf sc afc united rovers wanderers athletic albion hotspur "
    "university college school academy hospital parliament congress senate assembly cabinet court "
    "government police army navy forces guard brigade front movement bureau newsroom times post news "
    "journal herald telegraph gazette tribune daily press radio television tv network "
    "reserve treasury administration secretariat tribunal church"
)
# A club or body named by its first word ("Real Madrid", "FC Porto", "Bank of England").
_ORG_FIRST = _words(
    "fc ac as sc sv vfb vfl tsv real sporting atletico atlético dynamo dinamo borussia olympique "
    "olympiakos racing deportivo inter lokomotiv spartak cska steaua rapid hapoel maccabi bank "
    "university ministry council department bureau institute association federation league "
    "organisation organization union committee"
)
# The last word of a place's name ("Wall Street", "Gulf of Mexico" goes by its first).
_PLACE_LAST = _words(
    "street avenue road square river lake sea ocean gulf bay island islands mountains mountain valley "
    "strait straits peninsula province region county state airport desert canal heights coast massif "
    "glacier volcano harbour harbor springs beach park forest canyon falls plateau highway"
)
_PLACE_FIRST = _words("gulf lake mount mont monte mt. cape port fort san santa st st. saint")
# Events, prizes, products, languages: names, but not a person, place or organisation.
_OTHER_LAST = _words(
    "cup championship championships games olympics open prix trophy tournament series tour award "
    "awards prize medal day week festival war index accord agreement treaty act law bill plan "
    "conference summit talks election elections stakes classic derby final finals"
)
_DEMONYM_END = re.compile(r"(?:ians?|ese|ish|eans?|ic|is?|ans?)$")
# Demonyms that share no stem with their place, and words for faiths and peoples.
_DEMONYMS = _words(
    "british french dutch swiss english welsh scottish scots irish greek thai arab arabs turkish danish "
    "swedish finnish spanish polish czech slovak filipino afghan basque catalan flemish kurdish kurd "
    "kurds jewish jew jews muslim muslims christian christians catholic catholics protestant islamic "
    "western eastern northern southern european asian african american latin roman serb serbs croat "
    "croats bosnian bosnians israeli israelis palestinian palestinians briton britons scot kiwi"
)
_STOP = _words(
    "the a an and but or nor so yet he she it they we i you in on at to of for by with from this that "
    "these those there here his her their our its my your as after before when while if once though "
    "although because since until unless meanwhile however also then now today yesterday tomorrow "
    "last next more most many much some several all both each every other another such no not only "
    "just even still already again monday tuesday wednesday thursday friday saturday sunday january "
    "february march april may june july august september october november december jan feb mar apr "
    "jun jul aug sep sept oct nov dec mr mrs ms dr officials authorities people sources reports "
    "according breaking update live watch read photo video image everything nothing something "
    "everyone anyone someone what who why how where which one two three four five six seven eight "
    "nine ten first second third total result results standings scores score table note "
    "notes summary analysis preview report reuters-style pct percent am pm gmt est edt bst cet "
    "utc q1 q2 q3 q4 h1 h2 fy vs v god did does do is are was were will would can could should has "
    "have had get got"
)
_NOT_ACRONYMS = _words(
    "i ii iii iv v vi tv ceo cfo coo pm am gmt bst utc est edt ok id dna hiv aids covid gdp vat mp "
    "mps ad bc pct ltd inc plc nb ps faq rbi era ko"
)
_CONNECTORS = _words("of for de del della di da du la le van von der den ter bin al el y & and")
_FOR_HEADS = _words(
    "center centre institute organisation organization committee council commission foundation fund "
    "society association league alliance coalition movement campaign office agency bureau department "
    "ministry school college university federation union party front"
)
_ABBREVIATIONS = _words(
    "mr mrs ms dr st mt ft gen col lt sgt capt cmdr adm prof rev gov sen rep jr sr inc corp co ltd "
    "bros no vs ala ariz ark calif colo conn fla ill kan ky md mass mich minn mont neb nev okla ore tenn "
    "vt wis wyo"
)
_ROLE_MODIFIERS = _words(
    "prime foreign defence defense finance interior deputy vice acting former senior chief trade "
    "economy justice health home first state assistant junior executive managing general"
)

_DIRECTIONS = _words(
    "north south east west northern southern eastern western central greater downtown upper lower inner"
)
# Words that head a name with "of": "Republic of Ireland", "Isle of Man", "Organisation of ...".
_OF_HEADS = _words(
    "republic kingdom isle duke duchess earl prince princess emirate sultanate state states province "
    "city port cape bay sea strait district region county house court chamber office secretariat"
)
_AFTER_TITLE = _words("state affairs general staff defence defense interior justice finance")

_TOKEN = re.compile(
    r"(?P<word>(?:[A-Z]\.){2,}|[^\W\d_](?:[\w&-]|[’'](?!s\b)(?=[^\W\d_]))*)(?P<poss>[’']s\b|(?<=s)[’'](?!\w))?"
    r"|(?P<num>\d)|(?P<other>\S)"
)
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})"
    r"(?:(?P<date>\s+\d{4}-\d\d-\d\d|\s*,\s+[A-Z][a-z]{2,8}\.?\s+\d|\s*\(\w+\)\s*[-–—])|\s+[-–—]\s)"
)
_SENTENCE_END = re.compile(r"[.!?…:;]['\"”’)]*\s*$")
_PERSON_AFTER = re.compile(
    r"^,?\s+(?:said|says|told|added|wrote|tweeted|explained|admitted|insisted|claimed|warned|urged|"
    r"announced|denied|stated|scored|who|himself|herself|\(\d{1,2}\)|,\s*\d{1,3},)\b|^\s*,\s*\d{1,3}\s*,"
)
# Words around a name that say it is an organisation: "the daily El Pais", "Italian club Juventus",
# "shares in Nokia", "Liverpool striker", "Acme shares".
_ORG_BEFORE = re.compile(
    r"\b(?:newspaper|daily|weekly|paper|magazine|agency|company|firm|group|club|side|team|party|carrier|"
    r"airline|bank|insurer|maker|giant|rivals|champions|shares (?:in|of)|stake in|merger with|"
    r"takeover of|bid for|signed for|joined|played for|plays for|newcomers|holders)\s+(?:the\s+)?$"
)
_ORG_AFTER = re.compile(
    r"^\s+(?:newspaper|daily|agency|news agency|shares|stock|striker|midfielder|defender|goalkeeper|"
    r"coach|manager|forward|winger|fans|supporters|chairman|spokesman|spokeswoman|officials|"
    r"executives|management|board)\b"
)
_SPORT_WORDS = _words(
    "scored goal goals match matches league season striker midfielder defender goalkeeper coach "
    "innings wickets halftime half-time penalty penalties semifinal semi-final quarter-final "
    "playoff play-off tournament seeded champions draw drew beat"
)
_PLACE_BEFORE = re.compile(
    r"\b(?:in|near|outside|across|towards|around|from|to|at|(?:north|south|east|west|city|town|village|"
    r"region|province|capital|suburb|county|state|district|port|outskirts) of)\s+(?:the\s+)?$"
)
_TEAM_AFTER = re.compile(r"^\s*(?:\d|\(\d|beat\b|drew\b|lost\b|won\b|v\.?\s|vs\.?\s|-\s*\d)")
_TEAM_BEFORE = re.compile(r"(?:\bbeat|\bv\.?|\bvs\.?|\bagainst|\blost to|\bdrew with|\d)\s+$")


@dataclass
class Mention:
    phrase: str
    start: int
    kind: str  # "person", "place", "org", "other", or "maybe" (a lone sentence-opening word)
    weight: float  # how sure the cue is: STRONG, MEDIUM or WEAK


@dataclass
class _Word:
    text: str
    start: int
    end: int
    key: str  # folded
    capitalised: bool
    initial: bool  # opens a sentence


@dataclass
class _Doc:
    lowercase: set[str]  # words the article writes in lower case
    named: set[str]  # words it capitalises mid-sentence in ordinary (not all-capitals) lines
    teams: set[str]  # names that stand in results rows: "Chelsea 2 Arsenal 1", "Chelsea 3 2 1 0 7 4 7"
    sport: bool = False  # the article is about a match: towns named in it are mostly clubs


_NOT_TEXT = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|@\w+")


def find_mentions(text: str) -> list[Mention]:
    # Links, e-mail addresses and @handles are blanked (same length, so offsets hold): the words of
    # a URL slug are not names.
    lines = _lines(_NOT_TEXT.sub(lambda m: " " * len(m.group()), text))
    doc = _document_words(lines)
    found: list[Mention] = []
    for start, line in lines:
        shouting = _is_shouting(line)
        table_row = bool(re.search(r"\d", line)) and len(re.findall(r"\b[a-z]{2,}\b", line)) <= 2
        dateline = _DATELINE.match(line)
        skip_until = 0
        if dateline and (dateline.group("date") or fold(dateline.group("place")) in places()):
            name = dateline.group("place")
            found.append(Mention(_title_case(name), start + dateline.start("place"), "place", STRONG))
            skip_until = dateline.end("place")
        for run in _runs(line, shouting, table_row, doc):
            if run[0].start < skip_until:
                continue
            for words, cue in _split(run, doc):
                mention = _classify(words, cue, line, table_row, shouting, doc)
                if mention:
                    mention.start += start
                    found.append(mention)
    return found


def _lines(text: str) -> list[tuple[int, str]]:
    out, offset = [], 0
    for line in text.splitlines(keepends=True):
        out.append((offset, line.rstrip("\r\n")))
        offset += len(line)
    return out


def _is_shouting(line: str) -> bool:
    letters = [w for w in re.findall(r"[^\W\d_]{2,}", line)]
    caps = sum(1 for w in letters if w.isupper())
    return (len(letters) >= 2 and caps >= 0.7 * len(letters)) or (
        len(letters) == 1 and caps == 1 and len(line) < 40
    )


def _document_words(lines: list[tuple[int, str]]) -> _Doc:
    doc = _Doc(set(), set(), set())
    for _, line in lines:
        doc.teams |= _teams(line)
        if _is_shouting(line):
            continue
        previous = ""
        for match in _TOKEN.finditer(line):
            word = match.group("word")
            if word:
                if word.islower():
                    doc.lowercase.add(word)
                elif (
                    word[:1].isupper()
                    and not _all_caps(word)
                    and not _opens_sentence(line, match.start())
                    and previous
                ):
                    doc.named.add(fold(word))
            previous = match.group()
    doc.named -= {w for w in doc.named if w in doc.lowercase}
    doc.sport = bool(doc.teams) or len(_SPORT_WORDS & doc.lowercase) >= 3
    return doc


_FIXTURE = re.compile(r"^\s*([A-Z][^\d()]*?)\s+\d{1,2}\s+([A-Z][^\d()]*?)\s+\d{1,2}\b")
_STANDING = re.compile(r"^\s*([A-Z][^\d()]*?)((?:\s+[-.\d/]+)+)[\s-]*$")


def _teams(line: str) -> set[str]:
    """Teams in a results line: a fixture with its score ("Chelsea 2 Arsenal 1") or a row of a table of
    standings (at least four figures, small or a win share: "Chelsea 3 2 1 0 7 4 7", "Boston 74 56
    .569"); a golfer's round scores (68 70 72) are not standings."""
    fixture = _FIXTURE.match(line)
    if fixture:
        return {fold(fixture.group(1)), fold(fixture.group(2))}
    standing = _STANDING.match(line)
    if standing:
        figures = standing.group(2).split()
        small = all(f.isdigit() and int(f) <= 60 for f in figures)
        if len(figures) >= 4 and (small or any(f.startswith(".") for f in figures)):
            return {fold(standing.group(1))}
    return set()


def _title_case(name: str) -> str:
    return " ".join(w if "." in w or len(w) <= 2 else w.capitalize() for w in name.split())


def _runs(line: str, shouting: bool, table_row: bool, doc: _Doc) -> list[list[_Word]]:
    """Runs of capitalised words, with connectors ("of", "de", "&") between two of them kept."""
    tokens = _tokens(line, shouting, table_row, doc)
    runs: list[list[_Word]] = []
    current: list[_Word] = []
    pending: list[_Word] = []  # connectors waiting for the next capitalised word
    for token, breaks_after in tokens:
        if token is None:
            runs.append(current)
            current, pending = [], []
            continue
        if token.capitalised:
            current += [*pending, token]
            pending = []
        elif current and token.key in _CONNECTORS:
            pending.append(token)
        else:
            runs.append(current)
            current, pending = [], []
        if breaks_after:
            runs.append(current)
            current, pending = [], []
    runs.append(current)
    return [r for r in runs if r]


def _tokens(line: str, shouting: bool, table_row: bool, doc: _Doc) -> list[tuple[_Word | None, bool]]:
    """The line's words (None for numbers and punctuation), each with whether a name stops after it.
    A results line opens with a name, not a sentence ("Bayer Leverkusen 3 2 0 1")."""
    tokens: list[tuple[_Word | None, bool]] = []
    consumed = 0
    for match in _TOKEN.finditer(line):
        if match.start() < consumed:
            continue  # the period of an abbreviation, taken with its word
        word = match.group("word")
        if not word:
            tokens.append((None, True))
            continue
        end = match.end("word")
        if line[end : end + 1] == "." and (fold(word) in _ABBREVIATIONS or len(word) == 1):
            word, end = word + ".", end + 1
        consumed = end
        before = line[max(0, match.start() - 24) : match.start()]
        initial = _opens_sentence(line, match.start()) and not _after_abbreviation(before)
        initial = initial and not (table_row and not before.strip())
        token = _Word(word, match.start(), end, fold(word), _is_name_word(word, shouting, doc), initial)
        breaks = bool(match.group("poss")) or line[end : end + 1] in (",", ";", ":", "(", ")", '"', "”", "“")
        tokens.append((token, breaks))
    words = [t for t, _ in tokens]
    if not shouting:
        _read_capital_pairs(words, doc)
    _mark_known_phrases(words)
    return tokens


def _read_capital_pairs(words: list[_Word | None], doc: _Doc) -> None:
    """Two or more words in capitals side by side ("PRESS DIGEST") are text in capitals, not
    acronyms: each is a name only as in a capitalised line."""
    for i, word in enumerate(words):
        if not word or not _all_caps(word.text):
            continue
        neighbours = [words[j] for j in (i - 1, i + 1) if 0 <= j < len(words)]
        if any(n and _all_caps(n.text) for n in neighbours):
            word.capitalised = _is_name_word(word.text, True, doc)


def _all_caps(text: str) -> bool:
    return len(text) >= 2 and text.isupper() and "." not in text


def _mark_known_phrases(tokens: list[_Word | None]) -> None:
    """In capitals, "NEW YORK" and "SAN DIEGO" are names although "NEW" and "SAN" alone are not."""
    for size in (3, 2):
        for i in range(len(tokens) - size + 1):
            window = tokens[i : i + size]
            if not all(t and t.text[:1].isupper() for t in window):
                continue
            if not all(t.capitalised for t in window if t) and _known_key(window):
                for token in window:
                    if token:
                        token.capitalised = True


def _opens_sentence(line: str, start: int) -> bool:
    """The word at `start` opens a sentence: first on its line (after a bullet or quote mark), or
    after a sentence's end."""
    if not line[:start].strip(" \t-–—•*\"“(‘'"):
        return True
    return bool(_SENTENCE_END.search(line[max(0, start - 8) : start]))


def _after_abbreviation(before: str) -> bool:
    """ "Mr. Smith", "P. Simmons": the period before the word closes an abbreviation, not a sentence."""
    match = re.search(r"(?:^|\s)([A-Za-z]+)\.\s*$", before)
    return bool(match) and (fold(match.group(1)) in _ABBREVIATIONS or len(match.group(1)) == 1)


def _is_name_word(word: str, shouting: bool, doc: _Doc) -> bool:
    if not word[:1].isupper():
        return False
    if not shouting:
        return True
    key = fold(word)
    if key in _STOP or word.lower() in doc.lowercase:
        return False
    return key in doc.named or key in places() or key in _KNOWN_ORGS or "." in word


def _split(run: list[_Word], doc: _Doc) -> list[tuple[list[_Word], str]]:
    """Cut a run at titles ("U.S. President Bill Clinton" -> "U.S.", person "Bill Clinton"), and drop
    sentence-opening ordinary words, leading demonyms and stop words. Each piece comes with its cue:
    "title" (a title came before it), "maybe" (a lone sentence-opening word) or ""."""
    pieces: list[tuple[list[_Word], str]] = []
    current: list[_Word] = []
    cue = ""
    title_words = titles()
    if any(w.key == "and" for w in run) and not _joined_by_and(run):
        cut = next(i for i, w in enumerate(run) if w.key == "and")
        return _split(run[:cut], doc) + _split(run[cut + 1 :], doc)
    cut = next((i for i, w in enumerate(run) if w.key in ("of", "for") and not _joined_by_of(run, i)), None)
    if cut is not None:
        return _split(run[:cut], doc) + _split(run[cut + 1 :], doc)
    for index, word in enumerate(run):
        key = word.key.rstrip(".")
        is_title = key in title_words and index + 1 < len(run) and key not in places()
        if is_title:
            while current and (current[-1].key in _ROLE_MODIFIERS or current[-1].key in _CONNECTORS):
                current.pop()
            pieces.append((current, cue))
            current, cue = [], "title"
            continue
        if cue == "title" and not current and (word.key in _CONNECTORS or word.key in _AFTER_TITLE):
            continue  # "Secretary of State Warren Christopher"
        current.append(word)
    if current and current[-1].key.rstrip(".") in title_words and len(current) <= 3:
        current = []  # "the Foreign Minister": a role with no name
    pieces.append((current, cue))
    out = []
    for words, piece_cue in pieces:
        words = _trim(words, doc)
        if words:
            lone_initial = len(words) == 1 and words[0].initial and piece_cue != "title"
            out.append((words, "maybe" if lone_initial else piece_cue))
    return out


def _joined_by_of(run: list[_Word], index: int) -> bool:
    """ "Bank of England", "Gulf of Mexico", "University of Texas" are one name; "Lucia Ortega of
    Valparaiso" and "Kent of England" are two."""
    head = run[index - 1].key if index else ""
    if run[index].key == "for":  # "Center for Immigration Studies"; not "Manchester United for Leeds"
        return head in _FOR_HEADS
    return (
        head in _ORG_LAST
        or head in _ORG_FIRST
        or head in _PLACE_LAST
        or head in _PLACE_FIRST
        or head in _OF_HEADS
        or fold(" ".join(w.text for w in run)) in places()
    )


def _joined_by_and(run: list[_Word]) -> bool:
    """ "Securities and Exchange Commission", "Bosnia and Herzegovina" are one name; "Kent and Essex"
    are two."""
    return run[-1].key in _ORG_LAST or fold(" ".join(w.text for w in run)) in places()


def _trim(words: list[_Word], doc: _Doc) -> list[_Word]:
    words = list(words)
    while words and words[-1].key in _CONNECTORS:
        words.pop()
    if (
        len(words) > 1
        and words[0].initial
        and not _known_word(words[0], doc)
        and words[-1].key not in _ORG_LAST
        and words[0].key not in _ORG_FIRST
        and not _starts_known(words)
    ):
        words.pop(0)  # "Pollsters Ipsos Mori" at a sentence start, "Luckily Smith"
    while words and (words[0].key in _STOP or words[0].key in _CONNECTORS):
        words.pop(0)
    while len(words) > 1 and _is_demonym(words[0].key) and not _starts_known(words):
        if len(words) == 2 and words[-1].key in _ORG_LAST:
            break  # "Palestinian Authority", "European Parliament"
        words.pop(0)
    while words and words[-1].key in _STOP:
        words.pop()
    return words


def _known_key(window: list[_Word | None]) -> bool:
    key = fold(" ".join(t.text for t in window if t))
    return key in places() or key in _KNOWN_ORGS


def _starts_known(words: list[_Word]) -> bool:
    """ "St. Louis Cardinals", "Los Angeles Lakers", "European Union": known names open the run."""
    for size in range(min(len(words), 4), 1, -1):
        key = fold(" ".join(w.text for w in words[:size]))
        if key in places() or key in _KNOWN_ORGS:
            return True
    return False


def _known_word(word: _Word, doc: _Doc) -> bool:
    key = word.key
    if key in _STOP or word.text.lower() in doc.lowercase or key.endswith("ly"):
        return False
    return key in doc.named or key in places() or key in given_names() or key in _KNOWN_ORGS


def _is_demonym(key: str) -> bool:
    """ "iraqi", "south african", "sri lankan": a word for a people, not a name of a place. It shares
    a stem with a place (the place's name less its last letter starts the word) and ends like one."""
    if key in _DEMONYMS or (" " not in key and key.rstrip("s") in _DEMONYMS):
        return True
    if len(key) < 4 or key in places() or key in _KNOWN_ORGS:
        return False
    if not _DEMONYM_END.search(key):
        return False
    stems = _place_stems()
    return any(key[:n] in stems for n in range(max(3, len(key) - 5), len(key) + 1))


@cache
def _place_stems() -> frozenset[str]:
    return frozenset(
        name[:-1] for name, kind in places().items() if kind in ("country", "region") and len(name) >= 4
    )


def _classify(
    words: list[_Word], cue: str, line: str, table_row: bool, shouting: bool, doc: _Doc
) -> Mention | None:
    phrase = " ".join(w.text for w in words).strip("’'-")
    if len(phrase) < 2:
        return None
    start, end = words[0].start, words[-1].end
    kind, weight = _kind(phrase, words, cue, line[:start], line[end:], table_row, shouting, doc)
    if kind == "skip":
        return None
    return Mention(phrase, start, kind, weight)


def _kind(
    phrase: str,
    words: list[_Word],
    cue: str,
    before: str,
    after: str,
    table_row: bool,
    shouting: bool,
    doc: _Doc,
) -> tuple[str, float]:
    key = fold(phrase)
    first, last = words[0].key, words[-1].key
    single = len(words) == 1
    known_place = places().get(key)
    if key in _STOP or _is_demonym(key) or (single and len(words[0].text) == 1):
        return "skip", 0.0
    if key in _KNOWN_ORGS:
        return "org", STRONG
    if key in doc.teams:
        return ("place", STRONG) if known_place == "country" else ("org", STRONG)
    if single and last in _ORG_LAST:
        return "skip", 0.0  # "the Ministry", "Police": a reference, not a name
    if not single and first in _ORG_FIRST:
        return "org", STRONG
    if last in _OTHER_LAST and not known_place:
        return "other", MEDIUM
    org_context = _ORG_BEFORE.search(before) or _ORG_AFTER.search(after)
    if known_place:
        in_results = table_row and (_TEAM_AFTER.search(after) or _TEAM_BEFORE.search(before))
        playing = re.match(r"\s+(?:beat|drew|lost)\b", after) or _ORG_AFTER.search(after)
        club = doc.sport and known_place == "city" and not _PLACE_BEFORE.search(before)
        if known_place != "country" and (in_results or playing or club):
            return "org", MEDIUM  # a city or county playing: "Seattle 4 Detroit 2", "Kent beat Essex"
        return "place", MEDIUM
    if not single and last in _ORG_LAST:
        return "org", STRONG
    if not single and re.fullmatch(r"(?:[A-Z]\.)+", words[0].text) and words[0].key not in places():
        return "person", STRONG  # "P. Simmons", "J.R. Smith"
    if cue == "title" or _title_before(before):
        return "person", STRONG
    if not single and last.endswith(("s", "x")) and _place_prefix(words):
        return "org", MEDIUM  # "Chicago Bulls", "New York Yankees", "Boston Red Sox"
    if not single and (last in _PLACE_LAST or first in _PLACE_FIRST) and first not in given_names():
        return "place", MEDIUM
    if not single and any(places().get(w.key) == "country" for w in words):
        return "other", WEAK  # "Sri Lanka Cricket Board" goes by its last word; "France Telecom" unknown
    if not shouting and phrase.isupper() and 2 <= len(phrase.replace(".", "")) <= 6:
        return ("skip", 0.0) if key.replace(".", "") in _NOT_ACRONYMS else ("org", MEDIUM)
    if 2 <= len(words) <= 4 and first in given_names():
        return "person", MEDIUM
    if 2 <= len(words) <= 3 and places().get(last) in ("city", "region") and first not in _DIRECTIONS:
        return "org", WEAK  # a club or firm named after its town: "Hansa Rostock", "NEC Nijmegen"
    if org_context and len(words) <= 3 and first not in given_names():
        return "org", MEDIUM
    if cue == "maybe" and single:
        return "maybe", WEAK
    if single and words[0].text.lower() in doc.lowercase:
        return "skip", 0.0  # "Traders said", "Sales rose": the article also writes it as a plain word
    if _PERSON_AFTER.search(after) and len(words) <= 3:
        return "person", WEAK
    if single and _PLACE_BEFORE.search(before) and not words[0].initial:
        return "place", WEAK
    if _person_shaped(words, doc):
        return "person", WEAK
    if single:
        if cue == "maybe":
            return "maybe", WEAK
        if key in family_names() or key in given_names():
            return "person", WEAK
    return "other", WEAK


def _person_shaped(words: list[_Word], doc: _Doc) -> bool:
    """Two or three capitalised words the article never writes in lower case, and not built on a
    place unless they end in a family name ("Tomas Lindqvist", not "Old Trafford")."""
    if not 2 <= len(words) <= 3 or any(w.text.lower() in doc.lowercase for w in words):
        return False
    return words[-1].key in family_names() or not any(w.key in places() for w in words)


def _place_prefix(words: list[_Word]) -> bool:
    return any(
        places().get(fold(" ".join(w.text for w in words[:size]))) in ("city", "region")
        for size in range(1, len(words))
    )


def _title_before(before: str) -> bool:
    """ "striker Tom Kell", "said economist Ann Moy": a role written just before the name."""
    match = re.search(r"([A-Za-z-]+)\.?,?\s+$", before)
    return bool(match) and match.group(1).islower() and fold(match.group(1)) in titles()
