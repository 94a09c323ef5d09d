"""The labelled extractive fallback: used when no model weights can be loaded."""

from __future__ import annotations

from .sentences import split_sentences


def lead_summary(text: str, max_sentences: int = 3, max_chars: int = 600) -> str:
    """The article's lead sentences, the way wire stories front-load the news."""
    chosen: list[str] = []
    for sentence in split_sentences(text):
        if len(sentence.split()) < 4:
            continue
        if chosen and sum(len(s) for s in chosen) + len(sentence) > max_chars:
            break
        chosen.append(sentence)
        if len(chosen) == max_sentences:
            break
    return " ".join(chosen)
