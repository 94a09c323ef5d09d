"""The one format every stored instant is written in, so time ranges compare as plain strings."""

from __future__ import annotations

from datetime import UTC, datetime


def iso(moment: datetime) -> str:
    """UTC, whole seconds, e.g. 2025-11-26T06:00:00+00:00."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: every stored instant must carry its zone")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def now_iso() -> str:
    return iso(datetime.now(UTC))
