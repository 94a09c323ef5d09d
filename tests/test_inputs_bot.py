"""Every way news reaches the bot without a web fetch: pasted text, forwards of every origin, captions,
shared files, and the things it cannot read. Each test runs the real Application against the fake Bot
API and checks what the user finally sees and what the database holds.

Links (fetched from a local HTTP server, with and without the address guard) are in test_links_bot.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.replies.articles import NOTHING_TO_READ
from bot.replies.documents import NOT_A_DOCUMENT_I_READ
from tests.chat_helpers import BOT_REPLIES, article_text, settle, visible, wait_until
from tests.harness import running_bot

CHAT = 5151
PAGES = Path(__file__).parent / "fixtures" / "pages"
TOO_BIG_1KB = "That file is too big for me (over 1 KB). Paste the article text instead."


def _to_chat(call: Any, chat: int = CHAT) -> bool:
    return call.method in BOT_REPLIES and call.params.get("chat_id") in (chat, str(chat))


async def _push(
    fake_api: Any, update: dict[str, Any], needle: str, *, chat: int = CHAT, count: int = 1
) -> None:
    """Push an update and wait for the `count`-th bot message or edit to `chat` containing `needle`."""
    since = len(fake_api.calls)
    fake_api.push_update(update)
    await fake_api.wait_for(
        lambda c: _to_chat(c, chat) and needle in str(c.params.get("text", "")),
        timeout=10,
        since=since,
        count=count,
    )


async def _digest(fake_api: Any, services: Any, update: dict[str, Any], *, chat: int = CHAT) -> str:
    """Push an update that should produce one digest; wait for it and its `requests` row; return it."""
    before = services.store.count("requests")
    await _push(fake_api, update, "saved as #", chat=chat)
    await wait_until(lambda: services.store.count("requests") > before)
    return fake_api.messages_to(chat)[-1]


def _footer(reply: str) -> str:
    return visible(reply).splitlines()[-1]


def _article_row(services: Any) -> dict[str, Any]:
    rows = list(services.store.db.query("SELECT * FROM articles"))
    assert len(rows) == 1
    return rows[0]


# --- text and forwards --------------------------------------------------------------------------------


async def test_pasted_text_gets_a_digest_without_a_source(fake_api: Any, tmp_path: Path) -> None:
    text = article_text("harbour bridge")
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        reply = await _digest(fake_api, services, fake_api.text_message(CHAT, text))

        assert fake_api.messages_to(CHAT) == [reply], "the 'Reading…' status is edited into the digest"
        assert reply.startswith("<b>Officials reported on Monday that harbour bridge")
        assert "<b>Key figures</b>" in reply and "extractive summary" in reply
        assert _footer(reply) == "1 min read · saved as #1"  # nobody to credit, nothing to link
        assert "<a " not in reply
        assert (services.store.count("digests"), services.store.count("requests")) == (1, 1)
        row = _article_row(services)
        assert (row["source"], row["source_url"], row["canonical_url"]) == (None, None, None)


@pytest.mark.parametrize(
    ("builder", "kwargs", "source", "link"),
    [
        (
            "forwarded_channel_post",
            {"channel_title": "Kyiv Independent", "channel_username": "kyivindependent", "message_id": 777},
            "Kyiv Independent",
            "https://t.me/kyivindependent/777",
        ),
        (  # a private channel has no public post link: name only
            "forwarded_channel_post",
            {"channel_title": "Private Wire", "channel_username": None, "message_id": 9},
            "Private Wire",
            None,
        ),
        ("forwarded_from_user", {"sender_first_name": "Alice"}, "Alice", None),
        ("forwarded_hidden_user", {"sender_user_name": "Hidden Sender"}, "Hidden Sender", None),
        ("forwarded_from_chat", {"sender_chat_title": "Newsroom Group"}, "Newsroom Group", None),
    ],
    ids=["channel", "private-channel", "user", "hidden-user", "chat"],
)
async def test_forward_names_its_origin_as_source(
    fake_api: Any, tmp_path: Path, builder: str, kwargs: dict[str, Any], source: str, link: str | None
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        update = getattr(fake_api, builder)(CHAT, article_text("grain exports"), **kwargs)
        reply = await _digest(fake_api, services, update)

        assert _footer(reply) == f"{source} · 1 min read · saved as #1"
        if link:
            assert f'<a href="{link}">{source}</a>' in reply
        else:
            assert "<a " not in reply
        row = _article_row(services)
        # Only a public channel goes into the shared digest; the rest is this chat's own request.
        public = builder == "forwarded_channel_post" and link is not None
        assert (row["source"], row["source_url"]) == ((source, link) if public else (None, None))
        assert services.store.count("digests") == 1


async def test_forwarded_channel_photo_post_reads_its_caption(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        update = fake_api.forwarded_channel_post(
            CHAT, article_text("wildfire smoke"), channel_title="Reuters", channel_username="reuters",
            message_id=31337, with_photo=True,
        )  # fmt: skip
        reply = await _digest(fake_api, services, update)

        assert "wildfire smoke" in visible(reply)
        assert '<a href="https://t.me/reuters/31337">Reuters</a>' in reply
        assert services.store.count("digests") == 1


async def test_the_same_forward_twice_is_summarised_once(fake_api: Any, tmp_path: Path) -> None:
    text = article_text("river floods")
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        first = await _digest(fake_api, services, fake_api.forwarded_channel_post(CHAT, text))
        # The same story pasted with different spacing and case is still the same article.
        second = await _digest(fake_api, services, fake_api.text_message(CHAT, "  " + text.upper() + "\n"))

        assert "already summarised" not in first
        assert _footer(second) == "World News · 1 min read · saved as #1 · already summarised"
        assert (services.store.count("digests"), services.store.count("requests")) == (1, 2)


# --- captions and media without text -----------------------------------------------------------------


async def test_photo_caption_with_formatting_entities_is_the_article(fake_api: Any, tmp_path: Path) -> None:
    caption = article_text("tram strike")
    entities = [
        {"type": "bold", "offset": 0, "length": 8},
        {"type": "italic", "offset": 9, "length": 8},
    ]
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        update = fake_api.photo_message(CHAT, caption=caption, caption_entities=entities)
        reply = await _digest(fake_api, services, update)

        assert reply.startswith("<b>Officials reported on Monday that tram strike")
        assert fake_api.messages_to(CHAT) == [reply]
        assert services.store.count("digests") == 1


@pytest.mark.parametrize("kind", ["photo without caption", "sticker", "voice", "photo with blank caption"])
async def test_media_without_article_text_gets_one_line_explaining_what_i_read(
    fake_api: Any, tmp_path: Path, kind: str
) -> None:
    updates = {
        "photo without caption": lambda: fake_api.photo_message(CHAT),
        "photo with blank caption": lambda: fake_api.photo_message(CHAT, caption="  "),
        "sticker": lambda: fake_api.sticker_message(CHAT),
        "voice": lambda: fake_api.voice_message(CHAT),
    }
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        await _push(fake_api, updates[kind](), "I read news")
        await settle(fake_api, 0.2)  # and nothing else follows

        assert fake_api.messages_to(CHAT) == [NOTHING_TO_READ]
        assert "\n" not in NOTHING_TO_READ
        for accepted in ("forward", "paste", "link", ".html or .txt"):
            assert accepted in NOTHING_TO_READ
        assert (services.store.count("digests"), services.store.count("requests")) == (0, 0)
        assert services.store.count("errors") == 0  # not a failure of ours
        assert fake_api.calls_of("getFile") == []  # the media itself is never downloaded


# --- malformed and too-short text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("   ", NOTHING_TO_READ),
        ("\n\t \n", NOTHING_TO_READ),
        (
            "Breaking: big news today.",
            "That is too short to summarise (4 words). Forward or paste the whole article "
            "(at least 25 words), or send a link to it.",
        ),
    ],
    ids=["spaces", "blank-lines", "too-short"],
)
async def test_text_with_nothing_to_summarise(
    fake_api: Any, tmp_path: Path, text: str, expected: str
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        await _push(fake_api, fake_api.text_message(CHAT, text), expected[:20])
        await settle(fake_api, 0.2)

        assert fake_api.messages_to(CHAT) == [expected]
        assert (services.store.count("digests"), services.store.count("requests")) == (0, 0)


async def test_a_too_short_forward_is_not_summarised(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        update = fake_api.forwarded_channel_post(CHAT, "Air raid alert in Kyiv region. Stay in shelters.")
        await _push(fake_api, update, "too short")
        assert fake_api.messages_to(CHAT)[0].startswith("That is too short to summarise (9 words).")
        assert services.store.count("digests") == 0


# --- shared files -------------------------------------------------------------------------------------


def _html_file() -> bytes:
    page = (PAGES / "article.html").read_text(encoding="utf-8")
    return page.replace("{{ORIGIN}}", "https://courier.example").encode("utf-8")


@pytest.mark.parametrize(
    ("file_name", "mime_type", "content", "headline", "source"),
    [
        (
            "bridge.html", "text/html", _html_file(),
            "Harbour bridge reopens after 14-month repair", "The Elden Courier",
        ),
        (
            "bridge.htm", "application/octet-stream", _html_file(),  # the extension decides
            "Harbour bridge reopens after 14-month repair", "The Elden Courier",
        ),
        (
            "beach.txt", "text/plain", (PAGES / "plain.txt").read_bytes(),
            "Volunteers clear 3 tonnes of litter from Pelling Beach", "beach.txt",
        ),
    ],
    ids=["html", "htm", "txt"],
)  # fmt: skip
async def test_article_file_gets_a_digest(
    fake_api: Any, tmp_path: Path, file_name: str, mime_type: str, content: bytes, headline: str, source: str
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        fake_api.register_file("DOC1", content, f"documents/{file_name}")
        update = fake_api.document_message(CHAT, "DOC1", file_name, mime_type=mime_type)
        reply = await _digest(fake_api, services, update)

        assert reply.startswith(f"<b>{headline}</b>")
        assert _footer(reply) == f"{source} · 1 min read · saved as #1"
        assert fake_api.messages_to(CHAT) == [reply]  # "Reading bridge.html…" became the digest
        assert len(fake_api.calls_of("getFile")) == 1
        body = visible(reply)
        assert "Advertisement" not in body and "cookies" not in body  # page furniture left out
        row = _article_row(services)
        # A file's name is this chat's own (its footer, /history); the shared digest keeps only a
        # site name the file itself gives.
        shared_source = None if source == file_name else source
        assert (row["title"], row["source"], row["canonical_url"]) == (headline, shared_source, None)


async def test_forwarded_file_from_a_channel_credits_the_channel(fake_api: Any, tmp_path: Path) -> None:
    origin = {
        "type": "channel",
        "date": 1_700_000_000,
        "message_id": 55,
        "chat": {"id": -1001, "type": "channel", "title": "Beach Watch", "username": "beachwatch"},
    }
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        fake_api.register_file("DOC2", (PAGES / "plain.txt").read_bytes(), "documents/beach.txt")
        update = fake_api.document_message(CHAT, "DOC2", "beach.txt", forward_origin=origin)
        reply = await _digest(fake_api, services, update)

        assert '<a href="https://t.me/beachwatch/55">Beach Watch</a>' in reply
        assert (_article_row(services)["source_url"]) == "https://t.me/beachwatch/55"


@pytest.mark.parametrize(
    ("file_name", "mime_type"),
    [("report.pdf", "application/pdf"), ("notes.docx", "application/vnd.openxmlformats"), ("x", None)],
    ids=["pdf", "docx", "no-extension"],
)
async def test_other_files_are_explained_not_downloaded(
    fake_api: Any, tmp_path: Path, file_name: str, mime_type: str | None
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        fake_api.register_file("PDF1", b"%PDF-1.7\n" + b"0" * 2000)
        update = fake_api.document_message(CHAT, "PDF1", file_name, mime_type=mime_type or "")
        if mime_type is None:
            del update["message"]["document"]["mime_type"]
        await _push(fake_api, update, "I can read articles saved as")
        await settle(fake_api, 0.2)

        assert fake_api.messages_to(CHAT) == [NOT_A_DOCUMENT_I_READ]
        assert fake_api.calls_of("getFile") == []
        assert services.store.count("digests") == 0


async def test_a_file_declared_too_large_is_refused_without_downloading(
    fake_api: Any, tmp_path: Path
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite", max_document_bytes=1024) as (_, services):
        fake_api.register_file("BIG", _html_file())  # about 6 KB
        await _push(fake_api, fake_api.document_message(CHAT, "BIG", "big.html", "text/html"), "too big")

        assert fake_api.messages_to(CHAT) == [TOO_BIG_1KB]
        assert fake_api.calls_of("getFile") == []
        assert services.store.count("digests") == 0


async def test_a_file_larger_than_it_claims_is_refused_after_download(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite", max_document_bytes=1024) as (_, services):
        fake_api.register_file("LIAR", _html_file())
        update = fake_api.document_message(CHAT, "LIAR", "small.html", "text/html", file_size=900)
        await _push(fake_api, update, "too big")

        assert fake_api.messages_to(CHAT) == [TOO_BIG_1KB]  # the "Reading small.html…" status, edited
        assert services.store.count("digests") == 0


async def test_a_file_without_an_article_gets_a_plain_answer(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        fake_api.register_file("LOGIN", (PAGES / "login_wall.html").read_bytes())
        await _push(fake_api, fake_api.document_message(CHAT, "LOGIN", "saved.html", "text/html"), "paywall")

        [answer] = fake_api.messages_to(CHAT)
        assert answer.startswith("That page seems to be behind a paywall or login")
        assert services.store.count("digests") == 0
        kinds = [r["kind"] for r in services.store.db.query("SELECT kind FROM errors")]
        assert kinds == ["not_article"]


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"Breaking: big news today.\n", 4), (b"", 0), (b"\xef\xbb\xbf  \r\n", 0)],
    ids=["short", "empty", "bom-and-blanks"],
)
async def test_a_text_file_too_short_to_summarise_says_so(
    fake_api: Any, tmp_path: Path, content: bytes, words: int
) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        fake_api.register_file("SHORT", content)
        await _push(fake_api, fake_api.document_message(CHAT, "SHORT", "note.txt"), "too short")

        assert fake_api.messages_to(CHAT) == [
            f"That is too short to summarise ({words} words). Forward or paste the whole article "
            "(at least 25 words), or send a link to it."
        ]
        assert services.store.count("digests") == 0
