"""Who / where: the people, places and organisations an article names, most salient first.

- `extract`: `extract_entities` (rules, or the optional model's mentions, ranked into Entities);
- `rules`, `words`: finding name mentions in plain text and the vocabulary those rules read;
- `gazetteer`: name lists built from data that packages ship (no download);
- `model`: the optional token-classification model (setting NEWSBRIEF_NER_MODEL).
"""

from .extract import MentionFinder, extract_entities
from .gazetteer import given_names, places, titles
from .model import EntityModel, EntityModelUnavailable

__all__ = [
    "EntityModel",
    "EntityModelUnavailable",
    "MentionFinder",
    "extract_entities",
    "given_names",
    "places",
    "titles",
]
