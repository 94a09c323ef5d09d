"""Channels, forum topics and group migrations for the fake Bot API (tests/fake_telegram.py).

`ChatWorld(server)` teaches a running FakeTelegram what Telegram does around chats other than a
private one, and refuses what Telegram refuses, with Telegram's own error texts:

- channels: the bot's membership and rights (``my_chat_member`` updates), ``getChatMember`` and
  ``getChatAdministrators`` for the channel's admins, ``channel_post`` updates; sending without the
  right to post is 400 "need administrator rights in the channel chat", after removal 403 "bot is not
  a member of the channel chat" (or "bot was kicked from the channel chat");
- forum supergroups: topics by ``message_thread_id`` (messages in a topic carry ``is_topic_message``);
  a closed topic is 400 "TOPIC_CLOSED", a deleted or unknown one 400 "message thread not found";
- a group that became a supergroup: both service messages (``migrate_to_chat_id``,
  ``migrate_from_chat_id``), and 400 "group chat was upgraded to a supergroup chat" with
  ``parameters.migrate_to_chat_id`` for anything sent to the old id (PTB raises ``ChatMigrated``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from tests.fake_telegram import FakeTelegram
from tests.fake_telegram_shapes import (
    BOT_ID,
    ApiError,
    JSONDict,
    UploadedFile,
    _chat_member_json,
    _normalise_chat_id,
    _user,
    auto_entities,
)

# Rights of a channel administrator (Bot API ChatMemberAdministrator); can_post_messages is the one
# that lets the bot (or a person) post.
_CHANNEL_RIGHTS = ("can_post_messages", "can_edit_messages")


@dataclass
class ChannelState:
    chat: JSONDict
    bot_status: str = "left"  # "administrator", "left", "kicked"
    bot_can_post: bool = False
    # user id -> (status, can_post_messages): "creator" or "administrator"; anyone else is a member.
    admins: dict[int, tuple[str, bool]] = field(default_factory=dict)


@dataclass
class Topic:
    name: str
    closed: bool = False
    deleted: bool = False


class ChatWorld:
    """Channels, forums and migrations on top of one FakeTelegram (see the module docstring)."""

    def __init__(self, server: FakeTelegram) -> None:
        self.server = server
        self.channels: dict[int, ChannelState] = {}
        self.topics: dict[int, dict[int, Topic]] = {}  # forum chat id -> thread id -> topic
        self.upgraded: dict[int, int] = {}  # old group id -> supergroup id
        self._send = server.handler("sendMessage")
        self._member = server.handler("getChatMember")
        server.set_handler("sendMessage", self._send_message)
        server.set_handler("getChatMember", self._get_chat_member)
        server.set_handler("getChatAdministrators", self._get_chat_administrators)

    # ---- channels ---------------------------------------------------------------------------------
    def channel(self, chat_id: int, title: str, username: str | None = None, *, owner: int) -> ChannelState:
        """A channel created by ``owner``; the bot is not in it yet."""
        chat: JSONDict = {"id": chat_id, "type": "channel", "title": title}
        if username:
            chat["username"] = username
        self.server.set_chat(chat)
        state = ChannelState(chat, admins={owner: ("creator", True)})
        self.channels[chat_id] = state
        return state

    def set_admin(self, chat_id: int, user_id: int, *, can_post: bool = True) -> None:
        self.channels[chat_id].admins[user_id] = ("administrator", can_post)

    def demote(self, chat_id: int, user_id: int) -> None:
        self.channels[chat_id].admins.pop(user_id, None)

    def set_bot(self, chat_id: int, status: str, *, can_post: bool = True, by: int) -> JSONDict:
        """Change the bot's membership in a channel as admin ``by`` does; returns the my_chat_member
        update Telegram sends for it (push it)."""
        state = self.channels[chat_id]
        old = self._bot_member(state)
        state.bot_status, state.bot_can_post = status, can_post and status == "administrator"
        change = {
            "chat": state.chat,
            "from": _user(by),
            "date": int(time.time()),
            "old_chat_member": old,
            "new_chat_member": self._bot_member(state),
        }
        return {"update_id": 0, "my_chat_member": change}

    def channel_post(self, chat_id: int, text: str) -> JSONDict:
        """A post someone made in the channel (Telegram sends it to the bot when it is an admin)."""
        state = self.channels[chat_id]
        post = {
            "message_id": int(time.time() * 1000) % 1_000_000,
            "date": int(time.time()),
            "chat": state.chat,
            "sender_chat": state.chat,
            "text": text,
        }
        if entities := auto_entities(text):
            post["entities"] = entities
        return {"update_id": 0, "channel_post": post}

    def _bot_member(self, state: ChannelState) -> JSONDict:
        member = _chat_member_json(BOT_ID, state.bot_status)
        member["user"] = self.server.bot_user
        if state.bot_status == "administrator":
            member.update(dict.fromkeys(_CHANNEL_RIGHTS, state.bot_can_post))
        return member

    # ---- forums -----------------------------------------------------------------------------------
    def forum(self, chat_id: int, title: str, topics: dict[int, str]) -> None:
        """A forum supergroup with named topics (thread ids); the General topic needs no thread id."""
        self.server.set_chat({"id": chat_id, "type": "supergroup", "title": title, "is_forum": True})
        self.topics[chat_id] = {thread: Topic(name) for thread, name in topics.items()}

    def topic_command(self, chat_id: int, thread_id: int, text: str, user_id: int) -> JSONDict:
        """A command sent in a forum topic (as Telegram delivers it: thread id, is_topic_message)."""
        return self.server.command(
            chat_id,
            text,
            user_id=user_id,
            chat_type="supergroup",
            message_thread_id=thread_id,
            is_topic_message=True,
        )

    def close_topic(self, chat_id: int, thread_id: int) -> None:
        self.topics[chat_id][thread_id].closed = True

    def delete_topic(self, chat_id: int, thread_id: int) -> None:
        self.topics[chat_id][thread_id].deleted = True

    # ---- group -> supergroup --------------------------------------------------------------------
    def upgrade(self, old: int, new: int, *, by: int) -> tuple[JSONDict, JSONDict]:
        """The group becomes a supergroup: Telegram's two service messages (old chat, then new)."""
        title = f"Test group {old}"
        self.server.set_chat({"id": old, "type": "group", "title": title})
        self.server.set_chat({"id": new, "type": "supergroup", "title": title})
        self.upgraded[old] = new
        to_new = self.server._user_message(old, by, "group", {"migrate_to_chat_id": new})
        from_old = self.server._user_message(new, by, "supergroup", {"migrate_from_chat_id": old})
        return to_new, from_old

    # ---- the Bot API methods ------------------------------------------------------------------------
    def _send_message(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        chat_id = _normalise_chat_id(params.get("chat_id"))
        self._check_can_send(chat_id)
        thread = params.get("message_thread_id")
        if thread is not None:
            thread = int(thread)
            topic = self.topics.get(chat_id, {}).get(thread)  # type: ignore[call-overload]
            if topic is None or topic.deleted:
                raise ApiError(400, "Bad Request: message thread not found")
            if topic.closed:
                raise ApiError(400, "Bad Request: TOPIC_CLOSED")
        assert self._send is not None
        result = self._send(params, files)
        if thread is not None:
            result.update({"message_thread_id": thread, "is_topic_message": True})
            stored = self.server.message(chat_id, result["message_id"])
            assert stored is not None
            stored.json.update({"message_thread_id": thread, "is_topic_message": True})
        return result

    def _check_can_send(self, chat_id: int | str) -> None:
        if chat_id in self.upgraded:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.upgraded[chat_id]},  # type: ignore[index]
            )
        state = self.channels.get(chat_id)  # type: ignore[arg-type]
        if state is None:
            return
        if state.bot_status == "kicked":
            raise ApiError(403, "Forbidden: bot was kicked from the channel chat")
        if state.bot_status != "administrator":
            raise ApiError(403, "Forbidden: bot is not a member of the channel chat")
        if not state.bot_can_post:
            raise ApiError(400, "Bad Request: need administrator rights in the channel chat")

    def _get_chat_member(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        chat_id = _normalise_chat_id(params.get("chat_id"))
        state = self.channels.get(chat_id)  # type: ignore[arg-type]
        if state is None:
            assert self._member is not None
            return self._member(params, files)
        self._check_member(state)
        user_id = int(params["user_id"])
        if user_id == BOT_ID:
            return self._bot_member(state)
        return self._admin_json(state, user_id)

    def _get_chat_administrators(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        chat_id = _normalise_chat_id(params.get("chat_id"))
        state = self.channels.get(chat_id)  # type: ignore[arg-type]
        if state is None:
            raise ApiError(400, "Bad Request: chat not found")
        self._check_member(state)
        admins = [self._admin_json(state, user_id) for user_id in state.admins]
        return [*admins, self._bot_member(state)]

    @staticmethod
    def _check_member(state: ChannelState) -> None:
        if state.bot_status in ("left", "kicked"):
            raise ApiError(403, "Forbidden: bot is not a member of the channel chat")

    @staticmethod
    def _admin_json(state: ChannelState, user_id: int) -> JSONDict:
        status, can_post = state.admins.get(user_id, ("member", False))
        member = _chat_member_json(user_id, status)
        if status == "administrator":
            member.update(dict.fromkeys(_CHANNEL_RIGHTS, can_post))
        return member
