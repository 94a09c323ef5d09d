"""The chat side of sources: /follow, /following (with buttons), /unfollow, /filter, OPML import and
`/export opml`. In groups only admins change the chat's sources and filters.
"""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.access import may_change_chat
from bot.destinations import command_target, target_chat
from bot.destinations.target import Target
from bot.outgoing import (
    MESSAGE_LIMIT,
    TITLE_CHARS,
    clip,
    edit_html,
    is_not_modified,
    reply_html,
    reply_plain,
    truncate_html,
)
from bot.outgoing.render import esc, split_blocks
from bot.services import services
from storage.destinations import DestinationStore
from storage.sources import BRIEFING, INSTANT, PAUSED, Follow, SourceStore

from . import following
from .filters import EXCLUDE, INCLUDE, MAX_FILTERS, MAX_PHRASE_CHARS, normalise
from .opml import BadOpml, read_opml, write_opml
from .work import kick

log = logging.getLogger(__name__)

FOLLOW_USAGE = (
    "Send <code>/follow</code> with a feed or site link, a channel (<code>@name</code> or "
    "<code>t.me/name</code>) or a channel post link; or reply <code>/follow</code> to a post forwarded "
    "from a channel."
)
ADMINS_ONLY = "Only an admin of this group can change what it follows."
NO_SOURCES = "This chat follows no sources yet. " + FOLLOW_USAGE
FILTER_USAGE = (
    "<code>/filter include WORDS</code> keeps only items that mention them; "
    "<code>/filter exclude WORDS</code> drops items that do; <code>/filter remove WORDS</code>, "
    "<code>/filter clear</code>. Whole words, any letter case, on titles and summaries."
)
MAX_OPML_BYTES = 512 * 1024
OPML_WORKERS = 4
MAX_BUTTON_SOURCES = 30
MAX_OTHER_FEEDS = 10  # a page's other feeds named after /follow; the rest are counted
URL_CHARS = 200  # a feed's address shown as text
REASON_CHARS = 400  # a refusal or a server's error, said back
MAX_LEFT_OUT_NAMED = 50  # feeds past the limit named in the import report
ANSWER_CHARS = 200  # Telegram's limit for a button's answer
_BUTTON = re.compile(r"^src:(unfollow|pause|resume|instant|briefing):(\d+)$")


def register(app: Application) -> None:
    app.add_handler(CommandHandler("follow", on_follow))
    app.add_handler(CommandHandler("following", on_following))
    app.add_handler(CommandHandler("unfollow", on_unfollow))
    app.add_handler(CommandHandler("filter", on_filter))
    app.add_handler(
        CommandHandler("export", on_export_opml, filters=filters.Regex(r"(?i)^/export(@\w+)?\s+opml\s*$"))
    )
    app.add_handler(CallbackQueryHandler(on_button, pattern=_BUTTON))
    opml_file = filters.Document.FileExtension("opml") | filters.Document.MimeType("text/x-opml")
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & opml_file, on_opml))


# --- /follow --------------------------------------------------------------------------------------------


async def _changeable_target(
    update: Update, context: ContextTypes.DEFAULT_TYPE
) -> tuple[Message, Target] | None:
    """As `command_target`, for a command that changes the chat: only those who may change it get through."""
    found = await command_target(update, context)
    if found is None:
        return None
    message, dest = found
    if not await may_change_chat(update, context):
        await reply_plain(message, ADMINS_ONLY)
        return None
    return message, dest


async def on_follow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await _changeable_target(update, context)
    if found is None:
        return
    message, dest = found
    target = " ".join(context.args or []).strip() or _forwarded_channel(message)
    if target is None:
        await reply_html(message, FOLLOW_USAGE)
        return
    if target == "":
        await reply_plain(
            message, "That post comes from a private channel; I can only follow public channels."
        )
        return
    svc = services(context)
    if dest.channel is None:
        chat = message.chat
        svc.store.touch_chat(dest.chat_id, chat.type, chat.title or chat.full_name)
    else:
        svc.store.touch_chat(dest.chat_id, ChatType.CHANNEL, dest.channel.title)
    result = await following.follow(context.application, dest.chat_id, target)
    if result.source is not None and result.status != following.REFUSED:  # instant items: this topic
        DestinationStore(svc.store.db).set_follow_thread(dest.chat_id, result.source.id, dest.thread_id)
    await reply_html(message, dest.prefix + follow_reply(result), disable_web_page_preview=True)
    if result.status == following.ADDED:
        kick(context.application)


def _forwarded_channel(message: Message) -> str | None:
    """'@name' of the channel a replied-to forward came from; '' for a channel without a username."""
    replied = message.reply_to_message
    origin = replied.forward_origin if replied else None
    if origin is None or origin.type != "channel":
        return None
    username = getattr(origin.chat, "username", None)  # type: ignore[attr-defined]
    return f"@{username}" if username else ""


def follow_reply(result: following.FollowResult) -> str:
    if result.status == following.REFUSED:
        return esc(clip(result.reason, REASON_CHARS))
    source = result.source
    assert source is not None
    name = f"<b>{esc(clip(source.name, TITLE_CHARS))}</b>"
    if result.status == following.ALREADY:
        return f"This chat already follows {name}. See /following."
    kind = "channel" if source.kind == "channel" else "feed"
    lines = [f"Following {name} ({kind}: {esc(clip(source.url, URL_CHARS))})."]
    found = result.found
    if found is not None and found.page is not None and found.chosen is not None:
        others = [f for f in found.page.feeds if f.url != found.chosen.url]
        chosen = esc(clip(found.chosen.title or found.chosen.url, TITLE_CHARS))
        if others:
            shown = ", ".join(esc(clip(f.url, URL_CHARS)) for f in others[:MAX_OTHER_FEEDS])
            more = f" and {len(others) - MAX_OTHER_FEEDS} more" if len(others) > MAX_OTHER_FEEDS else ""
            lines.append(
                f"The page links to {len(found.page.feeds)} feeds; I chose “{chosen}”. Others: {shown}{more}"
            )
        else:
            lines.append(f"Found its feed: “{chosen}”.")
    lines.append(
        "Its new items come in your daily briefing (/subscribe); /following switches it to instant, "
        "one message per item."
    )
    return "\n".join(lines)


# --- /following and its buttons --------------------------------------------------------------------------


async def on_following(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await command_target(update, context)
    if found is None:
        return
    message, dest = found
    svc = services(context)
    follows = SourceStore(svc.store.db).follows(dest.chat_id)
    if not follows:
        await reply_html(message, NO_SOURCES)
        return
    parts = render_following(follows, svc.clock())
    for index, part in enumerate(parts):
        markup = following_buttons(follows) if index == len(parts) - 1 else None
        await reply_html(message, part, reply_markup=markup, disable_web_page_preview=True)


def render_following(follows: list[Follow], now: datetime) -> list[str]:
    blocks = [f"<b>This chat follows {len(follows)} source{'s' if len(follows) != 1 else ''}</b>"]
    for number, follow in enumerate(follows, start=1):
        source = follow.source
        state = "paused by you" if follow.paused else "paused: failing" if source.state == PAUSED else ""
        mode = "instant" if follow.mode == INSTANT else "in briefing"
        head = f"{number}. <b>{esc(clip(source.name, TITLE_CHARS))}</b> · {mode}" + (
            f" · {state}" if state else ""
        )
        last_new = _ago(source.last_new_at, now) if source.last_new_at else "nothing yet"
        health = f"last new item: {last_new}"
        if source.last_error and source.failures:
            error = esc(clip(source.last_error, REASON_CHARS))
            health += f" · last error ({_ago(source.last_error_at, now)}): {error}"
        else:
            health += " · no errors"
        blocks.append(f"{head}\n<i>{health}</i>\n{esc(clip(source.url, URL_CHARS))}")
    if len(follows) <= MAX_BUTTON_SOURCES:
        blocks.append("Buttons: ✕ unfollow · ⏸ pause / ▶ resume · ⚡ instant / 📰 in briefing.")
    else:
        blocks.append("Use /unfollow N to stop following source N.")
    return split_blocks(blocks)


def following_buttons(follows: list[Follow]) -> InlineKeyboardMarkup | None:
    if len(follows) > MAX_BUTTON_SOURCES:
        return None
    rows = []
    for number, follow in enumerate(follows, start=1):
        sid = follow.source.id
        rows.append(
            [
                InlineKeyboardButton(f"✕ {number}", callback_data=f"src:unfollow:{sid}"),
                InlineKeyboardButton(f"▶ {number}", callback_data=f"src:resume:{sid}")
                if follow.paused
                else InlineKeyboardButton(f"⏸ {number}", callback_data=f"src:pause:{sid}"),
                InlineKeyboardButton(f"📰 {number}", callback_data=f"src:briefing:{sid}")
                if follow.mode == INSTANT
                else InlineKeyboardButton(f"⚡ {number}", callback_data=f"src:instant:{sid}"),
            ]
        )
    return InlineKeyboardMarkup(rows)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    dest = await target_chat(update, context)  # the chat itself, its topic, or a managed channel
    if dest is None:
        return
    match = _BUTTON.match(query.data)
    assert match is not None
    if not await may_change_chat(update, context):
        await query.answer(ADMINS_ONLY, show_alert=True)
        return
    action, source_id = match.group(1), int(match.group(2))
    svc = services(context)
    store = SourceStore(svc.store.db)
    follow = store.follow_of(dest.chat_id, source_id)
    if follow is None:
        await query.answer("This chat no longer follows that source.")
    else:
        name = clip(follow.source.name, TITLE_CHARS)
        if action == "unfollow":
            store.unfollow(dest.chat_id, source_id)
            note = f"Unfollowed {name}."
        elif action in {"pause", "resume"}:
            store.set_paused(dest.chat_id, source_id, action == "pause")
            note = f"{'Paused' if action == 'pause' else 'Resumed'} {name}."
        else:
            store.set_mode(dest.chat_id, source_id, INSTANT if action == "instant" else BRIEFING)
            how = "each new item as its own message" if action == "instant" else "in your briefing"
            note = f"{name}: {how}."
        await query.answer(clip(note, ANSWER_CHARS))
    follows = store.follows(dest.chat_id)
    if query.message is None:
        return
    text = render_following(follows, svc.clock())[0] if follows else NO_SOURCES
    try:
        await query.edit_message_text(
            truncate_html(text, MESSAGE_LIMIT),
            parse_mode=ParseMode.HTML,
            reply_markup=following_buttons(follows),
            disable_web_page_preview=True,
        )
    except BadRequest as exc:  # the list stays as it was: the tap itself was answered above
        if not is_not_modified(exc):  # not modified: a double press, nothing to say
            log.warning("following list not edited: %s", exc)


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} d ago"


# --- /unfollow ---------------------------------------------------------------------------------------------


async def on_unfollow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await _changeable_target(update, context)
    if found is None:
        return
    message, dest = found
    text = " ".join(context.args or [])
    if not text:
        await reply_html(
            message,
            "Say which source: <code>/unfollow N</code> (its number in /following), its link or @name.",
        )
        return
    svc = services(context)
    store = SourceStore(svc.store.db)
    source = following.find_followed(store, dest.chat_id, text, svc.settings.tme_base)
    if source is None:
        await reply_plain(message, f"This chat follows nothing called “{quoted(text)}”. See /following.")
        return
    store.unfollow(dest.chat_id, source.id)
    await reply_plain(message, f"Unfollowed {clip(source.name, TITLE_CHARS)}.", disable_web_page_preview=True)


# --- /filter -----------------------------------------------------------------------------------------------


async def on_filter(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await command_target(update, context)
    if found is None:
        return
    message, dest = found
    svc = services(context)
    store = SourceStore(svc.store.db)
    args = context.args or []
    if not args:
        await reply_html(message, render_filters(store.filters(dest.chat_id)))
        return
    if not await may_change_chat(update, context):
        await reply_plain(message, "Only an admin of this group can change its filters.")
        return
    verb, phrase = args[0].lower(), normalise(" ".join(args[1:]).strip("\"'“”«»"))
    if verb == "clear":
        count = store.clear_filters(dest.chat_id)
        await reply_plain(message, f"Removed all {count} filter(s)." if count else "There were no filters.")
        return
    reply = _change_filter(store, dest.chat_id, verb, phrase)
    await reply_html(message, reply)


def _change_filter(store: SourceStore, chat_id: int, verb: str, phrase: str) -> str:
    kinds = {
        "include": INCLUDE,
        "only": INCLUDE,
        "+": INCLUDE,
        "exclude": EXCLUDE,
        "skip": EXCLUDE,
        "-": EXCLUDE,
    }
    if verb not in {*kinds, "remove", "delete"}:
        return f"I don't know “{esc(quoted(verb))}”. {FILTER_USAGE}"
    if any(unicodedata.category(ch) in {"Cc", "Cs"} for ch in phrase):
        return (
            "Filters are words: that one has control characters in it, so I kept your filters as they were."
        )
    if not phrase or not re.search(r"\w", phrase):
        return f"Give the words too. {FILTER_USAGE}"
    if len(phrase) > MAX_PHRASE_CHARS:
        return f"That is too long for a filter (at most {MAX_PHRASE_CHARS} characters)."
    if verb in {"remove", "delete"}:
        removed = store.remove_filter(chat_id, phrase)
        return f"Removed the filter “{esc(phrase)}”." if removed else f"There is no filter “{esc(phrase)}”."
    if len(store.filters(chat_id)) >= MAX_FILTERS:
        return f"This chat has {MAX_FILTERS} filters, the most I allow; remove one first."
    kind = kinds[verb]
    store.add_filter(chat_id, kind, phrase)
    what = "Only items that mention" if kind == INCLUDE else "No items that mention"
    return f"{what} “{esc(phrase)}” from now on.\n\n{render_filters(store.filters(chat_id))}"


def render_filters(rules: list[tuple[str, str]]) -> str:
    if not rules:
        return f"No filters: every new item of the sources you follow comes through.\n{FILTER_USAGE}"
    include = [p for k, p in rules if k == INCLUDE]
    exclude = [p for k, p in rules if k == EXCLUDE]
    lines = ["<b>Filters</b> (titles and summaries, whole words, any case)"]
    if include:
        lines.append("Only items with: " + ", ".join(f"“{esc(p)}”" for p in include))
    if exclude:
        lines.append("Never items with: " + ", ".join(f"“{esc(p)}”" for p in exclude))
    return "\n".join(lines)


# --- OPML --------------------------------------------------------------------------------------------------


async def on_opml(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or message.document is None:
        return
    if not await may_change_chat(update, context):
        await reply_plain(message, ADMINS_ONLY)
        return
    if (message.document.file_size or 0) > MAX_OPML_BYTES:
        await reply_plain(message, "That OPML file is too big for me (over 512 KB).")
        return
    data = bytes(await (await message.document.get_file()).download_as_bytearray())
    try:
        outlines = read_opml(data)
    except BadOpml as exc:
        await reply_plain(message, str(exc))
        return
    if not outlines:
        await reply_plain(message, "That OPML file lists no feeds (no outline with an xmlUrl).")
        return
    svc = services(context)
    # No more fetches than the chat may still follow: a 512 KB file can list 10,000 feeds.
    room = max(0, svc.settings.max_sources_per_chat - SourceStore(svc.store.db).count_follows(chat.id))
    outlines, left_out = outlines[: max(room, 1)], outlines[max(room, 1) :]
    (status,) = await reply_plain(message, f"Importing {len(outlines)} source(s)…")
    svc.store.touch_chat(chat.id, chat.type, chat.title or chat.full_name)
    gate = asyncio.Semaphore(OPML_WORKERS)

    async def one(url: str) -> following.FollowResult:
        async with gate:
            return await following.follow(context.application, chat.id, url)

    results = await asyncio.gather(*(one(outline.url) for outline in outlines))
    report = render_import([o.url for o in outlines], results)
    if left_out:
        report.append(not_imported([o.url for o in left_out], svc.settings.max_sources_per_chat))
    parts = split_blocks(report)
    await edit_html(status, parts[0], disable_web_page_preview=True)
    for part in parts[1:]:
        await reply_html(message, part, disable_web_page_preview=True)
    kick(context.application)


def render_import(urls: list[str], results: list[following.FollowResult]) -> list[str]:
    added = [(u, r) for u, r in zip(urls, results, strict=True) if r.status == following.ADDED]
    already = [(u, r) for u, r in zip(urls, results, strict=True) if r.status == following.ALREADY]
    refused = [(u, r) for u, r in zip(urls, results, strict=True) if r.status == following.REFUSED]
    blocks = [
        f"<b>OPML import</b>: {len(added)} added, {len(already)} already followed, {len(refused)} refused."
    ]
    if added:
        blocks.append("Added:\n" + "\n".join(f"• {_named(u, r)}" for u, r in added))
    if already:
        blocks.append("Already followed:\n" + "\n".join(f"• {_named(u, r)}" for u, r in already))
    for u, r in refused:
        blocks.append(f"Refused: {esc(quoted(u, URL_CHARS))}\n  {esc(clip(r.reason, REASON_CHARS))}")
    return blocks


def not_imported(urls: list[str], limit: int) -> str:
    """The outlines past the chat's limit, named (the first ones) and counted; nothing was fetched."""
    shown = "\n".join(f"• {esc(quoted(u, URL_CHARS))}" for u in urls[:MAX_LEFT_OUT_NAMED])
    more = f"\n…and {len(urls) - MAX_LEFT_OUT_NAMED} more." if len(urls) > MAX_LEFT_OUT_NAMED else ""
    return (
        f"Not imported: {len(urls)} more feed(s), because a chat may follow at most {limit} sources. "
        f"Unfollow some and send the file again:\n{shown}{more}"
    )


def _named(url: str, result: following.FollowResult) -> str:
    return esc(clip(result.source.name, TITLE_CHARS) if result.source else quoted(url, URL_CHARS))


def quoted(text: str, limit: int = 80) -> str:
    """What the user typed, said back: on one line, control characters shown as spaces, bounded."""
    return clip("".join(ch if ch.isprintable() else " " for ch in text), limit)


async def on_export_opml(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    svc = services(context)
    follows = SourceStore(svc.store.db).follows(chat.id)
    if not follows:
        await reply_html(message, NO_SOURCES)
        return
    outlines = [(f.source.url, f.source.title, f.source.site_url) for f in follows]
    data = write_opml(outlines, title="Newsbrief sources", now=svc.clock())
    await message.reply_document(
        document=data,
        filename=f"newsbrief-sources-{svc.clock():%Y-%m-%d}.opml",
        caption=f"{len(follows)} source(s) this chat follows, as OPML.",
    )
