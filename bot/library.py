"""A chat's library: /history, /digest N, /search WORDS, /forget and /export.

Everything is scoped to the chat the command comes from (storage.library joins through `requests`),
and callback data carries no chat id, so no button press can reach another chat's digests.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from storage import StoredDigest
from storage.destinations import DestinationStore
from storage.library import (
    MATCH_END,
    MATCH_START,
    ForgetReport,
    HistoryPage,
    chat_digest_refs,
    chat_has_digest,
    forget_chat,
    fts_query,
    history_page,
    search_chat,
    search_words,
)
from summarizer.figures import figure_label

from .access import may_change_chat
from .briefings import scheduler
from .outgoing import SITE_CHARS, clip, edit_html, fit_caption, reply_html, unless_unchanged
from .outgoing.render import esc, render_digest, split_blocks
from .replies.origins import as_seen_by
from .services import Services, services

log = logging.getLogger(__name__)

PAGE_SIZE = 5
SEARCH_RESULTS = 5
HEADLINE_CHARS = 90
SNIPPET_CHARS = 300  # FTS snippets are a few tokens, but one token can be a 6,000-character "word"
MAX_DOCUMENT_BYTES = 45 * 1024 * 1024  # Telegram lets bots send up to 50 MB
HISTORY_DATA = re.compile(r"^hist:(\d{1,6})$")
FORGET_DATA = re.compile(r"^forget:(yes|no):(\d{1,20})$")
EMPTY_LIBRARY = "No digests in this chat yet. Forward me an article and I'll keep its digest here."
DIGEST_USAGE = "Send /digest N, where N is the number after “saved as #” in a digest (see /history)."
SEARCH_USAGE = "Send /search and the words to look for, e.g. /search drones Kyiv."
FORGET_NOT_YOURS = {  # keyed by "is this a private chat"
    True: "Only the person who sent /forget can answer this.",
    False: "Only an admin of this group can answer this.",
}
EXPORT_USAGE = "Send /export for a JSON file or /export csv for a spreadsheet."
CSV_FIELDS = [
    "id", "created_at", "url", "source", "headline", "summary", "summary_kind", "model", "language",
    "figures", "entities", "words_in", "words_out",
]  # fmt: skip


def register(app: Application) -> None:
    app.add_handler(CommandHandler("history", on_history))
    app.add_handler(CommandHandler("digest", on_digest))
    app.add_handler(CommandHandler("search", on_search))
    app.add_handler(CommandHandler("forget", on_forget))
    app.add_handler(CommandHandler("export", on_export))
    app.add_handler(CallbackQueryHandler(on_history_page, pattern=HISTORY_DATA))
    app.add_handler(CallbackQueryHandler(on_forget_answer, pattern=FORGET_DATA))


# --- /history --------------------------------------------------------------------------------------


async def on_history(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    page = history_page(services(context).store.db, chat.id, 0, PAGE_SIZE)
    if not page.items:
        await message.reply_text(EMPTY_LIBRARY)
        return
    await reply_html(message, render_history(page), reply_markup=history_buttons(page))


async def on_history_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    match = HISTORY_DATA.match(query.data or "") if query else None
    if query is None or match is None:
        return
    if not isinstance(query.message, Message):  # Telegram no longer shows us the message (too old)
        await query.answer("That list is too old to page; send /history again.")
        return
    await query.answer()
    db = services(context).store.db
    chat_id = query.message.chat.id
    page = history_page(db, chat_id, int(match.group(1)), PAGE_SIZE)
    if not page.items and page.total:  # the history shrank since the buttons were drawn
        page = history_page(db, chat_id, (page.total - 1) // PAGE_SIZE * PAGE_SIZE, PAGE_SIZE)
    text = render_history(page) if page.items else EMPTY_LIBRARY
    await _edit(query.message, text, history_buttons(page) if page.items else None)


def render_history(page: HistoryPage) -> str:
    first, last = page.offset + 1, page.offset + len(page.items)
    lines = [f"<b>Digests in this chat</b> ({first}–{last} of {page.total})"]
    for item in page.items:
        source = f" — {esc(clip(item.source, SITE_CHARS))}" if item.source else ""
        lines.append(f"#{item.digest_id} · {esc(_short(item.headline))}{source} · {_day(item.requested_at)}")
    example = page.items[0].digest_id
    lines.append(f"\nOpen one with /digest {example}; find one with /search WORDS.")
    return "\n".join(lines)


def history_buttons(page: HistoryPage) -> InlineKeyboardMarkup | None:
    buttons = []
    if page.offset > 0:
        buttons.append(InlineKeyboardButton("◀", callback_data=f"hist:{max(0, page.offset - PAGE_SIZE)}"))
    if page.offset + len(page.items) < page.total:
        buttons.append(InlineKeyboardButton("▶", callback_data=f"hist:{page.offset + PAGE_SIZE}"))
    return InlineKeyboardMarkup([buttons]) if buttons else None


# --- /digest N -------------------------------------------------------------------------------------


async def on_digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    args = context.args or []
    raw = args[0].lstrip("#") if len(args) == 1 else ""
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        await message.reply_text(DIGEST_USAGE)
        return
    svc = services(context)
    digest_id = int(raw)
    # Same answer for "no such digest" and "another chat's digest": ids must not reveal what others read.
    stored = svc.store.load_digest(digest_id) if chat_has_digest(svc.store.db, chat.id, digest_id) else None
    if stored is None:
        await message.reply_text(f"There is no digest #{digest_id} in this chat. /history lists yours.")
        return
    (stored,) = as_seen_by(svc.store, chat.id, [stored])
    for part in render_digest(stored.digest, stored.article, digest_id=stored.id):
        await message.reply_text(part, parse_mode=ParseMode.HTML, disable_web_page_preview=True)


# --- /search WORDS ---------------------------------------------------------------------------------


async def on_search(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    words = search_words(" ".join(context.args or []))  # echoed back too: no control characters
    if fts_query(words) is None:
        await message.reply_text(SEARCH_USAGE)
        return
    hits = search_chat(services(context).store.db, chat.id, words, SEARCH_RESULTS)
    shown = esc(_short(words, 60))
    if not hits:
        await message.reply_text(
            f"No digest in this chat mentions all of: {shown}. Try fewer or other words.",
            parse_mode=ParseMode.HTML,
        )
        return
    blocks = [f"<b>Search</b>: {shown} — best {len(hits)} match{'es' if len(hits) > 1 else ''}"]
    for hit in hits:
        source = f" — {esc(clip(hit.source, SITE_CHARS))}" if hit.source else ""
        headline = f"#{hit.digest_id} · <b>{esc(_short(hit.headline))}</b>{source}"
        blocks.append(f"{headline}\n{_snippet(hit.snippet)}")
    blocks.append(f"Open one with /digest {hits[0].digest_id}.")
    for part in split_blocks(blocks):
        await message.reply_text(part, parse_mode=ParseMode.HTML, disable_web_page_preview=True)


def _snippet(text: str) -> str:
    """Escape first, then turn the storage's match markers into bold; stray markers are dropped."""
    escaped = esc(clip(text, SNIPPET_CHARS))
    bold = re.sub(f"{MATCH_START}(.*?){MATCH_END}", r"<b>\1</b>", escaped, flags=re.DOTALL)
    return "<i>" + bold.replace(MATCH_START, "").replace(MATCH_END, "") + "</i>"


# --- /forget ---------------------------------------------------------------------------------------


async def on_forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    if not await may_change_chat(update, context):
        await message.reply_text("Only an admin of this group can make me forget its digests.")
        return
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes, delete everything", callback_data=f"forget:yes:{user.id}"),
                InlineKeyboardButton("Cancel", callback_data=f"forget:no:{user.id}"),
            ]
        ]
    )
    await message.reply_text(
        "This deletes everything I keep for this chat: its digest history, briefings, briefing "
        "subscription and error log. Digests that other chats also asked for stay with them. Delete?",
        reply_markup=buttons,
    )


async def on_forget_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    match = FORGET_DATA.match(query.data or "") if query else None
    if query is None or match is None:
        return
    if not await _may_answer_forget(update, context, asker_id=int(match.group(2))):
        await query.answer(
            FORGET_NOT_YOURS[update.effective_chat is None or _is_private(update)], show_alert=True
        )
        return
    if not isinstance(query.message, Message):
        await query.answer("That question is too old; send /forget again.")
        return
    await query.answer()
    if match.group(1) == "no":
        await _edit(query.message, "Cancelled: nothing was deleted.", None)
        return
    svc = services(context)
    chat_id = query.message.chat.id
    report = forget_chat(svc.store.db, chat_id)
    if _is_private(update):  # the person, too: which channels they manage from here
        DestinationStore(svc.store.db).forget_user(chat_id)
    _drop_scheduled_jobs(context, chat_id)
    await _edit(query.message, render_forget(report), None)


async def _may_answer_forget(update: Update, context: ContextTypes.DEFAULT_TYPE, *, asker_id: int) -> bool:
    """Who may press Yes/Cancel: in a private chat its owner; in a group any admin of the group, asked
    of Telegram now. Not "the id on the button": an anonymous admin's /forget carries
    GroupAnonymousBot's id (1087968824), while the press comes from the admin's own account."""
    query = update.callback_query
    assert query is not None
    presser = query.from_user.id
    if presser in services(context).settings.admin_ids:
        return True
    chat = update.effective_chat
    if chat is None or _is_private(update):
        return presser == asker_id
    try:
        member = await context.bot.get_chat_member(chat.id, presser)
    except TelegramError as exc:  # e.g. the bot may no longer see the group's members
        log.warning("could not check %s's rights in chat %s: %s", presser, chat.id, exc)
        return False
    return member.status in {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}


def _is_private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE


def _drop_scheduled_jobs(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    """The subscription row is gone; the daily job built from it must go too (a pending retry job
    finds no subscription and does nothing)."""
    if context.job_queue is not None:
        scheduler.unschedule_chat(context.application, chat_id)


def render_forget(report: ForgetReport) -> str:
    kept = (
        f" {report.digests_kept} digest(s) other chats also asked for were kept for them."
        if report.digests_kept
        else ""
    )
    return (
        f"Done. I deleted this chat's history ({report.requests} article(s)), "
        f"{report.digests_deleted} digest(s) only this chat had, {report.briefings} briefing record(s), "
        f"{report.subscriptions} subscription(s) and {report.errors} error record(s).{kept}"
    )


# --- /export [json|csv] ----------------------------------------------------------------------------


async def on_export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    args = [a.lower() for a in context.args or []]
    kind = args[0] if args else "json"
    if len(args) > 1 or kind not in {"json", "csv"}:
        await message.reply_text(EXPORT_USAGE)
        return
    svc = services(context)
    records = export_records(svc, chat.id)
    if not records:
        await message.reply_text(EMPTY_LIBRARY)
        return
    data = export_json(records, chat.id, svc.clock()) if kind == "json" else export_csv(records)
    if len(data) > MAX_DOCUMENT_BYTES:
        await message.reply_text("This chat's library is too large for one Telegram file.")
        return
    stamp = svc.clock().strftime("%Y-%m-%d")
    await message.reply_document(
        document=data,
        filename=f"newsbrief-{stamp}.{kind}",
        caption=fit_caption(f"{len(records)} digest(s) from this chat, as {kind.upper()}."),
        parse_mode=ParseMode.HTML,
    )


def export_records(svc: Services, chat_id: int) -> list[dict[str, Any]]:
    """The chat's digests in `Digest.to_json()` shape plus id, created_at, url and source.

    created_at is when this chat first sent the article, not when the (possibly shared) digest was
    made: the latter would tell a chat that someone else read the story earlier.
    """
    refs = chat_digest_refs(svc.store.db, chat_id)
    found = [stored for ref in refs if (stored := svc.store.load_digest(ref.digest_id)) is not None]
    requested = {ref.digest_id: ref.requested_at for ref in refs}
    return [_record(stored, requested[stored.id]) for stored in as_seen_by(svc.store, chat_id, found)]


def _record(stored: StoredDigest, requested_at: str) -> dict[str, Any]:
    article = stored.article
    return {
        "id": stored.id,
        "created_at": requested_at,
        "url": article.url or article.source_url,
        "source": article.source,
        **stored.digest.to_json(),
        "figure_labels": [figure_label(f) for f in stored.digest.figures],
    }


def export_json(records: list[dict[str, Any]], chat_id: int, now: datetime) -> bytes:
    document = {
        "format": "newsbrief-export/1",
        "chat_id": chat_id,
        "exported_at": now.isoformat(timespec="seconds"),
        "digests": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def export_csv(records: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for record in records:
        row = {
            **record,
            "figures": "; ".join(record["figure_labels"]),
            "entities": "; ".join(e["text"] for e in record["entities"]),
            "words_in": record["stats"]["words_in"],
            "words_out": record["stats"]["words_out"],
        }
        writer.writerow({key: _cell(row.get(key)) for key in CSV_FIELDS})
    # BOM: spreadsheet programs read the file as UTF-8 only with it.
    return out.getvalue().encode("utf-8-sig")


def _cell(value: object) -> object:
    """Defuse spreadsheet formulas: article text is untrusted, and =HYPERLINK(...) would run in Excel."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return "" if value is None else value


# --- helpers ---------------------------------------------------------------------------------------


async def _edit(message: Message, text: str, markup: InlineKeyboardMarkup | None) -> None:
    with unless_unchanged():  # a double tap on the same page is fine
        await edit_html(message, text, reply_markup=markup)


def _short(text: str, limit: int = HEADLINE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _day(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).strftime("%Y-%m-%d")
    except (TypeError, ValueError):
        return ""
