"""Senders that speak for many chats: Telegram's service account (automatic forwards from a linked
channel) and GroupAnonymousBot (anonymous group admins). Their user id is the same in every group, so
neither the rate limit nor the /forget button may treat it as one person."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.limits.keys import GROUP_ANONYMOUS_BOT, TELEGRAM_SERVICE
from tests.chat_helpers import BOT_REPLIES, article_text, ask, buttons, forward, send, settle, visible
from tests.harness import running_bot

GROUP_A, GROUP_B, GROUP_C, GROUP_D = -100901, -100902, -100903, -100904


def _auto_forward(fake_api: Any, group: int, text: str, channel_id: int) -> dict[str, Any]:
    """A channel post Telegram copies into the channel's discussion group: from 777000, as the channel."""
    update = fake_api.forwarded_channel_post(
        group, text, channel_id=channel_id, user_id=TELEGRAM_SERVICE, chat_type="supergroup"
    )
    update["message"]["sender_chat"] = {"id": channel_id, "type": "channel", "title": f"Channel {channel_id}"}
    update["message"]["is_automatic_forward"] = True
    return update


def _anonymous(group: int) -> dict[str, Any]:
    """What an anonymous admin's message carries: GroupAnonymousBot as sender, the group as sender_chat."""
    return {
        "user_id": GROUP_ANONYMOUS_BOT,
        "chat_type": "supergroup",
        "sender_chat": {"id": group, "type": "supergroup", "title": f"Group {group}"},
    }


def _anonymous_forward(fake_api: Any, group: int, text: str) -> dict[str, Any]:
    """An anonymous admin forwards a post into the group."""
    who = _anonymous(group)
    update = fake_api.forwarded_channel_post(group, text, user_id=who["user_id"], chat_type="supergroup")
    update["message"]["sender_chat"] = who["sender_chat"]
    return update


async def _answer(fake_api: Any, update: dict[str, Any], group: int) -> str:
    """Push an update; return the visible text of the bot's digest or refusal to `group`."""
    since = len(fake_api.calls)
    fake_api.push_update(update)
    call = await fake_api.wait_for(
        lambda c: (
            c.method in BOT_REPLIES
            and c.params.get("chat_id") == group
            and ("saved as #" in c.params.get("text", "") or "Not read" in c.params.get("text", ""))
        ),
        timeout=10,
        since=since,
    )
    return visible(call.params["text"])


async def test_automatic_forwards_are_limited_per_group_not_per_service_account(
    fake_api: Any, tmp_path: Path
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite", rate_per_minute=2) as (_, services):
        for n in range(2):
            text = article_text(f"channel a story {n}", n)
            assert "saved as #" in await _answer(
                fake_api, _auto_forward(fake_api, GROUP_A, text, -1001), GROUP_A
            )
        third = article_text("channel a overflow", 9)
        refused = await _answer(fake_api, _auto_forward(fake_api, GROUP_A, third, -1001), GROUP_A)
        assert "You've sent 2 articles in the last minute" in refused and "channel a overflow" in refused

        # Another group's linked channel has a bucket of its own, though the sender id is the same.
        first_b = article_text("channel b story")
        assert "saved as #" in await _answer(
            fake_api, _auto_forward(fake_api, GROUP_B, first_b, -1002), GROUP_B
        )

        # Anonymous admins: GroupAnonymousBot in every group, limited per group.
        for n in range(2):
            update = _anonymous_forward(fake_api, GROUP_C, article_text(f"admin c {n}", n))
            assert "saved as #" in await _answer(fake_api, update, GROUP_C)
        update = _anonymous_forward(fake_api, GROUP_D, article_text("admin d"))
        assert "saved as #" in await _answer(fake_api, update, GROUP_D)
        assert services.store.count("requests") == 6  # 2 + 1 + 2 + 1: only the overflow was refused


async def test_an_anonymous_admin_can_confirm_forget(fake_api: Any, tmp_path: Path) -> None:
    fake_api.set_member_status(GROUP_A, 9001, "administrator")  # the anonymous admin's own account
    fake_api.set_member_status(GROUP_A, 9002, "member")
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        await forward(
            fake_api, services, GROUP_A, article_text("group story"), chat_type="supergroup", user_id=9002
        )
        question_text = await ask(fake_api, GROUP_A, "/forget", **_anonymous(GROUP_A))
        assert question_text.startswith("This deletes everything")
        question = fake_api.sent_messages(GROUP_A)[-1]
        yes = buttons(fake_api, GROUP_A, question.message_id)["Yes, delete everything"]

        # A member who is not an admin cannot answer the question.
        since = len(fake_api.calls)
        fake_api.push_update(fake_api.callback_query(GROUP_A, question.message_id, yes, user_id=9002))
        alert = await fake_api.wait_for("answerCallbackQuery", since=since)
        assert alert.params["text"].startswith("Only ")
        await settle(fake_api, 0.1)
        assert services.store.count("requests") == 1

        # The admin presses from their own account (not GroupAnonymousBot's id on the button): done.
        await send(
            fake_api, fake_api.callback_query(GROUP_A, question.message_id, yes, user_id=9001), GROUP_A
        )
        assert fake_api.messages_to(GROUP_A)[-1].startswith("Done.")
        assert services.store.count("requests") == 0
        assert alert.params["text"] == "Only an admin of this group can answer this."
        checked = [c.params for c in fake_api.calls_of("getChatMember")]
        assert {"chat_id": GROUP_A, "user_id": 9001} in [
            {"chat_id": int(p["chat_id"]), "user_id": int(p["user_id"])} for p in checked
        ]
