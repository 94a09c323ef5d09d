"""Who forwarded what from where belongs to the chat that forwarded it (issue 10, item 2).

Chat A forwards an article from a private group, a person, a hidden user, a private channel or a
file with a telling name; a stranger in chat B sends the same text. B must see none of A's origin
(reply, /history, /search, /export, /digest N, briefing), A sees its own everywhere, and A's /forget
leaves no trace of it in the database.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from tests.chat_helpers import article_text, ask, buttons, send, visible, wait_until
from tests.harness import running_bot

A, B = 3101, 3202
SECRET = "Project Nightjar Leaks"


def _forward(fake_api: Any, kind: str, text: str) -> dict[str, Any]:
    if kind == "group":
        return fake_api.forwarded_from_chat(A, text, sender_chat_title=SECRET)
    if kind == "user":
        return fake_api.forwarded_from_user(A, text, sender_first_name=SECRET)
    if kind == "hidden-user":
        return fake_api.forwarded_hidden_user(A, text, sender_user_name=SECRET)
    if kind == "private-channel":
        return fake_api.forwarded_channel_post(A, text, channel_title=SECRET, channel_username=None)
    fake_api.register_file("SECRETDOC", text.encode("utf-8"), "documents/x.txt")
    return fake_api.document_message(A, "SECRETDOC", f"{SECRET}.txt")


async def _digest_reply(fake_api: Any, services: Any, update: dict[str, Any], chat: int) -> str:
    before = services.store.count("requests")
    since = len(fake_api.calls)
    fake_api.push_update(update)
    call = await fake_api.wait_for(
        lambda c: (
            c.method in {"sendMessage", "editMessageText"}
            and c.params.get("chat_id") in (chat, str(chat))
            and "saved as #" in c.params.get("text", "")
        ),
        timeout=20,
        since=since,
    )
    await wait_until(lambda: services.store.count("requests") > before)
    return str(call.params["text"])


async def _export(fake_api: Any, chat: int) -> str:
    call = await send(fake_api, fake_api.command(chat, "/export"), chat)
    assert call.method == "sendDocument"
    (document,) = fake_api.documents_to(chat)[-1:]
    return document.content.decode("utf-8")


def _everything_stored(services: Any) -> str:
    db = services.store.db
    dump = []
    for table in db.table_names():
        dump.extend(json.dumps(row, default=str) for row in db[table].rows)
    return "\n".join(dump)


@pytest.mark.parametrize("kind", ["group", "user", "hidden-user", "private-channel", "file"])
async def test_a_forwards_origin_stays_with_the_chat_that_forwarded_it(
    fake_api: Any, tmp_path: Path, kind: str
) -> None:
    text = article_text("grain corridor")
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        mine = await _digest_reply(fake_api, services, _forward(fake_api, kind, text), A)
        assert SECRET in visible(mine), "the forwarding chat sees its own origin"
        assert SECRET in await ask(fake_api, A, "/history")
        assert SECRET in await _export(fake_api, A)

        theirs = await _digest_reply(fake_api, services, fake_api.text_message(B, text), B)
        assert "already summarised" in theirs, "the digest itself is shared"
        digest_id = theirs.split("saved as #")[1].split()[0].rstrip("<")
        seen_by_b = [
            theirs,
            await ask(fake_api, B, "/history"),
            await ask(fake_api, B, "/search grain corridor"),
            await ask(fake_api, B, f"/digest {digest_id}"),
            await _export(fake_api, B),
        ]
        for seen in seen_by_b:
            assert SECRET not in seen and SECRET.replace(" ", "") not in seen
        assert "Reading" not in theirs
        await asyncio.sleep(1.1)  # a briefing covers requests before the current second
        await send(fake_api, fake_api.command(B, "/briefing"), B, count=2)
        assert "grain corridor" in fake_api.messages_to(B)[-2] and SECRET not in fake_api.messages_to(B)[-2]
        await send(fake_api, fake_api.command(A, "/briefing"), A, count=2)
        assert SECRET in fake_api.messages_to(A)[-2], "A's briefing credits A's own origin"

        await ask(fake_api, A, "/forget")
        question = fake_api.sent_messages(A)[-1]
        yes = buttons(fake_api, A, question.message_id)["Yes, delete everything"]
        await send(fake_api, fake_api.callback_query(A, question.message_id, yes), A)
        assert fake_api.messages_to(A)[-1].startswith("Done.")
        assert SECRET not in _everything_stored(services), "A's /forget removed its origin everywhere"
        assert digest_id in await ask(fake_api, B, "/history"), "B keeps the shared digest"


async def test_a_public_channel_is_the_articles_own_source_for_everyone(
    fake_api: Any, tmp_path: Path
) -> None:
    text = article_text("harbour cranes")
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        update = fake_api.forwarded_channel_post(
            A, text, channel_title="Port Wire", channel_username="portwire", message_id=5
        )
        await _digest_reply(fake_api, services, update, A)
        theirs = await _digest_reply(fake_api, services, fake_api.text_message(B, text), B)
        assert '<a href="https://t.me/portwire/5">Port Wire</a>' in theirs
