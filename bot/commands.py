"""Commands that explain the bot."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

HELP = (
    "<b>Newsbrief</b> turns news into short digests: a headline, a 2-4 sentence summary, "
    "the key figures (who was killed, how many drones, how much money) and who/where.\n\n"
    "<b>Send me</b>\n"
    "• a forwarded channel post or message with the article text\n"
    "• pasted article text\n"
    "• a link to a news article\n"
    "• an .html or .txt file\n\n"
    "<b>Daily briefing</b>\n"
    "/subscribe [HH:MM] [Area/City] — every day at your time · /briefing — now · /settings · /unsubscribe\n"
    "Each story once, every source named, what changed since yesterday · /stories — the ones you follow\n\n"
    "<b>Sources</b> (feeds, sites, public channels)\n"
    "/follow LINK|@channel — its new items in your briefing · /following — list, pause, instant · "
    "/unfollow N · /filter — words to keep or drop · send an .opml file to import · /export opml\n\n"
    "<b>Channels</b>\n"
    "Add me to your channel as an admin who may post, then /channels here to manage its briefing\n\n"
    "<b>Your library</b>\n"
    "/history — your digests · /digest N — one again · /search WORDS · /export [csv] · /forget\n"
    "/stats [today|week|month|all] — what I did for this chat\n"
    "/help — this message"
)


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message:
        await update.effective_message.reply_text(
            "Hi! Forward me a news article, paste its text or send a link, and I'll reply with a digest.\n\n"
            + HELP,
            parse_mode=ParseMode.HTML,
        )


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message:
        await update.effective_message.reply_text(HELP, parse_mode=ParseMode.HTML)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message:
        await update.effective_message.reply_text("I don't know that command. /help lists what I can do.")
