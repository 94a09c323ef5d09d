"""When to poll a source next: pure arithmetic on what the last fetch said.

A successful poll waits the configured interval, longer when the publisher asks (Cache-Control
max-age, RSS <ttl>); a failed one backs off exponentially, and a 429/503 waits at least its
Retry-After. Every interval gets random jitter (so sources added together drift apart) and is kept
between the floor and the ceiling from the settings.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

_MAX_AGE = re.compile(r"(?:^|[,\s])(?:s-maxage|max-age)\s*=\s*\"?(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class PollPolicy:
    interval: int  # seconds between polls when nothing says otherwise
    floor: int
    ceiling: int
    jitter: float  # fraction: 0.1 spreads an interval by up to ±10 %


def after_success(
    policy: PollPolicy, *, max_age: int | None, ttl_minutes: int | None, rng: random.Random
) -> int:
    wanted = max(policy.interval, max_age or 0, (ttl_minutes or 0) * 60)
    return _clamp(policy, wanted * rng.uniform(1 - policy.jitter, 1 + policy.jitter))


def after_failure(policy: PollPolicy, *, failures: int, retry_after: int | None, rng: random.Random) -> int:
    """`failures` counts this one; the first failure waits the normal interval, then it doubles."""
    backoff = policy.interval * 2 ** min(max(failures - 1, 0), 16)
    wanted = max(backoff, retry_after or 0)
    # Never earlier than Retry-After: jitter only adds to it.
    low = 1.0 if retry_after and retry_after >= backoff else 1 - policy.jitter
    return _clamp(policy, wanted * rng.uniform(low, 1 + policy.jitter))


def _clamp(policy: PollPolicy, seconds: float) -> int:
    return int(min(policy.ceiling, max(policy.floor, seconds)))


def max_age(cache_control: str | None) -> int | None:
    """max-age (or s-maxage) of a Cache-Control header; None when absent or no-store/no-cache."""
    if not cache_control:
        return None
    lowered = cache_control.lower()
    if "no-store" in lowered or "no-cache" in lowered:
        return None
    ages = [int(value) for value in _MAX_AGE.findall(cache_control)]
    return max(ages) if ages else None


def retry_after_seconds(header: str | None, now: datetime) -> int | None:
    """Retry-After as seconds from `now`: either a number of seconds or an HTTP date."""
    if not header:
        return None
    header = header.strip()
    if header.isdigit():
        return int(header)
    try:
        when = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0, int((when - now).total_seconds()))
