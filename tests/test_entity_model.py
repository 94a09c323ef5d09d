"""Who / where by a token-classification model (NEWSBRIEF_NER_MODEL), tested with a tiny model built
offline whose tags are known (tests/tiny_ner_model.py): it calls "Paris" a person, where the rules
would call it a place, so each test can tell which of the two answered."""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path
from typing import Any

import pytest

from summarizer.entities import EntityModel, EntityModelUnavailable, extract_entities
from summarizer.pipeline import Summarizer, SummarizerConfig
from summarizer.types import Article
from tests.harness import running_bot

CHAT = 5151
TEXT = (
    "Paris met Zorblat Quill in Vandoria on Monday, and Krent Holdings said the Olympics were on. "
    "Zorblat Quill told reporters the talks in Vandoria had gone well and that a second round "
    "would follow next month, while Krent Holdings promised to publish the full agreement soon. "
    "Residents of Vandoria welcomed the news."
)


@pytest.fixture(scope="session")
def tiny_ner_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.tiny_ner_model import build_tiny_ner  # torch loads only for the tests that need it

    return build_tiny_ner(tmp_path_factory.mktemp("tiny_ner"))


def _pairs(entities: list[Any]) -> set[tuple[str, str]]:
    return {(e.text, e.kind) for e in entities}


def test_model_tags_decide_the_kinds(tiny_ner_dir: Path) -> None:
    model = EntityModel(str(tiny_ner_dir))
    found = _pairs(extract_entities(TEXT, finder=model.mentions))
    assert {("Paris", "person"), ("Zorblat Quill", "person"), ("Vandoria", "place")} <= found
    assert ("Krent Holdings", "org") in found
    assert "Olympics" not in {name for name, _ in found}  # MISC is not who or where
    # The rules, on the same text, read "Paris" as the city.
    assert ("Paris", "place") in _pairs(extract_entities(TEXT))


def test_long_text_is_read_in_pieces(tiny_ner_dir: Path) -> None:
    model = EntityModel(str(tiny_ner_dir))
    text = ("The talks went on. " * 120) + "Zorblat Quill met Paris in Vandoria."
    spans = {(m.phrase, text[m.start : m.start + len(m.phrase)]) for m in model.mentions(text)}
    assert ("Zorblat Quill", "Zorblat Quill") in spans  # offsets point into the whole text


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EntityModelUnavailable, match="no-such-model"):
        EntityModel(str(tmp_path / "no-such-model"))


def test_summarizer_uses_the_configured_model(tiny_ner_dir: Path, tmp_path: Path) -> None:
    summarizer = Summarizer(SummarizerConfig(model=str(tmp_path / "none"), ner_model=str(tiny_ner_dir)))
    summarizer.load()
    assert summarizer.entity_model == str(tiny_ner_dir)
    digest = summarizer.summarize(Article(text=TEXT))
    assert ("Paris", "person") in _pairs(digest.entities)


def test_unloadable_model_falls_back_to_the_rules(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = SummarizerConfig(model=str(tmp_path / "none"), ner_model=str(tmp_path / "no-ner"))
    summarizer = Summarizer(config)
    with caplog.at_level(logging.WARNING):
        summarizer.load()
    assert summarizer.entity_model is None
    assert any("rules instead" in r.getMessage() for r in caplog.records)
    digest = summarizer.summarize(Article(text=TEXT))
    assert ("Paris", "place") in _pairs(digest.entities)


async def test_chat_digest_shows_the_models_names(fake_api: Any, tmp_path: Path, tiny_ner_dir: Path) -> None:
    summarizer = Summarizer(SummarizerConfig(model=str(tmp_path / "none"), ner_model=str(tiny_ner_dir)))
    summarizer.load()
    async with running_bot(fake_api, tmp_path / "newsbrief.db", summarizer=summarizer):
        fake_api.push_update(fake_api.text_message(CHAT, TEXT))
        await fake_api.wait_for(
            lambda call: "Who / where" in call.params.get("text", "") and call.params.get("chat_id") == CHAT,
            timeout=30,
        )
    reply = html.unescape(re.sub(r"<[^>]+>", "", fake_api.messages_to(CHAT)[-1]))
    who_where = next(line for line in reply.splitlines() if line.startswith("Who / where"))
    assert "Paris" in who_where and "Zorblat Quill" in who_where and "Krent Holdings" in who_where
    # People come first on the line: the model made Paris a person.
    assert who_where.index("Paris") < who_where.index("Vandoria")
