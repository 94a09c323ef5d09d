"""An optional token-classification model for "who / where" (setting NEWSBRIEF_NER_MODEL).

Any transformers token-classification checkpoint (a hub id, fetched once into the Hugging Face cache,
or a local path) tagged with the CoNLL kinds PER, LOC, ORG and MISC (or PERSON, GPE, FAC, NORP ...
as OntoNotes models write them). It finds the mentions; grouping, full names and the display cap
stay those of summarizer/entities/extract.py. The rules stay the default: they need no weights and run
offline, and the bot falls back to them when the model cannot be loaded.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from ..hub import pretrained
from .rules import MEDIUM, STRONG, Mention

log = logging.getLogger(__name__)

# Labels as CoNLL-2003 and OntoNotes models write them.
_KINDS = {
    "PER": "person",
    "PERSON": "person",
    "LOC": "place",
    "GPE": "place",
    "FAC": "place",
    "ORG": "org",
    "MISC": "other",
    "NORP": "other",
    "EVENT": "other",
}
MAX_CHARS = 1500  # a piece of text the model reads at once: well inside a 512-token window
CHARS_PER_TOKEN = 3  # a safe low estimate for English: a piece never outgrows the model's window


class EntityModelUnavailable(RuntimeError):
    """The configured token-classification model could not be loaded."""


class EntityModel:
    """Loads the model once; `mentions` is pure computation and safe to call from worker threads."""

    def __init__(self, name: str, *, device: str = "cpu", threads: int = 0) -> None:
        started = time.perf_counter()
        try:
            import torch
            from transformers import AutoModelForTokenClassification, AutoTokenizer, pipeline

            if threads:
                torch.set_num_threads(threads)
            tokenizer, model = pretrained(name, AutoTokenizer, AutoModelForTokenClassification)
            self._pipe: Any = pipeline(
                "token-classification",
                model=model,
                tokenizer=tokenizer,
                aggregation_strategy="simple",
                device=device,
            )
        except Exception as exc:  # a missing path, no network, not a token-classification model
            raise EntityModelUnavailable(f"Could not load the entity model {name!r}: {exc}") from exc
        window = int(getattr(tokenizer, "model_max_length", 512) or 512)
        self.max_chars = max(100, min(MAX_CHARS, CHARS_PER_TOKEN * window))
        self.name = name
        self.load_seconds = time.perf_counter() - started
        log.info("entity model %s loaded in %.1f s", name, self.load_seconds)

    def mentions(self, text: str) -> list[Mention]:
        found: list[Mention] = []
        pieces = _pieces(text, self.max_chars)
        if not pieces:
            return found
        outputs = self._pipe([piece for _, piece in pieces])
        for (offset, piece), tagged in zip(pieces, outputs, strict=True):
            for item in tagged:
                mention = _mention(item, piece, offset)
                if mention:
                    found.append(mention)
        return found


def _mention(item: dict[str, Any], piece: str, offset: int) -> Mention | None:
    label = str(item.get("entity_group") or item.get("entity") or "")
    kind = _KINDS.get(re.sub(r"^[BIES]-", "", label).upper())
    start, end = item.get("start"), item.get("end")
    if kind is None or start is None or end is None:
        return None
    phrase = piece[start:end].strip(" ’'-,.;:")
    if len(phrase) < 2:
        return None
    weight = STRONG if float(item.get("score", 0.0)) >= 0.5 else MEDIUM
    return Mention(phrase, offset + start + piece[start:end].find(phrase), kind, weight)


def _pieces(text: str, max_chars: int) -> list[tuple[int, str]]:
    """The text as (offset, piece) pieces of at most max_chars, cut at line and sentence ends."""
    out: list[tuple[int, str]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        while start < line.end():
            end = min(line.end(), start + max_chars)
            if end < line.end():
                cut = text.rfind(". ", start, end)
                end = cut + 1 if cut > start else end
            if text[start:end].strip():
                out.append((start, text[start:end]))
            start = end
    return out
