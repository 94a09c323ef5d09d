"""Stories: items that tell the same event grouped together, and a story's figures across sources.

- `grouping`: the pure grouper (hashed TF vectors, MinHash for wire copies, a time window);
- `embeddings`: optional sentence embeddings for the grouper (NEWSBRIEF_EMBEDDING_MODEL);
- `figures`: a story's figures merged across its sources, and what changed since a snapshot.
"""

from .embeddings import load_embedder
from .figures import Change, MergedFigure, Reading, changes, merge, snapshot
from .grouping import Embedder, StoryConfig, StoryGrouper, StoryItem, group_items

__all__ = [
    "Change",
    "Embedder",
    "MergedFigure",
    "Reading",
    "StoryConfig",
    "StoryGrouper",
    "StoryItem",
    "changes",
    "group_items",
    "load_embedder",
    "merge",
    "snapshot",
]
