"""The rules behind "who / where": find name mentions in plain text and say what each one names.

A name is a run of capitalised words ("Real Madrid", "Bank of England", "U.S."), read line by line.
What it names is decided by cues, strongest first:
1. the name itself: a known organisation ("Reuters", "NATO"), an organisation word at its end or a
   club word at its start ("Acme Corp", "Labour Party", "FC Porto", "Real Madrid"), initials and a
   surname ("P. Simmons"), a title before it ("President Ilves", "striker Tom Kell");
2. the gazetteers (summarizer/entities/gazetteer.py): places, given names ("Phil Simmons" is a person);
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
from .words import (
    ABBREVIATIONS,
    AFTER_TITLE,
    CONNECTORS,
    DEMONYM_END,
    DEMONYMS,
    DIRECTIONS,
    FOR_HEADS,
    KNOWN_ORGS,
    NOT_ACRONYMS,
    OF_HEADS,
    ORG_AFTER,
    ORG_BEFORE,
    ORG_FIRST,
    ORG_LAST,
    OTHER_LAST,
    PERSON_AFTER,
    PLACE_BEFORE,
    PLACE_FIRST,
    PLACE_LAST,
    ROLE_MODIFIERS,
    SPORT_WORDS,
    STOP,
    TEAM_AFTER,
    TEAM_BEFORE,
)

# Evidence strength: a group of mentions takes the kind with the most evidence behind it.
STRONG, MEDIUM, WEAK = 3.0, 2.0, 1.0


_TOKEN = re.compile(
    r"(?P<word>(?:[A-Z]\.){2,}|[^\W\d_](?:[\w&-]|[’'](?!s\b)(?=[^\W\d_]))*)(?P<poss>[’']s\b|(?<=s)[’'](?!\w))?"
    r"|(?P<num>\d)|(?P<other>\S)"
)
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})"
    r"(?:(?P<date>\s+\d{4}-\d\d-\d\d|\s*,\s+[A-Z][a-z]{2,8}\.?\s+\d|\s*\(\w+\)\s*[-–—])|\s+[-–—]\s)"
)
_SENTENCE_END = re.compile(r"[.!?…:;]['\"”’)]*\s*$")


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
    doc.sport = bool(doc.teams) or len(SPORT_WORDS & doc.lowercase) >= 3
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
        elif current and token.key in CONNECTORS:
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
        if line[end : end + 1] == "." and (fold(word) in ABBREVIATIONS or len(word) == 1):
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
    return bool(match) and (fold(match.group(1)) in ABBREVIATIONS or len(match.group(1)) == 1)


def _is_name_word(word: str, shouting: bool, doc: _Doc) -> bool:
    if not word[:1].isupper():
        return False
    if not shouting:
        return True
    key = fold(word)
    if key in STOP or word.lower() in doc.lowercase:
        return False
    return key in doc.named or key in places() or key in KNOWN_ORGS or "." in word


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
            while current and (current[-1].key in ROLE_MODIFIERS or current[-1].key in CONNECTORS):
                current.pop()
            pieces.append((current, cue))
            current, cue = [], "title"
            continue
        if cue == "title" and not current and (word.key in CONNECTORS or word.key in AFTER_TITLE):
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
        return head in FOR_HEADS
    return (
        head in ORG_LAST
        or head in ORG_FIRST
        or head in PLACE_LAST
        or head in PLACE_FIRST
        or head in OF_HEADS
        or fold(" ".join(w.text for w in run)) in places()
    )


def _joined_by_and(run: list[_Word]) -> bool:
    """ "Securities and Exchange Commission", "Bosnia and Herzegovina" are one name; "Kent and Essex"
    are two."""
    return run[-1].key in ORG_LAST or fold(" ".join(w.text for w in run)) in places()


def _trim(words: list[_Word], doc: _Doc) -> list[_Word]:
    words = list(words)
    while words and words[-1].key in CONNECTORS:
        words.pop()
    if (
        len(words) > 1
        and words[0].initial
        and not _known_word(words[0], doc)
        and words[-1].key not in ORG_LAST
        and words[0].key not in ORG_FIRST
        and not _starts_known(words)
    ):
        words.pop(0)  # "Pollsters Ipsos Mori" at a sentence start, "Luckily Smith"
    while words and (words[0].key in STOP or words[0].key in CONNECTORS):
        words.pop(0)
    while len(words) > 1 and _is_demonym(words[0].key) and not _starts_known(words):
        if len(words) == 2 and words[-1].key in ORG_LAST:
            break  # "Palestinian Authority", "European Parliament"
        words.pop(0)
    while words and words[-1].key in STOP:
        words.pop()
    return words


def _known_key(window: list[_Word | None]) -> bool:
    key = fold(" ".join(t.text for t in window if t))
    return key in places() or key in KNOWN_ORGS


def _starts_known(words: list[_Word]) -> bool:
    """ "St. Louis Cardinals", "Los Angeles Lakers", "European Union": known names open the run."""
    for size in range(min(len(words), 4), 1, -1):
        key = fold(" ".join(w.text for w in words[:size]))
        if key in places() or key in KNOWN_ORGS:
            return True
    return False


def _known_word(word: _Word, doc: _Doc) -> bool:
    key = word.key
    if key in STOP or word.text.lower() in doc.lowercase or key.endswith("ly"):
        return False
    return key in doc.named or key in places() or key in given_names() or key in KNOWN_ORGS


def _is_demonym(key: str) -> bool:
    """ "iraqi", "south african", "sri lankan": a word for a people, not a name of a place. It shares
    a stem with a place (the place's name less its last letter starts the word) and ends like one."""
    if key in DEMONYMS or (" " not in key and key.rstrip("s") in DEMONYMS):
        return True
    if len(key) < 4 or key in places() or key in KNOWN_ORGS:
        return False
    if not DEMONYM_END.search(key):
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
    if key in STOP or _is_demonym(key) or (single and len(words[0].text) == 1):
        return "skip", 0.0
    if key in KNOWN_ORGS:
        return "org", STRONG
    if key in doc.teams:
        return ("place", STRONG) if known_place == "country" else ("org", STRONG)
    if single and last in ORG_LAST:
        return "skip", 0.0  # "the Ministry", "Police": a reference, not a name
    if not single and first in ORG_FIRST:
        return "org", STRONG
    if last in OTHER_LAST and not known_place:
        return "other", MEDIUM
    org_context = ORG_BEFORE.search(before) or ORG_AFTER.search(after)
    if known_place:
        in_results = table_row and (TEAM_AFTER.search(after) or TEAM_BEFORE.search(before))
        playing = re.match(r"\s+(?:beat|drew|lost)\b", after) or ORG_AFTER.search(after)
        club = doc.sport and known_place == "city" and not PLACE_BEFORE.search(before)
        if known_place != "country" and (in_results or playing or club):
            return "org", MEDIUM  # a city or county playing: "Seattle 4 Detroit 2", "Kent beat Essex"
        return "place", MEDIUM
    if not single and last in ORG_LAST:
        return "org", STRONG
    if not single and re.fullmatch(r"(?:[A-Z]\.)+", words[0].text) and words[0].key not in places():
        return "person", STRONG  # "P. Simmons", "J.R. Smith"
    if cue == "title" or _title_before(before):
        return "person", STRONG
    if not single and last.endswith(("s", "x")) and _place_prefix(words):
        return "org", MEDIUM  # "Chicago Bulls", "New York Yankees", "Boston Red Sox"
    if not single and (last in PLACE_LAST or first in PLACE_FIRST) and first not in given_names():
        return "place", MEDIUM
    if not single and any(places().get(w.key) == "country" for w in words):
        return "other", WEAK  # "Sri Lanka Cricket Board" goes by its last word; "France Telecom" unknown
    if not shouting and phrase.isupper() and 2 <= len(phrase.replace(".", "")) <= 6:
        return ("skip", 0.0) if key.replace(".", "") in NOT_ACRONYMS else ("org", MEDIUM)
    if 2 <= len(words) <= 4 and first in given_names():
        return "person", MEDIUM
    if 2 <= len(words) <= 3 and places().get(last) in ("city", "region") and first not in DIRECTIONS:
        return "org", WEAK  # a club or firm named after its town: "Hansa Rostock", "NEC Nijmegen"
    if org_context and len(words) <= 3 and first not in given_names():
        return "org", MEDIUM
    if cue == "maybe" and single:
        return "maybe", WEAK
    if single and words[0].text.lower() in doc.lowercase:
        return "skip", 0.0  # "Traders said", "Sales rose": the article also writes it as a plain word
    if PERSON_AFTER.search(after) and len(words) <= 3:
        return "person", WEAK
    if single and PLACE_BEFORE.search(before) and not words[0].initial:
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
