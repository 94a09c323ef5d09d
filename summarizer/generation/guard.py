"""The faithfulness guard: a summary sentence may only carry numbers that the source carries.

Numbers are compared as values, not strings ("seven" = 7, "3,100" = 3100, "1.2 million" = 1200000),
using `numbers.number_values` on both sides. A sentence with any number the source lacks is dropped:
a wrong casualty count is worse than a shorter summary. Dropped sentences are counted so /stats can
show how often the model invented a number.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from summarizer.numbers import number_values

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GuardResult:
    kept: list[str]
    removed: list[str] = field(default_factory=list)
    unsupported: set[float] = field(default_factory=set)  # the invented values, for the log


def value_key(value: float) -> float:
    """Values compared at 9 significant digits: 0.1 + 0.2 and 0.3 are the same number here."""
    return float(f"{value:.9g}")


def source_values(text: str) -> frozenset[float]:
    return frozenset(value_key(v) for v in number_values(text))


def unsupported_values(sentence: str, supported: frozenset[float]) -> set[float]:
    return {value_key(v) for v in number_values(sentence)} - supported


def filter_sentences(sentences: Iterable[str], supported: frozenset[float]) -> GuardResult:
    """Keep the sentences whose every number is in `supported` (the source's values)."""
    kept: list[str] = []
    removed: list[str] = []
    invented: set[float] = set()
    for sentence in sentences:
        extra = unsupported_values(sentence, supported)
        if extra:
            removed.append(sentence)
            invented |= extra
        else:
            kept.append(sentence)
    if removed:
        log.info(
            "guard removed %d summary sentence(s) with unsupported numbers %s", len(removed), sorted(invented)
        )
    return GuardResult(kept=kept, removed=removed, unsupported=invented)
