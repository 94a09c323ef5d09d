"""Who / where: the people, places and organisations an article names, most salient first.

Mentions come from the rules (summarizer/entities/rules.py, the offline default) or, when one is
configured, from a token-classification model (summarizer/entities/model.py). Either way they are
grouped here into entities: every form a name is written in counts for one entity (a headline's
"LEICESTERSHIRE" and the body's "Leicestershire"), a surname joins the full name it ends ("Simmons"
-> "Phil Simmons"), and the entity is shown by its full name once. Its kind is the one with the most
evidence behind it across mentions.

The display cap keeps the most salient entities: mentioned most, and early (a name in the headline
or first lines is what the story is about); over the cap, kinds take turns, so a story full of
places still names its people and organisations.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ..types import Entity
from .gazetteer import fold, places
from .rules import WEAK, Mention, find_mentions

MentionFinder = Callable[[str], list[Mention]]
_KINDS = ("person", "place", "org")


def extract_entities(text: str, limit: int = 15, finder: MentionFinder | None = None) -> list[Entity]:
    """People, places and organisations named in the text, the most salient first.

    `finder` replaces the rules (a loaded token-classification model's `mentions`)."""
    mentions = (finder or find_mentions)(text)
    return _rank(_group(mentions), limit, len(text) or 1, _first_line_end(text))


def _first_line_end(text: str) -> int:
    end = text.find("\n")
    return end if end >= 0 else min(len(text), 120)


@dataclass
class _Group:
    forms: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    first: int = 1 << 30

    def add(self, mention: Mention) -> None:
        self.forms[mention.phrase] += 1
        self.kinds[mention.kind] += mention.weight
        self.first = min(self.first, mention.start)

    @property
    def mentions(self) -> int:
        return sum(self.forms.values())

    @property
    def kind(self) -> str:
        ranked = [k for k, _ in self.kinds.most_common() if k in _KINDS]
        return ranked[0] if ranked else "other"

    @property
    def display(self) -> str:
        """The full name for a person; otherwise the form written most. Mixed case beats capitals;
        on a tie, the form the article wrote first."""
        if self.kind == "person":
            best = max(self.forms, key=lambda f: (not f.isupper(), len(f.split()), self.forms[f]))
        else:
            best = max(self.forms, key=lambda f: (not f.isupper() or len(f) <= 4, self.forms[f], len(f)))
        return _title_case(best) if best.isupper() and len(best) > 4 and "." not in best else best

    @property
    def distinct_forms(self) -> tuple[str, ...]:
        seen: dict[str, str] = {}
        for form in sorted(self.forms, key=lambda f: f.isupper()):
            seen.setdefault(fold(form), form)
        return tuple(seen.values())


def _title_case(name: str) -> str:
    return " ".join(w.capitalize() if len(w) > 2 else w for w in name.split())


def _group(mentions: list[Mention]) -> list[_Group]:
    named = {fold(m.phrase) for m in mentions if m.kind != "maybe"}
    last_words = {fold(m.phrase).split()[-1] for m in mentions if m.kind != "maybe" and " " in m.phrase}
    kept = [m for m in mentions if m.kind != "maybe" or fold(m.phrase) in named | last_words]
    canonical = _canonical_names(kept)
    groups: dict[str, _Group] = defaultdict(_Group)
    for mention in kept:
        key = fold(mention.phrase)
        target = canonical.get(key, key)
        if target != key:  # "Hamilton" after "Lewis Hamilton" is the man, not the town
            mention = Mention(mention.phrase, mention.start, "person", max(mention.weight, WEAK))
        groups[target].add(mention)
    return list(groups.values())


def _canonical_names(mentions: list[Mention]) -> dict[str, str]:
    """Surname (or a given name used alone) -> the full name of the person it refers to ("simmons"
    -> "phil simmons").

    The full name must be typed a person somewhere; when two people share a surname, it goes to the
    one mentioned more."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    given: dict[str, set[str]] = defaultdict(set)
    counts = Counter(fold(m.phrase) for m in mentions)
    for mention in mentions:
        key = fold(mention.phrase)
        if mention.kind == "person" and " " in key:
            votes[key.split()[-1]][key] += counts[key]
            given[key.split()[0]].add(key)
    aliases: dict[str, str] = {}
    for mention in mentions:
        key = fold(mention.phrase)
        if " " in key or places().get(key) == "country":
            continue
        if key in votes:
            aliases[key] = votes[key].most_common(1)[0][0]
        elif len(given.get(key, ())) == 1 and mention.kind in ("person", "other", "maybe"):
            aliases[key] = next(iter(given[key]))  # "Fred" after "Fred Goodwin", when only one Fred
    return aliases


def _salience(group: _Group, length: int, lead_end: int) -> float:
    """Mentions, plus a bonus for appearing early: in the headline or first line, or the top of the
    text (a name met first in the last paragraph is seldom what the story is about)."""
    early = 1.0 - min(group.first, length) / length
    return group.mentions + (1.5 if group.first <= lead_end else 0.0) + early


def _rank(groups: list[_Group], limit: int, length: int, lead_end: int) -> list[Entity]:
    """Names mentioned once with no clue to their kind are left out. Over the limit, kinds take turns,
    each giving its most salient name first."""
    useful = [g for g in groups if g.kind != "other" or g.mentions > 1]
    useful.sort(key=lambda g: (-_salience(g, length, lead_end), g.first))
    if len(useful) > limit:
        by_kind: dict[str, list[_Group]] = defaultdict(list)
        for group in useful:
            by_kind[group.kind].append(group)
        chosen: set[int] = set()
        queues = [by_kind[k] for k in (*_KINDS, "other")]
        while len(chosen) < limit:
            for queue in queues:
                if queue and len(chosen) < limit:
                    chosen.add(id(queue.pop(0)))
        useful = [g for g in useful if id(g) in chosen]
    return [
        Entity(g.display, g.kind, forms=g.distinct_forms, mentions=g.mentions)  # type: ignore[arg-type]
        for g in useful
    ]
