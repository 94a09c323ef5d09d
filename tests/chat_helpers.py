"""Small helpers for driving the real bot through the fake Bot API: send, wait, read what came back."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable
from typing import Any

BOT_REPLIES = {"sendMessage", "editMessageText", "sendDocument"}
_SAVED_AS = re.compile(r"saved as #(\d+)")


def article_text(topic: str, n: int = 0) -> str:
    """A distinct article of about 60 words, with a few figures, about `topic` (one or two words)."""
    return (
        f"Officials reported on Monday that {topic} was the main story of report {n} this week. "
        f"At least {7 + n} people were affected and {118 + n} homes lost power, the regional governor said. "
        f"Repair crews worked through the night and restored supplies to most districts by the evening, "
        f"while analysts expect the {topic} situation to stay in the news for days."
    )


def visible(text: str) -> str:
    """What the user reads: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _to_chat(call: Any, chat_id: int) -> bool:
    return call.params.get("chat_id") in (chat_id, str(chat_id))


async def wait_until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    """Poll a condition the bot reaches a moment after its last API call (e.g. a row written)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.01)


async def forward(fake_api: Any, services: Any, chat_id: int, text: str, **kw: Any) -> int:
    """Forward a channel post; wait for the digest and its `requests` row; return the digest id."""
    since = len(fake_api.calls)
    before = services.store.count("requests")
    fake_api.push_update(fake_api.forwarded_channel_post(chat_id, text, **kw))
    call = await fake_api.wait_for(
        lambda c: (
            c.method in BOT_REPLIES and _to_chat(c, chat_id) and "saved as #" in c.params.get("text", "")
        ),
        timeout=20,
        since=since,
    )
    await wait_until(lambda: services.store.count("requests") > before)
    match = _SAVED_AS.search(call.params["text"])
    assert match is not None
    return int(match.group(1))


async def send(fake_api: Any, update: dict[str, Any], chat_id: int, *, count: int = 1) -> Any:
    """Push an update; return the `count`-th bot reply (message, edit or document) to `chat_id`."""
    since = len(fake_api.calls)
    fake_api.push_update(update)
    return await fake_api.wait_for(
        lambda c: c.method in BOT_REPLIES and _to_chat(c, chat_id), timeout=10, since=since, count=count
    )


async def ask(fake_api: Any, chat_id: int, text: str, **kw: Any) -> str:
    """Send a command; return the text (or caption) of the bot's reply."""
    call = await send(fake_api, fake_api.command(chat_id, text, **kw), chat_id)
    return str(call.params.get("text") or call.params.get("caption") or "")


def buttons(fake_api: Any, chat_id: int, message_id: int) -> dict[str, str]:
    """Inline buttons of a bot message as {label: callback_data}."""
    stored = fake_api.message(chat_id, message_id)
    markup = (stored.reply_markup or {}) if stored else {}
    return {b["text"]: b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row}


async def settle(fake_api: Any, seconds: float = 0.3) -> None:
    """Give the bot time to (not) react; used only to assert that nothing was sent."""
    await asyncio.sleep(seconds)
