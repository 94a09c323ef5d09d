"""Token-aware chunking on sentence boundaries, so long articles fit the model window.

Sentences are counted with the model's own tokenizer, a bounded group at a time (never the whole
article as one tensor), then packed greedily into chunks under the budget. Each chunk is re-counted
exactly as the model will see it, so the window is a guarantee, not an estimate. A single sentence
longer than the budget (tables, run-on text without full stops) is cut at word boundaries.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)

TokenCounts = Callable[[Sequence[str]], list[int]]  # texts -> tokens each, special tokens excluded

_COUNT_GROUP = 256  # sentences tokenised per call: bounded memory whatever the article length
_SMALL_TAIL = 0.25  # a last chunk under this share of the budget is rebalanced with the others


@dataclass(frozen=True)
class Chunk:
    text: str
    sentences: tuple[str, ...]
    tokens: int  # special tokens excluded


def chunk_budget(window: int, special_tokens: int, margin: int = 8) -> int:
    """Tokens of text a chunk may hold: the window minus the special tokens and a small margin."""
    return max(16, window - special_tokens - margin)


def chunk_sentences(sentences: Sequence[str], count: TokenCounts, budget: int) -> list[Chunk]:
    """Pack sentences, in order, into chunks of at most `budget` tokens each."""
    pieces, sizes = _measured_pieces(sentences, count, budget)
    if not pieces:
        return []
    groups = _pack(sizes, budget)
    if len(groups) > 1 and sum(sizes[i] for i in groups[-1]) < budget * _SMALL_TAIL:
        balanced = _pack(sizes, max(max(sizes), math.ceil(sum(sizes) / len(groups) * 1.1)))
        if len(balanced) <= len(groups):
            groups = balanced
    return _verified([[pieces[i] for i in group] for group in groups], count, budget)


def chunk_text(text: str, count: TokenCounts, budget: int) -> list[Chunk]:
    from summarizer.text import split_sentences

    return chunk_sentences(split_sentences(text), count, budget)


def _measured_pieces(
    sentences: Sequence[str], count: TokenCounts, budget: int
) -> tuple[list[str], list[int]]:
    """Sentences with their token counts (as they appear after a space inside a chunk); over-long
    sentences split into word runs that fit."""
    pieces: list[str] = []
    sizes: list[int] = []
    cleaned = [s.strip() for s in sentences if s.strip()]
    for start in range(0, len(cleaned), _COUNT_GROUP):
        group = cleaned[start : start + _COUNT_GROUP]
        for sentence, size in zip(group, count([" " + s for s in group]), strict=True):
            if size <= budget:
                pieces.append(sentence)
                sizes.append(size)
            else:
                for part in _split_long(sentence, size, count, budget):
                    pieces.append(part)
                    sizes.append(count([" " + part])[0])
    return pieces, sizes


def _split_long(sentence: str, size: int, count: TokenCounts, budget: int) -> list[str]:
    """Cut a sentence into word runs under the budget; more parts until every part fits."""
    words = sentence.split()
    parts_needed = math.ceil(size / budget)
    while True:
        step = max(1, math.ceil(len(words) / parts_needed))
        parts = [" ".join(words[i : i + step]) for i in range(0, len(words), step)]
        if step == 1 or max(count([" " + p for p in parts])) <= budget:
            return parts
        parts_needed += 1


def _pack(sizes: Sequence[int], limit: int) -> list[list[int]]:
    groups: list[list[int]] = []
    current: list[int] = []
    used = 0
    for index, size in enumerate(sizes):
        if current and used + size > limit:
            groups.append(current)
            current, used = [], 0
        current.append(index)
        used += size
    if current:
        groups.append(current)
    return groups


def _verified(groups: list[list[str]], count: TokenCounts, budget: int) -> list[Chunk]:
    """Count each chunk as one text; a tokenizer that merges across sentences may differ from the sum,
    so a chunk over budget hands its last sentence to the next chunk."""
    chunks: list[Chunk] = []
    queue = [list(g) for g in groups]
    while queue:
        group = queue.pop(0)
        text = " ".join(group)
        tokens = count([text])[0]
        if tokens > budget and len(group) > 1:
            moved = group.pop()
            if queue:
                queue[0].insert(0, moved)
            else:
                queue.append([moved])
            queue.insert(0, group)
            continue
        chunks.append(Chunk(text=text, sentences=tuple(group), tokens=tokens))
    return chunks
