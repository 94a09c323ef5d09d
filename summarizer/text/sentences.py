"""Sentence splitting and word counting tuned for news prose (no model, no download)."""

from __future__ import annotations

import re

# Abbreviations that end with a dot but do not end a sentence in news copy.
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sen",
    "rep",
    "gov",
    "gen",
    "col",
    "lt",
    "sgt",
    "capt",
    "st",
    "jr",
    "sr",
    "inc",
    "ltd",
    "co",
    "corp",
    "vs",
    "etc",
    "no",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.k",
    "u.n",
    "e.g",
    "i.e",
    "a.m",
    "p.m",
}
_CANDIDATE = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-•*]?\s*[A-Z])""")
_WORD = re.compile(r"\w+(?:[’'.,-]\w+)*")


def split_sentences(text: str) -> list[str]:
    """Split into sentences, keeping abbreviations like "Mr." and "U.S." inside their sentence."""
    sentences: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        before = text[start : match.start()]
        last_word = before.rsplit(None, 1)[-1].lower() if before.split() else ""
        if match.group().startswith(".") and (last_word.rstrip(".") in _ABBREVIATIONS or len(last_word) == 1):
            continue
        piece = text[start:end].strip()
        if piece:
            sentences.append(piece)
        start = end
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `split_sentences`, in order."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for sentence in split_sentences(text):
        begin = text.find(sentence, cursor)
        spans.append((begin, begin + len(sentence)))
        cursor = begin + len(sentence)
    return spans


def count_words(text: str) -> int:
    return len(_WORD.findall(text))
