"""What the fake Bot API (tests/fake_telegram.py) keeps and speaks.

Records kept for assertions (calls, messages, uploaded files), the errors it answers with, injected
faults, Telegram's JSON shapes (users, chats, chat members, photo sizes, the entities Telegram adds)
and the parsing of a request's parameters (JSON, url-encoded or multipart, as PTB sends them).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.telegram_html import HtmlError, parse_html, utf16_len

TOKEN = "123456:TEST-token"
BOT_ID = 123456
BOT_USERNAME = "newsbrief_test_bot"
DEFAULT_USER_ID = 1001
MAX_TEXT_UTF16 = 4096
MAX_CAPTION_UTF16 = 1024

JSONDict = dict[str, Any]

# Parameters PTB sends as raw strings (not JSON-encoded): never JSON-decode these, or a text "123"
# would become the int 123.
_STRING_PARAMS = frozenset(
    {
        "text", "caption", "parse_mode", "callback_query_id", "file_id", "inline_message_id", "url",
        "action", "description", "short_description", "name", "title", "emoji", "query",
        "business_connection_id", "message_effect_id", "language_code", "secret_token", "ip_address",
        "photo", "document", "voice", "audio", "video", "animation", "sticker", "thumbnail",
        "custom_title", "switch_pm_text", "next_offset",
    }
)  # fmt: skip

_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]'’”]")
_COMMAND_RE = re.compile(r"^/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?")


# --------------------------------------------------------------------------------------------------
# Records kept for assertions
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadedFile:
    """A file the bot uploaded in a multipart request (e.g. ``sendDocument``)."""

    field: str
    filename: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class Call:
    """One Bot API request as the server received it (parameters decoded to Python values)."""

    method: str
    params: JSONDict
    time: float
    token: str
    files: dict[str, UploadedFile] = field(default_factory=dict)


@dataclass
class StoredMessage:
    """A message in a chat, kept so edits, deletions and callback queries can refer to it."""

    chat_id: int | str
    message_id: int
    json: JSONDict
    from_bot: bool
    raw_text: str | None = None  # text/caption exactly as the bot sent it (markup included)
    parse_mode: str | None = None
    reply_markup: JSONDict | None = None
    document: UploadedFile | None = None
    deleted: bool = False
    edits: int = 0


class ApiError(Exception):
    """Raised by a method handler to answer ``{"ok": false, ...}`` with an HTTP status, like Telegram."""

    def __init__(self, status: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSONDict:
        """The JSON body Telegram returns for this error."""
        body: JSONDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


@dataclass
class _Fault:
    error: ApiError
    remaining: int


# --------------------------------------------------------------------------------------------------
# Small pure helpers
# --------------------------------------------------------------------------------------------------


def _utf16_offset(text: str, index: int) -> int:
    return utf16_len(text[:index])


def auto_entities(text: str) -> list[JSONDict]:
    """Entities Telegram's servers add by themselves to a user's text: a leading bot command and URLs.

    Why: handlers often filter on entities (``filters.Entity("url")``, ``filters.COMMAND``), so updates
    pushed by tests must carry them like real ones do.
    """
    entities: list[JSONDict] = []
    if match := _COMMAND_RE.match(text):
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(match.group())})
    for match in _URL_RE.finditer(text):
        entities.append(
            {
                "type": "url",
                "offset": _utf16_offset(text, match.start()),
                "length": utf16_len(match.group()),
            }
        )
    return entities


def _decode_param(name: str, value: str) -> Any:
    """Undo PTB's form encoding: non-string values were ``json.dumps``-ed, strings were sent raw."""
    if name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _normalise_chat_id(chat_id: Any) -> int | str:
    """Chat ids arrive as int or str ("123", "@channel"); key everything the same way."""
    if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
        return int(chat_id)
    return chat_id


def rendered_text(text: str, parse_mode: str | None) -> str:
    """The plain text a user sees for ``text`` sent with ``parse_mode``; raises ``ApiError`` if invalid."""
    if (parse_mode or "").upper() != "HTML":
        return text
    try:
        return parse_html(text).text
    except HtmlError as exc:
        raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from exc


# --------------------------------------------------------------------------------------------------
# JSON shapes and request parsing
# --------------------------------------------------------------------------------------------------


def _now() -> int:
    return int(time.time())


def _user(user_id: int) -> JSONDict:
    return {
        "id": user_id,
        "is_bot": False,
        "first_name": "Test",
        "last_name": f"User{user_id}",
        "username": f"user{user_id}",
        "language_code": "en",
    }


def _chat_json(chat_id: int | str, chat_type: str | None) -> JSONDict:
    """A Chat object; the type is guessed from the id's sign when not given (Telegram's id ranges)."""
    if chat_type is None:
        if isinstance(chat_id, int) and chat_id > 0:
            chat_type = "private"
        elif str(chat_id).startswith("-100"):
            chat_type = "supergroup"
        else:
            chat_type = "group"
    if chat_type == "private":
        return {"id": chat_id, "type": "private", "first_name": "Test", "username": f"user{chat_id}"}
    return {"id": chat_id, "type": chat_type, "title": f"Test {chat_type} {chat_id}"}


_ADMIN_RIGHTS = (
    "can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members",
    "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories",
    "can_delete_stories",
)  # fmt: skip


def _chat_member_json(user_id: int, status: str) -> JSONDict:
    """A ChatMember of the given status with the fields PTB requires for that subclass."""
    member: JSONDict = {"status": status, "user": _user(user_id)}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update({"can_be_edited": False, "is_anonymous": False, **dict.fromkeys(_ADMIN_RIGHTS, True)})
    elif status == "restricted":
        member.update({"is_member": True, "until_date": 0, "can_send_messages": False})
        member.update(
            dict.fromkeys(
                ("can_send_audios", "can_send_documents", "can_send_photos", "can_send_videos",
                 "can_send_video_notes", "can_send_voice_notes", "can_send_polls", "can_send_other_messages",
                 "can_add_web_page_previews", "can_change_info", "can_invite_users", "can_pin_messages",
                 "can_manage_topics", "can_edit_tag", "can_react_to_messages"),
                False,
            )
        )  # fmt: skip
    elif status == "kicked":
        member["until_date"] = 0
    return member


def _photo_sizes(file_id: str) -> list[JSONDict]:
    return [
        {"file_id": f"{file_id}-s", "file_unique_id": f"u-{file_id}-s", "width": 90, "height": 67,
         "file_size": 1200},
        {"file_id": file_id, "file_unique_id": f"u-{file_id}", "width": 800, "height": 600,
         "file_size": 54000},
    ]  # fmt: skip


async def _read_params(request: web.Request) -> tuple[JSONDict, dict[str, UploadedFile]]:
    """Decode a Bot API request: JSON body, url-encoded or multipart form, or query string."""
    params: JSONDict = {name: _decode_param(name, value) for name, value in request.query.items()}
    files: dict[str, UploadedFile] = {}
    if request.method != "POST" or not request.can_read_body:
        return params, files
    if request.content_type == "application/json":
        body = await request.json()
        params.update(body if isinstance(body, dict) else {})
        return params, files
    form = await request.post()
    for name, value in form.items():
        if isinstance(value, web.FileField):
            content = value.file.read()
            files[name] = UploadedFile(name, value.filename, content, value.content_type)
        elif isinstance(value, str):
            params[name] = _decode_param(name, value)
    return params, files
