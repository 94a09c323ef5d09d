"""Stories are shared by every chat; who forwarded what from where is not (issue 10, item 2).

Chat A forwards from a private group; chat B receives the same event. Whatever B sees of the story
(its briefing, "Also reported by", instant updates, /stories) names only public sources, and A's
/forget leaves no trace of A's origin in the story tables, even for digests that joined their story
late (stored before stories existed, grouped at A's briefing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storage.schema import MIGRATIONS
from tests.chat_helpers import ask, buttons, send, visible, wait_until
from tests.test_briefings_helpers import Clock
from tests.test_origin_privacy import _everything_stored
from tests.test_stories_bot import (
    CHAT,
    NINE_KILLED,
    OTHER,
    SEVEN_KILLED,
    bot,
    briefing,
    digest_of,
    send_press,
    text_of,
)

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

B, A = CHAT, OTHER  # B follows the story; A forwards from its private group
SECRET = "Nightjar Insiders Board"


def _private(fake_api: Any, text: str) -> dict[str, Any]:
    return fake_api.forwarded_from_chat(A, text, sender_chat_title=SECRET)


async def test_story_views_of_another_chat_name_only_public_sources(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "s.db", clock) as (_, services):
        await digest_of(fake_api, services, _private(fake_api, SEVEN_KILLED), A)
        await digest_of(fake_api, services, fake_api.text_message(B, SEVEN_KILLED), B)
        # As after an upgrade: these digests were stored before stories existed and join at briefing.
        services.store.db.execute("DELETE FROM story_members")
        services.store.db.execute("DELETE FROM stories")
        services.store.db.conn.commit()

        assert SECRET in text_of(await briefing(fake_api, clock, A)), "A's briefing credits A's origin"
        (part,) = await briefing(fake_api, clock, B)
        assert "Odesa" in visible(part.raw_text) and SECRET not in part.raw_text
        answer = await send_press(
            fake_api, part.message_id, buttons(fake_api, B, part.message_id)["Follow story 1"]
        )
        assert "Following" in answer

        since = len(fake_api.calls)
        await digest_of(fake_api, services, _private(fake_api, NINE_KILLED), A)
        update = await fake_api.wait_for(
            lambda c: c.method == "sendMessage" and c.params.get("chat_id") in (B, str(B)),
            timeout=10,
            since=since,
        )
        assert "Story update" in update.params["text"] and SECRET not in update.params["text"]
        assert SECRET not in await ask(fake_api, B, "/stories")
        assert SECRET not in text_of(await briefing(fake_api, clock, B))

        await ask(fake_api, A, "/forget")
        question = fake_api.sent_messages(A)[-1]
        yes = buttons(fake_api, A, question.message_id)["Yes, delete everything"]
        await send(fake_api, fake_api.callback_query(A, question.message_id, yes), A)
        await wait_until(lambda: fake_api.messages_to(A)[-1].startswith("Done."))
        assert SECRET not in _everything_stored(services), "A's /forget left its origin in a story"
        rows = services.store.db.execute(
            "SELECT COUNT(*) FROM chat_stories WHERE chat_id = ?", [A]
        ).fetchone()
        assert rows == (0,), "A's story state went with its /forget"
        assert "Stories you follow" in await ask(fake_api, B, "/stories"), "B keeps the shared story"


async def test_an_upgrade_clears_private_origins_recorded_as_story_publishers(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "s.db", clock) as (_, services):
        digest = await digest_of(fake_api, services, _private(fake_api, SEVEN_KILLED), A)
        db = services.store.db
        # What a briefing before this fix wrote: the chat's private origin as the member's publisher.
        db.execute("UPDATE story_members SET publisher = ? WHERE digest_id = ?", [SECRET, digest])
        db.conn.commit()
        step = next(m for m in MIGRATIONS if m.__name__.endswith("_story_publishers"))
        with db.conn:
            step(db)
        (publisher,) = db.execute(
            "SELECT publisher FROM story_members WHERE digest_id = ?", [digest]
        ).fetchone()
        assert publisher == "Forwarded and pasted text"
