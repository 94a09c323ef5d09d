"""Loading an optional model by local path or Hugging Face hub id without waiting on the network.

Every model setting (NEWSBRIEF_MODEL, NEWSBRIEF_NER_MODEL, NEWSBRIEF_EMBEDDING_MODEL) takes a folder
or a hub id. A hub id already in the local cache loads from there first: asking the hub about it
first, on a machine that cannot reach it, waits most of a minute in the hub client's retries before
the cache is used. The hub is asked only when the cache does not have the model and a quick connect
says the hub is there.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

T = TypeVar("T")


def local_first(name: str, load: Callable[[bool], T]) -> T:
    """`load(local_files_only)`: from the folder or the local cache first; from the hub only when
    that fails, the hub is allowed (HF_HUB_OFFLINE unset) and a quick connect says it is there."""
    try:
        return load(True)
    except Exception:
        if _offline() or os.path.isdir(name) or not hub_reachable():
            raise
    return load(False)


def pretrained(name: str, *classes: Any) -> tuple[Any, ...]:
    """`cls.from_pretrained(name)` for each of `classes` (a tokenizer, a model), local first."""
    return local_first(
        name, lambda local: tuple(cls.from_pretrained(name, local_files_only=local) for cls in classes)
    )


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes"}


def hub_reachable(timeout: float = 3.0) -> bool:
    """One quick TCP connect; without it the hub client retries for most of a minute before giving up."""
    endpoint = urlsplit(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    try:
        with socket.create_connection((endpoint.hostname or "", endpoint.port or 443), timeout=timeout):
            return True
    except OSError:
        log.info(
            "the Hugging Face hub (%s) is unreachable: looking for the model locally only", endpoint.hostname
        )
        return False
