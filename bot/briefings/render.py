"""What briefings say besides their stories (those are bot/stories/render.py): the "nothing new"
message, how a moment and a delivery time read, the footer, and the name a digest's source goes by."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from storage import StoredDigest

UNKNOWN_SOURCE = "Forwarded and pasted text"
FOOTER = "<i>/briefing: what's new since · /settings: time, days, quiet days · /unsubscribe: stop</i>"


def local_label(moment: datetime, zone: ZoneInfo | None = None) -> str:
    """A moment as 'Tue 26 Nov, 08:00' in `zone` (or in the moment's own zone)."""
    local = moment.astimezone(zone) if zone else moment
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def describe(moment: datetime, zone_name: str) -> str:
    """A delivery time as replies show it: 'Tue 26 Nov, 08:00 (Europe/Kyiv)'."""
    return f"{local_label(moment, ZoneInfo(zone_name))} ({zone_name})"


def nothing_new(*, local_date: date, since: datetime, zone: ZoneInfo) -> str:
    """The briefing of a day without news: one short message."""
    title = f"<b>Your briefing · {local_date:%a} {local_date.day} {local_date:%b}</b>"
    return (
        f"{title}\nNothing new since {local_label(since, zone)}. Forward me articles or links during "
        "the day and they will be in your next briefing."
    )


def source_name(stored: StoredDigest) -> str:
    article = stored.article
    if article.source:
        return article.source
    link = article.source_url or article.url
    return (urlsplit(link).hostname or link) if link else UNKNOWN_SOURCE
