"""A fake Telegram Bot API server for end-to-end tests with the real python-telegram-bot.

Why: Telegram is unreachable from CI and tests must not depend on it, yet mocking PTB's ``Bot`` would
skip the parts most likely to break (URL building, (de)serialisation, polling, error mapping to
``RetryAfter``/``Forbidden``/``BadRequest``, file download). So the bot under test runs unmodified and
talks HTTP to this aiohttp server on 127.0.0.1 instead::

    async with FakeTelegram() as server:
        app = (
            ApplicationBuilder()
            .token(server.token)
            .base_url(f"{server.url}/bot")
            .base_file_url(f"{server.url}/file/bot")
            .build()
        )

Routes (the same as Telegram's): ``POST|GET /bot{token}/{method}`` with parameters as JSON,
url-encoded or multipart form data (PTB sends form data, multipart when uploading files) and
``GET /file/bot{token}/{file_path}`` for downloads.

The server behaves like Telegram where bots usually get it wrong: Telegram-HTML is parsed the way
TDLib parses it (tests/telegram_html.py: only the supported tags, properly nested, a 400 "can't parse
entities" otherwise), texts over 4096 / captions over 1024 UTF-16 units of the parsed text are refused, an
edit that changes nothing is refused with "message is not modified", and ``getUpdates`` long-polls and
honours ``offset``. Faults (429 flood waits, 403 blocked chats, any 4xx) can be injected.

Beside it: tests/fake_telegram_shapes.py (records, errors, JSON shapes, request parsing) and
tests/fake_telegram_updates.py (the update builders, a part of `FakeTelegram`).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from types import TracebackType
from typing import Any

from aiohttp import web
from telegram.ext import ApplicationBuilder

from tests.fake_telegram_shapes import (
    BOT_ID,
    BOT_USERNAME,
    DEFAULT_USER_ID,
    MAX_CAPTION_UTF16,
    MAX_TEXT_UTF16,
    TOKEN,
    ApiError,
    Call,
    JSONDict,
    StoredMessage,
    UploadedFile,
    _chat_member_json,
    _Fault,
    _normalise_chat_id,
    _now,
    _read_params,
    auto_entities,
    rendered_text,
)
from tests.fake_telegram_updates import UpdateBuilders
from tests.telegram_html import utf16_len

__all__ = [
    "BOT_ID",
    "BOT_USERNAME",
    "DEFAULT_USER_ID",
    "MAX_CAPTION_UTF16",
    "MAX_TEXT_UTF16",
    "TOKEN",
    "ApiError",
    "Call",
    "FakeTelegram",
    "JSONDict",
    "StoredMessage",
    "UploadedFile",
    "auto_entities",
    "rendered_text",
]

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------------

Matcher = str | Callable[[Call], bool]
Handler = Callable[[JSONDict, dict[str, UploadedFile]], Any]


class FakeTelegram(UpdateBuilders):
    """Fake Bot API server; use as ``async with FakeTelegram() as server:`` inside the test's loop.

    Attributes: ``url`` (``http://127.0.0.1:PORT``), ``token``, ``calls`` (every request, in order),
    ``commands`` (the last ``setMyCommands`` list), ``max_poll_wait`` (cap on long-poll waits, seconds).
    """

    def __init__(
        self, token: str | None = None, bot_username: str = BOT_USERNAME, max_poll_wait: float = 1.0
    ) -> None:
        # token=None: answer any token (tests may configure their own); a given token is enforced and
        # any other gets Telegram's 404, which PTB raises as InvalidToken.
        self.token = token or TOKEN
        self._strict_token = token is not None
        self.bot_user: JSONDict = {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Newsbrief Test",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.max_poll_wait = max_poll_wait
        self.calls: list[Call] = []
        self.commands: list[JSONDict] = []
        self._updates: list[JSONDict] = []
        self._update_ids = itertools.count(1)
        self._last_pushed_id = 0
        self._message_ids: defaultdict[int | str, itertools.count[int]] = defaultdict(
            lambda: itertools.count(1)
        )
        self._callback_ids = itertools.count(1)
        self._messages: dict[tuple[int | str, int], StoredMessage] = {}
        self._chats: dict[int | str, JSONDict] = {}
        self._files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, content)
        self._faults: defaultdict[str, list[_Fault]] = defaultdict(list)
        self._blocked: set[int | str] = set()
        self._changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.url = ""
        self._handlers: dict[str, Handler] = {
            "getMe": lambda p, f: self.bot_user,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": lambda p, f: True,
            "getWebhookInfo": lambda p, f: {
                "url": "",
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            },
            "setMyCommands": self._set_my_commands,
            "getMyCommands": lambda p, f: self.commands,
            "deleteMyCommands": self._delete_my_commands,
            "close": lambda p, f: True,
            "logOut": lambda p, f: True,
            "getChat": lambda p, f: self._chat(_normalise_chat_id(p["chat_id"])),
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "sendChatAction": lambda p, f: True,
            "sendDocument": self._send_document,
            "answerCallbackQuery": lambda p, f: True,
            "getFile": self._get_file,
            "getChatMember": self._get_chat_member,
        }
        self._member_status: dict[tuple[int | str, int], str] = {}

    # ---- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> FakeTelegram:
        """Bind to 127.0.0.1 on a free port and start serving in the current event loop."""
        self._closing = False
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        log.debug("fake Telegram listening on %s", self.url)
        return self

    async def stop(self) -> None:
        """Release pending long polls at once (so PTB's shutdown is quick), then close the server."""
        self._closing = True
        self._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Value for ``ApplicationBuilder().base_url(...)`` (PTB appends the token)."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``ApplicationBuilder().base_file_url(...)`` (PTB appends the token)."""
        return f"{self.url}/file/bot"

    def application_builder(self) -> ApplicationBuilder:
        """An ``ApplicationBuilder`` already pointed at this server (token and both URLs set)."""
        return (
            ApplicationBuilder().token(self.token).base_url(self.base_url).base_file_url(self.base_file_url)
        )

    # ---- assertions helpers ---------------------------------------------------------------------

    def calls_of(self, method: str) -> list[Call]:
        """All recorded calls of one Bot API method, in arrival order."""
        return [c for c in self.calls if c.method == method]

    def messages_to(self, chat_id: int | str) -> list[str]:
        """What the user finally sees: the bot's text messages in ``chat_id`` (edits applied, deleted
        ones dropped), in order. Texts are as the bot sent them, markup included (e.g. ``<b>``)."""
        return [m.raw_text or "" for m in self.sent_messages(chat_id) if "text" in m.json]

    def sent_messages(self, chat_id: int | str) -> list[StoredMessage]:
        """The bot's live (not deleted) messages in ``chat_id``: text, documents, ... in order."""
        key = _normalise_chat_id(chat_id)
        found = [m for m in self._messages.values() if m.chat_id == key and m.from_bot and not m.deleted]
        return sorted(found, key=lambda m: m.message_id)

    def documents_to(self, chat_id: int | str) -> list[UploadedFile]:
        """Files the bot uploaded to ``chat_id`` with ``sendDocument`` (filename and bytes)."""
        return [m.document for m in self.sent_messages(chat_id) if m.document is not None]

    def message(self, chat_id: int | str, message_id: int) -> StoredMessage | None:
        """Look up one stored message (sent by the bot or pushed by the test)."""
        return self._messages.get((_normalise_chat_id(chat_id), message_id))

    async def wait_for(self, match: Matcher, timeout: float = 5.0, *, count: int = 1, since: int = 0) -> Call:
        """Wait until ``count`` calls matching ``match`` (a method name or a predicate on ``Call``)
        have arrived among ``self.calls[since:]``; return the ``count``-th one.

        Pass ``since=len(server.calls)`` to ignore calls made before the action under test. Raises
        ``TimeoutError`` listing the methods seen, which is what you want to read when a test fails.
        """
        predicate = (lambda c: c.method == match) if isinstance(match, str) else match
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            hits = [c for c in self.calls[since:] if predicate(c)]
            if len(hits) >= count:
                return hits[count - 1]
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                seen = [c.method for c in self.calls[since:]]
                raise TimeoutError(f"no {count} call(s) matching {match!r} within {timeout}s; saw {seen}")
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    # ---- fault injection ------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int = 1,
        count: int = 1,
        description: str | None = None,
    ) -> None:
        """Make the next ``count`` calls of ``method`` fail like Telegram does.

        429 (default) answers "Too Many Requests: retry after N" with ``parameters.retry_after`` (PTB
        raises ``RetryAfter``); any other status answers ``description`` (default "Bad Request: ...").
        """
        if status == 429:
            error = ApiError(
                429,
                description or f"Too Many Requests: retry after {retry_after}",
                {"retry_after": retry_after},
            )
        else:
            error = ApiError(status, description or f"Bad Request: injected failure of {method}")
        self._faults[method].append(_Fault(error, count))

    def block_chat(self, chat_id: int | str) -> None:
        """Every request naming ``chat_id`` gets 403 "Forbidden: bot was blocked by the user"."""
        self._blocked.add(_normalise_chat_id(chat_id))

    def unblock_chat(self, chat_id: int | str) -> None:
        """Undo :meth:`block_chat`."""
        self._blocked.discard(_normalise_chat_id(chat_id))

    # ---- extension points -----------------------------------------------------------------------

    def set_handler(self, method: str, handler: Handler) -> None:
        """Answer ``method`` with ``handler(params, files)`` (its return value becomes ``result``;
        raise ``ApiError`` to fail). For methods this fake does not model, or to override one."""
        self._handlers[method] = handler

    def handler(self, method: str) -> Handler | None:
        """The current handler of ``method`` (to wrap it in ``set_handler``)."""
        return self._handlers.get(method)

    def set_chat(self, chat: JSONDict) -> None:
        """Describe a chat (``id``, ``type``, ``title``, ``username``, ``is_forum`` ...) for messages and
        ``getChat``; chats not described are guessed from the id (see ``_chat_json``)."""
        self._chats[_normalise_chat_id(chat["id"])] = chat

    def set_member_status(self, chat_id: int | str, user_id: int, status: str) -> None:
        """What ``getChatMember`` says about ``user_id`` in ``chat_id``: "creator", "administrator",
        "member" (the default), "restricted", "left" or "kicked"."""
        self._member_status[(_normalise_chat_id(chat_id), user_id)] = status

    # ---- files ----------------------------------------------------------------------------------

    def register_file(self, file_id: str, content: bytes, file_path: str | None = None) -> str:
        """Make ``file_id`` downloadable via ``getFile``; returns its ``file_path``."""
        path = file_path or f"documents/{file_id}.bin"
        self._files[file_id] = (path, bytes(content))
        return path

    # ---- HTTP plumbing --------------------------------------------------------------------------

    def _notify(self) -> None:
        """Wake everything waiting for a new call or update (an Event swapped per change: no locks)."""
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def _handle_method(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        params, files = await _read_params(request)
        call = Call(method, params, time.time(), token, files)
        self.calls.append(call)
        self._notify()
        log.debug("fake Telegram <- %s %s", method, params)
        try:
            result = await self._dispatch(call)
        except ApiError as err:
            return web.json_response(err.payload(), status=err.status)
        return web.json_response({"ok": True, "result": result})

    async def _dispatch(self, call: Call) -> Any:
        if self._strict_token and call.token != self.token:
            raise ApiError(404, "Not Found")
        self._raise_injected(call.method)
        chat_id = call.params.get("chat_id")
        if chat_id is not None and _normalise_chat_id(chat_id) in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if call.method == "getUpdates":
            return await self._get_updates(call.params)
        handler = self._handlers.get(call.method)
        if handler is not None:
            return handler(call.params, call.files)
        return self._unknown_method(call)

    def _raise_injected(self, method: str) -> None:
        faults = self._faults.get(method)
        if not faults:
            return
        fault = faults[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            faults.pop(0)
        raise fault.error

    def _unknown_method(self, call: Call) -> Any:
        """Generic success: a Message for ``send*`` methods (PTB parses one), ``True`` otherwise."""
        if call.method == "sendMediaGroup":
            media = call.params.get("media") or []
            return [self._store_bot_message(call.params, {}).json for _ in media]
        if "caption" in call.params:  # sendPhoto, editMessageCaption ...: the caption rules hold everywhere
            plain = rendered_text(str(call.params["caption"]), call.params.get("parse_mode"))
            if utf16_len(plain) > MAX_CAPTION_UTF16:
                raise ApiError(400, "Bad Request: message caption is too long")
        if call.method.startswith("send") and "chat_id" in call.params:
            fields = {k: call.params[k] for k in ("text", "caption") if k in call.params}
            return self._store_bot_message(call.params, fields).json
        return True

    async def _handle_file(self, request: web.Request) -> web.Response:
        if self._strict_token and request.match_info["token"] != self.token:
            return web.Response(status=404, text="Not Found")
        path = request.match_info["file_path"]
        for file_path, content in self._files.values():
            if file_path == path:
                return web.Response(body=content, content_type="application/octet-stream")
        return web.Response(status=404, text="Not Found")

    # ---- method handlers ------------------------------------------------------------------------

    async def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        """Long poll: confirm updates below ``offset``, then wait (capped) for new ones."""
        offset = int(params.get("offset") or 0)
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        timeout = min(float(params.get("timeout") or 0), self.max_poll_wait)
        deadline = asyncio.get_running_loop().time() + timeout
        while not self._updates and not self._closing:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                break
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)
        limit = int(params.get("limit") or 100)
        return [] if self._closing else self._updates[:limit]

    def _delete_webhook(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _set_my_commands(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        self.commands = list(params.get("commands") or [])
        return True

    def _delete_my_commands(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        self.commands = []
        return True

    def _send_message(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        text = str(params.get("text", ""))
        plain = rendered_text(text, params.get("parse_mode"))
        if not plain.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(plain) > MAX_TEXT_UTF16:
            raise ApiError(400, "Bad Request: message is too long")
        return self._store_bot_message(params, {"text": plain}, raw_text=text).json

    def _send_document(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        upload = files.get("document")
        if upload is None and not isinstance(params.get("document"), str):
            raise ApiError(400, "Bad Request: there is no document in the request")
        caption = params.get("caption")
        fields: JSONDict = {}
        if caption is not None:
            plain = rendered_text(str(caption), params.get("parse_mode"))
            if utf16_len(plain) > MAX_CAPTION_UTF16:
                raise ApiError(400, "Bad Request: message caption is too long")
            fields["caption"] = plain
        name = upload.filename if upload else "document"
        size = len(upload.content) if upload else 0
        fields["document"] = {
            "file_id": f"DOC-{len(self.calls)}",
            "file_unique_id": f"u-doc-{len(self.calls)}",
            "file_name": name,
            "mime_type": upload.content_type if upload else "application/octet-stream",
            "file_size": size,
        }
        stored = self._store_bot_message(params, fields, raw_text=caption)
        stored.document = upload
        return stored.json

    def _edit_message_text(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict | bool:
        if "inline_message_id" in params:
            return True
        stored = self._find_for_edit(params, "edit")
        text = str(params.get("text", ""))
        plain = rendered_text(text, params.get("parse_mode"))
        if not plain.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(plain) > MAX_TEXT_UTF16:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        markup = params.get("reply_markup")
        same_text = stored.json.get("text") == plain and stored.raw_text == text
        if same_text and stored.parse_mode == params.get("parse_mode") and stored.reply_markup == markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        stored.raw_text, stored.parse_mode, stored.reply_markup = text, params.get("parse_mode"), markup
        stored.json["text"] = plain
        self._apply_markup(stored, markup)
        return self._mark_edited(stored)

    def _edit_message_reply_markup(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict | bool:
        if "inline_message_id" in params:
            return True
        stored = self._find_for_edit(params, "edit")
        markup = params.get("reply_markup")
        if stored.reply_markup == markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        stored.reply_markup = markup
        self._apply_markup(stored, markup)
        return self._mark_edited(stored)

    def _delete_message(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        stored = self._find_for_edit(params, "delete")
        stored.deleted = True
        return True

    def _get_file(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        file_id = str(params.get("file_id", ""))
        if file_id not in self._files:
            raise ApiError(400, "Bad Request: invalid file_id")
        file_path, content = self._files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_size": len(content),
            "file_path": file_path,
        }

    def _get_chat_member(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        user_id = int(params["user_id"])
        status = self._member_status.get((_normalise_chat_id(params["chat_id"]), user_id), "member")
        return _chat_member_json(user_id, status)

    # ---- message store --------------------------------------------------------------------------

    def _store_bot_message(
        self, params: JSONDict, fields: JSONDict, raw_text: str | None = None
    ) -> StoredMessage:
        key = _normalise_chat_id(params["chat_id"])
        message: JSONDict = {
            "message_id": next(self._message_ids[key]),
            "from": self.bot_user,
            "chat": self._chat(key),
            "date": _now(),
            **fields,
        }
        stored = StoredMessage(
            key,
            message["message_id"],
            message,
            from_bot=True,
            raw_text=raw_text,
            parse_mode=params.get("parse_mode"),
            reply_markup=params.get("reply_markup"),
        )
        self._apply_markup(stored, stored.reply_markup)
        self._messages[(key, message["message_id"])] = stored
        return stored

    def _find_for_edit(self, params: JSONDict, action: str) -> StoredMessage:
        key = (_normalise_chat_id(params.get("chat_id")), int(params.get("message_id") or 0))
        stored = self._messages.get(key)
        if stored is None or stored.deleted:
            raise ApiError(400, f"Bad Request: message to {action} not found")
        if action == "edit" and not stored.from_bot:
            raise ApiError(400, "Bad Request: message can't be edited")
        return stored

    @staticmethod
    def _apply_markup(stored: StoredMessage, markup: JSONDict | None) -> None:
        """Telegram echoes only inline keyboards back in the Message."""
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            stored.json["reply_markup"] = markup
        else:
            stored.json.pop("reply_markup", None)

    @staticmethod
    def _mark_edited(stored: StoredMessage) -> JSONDict:
        stored.edits += 1
        stored.json["edit_date"] = _now()
        return stored.json
