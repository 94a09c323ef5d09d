"""What users do, for the fake Bot API (tests/fake_telegram.py): Update JSON built and queued.

`UpdateBuilders` is a part of `FakeTelegram`: text messages and commands, forwards (from channels,
users, hidden users, chats), photos, documents, stickers, voice notes and callback queries, each
with a fresh ``update_id``; ``push_update`` queues one for ``getUpdates``.
"""

from __future__ import annotations

import copy
import itertools
from collections import defaultdict
from typing import Any

from tests.fake_telegram_shapes import (
    _COMMAND_RE,
    DEFAULT_USER_ID,
    JSONDict,
    StoredMessage,
    _chat_json,
    _normalise_chat_id,
    _now,
    _photo_sizes,
    _user,
    auto_entities,
)


class UpdateBuilders:
    """The update builders of `FakeTelegram`; the state they use is set up in `FakeTelegram.__init__`."""

    _updates: list[JSONDict]
    _update_ids: itertools.count[int]
    _last_pushed_id: int
    _message_ids: defaultdict[int | str, itertools.count[int]]
    _callback_ids: itertools.count[int]
    _messages: dict[tuple[int | str, int], StoredMessage]
    _chats: dict[int | str, JSONDict]

    def _notify(self) -> None:
        raise NotImplementedError  # FakeTelegram wakes its long polls

    # ---- update builders ------------------------------------------------------------------------

    def push_update(self, update: JSONDict) -> JSONDict:
        """Queue an update for ``getUpdates``; returns it.

        The builders below only *build* Update JSON (with a fresh ``update_id``); push what they return.
        Like Telegram, ids only increase: a missing id, or one not above the last pushed, is replaced.
        """
        update_id = update.get("update_id")
        if not isinstance(update_id, int) or update_id <= self._last_pushed_id:
            update_id = next(self._update_ids)
            while update_id <= self._last_pushed_id:
                update_id = next(self._update_ids)
            update["update_id"] = update_id
        self._last_pushed_id = update_id
        self._updates.append(update)
        self._notify()
        return update

    def text_message(
        self,
        chat_id: int,
        text: str,
        user_id: int | None = None,
        entities: list[JSONDict] | None = None,
        chat_type: str = "private",
        **extra: Any,
    ) -> JSONDict:
        """A user's text message. ``entities=None`` adds what Telegram adds (leading command, URLs)."""
        fields: JSONDict = {"text": text}
        ents = auto_entities(text) if entities is None else entities
        if ents:
            fields["entities"] = ents
        return self._user_message(chat_id, user_id, chat_type, {**fields, **extra})

    def command(
        self, chat_id: int, text: str, user_id: int | None = None, chat_type: str = "private", **kw: Any
    ) -> JSONDict:
        """A command such as ``"/stats week"`` with its ``bot_command`` entity."""
        if not _COMMAND_RE.match(text):
            raise ValueError(f"not a command: {text!r}")
        return self.text_message(chat_id, text, user_id=user_id, chat_type=chat_type, **kw)

    def forwarded_channel_post(
        self,
        chat_id: int,
        text: str,
        channel_title: str = "World News",
        channel_username: str | None = "worldnews",
        message_id: int = 42,
        channel_id: int = -1001234567890,
        author_signature: str | None = None,
        **kw: Any,
    ) -> JSONDict:
        """A channel post forwarded to the bot (``forward_origin`` of type "channel")."""
        channel: JSONDict = {"id": channel_id, "type": "channel", "title": channel_title}
        if channel_username:
            channel["username"] = channel_username
        origin: JSONDict = {"type": "channel", "chat": channel, "message_id": message_id}
        if author_signature:
            origin["author_signature"] = author_signature
        return self._forward(chat_id, text, origin, **kw)

    def forwarded_from_user(
        self,
        chat_id: int,
        text: str,
        sender_id: int = 2002,
        sender_first_name: str = "Alice",
        sender_username: str | None = "alice",
        **kw: Any,
    ) -> JSONDict:
        """A message forwarded from a user who allows linking to their account (origin "user")."""
        sender: JSONDict = {"id": sender_id, "is_bot": False, "first_name": sender_first_name}
        if sender_username:
            sender["username"] = sender_username
        return self._forward(chat_id, text, {"type": "user", "sender_user": sender}, **kw)

    def forwarded_hidden_user(
        self, chat_id: int, text: str, sender_user_name: str = "Hidden Sender", **kw: Any
    ) -> JSONDict:
        """A message forwarded from a user with forward privacy on (origin "hidden_user")."""
        origin = {"type": "hidden_user", "sender_user_name": sender_user_name}
        return self._forward(chat_id, text, origin, **kw)

    def forwarded_from_chat(
        self,
        chat_id: int,
        text: str,
        sender_chat_id: int = -1009876543210,
        sender_chat_title: str = "Newsroom Group",
        sender_chat_type: str = "supergroup",
        author_signature: str | None = None,
        **kw: Any,
    ) -> JSONDict:
        """A message forwarded from an anonymous group admin or a group (origin "chat")."""
        sender_chat = {"id": sender_chat_id, "type": sender_chat_type, "title": sender_chat_title}
        origin: JSONDict = {"type": "chat", "sender_chat": sender_chat}
        if author_signature:
            origin["author_signature"] = author_signature
        return self._forward(chat_id, text, origin, **kw)

    def photo_message(
        self,
        chat_id: int,
        caption: str | None = None,
        caption_entities: list[JSONDict] | None = None,
        user_id: int | None = None,
        chat_type: str = "private",
        file_id: str = "PHOTO_FILE_ID",
        **extra: Any,
    ) -> JSONDict:
        """A photo (two sizes, like Telegram sends), optionally captioned."""
        fields: JSONDict = {"photo": _photo_sizes(file_id)}
        if caption is not None:
            fields["caption"] = caption
            ents = auto_entities(caption) if caption_entities is None else caption_entities
            if ents:
                fields["caption_entities"] = ents
        return self._user_message(chat_id, user_id, chat_type, {**fields, **extra})

    def document_message(
        self,
        chat_id: int,
        file_id: str,
        file_name: str,
        mime_type: str = "text/plain",
        file_size: int | None = None,
        caption: str | None = None,
        user_id: int | None = None,
        chat_type: str = "private",
        **extra: Any,
    ) -> JSONDict:
        """A document; ``file_size`` defaults to the registered content's size (see register_file)."""
        if file_size is None:
            file_size = len(self._files[file_id][1]) if file_id in self._files else 0
        document = {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": file_size,
        }
        fields: JSONDict = {"document": document}
        if caption is not None:
            fields["caption"] = caption
        return self._user_message(chat_id, user_id, chat_type, {**fields, **extra})

    def sticker_message(self, chat_id: int, emoji: str = "👍", user_id: int | None = None) -> JSONDict:
        """A sticker: content the bot cannot summarise."""
        sticker = {
            "file_id": "STICKER_FILE_ID",
            "file_unique_id": "u-sticker",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._user_message(chat_id, user_id, "private", {"sticker": sticker})

    def voice_message(self, chat_id: int, duration: int = 3, user_id: int | None = None) -> JSONDict:
        """A voice note: content the bot cannot summarise."""
        voice = {
            "file_id": "VOICE_FILE_ID",
            "file_unique_id": "u-voice",
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": 4096,
        }
        return self._user_message(chat_id, user_id, "private", {"voice": voice})

    def callback_query(
        self, chat_id: int, message_id: int, data: str, user_id: int | None = None
    ) -> JSONDict:
        """A press on an inline button of message ``message_id`` (the bot's stored message if known)."""
        key = _normalise_chat_id(chat_id)
        stored = self._messages.get((key, message_id))
        message = (
            copy.deepcopy(stored.json)
            if stored is not None
            else {"message_id": message_id, "date": _now(), "chat": self._chat(key), "text": ""}
        )
        query = {
            "id": str(next(self._callback_ids)),
            "from": _user(user_id if user_id is not None else self._default_user(chat_id, "private")),
            "chat_instance": f"ci-{chat_id}",
            "message": message,
            "data": data,
        }
        return self._new_update({"callback_query": query})

    # ---- builder internals ----------------------------------------------------------------------

    def _forward(
        self,
        chat_id: int,
        text: str,
        origin: JSONDict,
        *,
        with_photo: bool = False,
        entities: list[JSONDict] | None = None,
        origin_date: int | None = None,
        user_id: int | None = None,
        chat_type: str = "private",
    ) -> JSONDict:
        """Build a forwarded message; ``with_photo`` puts ``text`` in a photo's caption instead."""
        origin = {**origin, "date": origin_date or _now() - 3600}
        if with_photo:
            fields: JSONDict = {"photo": _photo_sizes("FWD_PHOTO"), "caption": text}
            key = "caption_entities"
        else:
            fields = {"text": text}
            key = "entities"
        ents = auto_entities(text) if entities is None else entities
        if ents:
            fields[key] = ents
        fields["forward_origin"] = origin
        return self._user_message(chat_id, user_id, chat_type, fields)

    def _user_message(self, chat_id: int, user_id: int | None, chat_type: str, fields: JSONDict) -> JSONDict:
        key = _normalise_chat_id(chat_id)
        chat = self._chats.setdefault(key, _chat_json(key, chat_type))
        uid = user_id if user_id is not None else self._default_user(chat_id, chat_type)
        message: JSONDict = {
            "message_id": next(self._message_ids[key]),
            "from": _user(uid),
            "chat": chat,
            "date": _now(),
            **fields,
        }
        self._messages[(key, message["message_id"])] = StoredMessage(
            key, message["message_id"], message, from_bot=False
        )
        return self._new_update({"message": message})

    def _new_update(self, fields: JSONDict) -> JSONDict:
        return {"update_id": next(self._update_ids), **fields}

    @staticmethod
    def _default_user(chat_id: int, chat_type: str) -> int:
        return chat_id if chat_type == "private" and chat_id > 0 else DEFAULT_USER_ID

    def _chat(self, chat_id: int | str) -> JSONDict:
        if chat_id not in self._chats:
            self._chats[chat_id] = _chat_json(chat_id, None)
        return self._chats[chat_id]
