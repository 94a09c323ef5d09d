"""Routing of a message with news in it: pasted or forwarded text, or links to fetch."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from summarizer.pipeline import MIN_WORDS
from summarizer.text import count_words

from ..services import services
from .digests import TOO_SHORT, summarize_and_reply
from .inputs import read_message
from .links import answer_links

NOTHING_TO_READ = (
    "I read news: forward an article or a channel post, paste its text, send a link, or send an "
    ".html or .txt file. Photos, stickers, voice and video messages without article text are not "
    "something I can summarise."
)


async def on_article(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    svc = services(context)
    incoming = read_message(message)
    if incoming.links and count_words(incoming.text_without_links()) < MIN_WORDS:
        await answer_links(message, incoming.links, svc)
        return
    if not incoming.text.strip():
        await message.reply_text(NOTHING_TO_READ)
        return
    words = count_words(incoming.text)
    if words < MIN_WORDS:
        await message.reply_text(TOO_SHORT.format(words=words))
        return
    await summarize_and_reply(message, incoming.article(), svc, origin=incoming.origin)
