"""Who / where: the rule-based entity finder."""

from __future__ import annotations

from summarizer.entities import extract_entities


def _by_kind(text: str) -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = {}
    for entity in extract_entities(text):
        kinds.setdefault(entity.kind, []).append(entity.text)
    return kinds


def test_seed_article_people_places_and_organisations(seed_text: str) -> None:
    kinds = _by_kind(seed_text)
    assert {"Volodymyr Zelenskyy", "Donald Trump", "Mykola Kalashnyk"} <= set(kinds["person"])
    assert {"Kyiv", "Odesa", "Donetsk", "Chernihiv"} <= set(kinds["place"])
    assert "DTEK" in kinds["org"]


def test_seed_article_has_no_junk(seed_text: str) -> None:
    names = {e.text for e in extract_entities(seed_text, limit=50)}
    junk = {"The", "Sanctions", "Once", "And", "That", "Sunday", "Ukrainian", "President", "X"}
    assert not names & junk
    # One entry per person, shown by the full name: "Volodymyr Zelenskyy" and "Zelenskyy" are one man.
    assert sum("Zelenskyy" in n for n in names) == 1


def test_cues_classify_unknown_names() -> None:
    text = (
        "Flooding hit the town of Brackmoor on Tuesday, said Alina Petrenko, a spokeswoman for the "
        "Harbour Authority. Petrenko said crews from Velta Logistics Ltd were helping. "
        "Residents near Brackmoor were told to stay indoors, Petrenko added."
    )
    kinds = _by_kind(text)
    assert kinds["person"] == ["Alina Petrenko"] or "Petrenko" in kinds["person"]
    assert "Brackmoor" in kinds["place"]
    assert {"Harbour Authority", "Velta Logistics Ltd"} <= set(kinds["org"])


def test_sentence_initial_common_words_are_not_names() -> None:
    text = (
        "Sanctions were tightened on Monday. Meanwhile the talks went on. Prices rose again. "
        "Officials in Berlin said prices would keep rising, and the sanctions would stay."
    )
    names = {e.text for e in extract_entities(text)}
    assert names == {"Berlin"}
