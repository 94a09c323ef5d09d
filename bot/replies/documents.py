"""Shared files: .html, .htm and .txt documents become articles; anything else gets a clear answer."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import PurePosixPath

from telegram import Update
from telegram.ext import ContextTypes

from ..outgoing import SITE_CHARS, clip
from ..services import services
from ..web.extract import MIN_ARTICLE_CHARS, extract_article_async
from ..web.fetch import FetchedPage, FetchError, NotAnArticleType, decode_body, human_size
from ..web.sniff import looks_binary
from . import jobs
from .digests import summarize_and_reply
from .inputs import Origin, read_origin
from .links import record_error

log = logging.getLogger(__name__)

_KINDS = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain"}
BINARY_FILE = (
    "That file holds binary data, not text, so there is no article in it for me. Send the article "
    "saved as text (.txt or .html), or paste it."
)
NOT_A_DOCUMENT_I_READ = (
    "I can read articles saved as .html, .htm or .txt files. For other files, paste the article text "
    "or send a link to it."
)


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or message.document is None:
        return
    svc = services(context)
    document = message.document
    content_type = _content_type(document.file_name, document.mime_type)
    if content_type is None:
        await message.reply_text(NOT_A_DOCUMENT_I_READ)
        return
    limit = svc.settings.max_document_bytes
    if (document.file_size or 0) > limit:
        await message.reply_text(_too_large(limit))
        return
    status = await jobs.status_message(
        message, f"Reading {clip(document.file_name or 'the file', SITE_CHARS)}…"
    )
    data = bytes(await (await document.get_file()).download_as_bytearray())
    if len(data) > limit:  # the declared size can be missing or wrong
        await status.edit_text(_too_large(limit))
        return
    text, _ = decode_body(data, None, html=content_type == "text/html")
    page = FetchedPage(final_url="", status=200, content_type=content_type, text=text, bytes_read=len(data))
    # A .txt file is the article itself, like pasted text: the summarizer judges its length (and says
    # "too short" in words), not the extractor's 400-character test meant for web pages.
    min_chars = 0 if content_type == "text/plain" else MIN_ARTICLE_CHARS
    try:
        if looks_binary(text):  # a picture or program renamed .txt: control characters, not words
            raise NotAnArticleType(BINARY_FILE)
        article = await extract_article_async(page, min_chars=min_chars)
    except FetchError as exc:
        record_error(svc, message, exc.kind, document.file_name or "")
        await status.edit_text(exc.message)
        return
    # The shared digest keeps what the file itself says (its site name) and a public channel it was
    # forwarded from; the file's name and any private origin are this chat's own.
    named = Origin(document.file_name) if document.file_name and not article.source else None
    origin = read_origin(message) or named
    public = origin if origin and origin.public else None
    article = replace(
        article,
        url=None,
        source=public.name if public else article.source,
        source_url=public.url if public else None,
    )
    await summarize_and_reply(message, article, svc, status=status, origin=origin)


def _content_type(file_name: str | None, mime_type: str | None) -> str | None:
    suffix = PurePosixPath(file_name or "").suffix.lower()
    if suffix in _KINDS:
        return _KINDS[suffix]
    if mime_type in {"text/html", "text/plain"} and not suffix:
        return mime_type
    return None


def _too_large(limit: int) -> str:
    return f"That file is too big for me (over {human_size(limit)}). Paste the article text instead."
