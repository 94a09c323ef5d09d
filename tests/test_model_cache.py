"""An optional model named by hub id and already in the local Hugging Face cache loads from the cache,
without asking the hub first (offline, that question waits most of a minute before the cache is used).

The hub here is a local server that accepts connections and never answers, as a black-holed network
does, and records whether anyone asked it anything. The cache is a folder laid out as the hub client
lays it out, holding the tiny token-classification model of tests/tiny_ner_model.py. The load runs in
a fresh process, because the hub client reads its settings once, when it is imported.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HUB_ID = "newsbrief-test/tiny-ner"
REVISION = "0123456789abcdef0123456789abcdef01234567"

LOAD = """
import json
from summarizer.entities import EntityModel
from summarizer.stories.embeddings import load_embedder

ner = EntityModel({hub_id!r})
embed = load_embedder({hub_id!r})
print(json.dumps({{"ner": ner.name, "embedder": embed is not None}}))
"""


class SilentHub:
    """Accepts connections and never answers; `asked` says whether any request bytes arrived."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.asked = threading.Event()
        self._held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            self._held.append(conn)
            threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn: socket.socket) -> None:
        try:
            if conn.recv(1):
                self.asked.set()
        except OSError:
            pass

    def close(self) -> None:
        self.socket.close()
        for conn in self._held:
            conn.close()


@pytest.fixture
def silent_hub() -> Iterator[SilentHub]:
    hub = SilentHub()
    yield hub
    hub.close()


@pytest.fixture
def hf_home(tmp_path: Path) -> Path:
    """A Hugging Face cache holding HUB_ID at REVISION, as `snapshot_download` would have left it."""
    from tests.tiny_ner_model import build_tiny_ner

    home = tmp_path / "hf"
    repo = home / "hub" / ("models--" + HUB_ID.replace("/", "--"))
    build_tiny_ner(repo / "snapshots" / REVISION)
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(REVISION)
    return home


def test_a_cached_hub_id_loads_without_asking_the_hub(silent_hub: SilentHub, hf_home: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_", "NEWSBRIEF_"))}
    env.update(
        HF_HOME=str(hf_home),
        HF_ENDPOINT=f"http://127.0.0.1:{silent_hub.port}",
        # Only so that a regression fails in seconds rather than minutes: the hub client's own waits.
        HF_HUB_ETAG_TIMEOUT="2",
        HF_HUB_DOWNLOAD_TIMEOUT="2",
        HF_HUB_DISABLE_TELEMETRY="1",
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", LOAD.format(hub_id=HUB_ID)],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=150,  # a pass takes seconds; asking the silent hub first takes minutes
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"loading stalled (the hub was asked: {silent_hub.asked.is_set()})")
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"ner": HUB_ID, "embedder": True}
    assert not silent_hub.asked.is_set(), "the hub was asked about a model the cache already had"
