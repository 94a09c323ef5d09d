"""Follow / Mute buttons under a story, and /stories (the stories this chat follows)."""

from __future__ import annotations

import logging
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from storage.stories import StoryStore

from ..outgoing import TITLE_CHARS, clip, reply_html, reply_plain, unless_unchanged
from ..outgoing.render import esc
from ..services import services

log = logging.getLogger(__name__)

SHOWN = 20  # stories listed by /stories, the newest first, each with its Unfollow button
_BUTTON = re.compile(r"^story:(follow|unfollow|mute):(\d+)$")
NO_STORIES = (
    "You follow no stories. Tap “Follow story” under a story in your briefing: I will tell you when "
    "a figure changes or a new source confirms it."
)
ANSWERS = {
    "follow": "Following: you get an update when a figure changes or a new source confirms it.",
    "unfollow": "Not following this story any more.",
    "mute": "Muted: this story will not appear in this chat again.",
}


def register(app: Application) -> None:
    app.add_handler(CommandHandler("stories", on_stories))
    app.add_handler(CallbackQueryHandler(on_story_button, pattern=_BUTTON))


async def on_story_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or not query.data:
        return
    match = _BUTTON.match(query.data)
    assert match is not None  # the handler's pattern
    action, story_id = match.group(1), int(match.group(2))
    stories = StoryStore(services(context).store.db)
    if stories.title(story_id) is None:
        await query.answer("That story is no longer stored.", show_alert=True)
        return
    if action == "mute":
        stories.set_muted(chat.id, story_id, True)
    else:
        stories.set_followed(chat.id, story_id, action == "follow")
    await query.answer(ANSWERS[action])
    log.info("chat %s: %s story %d", chat.id, action, story_id)
    if query.message is not None and isinstance(query.message.reply_markup, InlineKeyboardMarkup):
        markup = _relabel(query.message.reply_markup, story_id, action)
        with unless_unchanged():  # a double tap: the keyboard already says so
            await query.edit_message_reply_markup(markup)


def _relabel(markup: InlineKeyboardMarkup, story_id: int, action: str) -> InlineKeyboardMarkup:
    """The tapped story's row says what it is now: Unfollow after Follow, gone after Mute."""
    rows = []
    for row in markup.inline_keyboard:
        data = [str(b.callback_data) for b in row]
        if not any(d.endswith(f":{story_id}") for d in data):
            rows.append(list(row))
            continue
        if action == "mute":
            continue
        number = row[0].text.rsplit(" ", 1)[-1] if row[0].text[-1].isdigit() else ""
        suffix = f" {number}" if number else ""
        follow = (
            InlineKeyboardButton(f"Unfollow{suffix}", callback_data=f"story:unfollow:{story_id}")
            if action == "follow"
            else InlineKeyboardButton(f"Follow story{suffix}", callback_data=f"story:follow:{story_id}")
        )
        rows.append([follow, *row[1:]])
    return InlineKeyboardMarkup(rows)


async def on_stories(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    stories = StoryStore(services(context).store.db)
    followed = stories.followed(chat.id)
    if not followed:
        await reply_plain(message, NO_STORIES)
        return
    lines = ["<b>Stories you follow</b>"]
    buttons = []
    for n, story_id in enumerate(followed[:SHOWN], start=1):
        members = stories.members(story_id)
        sources = len({m.publisher for m in members})
        last = max(m.joined_at for m in members) if members else None
        when = f", last news {last:%a} {last.day} {last:%b}" if last else ""
        plural = "source" if sources == 1 else "sources"
        title = clip(stories.title(story_id) or "", TITLE_CHARS)
        lines.append(f"{n}. {esc(title)} · {sources} {plural}{when}")
        buttons.append([InlineKeyboardButton(f"Unfollow {n}", callback_data=f"story:unfollow:{story_id}")])
    if len(followed) > SHOWN:
        lines.append(f"<i>…and {len(followed) - SHOWN} older ones; unfollow some to see them here.</i>")
    await reply_html(message, "\n".join(lines), reply_markup=InlineKeyboardMarkup(buttons))
