"""`newsbrief feed URL|FILE [--json]`: what Newsbrief reads from one feed, channel page or page with
feed links, through the same fetcher and reader the bot uses.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import sys
from pathlib import Path

from bot.config import Settings
from bot.web.fetch import FetchError

from .discovery import FollowError, target_url
from .fetching import fetch_source, source_limits
from .reading import NotAFeed, SourceDocument, read_document

TME_BASE = "https://t.me"


def load(target: str, settings: Settings) -> SourceDocument:
    """The document at `target` (a file path, or a URL / @channel / t.me link); raises on failure."""
    path = Path(target)
    if path.is_file():
        body = path.read_bytes()
        if body[:2] == b"\x1f\x8b":  # a feed saved as it came over the wire, gzip and all
            body = gzip.decompress(body)
        return read_document(body, url=path.resolve().as_uri())
    url, _ = target_url(target, TME_BASE)
    fetched = asyncio.run(fetch_source(url, limits=source_limits(settings)))
    return read_document(fetched.body, url=fetched.url, content_type=fetched.content_type)


def feed_command(settings: Settings, target: str, *, as_json: bool) -> int:
    try:
        doc = load(target, settings)
    except (FetchError, FollowError) as exc:
        sys.stderr.write(f"newsbrief: {exc}\n")
        return 2
    except NotAFeed:
        sys.stderr.write(f"newsbrief: {target} is not a feed, a channel page or a page with feed links.\n")
        return 1
    except OSError as exc:
        sys.stderr.write(f"newsbrief: cannot read {target}: {exc.strerror or exc}\n")
        return 2
    if as_json:
        sys.stdout.write(json.dumps(doc.to_json(), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_text(doc))
    return 0


def render_text(doc: SourceDocument) -> str:
    lines = [f"{doc.title or '(no title)'} · {doc.kind}"]
    if doc.kind == "page":
        lines.append(f"{len(doc.feeds)} feed link(s):" if doc.feeds else "no feed links")
        lines += [
            f"  {link.type}: {link.url}" + (f" ({link.title})" if link.title else "") for link in doc.feeds
        ]
    else:
        if doc.kind == "channel" and not doc.has_preview:
            lines.append("no public preview (posts are shown only at t.me/s/name)")
        lines.append(f"{len(doc.items)} item(s)")
        for item in doc.items:
            when = item.published.strftime("%Y-%m-%d %H:%M") if item.published else "no date"
            lines.append(f"  {when}  {item.title or '(untitled)'}  [{item.words} words]")
            if item.link:
                lines.append(f"      {item.link}")
    return "\n".join(lines) + "\n"
