"""Shared fixtures: the fake Telegram Bot API server, the tiny offline seq2seq model, the eval data.

The Hugging Face hub is unreachable here, so the whole session runs offline; setting the variables at
import time (before any test module imports transformers) makes a stray hub lookup fail fast instead
of hanging on the network.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

from tests.fake_telegram import FakeTelegram
from tests.redis_server import RedisServer
from tests.test_briefings_helpers import Clock, new_clock

# The followed-sources tests' `site` fixture (a feed site on 127.0.0.1).
pytest_plugins = ["tests.sources_helpers"]


@pytest.fixture
def clock() -> Clock:
    """The bot's only "now", moved by hand; a module that needs another start defines its own."""
    return new_clock()


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny BART checkpoint (model + tokenizer) built once per session; pass it as the model path."""
    from tests.tiny_model import build_tiny_seq2seq  # torch/transformers load only for tests that need it

    return build_tiny_seq2seq(tmp_path_factory.mktemp("tiny_seq2seq"))


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeTelegram]:
    """A started fake Bot API server on 127.0.0.1, stopped after the test (after the app shuts down)."""
    async with FakeTelegram() as server:
        yield server


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared evaluation data folder (``NEWSBRIEF_SHARED`` overrides the sibling ``shared/``)."""
    return Path(os.environ.get("NEWSBRIEF_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")


@pytest.fixture
def seed_text(shared_dir: Path) -> str:
    """The wire story the product was designed around (shared/eval/seed_article.txt)."""
    path = shared_dir / "eval" / "seed_article.txt"
    if not path.exists():
        pytest.skip(f"shared eval data not found at {path}")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A real redis-server for this test on a free loopback port, no persistence; stopped afterwards."""
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()
