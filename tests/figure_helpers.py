"""Reading one figure out of a test sentence, shared by the figure grammar tests."""

from __future__ import annotations

import pytest

from summarizer.figures import extract_figures
from summarizer.types import Figure


def figure(text: str, value: object) -> Figure | None:
    """The first figure of `text` with this value, or None."""
    found = [f for f in extract_figures(text) if f.value == value]
    return found[0] if found else None


def event_of(text: str, value: object) -> str | None:
    """The event of the figure with this value; the figure must be found."""
    found = figure(text, value)
    assert found is not None, (text, value, extract_figures(text))
    return found.event


def case(text: str, value: object, event: str | None) -> object:
    """One parametrised sentence, named by its value and expected event."""
    return pytest.param(text, value, event, id=f"{value}-{event}")
