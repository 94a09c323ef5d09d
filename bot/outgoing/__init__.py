"""Everything the bot sends goes through here: Telegram HTML measured the way Telegram measures it.

Telegram counts a message's length in UTF-16 code units of the text *after* entity parsing (tags
dropped, `&amp;` counted as one character, an emoji as two) and refuses HTML whose tags do not nest.
`split` cuts any HTML into parts within a limit without breaking a tag or an entity (tags open at a
cut are closed there and reopened in the next part; a word longer than a message is hard-cut between
characters); `fields` bounds what comes from outside (titles, site names, URLs) before it is rendered;
`send` is the one way replies, edits and captions leave the bot (and tells an edit that changes
nothing from a real refusal); `render` turns a Digest into that HTML.
"""

from .fields import MAX_HREF, SITE_CHARS, TITLE_CHARS, clip, link
from .send import (
    edit_html,
    fit_caption,
    is_not_modified,
    reply_html,
    reply_plain,
    send_html,
    send_plain,
    unless_unchanged,
)
from .split import (
    CAPTION_LIMIT,
    MESSAGE_LIMIT,
    split_html,
    split_plain,
    truncate_html,
    utf16_len,
    visible_text,
)

__all__ = [
    "CAPTION_LIMIT",
    "MAX_HREF",
    "MESSAGE_LIMIT",
    "SITE_CHARS",
    "TITLE_CHARS",
    "clip",
    "edit_html",
    "fit_caption",
    "is_not_modified",
    "link",
    "reply_html",
    "reply_plain",
    "send_html",
    "send_plain",
    "split_html",
    "split_plain",
    "truncate_html",
    "unless_unchanged",
    "utf16_len",
    "visible_text",
]
