"""The one call made wherever a digest is stored or served for a chat: `on_digest_stored`.

Forwards, links and documents call it from bot/replies/digests.py; a followed source (feed, site, channel)
calls it for each new item's digest. It puts the digest in its story, then tells every chat that
follows the story, once, when a new source confirms it or one of its figures moved.
"""

from __future__ import annotations

import logging
from datetime import datetime

from telegram import Bot
from telegram.error import TelegramError

from storage import StoredDigest
from storage.stories import StoryStore
from summarizer.stories import Reading, changes, merge, snapshot

from ..briefings.render import source_name
from ..outgoing import SITE_CHARS, TITLE_CHARS, clip, link, send_html
from ..outgoing.render import esc
from ..services import Services
from .briefing import bounded
from .grouping import assign, shared
from .render import change_line, keyboard

log = logging.getLogger(__name__)


async def on_digest_stored(
    bot: Bot, svc: Services, stored: StoredDigest, *, at: datetime, chat_id: int | None = None
) -> int:
    """Put `stored` in its story and update the story's followers; returns the story id.

    `chat_id` is the chat that sent the article (it sees the digest already, so it gets no update);
    None for a digest from a followed source. Safe to call again for the same digest: a digest
    joins one story once, and a repeat tells nobody anything.
    """
    joined = assign(svc, stored, at=at)  # grouping reads the shared digest itself
    if joined.already or joined.created:
        return joined.story_id
    followers = [f for f in StoryStore(svc.store.db).followers(joined.story_id) if f != chat_id]
    if not followers:
        return joined.story_id
    # Followers are other chats: only public sources; names and links as long as a page likes are
    # cut for the message. The same for every follower.
    shown = bounded(shared(svc, stored))
    for follower in followers:
        await _update(bot, svc, follower, joined.story_id, shown, new_source=joined.new_source, at=at)
    return joined.story_id


async def _update(
    bot: Bot,
    svc: Services,
    chat_id: int,
    story_id: int,
    stored: StoredDigest,
    *,
    new_source: bool,
    at: datetime,
) -> None:
    stories = StoryStore(svc.store.db)
    merged = merge([Reading(f, source_name(stored), link_of(stored), at) for f in stored.digest.figures])
    moved = changes(stories.chat_story(chat_id, story_id).shown, merged)
    if not moved and not new_source:
        return  # same source again, same figures: nothing worth a message
    # Titles, names and links come from pages and feeds: bounded here, and the message goes out
    # through the one splitter (bot/outgoing), so no title can make Telegram refuse the update.
    title = clip(stories.title(story_id) or stored.digest.headline, TITLE_CHARS)
    lines = [f"<b>Story update · {esc(title)}</b>"]
    if new_source:
        lines.append(
            f"New source confirms it: {link(link_of(stored), clip(source_name(stored), SITE_CHARS))}"
        )
    lines.extend(change_line(change, "your last briefing") for change in moved)
    lines.append(f"<i>{esc(clip(stored.digest.headline, TITLE_CHARS))}</i>")
    try:
        await send_html(
            bot,
            chat_id,
            "\n".join(lines),
            disable_web_page_preview=True,
            reply_markup=keyboard([(story_id, 0)], {story_id}),
        )
    except TelegramError as exc:  # one follower's blocked chat must not stop the others' updates
        log.warning("story update for chat %s not sent: %s", chat_id, exc)
        return
    stories.update_shown(chat_id, story_id, snapshot(merged), at=at)


def link_of(stored: StoredDigest) -> str | None:
    return stored.article.source_url or stored.article.url
