"""Plain-text news prose: reading it, screening it, and the summaries written without a model.

- `sentences`: sentence splitting and word counts;
- `screening`: boilerplate, a title line, garbage and language, checked before summarising;
- `cohesion`: whether a sentence leans on the one before it;
- `headline`: a headline written from the text when an article comes without a title;
- `extractive`: the labelled extractive summariser (the fallback when no model can run).
"""

from .cohesion import points_back
from .extractive import ExtractiveSettings, extractive_summary, lead_summary
from .headline import HEADLINE_LIMIT, write_headline
from .screening import clean_text, looks_english, readable_words, split_title
from .sentences import count_words, sentence_spans, split_sentences

__all__ = [
    "HEADLINE_LIMIT",
    "ExtractiveSettings",
    "clean_text",
    "count_words",
    "extractive_summary",
    "lead_summary",
    "looks_english",
    "points_back",
    "readable_words",
    "sentence_spans",
    "split_sentences",
    "split_title",
    "write_headline",
]
