"""The fake Bot API server speaks Telegram well enough for the REAL python-telegram-bot.

These tests pin the test infrastructure itself: if they fail, every bot test's result is meaningless.
The echo handler below exists only here, to drive PTB's polling loop end to end.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
    Update,
)
from telegram.constants import MessageEntityType, ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fake_telegram import BOT_USERNAME, FakeTelegram

CHAT = 777

# PTB 22.2+ warns on reading int-valued durations (retry_after, voice.duration) until they become
# timedeltas; the helper below accepts both, so the warning is noise here.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def _seconds(value: float | timedelta) -> float:
    """Durations are ints today and timedeltas with PTB_TIMEDELTA=1 / PTB 23: accept both."""
    return value.total_seconds() if isinstance(value, timedelta) else value


def _app(server: FakeTelegram) -> Application:
    """Point a real Application at the fake exactly as the bot's tests do."""
    return (
        ApplicationBuilder()
        .token("123456:TEST")
        .base_url(f"{server.url}/bot")
        .base_file_url(f"{server.url}/file/bot")
        .build()
    )


@asynccontextmanager
async def _polling(app: Application) -> AsyncIterator[Application]:
    """Run ``app`` like production (long polling) and stop it in the order PTB requires."""
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")


async def test_real_application_polls_and_replies(fake_api: FakeTelegram) -> None:
    app = _app(fake_api)
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    async with _polling(app):
        assert app.bot.username == BOT_USERNAME
        fake_api.push_update(fake_api.text_message(CHAT, "hello 123"))
        call = await fake_api.wait_for("sendMessage", timeout=5)
    assert call.params["chat_id"] == CHAT
    assert call.params["text"] == "echo: hello 123"  # a numeric-looking text stays a str
    assert fake_api.messages_to(CHAT) == ["echo: hello 123"]
    assert [c.method for c in fake_api.calls[:2]] == ["getMe", "deleteWebhook"]


async def test_updates_are_confirmed_by_offset_and_not_redelivered(fake_api: FakeTelegram) -> None:
    app = _app(fake_api)
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    async with _polling(app):
        for text in ("one", "two", "three"):
            fake_api.push_update(fake_api.text_message(CHAT, text))
        await fake_api.wait_for("sendMessage", count=3)
        await asyncio.sleep(0.2)  # a few more polls: nothing may be delivered twice
    assert fake_api.messages_to(CHAT) == ["echo: one", "echo: two", "echo: three"]


async def test_stop_is_prompt_while_a_long_poll_is_pending() -> None:
    loop = asyncio.get_running_loop()
    async with FakeTelegram(max_poll_wait=30.0) as server:
        app = _app(server)
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(timeout=30)
            await server.wait_for("getUpdates")
            started = loop.time()
            await app.updater.stop()
            await app.stop()
    assert loop.time() - started < 2.0, "a pending long poll must not delay shutdown"


async def test_command_update_carries_bot_command_entity(fake_api: FakeTelegram) -> None:
    seen: list[list[str]] = []

    async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append(list(context.args or []))
        assert update.effective_message is not None
        await update.effective_message.reply_text("stats")

    app = _app(fake_api)
    app.add_handler(CommandHandler("stats", stats))
    async with _polling(app):
        fake_api.push_update(fake_api.command(CHAT, "/stats week"))
        await fake_api.wait_for("sendMessage")
    assert seen == [["week"]]


async def test_retry_after_is_raised_by_ptb(fake_api: FakeTelegram) -> None:
    fake_api.fail_next("sendMessage", status=429, retry_after=3)
    async with _app(fake_api) as app:
        with pytest.raises(RetryAfter) as info:
            await app.bot.send_message(CHAT, "hi")
        assert _seconds(info.value.retry_after) == 3
        await app.bot.send_message(CHAT, "hi again")  # only the next call failed
    assert fake_api.messages_to(CHAT) == ["hi again"]


async def test_generic_failure_and_blocked_chat(fake_api: FakeTelegram) -> None:
    fake_api.fail_next("sendMessage", status=400, description="Bad Request: chat not found", count=2)
    fake_api.block_chat(999)
    async with _app(fake_api) as app:
        for _ in range(2):
            with pytest.raises(BadRequest, match=r"(?i)chat not found"):
                await app.bot.send_message(CHAT, "x")
        with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
            await app.bot.send_message(999, "x")
        with pytest.raises(Forbidden):
            await app.bot.send_chat_action(999, "typing")
        await app.bot.send_message(CHAT, "fine")


async def test_strict_token_is_enforced() -> None:
    async with FakeTelegram(token="42:RIGHT") as server, server.application_builder().build() as app:
        assert app.bot.token == "42:RIGHT"
        wrong = ApplicationBuilder().token("42:WRONG").base_url(server.base_url).build()
        with pytest.raises(InvalidToken):
            # Not `async with wrong`: when initialize() fails, Application.shutdown() returns early and
            # leaks the bot's HTTP clients; Bot's own context manager does close them.
            async with wrong.bot:
                pass


async def test_html_is_validated_like_telegram(fake_api: FakeTelegram) -> None:
    async with _app(fake_api) as app:
        ok = await app.bot.send_message(CHAT, "<b>Title</b>\n<i>a &amp; b</i>", parse_mode=ParseMode.HTML)
        assert ok.text == "Title\na & b"  # Telegram returns the parsed text
        bad_html = (
            "<b>unclosed", "<b><i>x</b></i>", "line<br>break", "<div>x</div>", "a < b", "</b>",
            '<a href="x>link</a>', "<b>x</B>", "<span>x</span>", "x <b",
        )  # fmt: skip
        for bad in bad_html:
            with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
                await app.bot.send_message(CHAT, bad, parse_mode=ParseMode.HTML)
        # What TDLib does not refuse: unknown or unfinished entities stay as typed, "</>" closes any tag,
        # and the length is counted on the parsed text (a 4,096-character title of "&amp;" fits).
        odd = await app.bot.send_message(CHAT, "&nbsp; &am &amp <b>b</> &#128512;", parse_mode=ParseMode.HTML)
        assert odd.text == "&nbsp; &am & b 😀"
        await app.bot.send_message(CHAT, "&amp;" * 4096, parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match=r"(?i)message is too long"):
            await app.bot.send_message(CHAT, "😀" * 2049)  # 4,098 UTF-16 units
        with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
            await app.bot.send_photo(CHAT, "PHOTO_ID", caption="<b>" + "😀" * 513 + "</b>", parse_mode="HTML")
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
            await app.bot.send_photo(CHAT, "PHOTO_ID", caption="<b>bold", parse_mode="HTML")
        await app.bot.send_photo(CHAT, "PHOTO_ID", caption="&amp;" * 1024, parse_mode="HTML")
        with pytest.raises(BadRequest, match=r"(?i)message is too long"):
            await app.bot.send_message(CHAT, "x" * 4097)
        await app.bot.send_message(CHAT, "<b>" + "x" * 4096 + "</b>", parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match=r"(?i)text is empty"):
            await app.bot.send_message(CHAT, "<b> </b>", parse_mode=ParseMode.HTML)


async def test_edits_and_deletes_shape_what_the_user_sees(fake_api: FakeTelegram) -> None:
    async with _app(fake_api) as app:
        progress = await app.bot.send_message(CHAT, "Summarising…")
        other = await app.bot.send_message(CHAT, "temporary")
        edited = await app.bot.edit_message_text(
            "<b>Digest</b>", CHAT, progress.message_id, parse_mode="HTML"
        )
        assert edited.text == "Digest" and edited.edit_date is not None
        with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
            await app.bot.edit_message_text("<b>Digest</b>", CHAT, progress.message_id, parse_mode="HTML")
        assert await app.bot.delete_message(CHAT, other.message_id)
        with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
            await app.bot.edit_message_text("gone", CHAT, other.message_id)
        await app.bot.send_message(CHAT, "last")
    assert fake_api.messages_to(CHAT) == ["<b>Digest</b>", "last"]
    assert progress.message_id < other.message_id


async def test_callback_query_round_trip(fake_api: FakeTelegram) -> None:
    answered: list[str | None] = []

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.message is not None
        answered.append(query.data)
        await query.answer("done")
        await query.edit_message_reply_markup(None)

    app = _app(fake_api)
    app.add_handler(CallbackQueryHandler(on_button))
    async with _polling(app):
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more:1")]])
        sent = await app.bot.send_message(CHAT, "digest", reply_markup=markup)
        assert sent.reply_markup == markup
        fake_api.push_update(fake_api.callback_query(CHAT, sent.message_id, "more:1"))
        await fake_api.wait_for("editMessageReplyMarkup")
    assert answered == ["more:1"]
    assert fake_api.calls_of("answerCallbackQuery")[0].params["text"] == "done"
    stored = fake_api.message(CHAT, sent.message_id)
    assert stored is not None and "reply_markup" not in stored.json


async def test_get_file_and_download(fake_api: FakeTelegram) -> None:
    content = "article body — bytes".encode()
    fake_api.register_file("FILE1", content, file_path="documents/file_1.txt")
    async with _app(fake_api) as app:
        tg_file = await app.bot.get_file("FILE1")
        assert tg_file.file_size == len(content)
        assert bytes(await tg_file.download_as_bytearray()) == content
        with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
            await app.bot.get_file("NOPE")


async def test_send_document_records_the_upload(fake_api: FakeTelegram) -> None:
    async with _app(fake_api) as app:
        message = await app.bot.send_document(
            CHAT, b'{"digests": []}', filename="export.json", caption="<b>Export</b>", parse_mode="HTML"
        )
    assert message.document is not None and message.document.file_name == "export.json"
    assert message.caption == "Export"
    [upload] = fake_api.documents_to(CHAT)
    assert (upload.filename, upload.content) == ("export.json", b'{"digests": []}')
    assert fake_api.messages_to(CHAT) == []  # documents are not text messages


async def test_commands_and_unknown_methods(fake_api: FakeTelegram) -> None:
    async with _app(fake_api) as app:
        await app.bot.set_my_commands([("stats", "Your statistics"), ("brief", "Daily briefing")])
        commands = await app.bot.get_my_commands()
        assert [c.command for c in commands] == ["stats", "brief"]
        assert await app.bot.set_chat_menu_button() is True  # not modelled: generic ok
        photo = await app.bot.send_photo(CHAT, "https://example.org/x.jpg", caption="pic")
        assert photo.chat.id == CHAT
    assert fake_api.calls_of("setChatMenuButton")


def _origin_cases(server: FakeTelegram) -> list[tuple[dict[str, Any], type]]:
    return [
        (server.forwarded_channel_post(CHAT, "Wire story", "Kyiv Independent", "kyivindependent", 777),
         MessageOriginChannel),
        (server.forwarded_from_user(CHAT, "Story"), MessageOriginUser),
        (server.forwarded_hidden_user(CHAT, "Story", sender_user_name="Ann"), MessageOriginHiddenUser),
        (server.forwarded_from_chat(CHAT, "Story"), MessageOriginChat),
    ]  # fmt: skip


async def test_forward_builders_parse_into_ptb_origins(fake_api: FakeTelegram) -> None:
    async with _app(fake_api) as app:
        for data, origin_type in _origin_cases(fake_api):
            message = Update.de_json(data, app.bot).effective_message
            assert message is not None and isinstance(message.forward_origin, origin_type)
            assert message.text == "Wire story" or message.text == "Story"
        channel = Update.de_json(_origin_cases(fake_api)[0][0], app.bot).effective_message
    assert channel is not None
    origin = channel.forward_origin
    assert isinstance(origin, MessageOriginChannel)
    assert (origin.chat.username, origin.chat.title, origin.message_id) == (
        "kyivindependent",
        "Kyiv Independent",
        777,
    )


BuildCase = Callable[[FakeTelegram], dict[str, Any]]


@pytest.mark.parametrize(
    ("build", "check"),
    [
        (lambda s: s.photo_message(CHAT, caption="See https://example.org/a"),
         lambda m: m.photo and m.caption_entities[0].type == MessageEntityType.URL),
        (lambda s: s.document_message(CHAT, "DOC", "a.txt", "text/plain", 12),
         lambda m: m.document.file_name == "a.txt" and m.document.file_size == 12),
        (lambda s: s.sticker_message(CHAT), lambda m: m.sticker is not None),
        (lambda s: s.voice_message(CHAT), lambda m: _seconds(m.voice.duration) == 3),
        (lambda s: s.text_message(-100123, "read https://example.org/x.", chat_type="supergroup"),
         lambda m: m.chat.type == "supergroup" and m.parse_entities(["url"]).popitem()[1]
         == "https://example.org/x"),
        (lambda s: s.forwarded_channel_post(CHAT, "caption text", with_photo=True),
         lambda m: m.photo and m.caption == "caption text" and m.forward_origin is not None),
    ],
)  # fmt: skip
async def test_message_builders_parse_in_ptb(
    fake_api: FakeTelegram, build: BuildCase, check: Callable[[Any], bool]
) -> None:
    async with _app(fake_api) as app:
        update = Update.de_json(build(fake_api), app.bot)
    assert update.effective_message is not None and check(update.effective_message)


async def test_update_ids_increase_and_wait_for_since(fake_api: FakeTelegram) -> None:
    first = fake_api.text_message(CHAT, "a")
    second = fake_api.text_message(CHAT, "b")
    fake_api.push_update(second)
    fake_api.push_update(first)  # pushed out of order: gets a fresh, higher id
    assert first["update_id"] > second["update_id"]
    assert fake_api.command(CHAT, "/stats@newsbrief_test_bot")["message"]["entities"][0]["length"] == 25
    with pytest.raises(TimeoutError, match="sendMessage"):
        await fake_api.wait_for("sendMessage", timeout=0.05)


async def test_chat_member_statuses_and_custom_handlers(fake_api: FakeTelegram) -> None:
    group = -100555
    statuses = ["creator", "administrator", "member", "restricted", "left", "kicked"]
    for user_id, status in enumerate(statuses, start=1):
        fake_api.set_member_status(group, user_id, status)
    fake_api.set_handler("getChatMemberCount", lambda params, files: 42)
    async with _app(fake_api) as app:
        members = [await app.bot.get_chat_member(group, user_id) for user_id in range(1, 7)]
        assert [m.status for m in members] == statuses
        assert (await app.bot.get_chat_member(group, 99)).status == "member"
        assert await app.bot.get_chat_member_count(group) == 42
