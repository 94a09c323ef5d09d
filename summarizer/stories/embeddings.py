"""Optional sentence embeddings for story grouping (NEWSBRIEF_EMBEDDING_MODEL).

Any transformers encoder id or local path (e.g. sentence-transformers/all-MiniLM-L6-v2): mean
pooling over the last hidden state, L2-normalised, as sentence-transformers does for MiniLM. When
the model cannot be loaded, grouping runs lexically and the bot works the same.
"""

from __future__ import annotations

import functools
import logging

import numpy as np

from ..hub import pretrained
from .grouping import Embedder

log = logging.getLogger(__name__)


@functools.cache
def load_embedder(name: str) -> Embedder | None:
    """An embedder for `name`, loaded once; None (logged) when it cannot be loaded."""
    if not name:
        return None
    try:
        import torch
        from transformers import AutoModel, AutoTokenizer

        tokenizer, model = pretrained(name, AutoTokenizer, AutoModel)  # local cache first; eval mode
    except Exception as exc:  # a missing download, a wrong path: grouping stays lexical
        log.warning("embedding model %r not loaded (%s); story grouping is lexical", name, exc)
        return None

    def embed(sentences: list[str]) -> np.ndarray:
        batch = tokenizer(sentences, padding=True, truncation=True, max_length=256, return_tensors="pt")
        with torch.inference_mode():
            hidden = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=-1).numpy()

    log.info("story grouping uses embeddings from %s", name)
    return embed
