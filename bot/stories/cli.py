"""`newsbrief stories ITEMS.jsonl`: each item's story, decided by the grouper the bot uses.

Items are JSON objects, one a line: `id`, `title`, `text` (may be empty), `published` (ISO time,
optional), `publisher` (optional). They are taken in order of `published` (items without one last,
in file order), as the bot would have received them. Output: `{"id": ..., "story": ...}` a line, in
input order; a story is named by the id of the item that started it.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from summarizer.figures import extract_figures, select_figures
from summarizer.stories import StoryConfig, StoryItem, group_items, load_embedder
from summarizer.types import Figure

from ..config import Settings


class ItemError(ValueError):
    """A line that is not a usable item; the message says which line and why."""


def parse_item(line: str, number: int) -> StoryItem:
    try:
        row: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ItemError(f"line {number}: not JSON ({exc.msg})") from exc
    if not isinstance(row, dict) or "id" not in row:
        raise ItemError(f'line {number}: an item needs an "id"')
    title, text = str(row.get("title") or ""), str(row.get("text") or "")
    if not (title or text).strip():
        raise ItemError(f"line {number}: item {row['id']!r} has neither a title nor a text")
    return StoryItem(
        id=str(row["id"]),
        title=title,
        text=text,
        published=_time(row.get("published"), number),
        publisher=row.get("publisher"),
        # The same figures the bot's digests carry, so the same evidence decides.
        figures=tuple(_figures(title, text)),
    )


def _figures(title: str, text: str) -> list[Figure]:
    # Chosen the way the bot chooses a digest's figures (pipeline: select_figures), so the same
    # evidence decides; without a summary, as for an extractive digest before its summary exists.
    body = f"{title}. {text}"
    return select_figures(extract_figures(body), body, title=title, limit=8)


def _time(raw: Any, number: int) -> datetime | None:
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError as exc:
        raise ItemError(f"line {number}: published {raw!r} is not an ISO date or time") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def group_file(settings: Settings, file: str) -> int:
    try:
        raw = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except OSError as exc:
        sys.stderr.write(f"newsbrief: cannot read {file}: {exc.strerror}\n")
        return 2
    try:
        items = [parse_item(line, n) for n, line in enumerate(raw.splitlines(), start=1) if line.strip()]
    except ItemError as exc:
        sys.stderr.write(f"newsbrief: {exc}\n")
        return 2
    config = StoryConfig(window=timedelta(hours=settings.story_window_hours))
    stories = group_items(items, config, load_embedder(settings.embedding_model))
    for item in items:
        # Internal story keys are "s<n>:<first id>": the first item's id names the story.
        story = stories[item.id].split(":", 1)[1]
        sys.stdout.write(json.dumps({"id": item.id, "story": story}, ensure_ascii=False) + "\n")
    return 0
