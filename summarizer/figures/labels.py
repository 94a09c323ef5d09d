"""Short human wording of a figure for digests: "118 drones launched overnight", "rose 12.5%"."""

from __future__ import annotations

import re

from summarizer.numbers import format_number
from summarizer.types import Figure, FigureValue

from .events import PEOPLE_EVENTS, is_change_event, is_past_event
from .units import MONEY_UNITS

__all__ = ["figure_label"]

_CURRENCY_PREFIX = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}


def figure_label(f: Figure) -> str:
    """Short human wording: "118 drones launched overnight", "7 killed", "around 1,360 glide bombs"."""
    amount = _format_amount(f.value, f.unit)
    qualifier = "" if f.qualifier in ("exact", "range") else f.qualifier + " "
    unit = f.unit
    if (
        unit is None
        or unit in MONEY_UNITS
        or unit in ("%",)
        or (unit == "people" and f.event in PEOPLE_EVENTS)
    ):
        noun = ""
    else:
        noun = " " + unit
    event = f.event or ""
    # A planned action reads verb first ("hire 10,000 teachers"), and so does a change ("rose 12.5%").
    if event and (not is_past_event(event) or unit == "%" or is_change_event(event)):
        label = f"{event} {qualifier}{amount}{noun}"
    else:
        label = f"{qualifier}{amount}{noun}" + (f" {event}" if event else "")
    return label + _format_scope(f.scope)


def _format_amount(value: FigureValue, unit: str | None) -> str:
    if isinstance(value, tuple):
        low, high = value
        if unit in MONEY_UNITS:
            return f"{_format_money(low, unit)}–{_format_money(high, unit)}"
        return f"{format_number(low)}–{format_number(high)}" + ("%" if unit == "%" else "")
    if unit in MONEY_UNITS:
        return _format_money(value, unit)
    return format_number(value) + ("%" if unit == "%" else "")


def _format_money(value: int | float, unit: str) -> str:
    number = format_number(value)
    if isinstance(value, float) and value < 1000 and "." in number and len(number.split(".")[1]) == 1:
        number += "0"  # "$84.50", not "$84.5"
    if unit in _CURRENCY_PREFIX:
        return _CURRENCY_PREFIX[unit] + number
    return f"{number} {unit}"


def _format_scope(scope: str | None) -> str:
    if not scope:
        return ""
    if " " not in scope:
        return " " + scope
    short = re.sub(r"^(?:over|in|during|within|for)\s+(?:the\s+)?", "", scope, flags=re.IGNORECASE)
    return f" ({short})"
