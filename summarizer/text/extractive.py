"""The labelled extractive summariser: used when no model can run (no weights, non-English text, or
when the faithfulness guard rejected every generated sentence).

Sentences are scored on what makes a news sentence summary-worthy, then picked greedily with maximal
marginal relevance (MMR) so the summary does not say the same thing twice:

- position: wire and newspaper copy front-loads the news, so the lead carries the most weight;
- the title's words: a sentence that restates the headline is about the story, not a side detail;
- centrality: content words the article keeps coming back to;
- key figures: a sentence with a count, an amount or a percentage is what a digest reader wants;
- length: fragments, captions and run-on quotes are poor summary sentences.

A sentence that opens by pointing back ("But", "However,", "This", "He said", see cohesion.py) is
taken only together with the sentence before it, or not at all, so every summary reads on its own.

Every sentence is copied verbatim from the article, so the guard has nothing to remove here.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.numbers import find_numbers

from .cohesion import points_back
from .sentences import split_sentences


def _wordset(words: str) -> frozenset[str]:
    """A word list written as one string (long vocabularies read better that way)."""
    return frozenset(words.split())


_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_STOPWORDS = _wordset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says say told according mr mrs ms dr one new year
    years last first week weeks day days time could may might must shall us s t"""
)
_FIGURE_KINDS = {"cardinal"}


@dataclass(frozen=True)
class ExtractiveSettings:
    """Weights tuned on the eval set's CNN/DM and XSum articles (bench/quality.py prints the result)."""

    max_sentences: int = 3
    max_words: int = 85  # CNN/DM highlights average ~55 words; three lead sentences run ~80
    min_words: int = 6
    long_words: int = 45  # longer sentences are penalised: they crowd out a second point
    position: float = 1.0
    title: float = 0.35
    centrality: float = 0.35
    figure: float = 0.08
    redundancy: float = 0.6  # MMR: how much overlap with already chosen sentences costs
    lead_window: int = 60  # only the first sentences compete: long tails are background


@dataclass(frozen=True)
class _Candidate:
    index: int
    text: str
    words: frozenset[str]
    score: float


def extractive_summary(
    text: str, title: str | None = None, settings: ExtractiveSettings | None = None
) -> str:
    """A 2-4 sentence summary made of the article's own sentences, in article order."""
    settings = settings or ExtractiveSettings()
    sentences = split_sentences(text)
    candidates = score_sentences(sentences, title, settings)
    chosen = _select(candidates, settings)
    if not chosen:  # only fragments (a list of short lines): the opening lines are the best we have
        return _opening(sentences, settings.max_words)
    return " ".join(c.text for c in sorted(chosen, key=lambda c: c.index))


def _opening(sentences: Sequence[str], max_words: int) -> str:
    words = " ".join(sentences).split()
    return " ".join(words[:max_words]) + ("…" if len(words) > max_words else "")


def lead_summary(text: str, max_sentences: int = 3, max_chars: int = 600) -> str:
    """The article's lead sentences, the way wire stories front-load the news (the lead-N baseline)."""
    chosen: list[str] = []
    for sentence in split_sentences(text):
        if len(sentence.split()) < 4:
            continue
        if chosen and sum(len(s) for s in chosen) + len(sentence) > max_chars:
            break
        chosen.append(sentence)
        if len(chosen) == max_sentences:
            break
    return " ".join(chosen)


def content_words(text: str) -> list[str]:
    return [w for w in _TOKEN.findall(text.lower()) if w not in _STOPWORDS and len(w) > 1]


def score_sentences(
    sentences: Sequence[str], title: str | None, settings: ExtractiveSettings
) -> list[_Candidate]:
    window = list(sentences[: settings.lead_window])
    bags = [content_words(s) for s in window]
    frequency = Counter(w for bag in bags for w in set(bag))
    title_words = set(content_words(title or ""))
    centrality = [_centrality(bag, frequency) for bag in bags]
    top = max(centrality, default=0.0) or 1.0
    candidates = []
    for index, (sentence, bag) in enumerate(zip(window, bags, strict=True)):
        n_words = len(sentence.split())
        if n_words < settings.min_words or not bag:
            continue
        score = (
            settings.position / math.sqrt(1 + index)
            + settings.title * _overlap(bag, title_words)
            + settings.centrality * centrality[index] / top
            + settings.figure * _has_figure(sentence)
            - _length_penalty(n_words, settings)
            - 0.15 * _looks_like_quote_or_caption(sentence)
        )
        candidates.append(_Candidate(index, sentence, frozenset(bag), score))
    return candidates


def _centrality(bag: list[str], frequency: Counter[str]) -> float:
    """Mean document frequency of the sentence's words, beyond their single own mention."""
    if not bag:
        return 0.0
    return sum(frequency[w] - 1 for w in set(bag)) / math.sqrt(len(set(bag)))


def _overlap(bag: list[str], title_words: set[str]) -> float:
    return len(title_words.intersection(bag)) / len(title_words) if title_words else 0.0


def _has_figure(sentence: str) -> float:
    return 1.0 if any(m.kind in _FIGURE_KINDS for m in find_numbers(sentence)) else 0.0


def _length_penalty(n_words: int, settings: ExtractiveSettings) -> float:
    return 0.01 * max(0, n_words - settings.long_words)


def _looks_like_quote_or_caption(sentence: str) -> float:
    """Opening quotes and photo captions rarely summarise the story."""
    stripped = sentence.lstrip()
    return 1.0 if stripped[:1] in {'"', "“", "'", "‘"} or stripped.endswith(":") else 0.0


def _select(candidates: list[_Candidate], settings: ExtractiveSettings) -> list[_Candidate]:
    """Greedy MMR under a sentence and word budget; the first pick is always the best sentence that
    reads on its own (or comes with the sentence it points back to)."""
    by_index = {c.index: c for c in candidates}
    chosen: list[_Candidate] = []
    remaining = list(candidates)
    used = 0
    while remaining and len(chosen) < settings.max_sentences:
        best = max(remaining, key=lambda c: c.score - settings.redundancy * _max_similarity(c, chosen))
        remaining.remove(best)
        group = _with_antecedent(best, by_index, chosen)
        if group is None:
            continue
        n_words = sum(len(c.text.split()) for c in group)
        if len(chosen) + len(group) > settings.max_sentences:
            continue
        if (chosen or len(group) > 1) and used + n_words > settings.max_words:
            continue
        for member in group:
            if member in remaining:
                remaining.remove(member)
        chosen += group
        used += n_words
    return chosen


def _with_antecedent(
    candidate: _Candidate, by_index: dict[int, _Candidate], chosen: list[_Candidate]
) -> list[_Candidate] | None:
    """The candidate, with the sentence it points back to when it needs one; None when that sentence
    is no candidate itself (a fragment, a sentence that points back in turn, or nothing: an excerpt
    that opens with "But" or "It" lost its beginning)."""
    if not points_back(candidate.text):
        return [candidate]
    if any(c.index == candidate.index - 1 for c in chosen):
        return [candidate]
    before = by_index.get(candidate.index - 1)
    if before is None or points_back(before.text):
        return None
    return [before, candidate]


def _max_similarity(candidate: _Candidate, chosen: list[_Candidate]) -> float:
    return max((_jaccard(candidate.words, c.words) for c in chosen), default=0.0)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
