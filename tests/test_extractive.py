"""The extractive summariser behind the labelled fallback."""

from __future__ import annotations

import time

from summarizer.text import (
    ExtractiveSettings,
    clean_text,
    extractive_summary,
    lead_summary,
    looks_english,
    split_sentences,
    split_title,
)

ARTICLE = (
    "The city council approved a new budget for the harbour on Tuesday evening. "
    "The meeting lasted four hours and several residents spoke. "
    "The budget sets aside 45 million dollars to rebuild the harbour wall damaged in the winter storms. "
    "Council members praised the harbour plan, which also funds a new ferry terminal. "
    "The council approved the new harbour budget after a long debate about costs. "
    "Local schools will close early on Friday for an unrelated teacher training day. "
    "The mayor said work on the harbour wall would begin in the spring."
)


def test_summary_is_verbatim_sentences_in_article_order() -> None:
    summary = extractive_summary(ARTICLE)
    sentences = split_sentences(ARTICLE)
    chosen = split_sentences(summary)
    assert 2 <= len(chosen) <= 3
    assert all(s in sentences for s in chosen)
    assert [sentences.index(s) for s in chosen] == sorted(sentences.index(s) for s in chosen)


def test_redundant_sentences_are_not_both_chosen() -> None:
    chosen = split_sentences(extractive_summary(ARTICLE))
    assert chosen[0].startswith("The city council approved")
    assert "The council approved the new harbour budget after a long debate about costs." not in chosen


def test_figures_and_title_words_pull_sentences_in() -> None:
    summary = extractive_summary(ARTICLE, title="Harbour wall to be rebuilt with 45 million dollars")
    assert "45 million dollars" in summary
    assert "teacher training" not in summary


def test_word_budget_is_respected() -> None:
    settings = ExtractiveSettings(max_words=40)
    summary = extractive_summary(ARTICLE, settings=settings)
    first = split_sentences(summary)[0]
    assert len(summary.split()) <= max(40, len(first.split()))


def test_seed_article_keeps_the_lead(seed_text: str) -> None:
    summary = extractive_summary(seed_text)
    assert summary.startswith("Ukraine’s President Volodymyr Zelenskyy said he spoke")


def test_lead_summary_is_the_lead_n_baseline() -> None:
    assert lead_summary(ARTICLE, max_sentences=2) == " ".join(split_sentences(ARTICLE)[:2])


def test_huge_input_is_fast() -> None:
    text = " ".join(f"Sentence {i} tells about topic {i % 50} with extra words here." for i in range(3000))
    started = time.perf_counter()
    assert extractive_summary(text)
    assert time.perf_counter() - started < 2


def test_boilerplate_is_removed() -> None:
    raw = (
        "Share this withEmailFacebookMessengerTwitterPinterestWhatsAppLinkedinCopy\nthis link"
        "Researchers found that four out of five children tried new food at school."
    )
    assert clean_text(raw).startswith("Researchers found")
    assert clean_text("WASHINGTON (CNN) -- President Bush will speak.") == "President Bush will speak."
    assert clean_text("Media playback is not supported on this deviceA report accused Russia.") == (
        "A report accused Russia."
    )


def test_title_line_detection() -> None:
    assert split_title("Harbour wall to be rebuilt\n" + ARTICLE) == ("Harbour wall to be rebuilt", ARTICLE)
    assert split_title(ARTICLE)[0] is None
    assert split_title("A sentence that ends.\n" + ARTICLE)[0] is None


def test_language_screen() -> None:
    assert looks_english(ARTICLE)
    assert not looks_english(
        "Der Rat hat am Dienstag einen neuen Haushalt für den Hafen beschlossen, "
        "der vierzig Millionen Euro für die Hafenmauer vorsieht."
    )
    assert not looks_english("Міська рада у вівторок ухвалила новий бюджет для порту.")
