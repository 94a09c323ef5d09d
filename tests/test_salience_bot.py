"""What a user sees of salience and written headlines, through the real bot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.chat_helpers import forward, visible
from tests.harness import running_bot

CHAT = 6262
UNTITLED = (
    "Firefighters rescued 14 people from a burning apartment block in the east of the city early on "
    "Sunday morning after a gas explosion tore through the ground floor, the fire service said. Two "
    "residents were taken to hospital with burns. The blast shattered windows in neighbouring streets and "
    "left a crater in the courtyard. Engineers will inspect the building on Monday before residents are "
    "allowed back, and the city has opened a school gym for the 40 families who cannot go home."
)


async def test_an_untitled_forward_gets_a_whole_phrase_headline(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        await forward(fake_api, services, CHAT, UNTITLED)
        reply = fake_api.messages_to(CHAT)[-1]
        headline = visible(reply).split("\n", 1)[0]
        assert headline == "Firefighters rescued 14 people from a burning apartment block"
        assert reply.startswith(f"<b>{headline}</b>")
        stored = services.store.load_digest(1)
        assert stored is not None and stored.digest.headline == headline
        # Each figure shown carries its salience into the database.
        assert stored.digest.figures and all(f.salience is not None for f in stored.digest.figures)
        figures = visible(reply).split("Key figures\n", 1)[1].split("\n\n", 1)[0].splitlines()
        assert figures[0] == "• 14 rescued", "the lead's event count comes first"
        assert len(figures) <= 3


LOTTERY = (
    "A lottery winner has given away £2.4 million to the hospital that treated her son. The £2.4 million "
    "gift will pay for a new children's ward, the hospital said. Mrs Jones, who bought her ticket at a "
    "shop on the high street, said the £2.4 million was the least she could do. The shop has sold "
    "tickets for 12 years and employs 3 people. The ward will have 20 beds and open in 18 months."
)


async def test_a_digest_shows_the_telling_figure_first_and_leaves_background_out(
    fake_api: Any, tmp_path: Path
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        await forward(fake_api, services, CHAT, LOTTERY)
        reply = visible(fake_api.messages_to(CHAT)[-1])
        figures = reply.split("Key figures\n", 1)[1].split("\n\n", 1)[0].splitlines()
        assert figures[0].startswith("• £2.4 million"), figures
        assert len(figures) <= 2, "five figures in the text, one or two that matter"
        assert not any("3 people" in line or "20 beds" in line for line in figures)
