"""The working shape of one number while the figure extractor decides what it counts and what happened."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.numbers import NumberMatch
from summarizer.types import FigureValue

__all__ = ["Mention"]


@dataclass(slots=True)
class Mention:
    """A number being turned into a figure; spans index the original text."""

    num: NumberMatch
    high: NumberMatch | None = None
    start: int = 0  # evidence start: qualifier included
    end: int = 0  # evidence end: noun phrase included
    num_end: int = 0  # end of the number itself (of the high end for a range)
    qualifier: str = "exact"
    unit: str | None = None
    event: str | None = None
    event_at: int = -1  # start of the word that gave the event
    scope: str | None = None
    inner: Mention | None = None  # "85 of the 101 drones": the mention of "101 drones"
    drop: bool = False  # decided not to be a figure after all (an age, a title)
    group: list[Mention] | None = None  # mentions that share one verb along a list
    adjectival: bool = False  # the number describes the noun after it ("a 7.1-magnitude earthquake")
    elided: bool = False  # the unit was borrowed from an earlier mention ("300 homes ... and 1,200 damaged")
    span: bool = False  # a stretch of time or play after "over": "over five years", "over seven innings"
    others: bool = False  # written "N others": people after a people verb, else the earlier noun

    @property
    def value(self) -> FigureValue:
        if self.high is None:
            return self.num.value
        return (self.num.value, self.high.value)

    @property
    def np_end(self) -> int:
        return self.inner.end if self.inner is not None else self.end
