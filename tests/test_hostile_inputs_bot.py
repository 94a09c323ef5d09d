"""Odd input through the real bot (issue 10, item 15): control characters in /search, binary and
unmarked UTF-16/32 .txt files, non-ASCII digits and zone-database files that are no time zone in
/subscribe. Each gets a clear answer; nothing is misread silently and nothing crashes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.chat_helpers import BOT_REPLIES, article_text, ask, forward, settle, visible, wait_until
from tests.harness import running_bot

CHAT = 8484
PAGES = Path(__file__).parent / "fixtures" / "pages"
SORRY = "went wrong"
BINARY_FILE = (
    "That file holds binary data, not text, so there is no article in it for me. Send the article "
    "saved as text (.txt or .html), or paste it."
)


async def _reply_with(fake_api: Any, update: dict[str, Any], needle: str) -> list[str]:
    since = len(fake_api.calls)
    fake_api.push_update(update)
    try:
        await fake_api.wait_for(
            lambda c: (
                c.method in BOT_REPLIES
                and c.params.get("chat_id") in (CHAT, str(CHAT))
                and needle in str(c.params.get("text", ""))
            ),
            timeout=15,
            since=since,
        )
    except TimeoutError:
        raise AssertionError(
            f"no reply with {needle!r}; the chat reads {fake_api.messages_to(CHAT)}"
        ) from None
    return fake_api.messages_to(CHAT)


# --- /search with control characters ------------------------------------------------------------------


@pytest.mark.parametrize("query", ["drones\x00", "dro\x00nes", "\x00", "drones \x02x\x03", "\x1b[31mdrones"])
async def test_search_with_control_characters_answers_plainly(
    fake_api: Any, tmp_path: Path, query: str
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        await forward(fake_api, services, CHAT, "Drones hit the harbour overnight. " + article_text("drones"))
        answer = await ask(fake_api, CHAT, f"/search {query}")

        assert SORRY not in answer
        assert answer.startswith(("<b>Search</b>: drones", "No digest in this chat", "Send /search")), answer
        assert not any(ch in answer for ch in "\x00\x02\x03\x1b")  # nothing unprintable is echoed
        assert services.store.count("errors") == 0


async def test_search_still_finds_the_word_next_to_a_nul(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        own = await forward(
            fake_api, services, CHAT, "Drones hit the harbour overnight. " + article_text("drones")
        )
        answer = await ask(fake_api, CHAT, "/search drones\x00")

        assert f"#{own} · " in visible(answer)


# --- .txt files that are not UTF-8 text ---------------------------------------------------------------


RUSSIAN = (
    "Мост в гавани снова открыт после ремонта\n\n"
    "Власти города сообщили в понедельник, что мост в гавани снова открыт для движения после ремонта, "
    "который длился четырнадцать месяцев. По словам мэра, работы обошлись в 212 миллионов рублей. "
    "Рабочие заменили опоры, покрытие и освещение, а также установили новые ограждения для пешеходов. "
    "Жители района говорят, что теперь дорога до центра занимает на двадцать минут меньше. "
    "Городской совет обещает следить за состоянием моста и проводить проверки каждый год."
)
TEXTS = {
    "english": (PAGES / "plain.txt").read_text(encoding="utf-8"),  # has "café": not valid UTF-8 as UTF-16
    "ascii": "Harbour bridge reopens after repair\n\n"
    + " ".join(article_text("bridge", n) for n in range(3)),
    "russian": RUSSIAN,
}


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text", ["english", "ascii", "russian"])
async def test_a_unicode_txt_without_a_byte_order_mark_is_read(
    fake_api: Any, tmp_path: Path, codec: str, text: str
) -> None:
    content = TEXTS[text].encode(codec)
    assert not content.startswith((b"\xff\xfe", b"\xfe\xff"))  # no BOM
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        fake_api.register_file("U16", content, "documents/story.txt")
        messages = await _reply_with(
            fake_api, fake_api.document_message(CHAT, "U16", "story.txt"), "saved as #"
        )

        assert visible(messages[-1]).startswith(TEXTS[text].split("\n")[0])
        assert "\x00" not in messages[-1]
        assert services.store.count("digests") == 1


def _noise(size: int) -> bytes:
    return bytes((i * 7919 + 13) % 256 for i in range(size))  # every byte value, no structure


@pytest.mark.parametrize(
    "content",
    [
        _noise(4000),
        b"\x89PNG\r\n\x1a\n" + bytes(2000) + _noise(2000),  # a picture renamed .txt
        b"\x7fELF\x02\x01\x01" + bytes(600) + b"GLIBC_2.2.5 main printf " * 40 + bytes(600),  # a program
        b"SQLite format 3\x00" + bytes(4000),
    ],
    ids=["noise", "png", "elf", "sqlite"],
)
async def test_a_binary_txt_file_is_refused_with_a_sentence(
    fake_api: Any, tmp_path: Path, content: bytes
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        fake_api.register_file("BIN", content, "documents/notes.txt")
        messages = await _reply_with(
            fake_api, fake_api.document_message(CHAT, "BIN", "notes.txt"), BINARY_FILE
        )
        await settle(fake_api, 0.1)

        assert messages == [BINARY_FILE]
        assert services.store.count("digests") == 0
        await wait_until(lambda: services.store.count("errors") == 1)


# --- /subscribe: ASCII digits and real zones only -------------------------------------------------------


@pytest.mark.parametrize("time_text", ["٨", "𝟖:３０", "۸:۳۰", "８am", "0٨:30"])
async def test_subscribe_with_non_ascii_digits_is_explained_not_misread(
    fake_api: Any, tmp_path: Path, time_text: str
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        answer = await ask(fake_api, CHAT, f"/subscribe {time_text} Europe/Kyiv")

        assert visible(answer).startswith(
            f"“{time_text}” has digits I don't read as a time. Write it with 0-9"
        )
        assert services.store.count("subscriptions") == 0


@pytest.mark.parametrize("zone", ["localtime", "Factory", "factory", "posixrules", "posix/Europe/Kyiv"])
async def test_subscribe_refuses_zone_files_that_are_no_place(
    fake_api: Any, tmp_path: Path, zone: str
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        answer = await ask(fake_api, CHAT, f"/subscribe 08:00 {zone}")

        assert visible(answer).startswith(f"“{zone}” is not a time zone I know.")
        assert services.store.count("subscriptions") == 0


async def test_subscribe_still_takes_ascii_times_and_real_zones(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        answer = await ask(fake_api, CHAT, "/subscribe 7:30 UTC")

        assert "a daily briefing at 07:30 (UTC)" in answer
        assert services.store.count("subscriptions") == 1
