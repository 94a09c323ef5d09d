"""The open story window is kept between digests in the bot's process and follows what storage holds.

The grouper is not rebuilt from storage for every digest; whatever changes story members behind its
back (/forget, another process) makes the next digest rebuild it, so no digest joins a story that
is gone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storage.stories import StoryStore
from tests.chat_helpers import ask, buttons, send, wait_until
from tests.test_briefings_helpers import Clock
from tests.test_stories_bot import (
    CHAT,
    EIGHT_KILLED,
    NINE_KILLED,
    SEVEN_KILLED,
    bot,
    briefing,
    digest_of,
    forward,
    text_of,
)

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


async def test_after_forget_the_same_event_starts_a_story_the_briefing_shows(
    fake_api: Any, tmp_path: Path, clock: Clock
) -> None:
    async with bot(fake_api, tmp_path / "s.db", clock) as (_, services):
        stories = StoryStore(services.store.db)
        first = await digest_of(fake_api, services, forward(fake_api, SEVEN_KILLED, "Odesa Today"))
        second = await digest_of(fake_api, services, forward(fake_api, EIGHT_KILLED, "Black Sea News"))
        forgotten = stories.story_of(first)
        assert stories.story_of(second) == forgotten  # the window kept between digests groups them

        await ask(fake_api, CHAT, "/forget")
        question = fake_api.sent_messages(CHAT)[-1]
        yes = buttons(fake_api, CHAT, question.message_id)["Yes, delete everything"]
        await send(fake_api, fake_api.callback_query(CHAT, question.message_id, yes), CHAT)
        await wait_until(lambda: fake_api.messages_to(CHAT)[-1].startswith("Done."))
        assert stories.title(forgotten) is None

        clock.advance(hours=1)
        later = await digest_of(fake_api, services, forward(fake_api, NINE_KILLED, "Odesa Today"))
        story = stories.story_of(later)
        assert stories.title(story) is not None  # a story that exists (its id may be reused)
        assert [m.digest_id for m in stories.members(story)] == [later]
        seen = text_of(await briefing(fake_api, clock))
        assert "Odesa" in seen and "Also reported by" not in seen
