"""/forget at the storage level: what a chat alone holds goes, what others still hold stays."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from storage import Store
from storage.library import discard_unclaimed_digest, forget_chat
from tests.test_briefings_helpers import add_digest

AT = datetime(2025, 11, 25, 8, tzinfo=UTC)


def _held_by_a_followed_source(store: Store, digest_id: int) -> None:
    store.db["entries"].insert({"link": "https://news.example/a", "state": "done", "digest_id": digest_id})


def test_forget_keeps_a_digest_a_followed_source_item_still_holds(tmp_path: Path) -> None:
    store = Store(tmp_path / "f.db")
    held = add_digest(store, 1, AT, "Dam opens after repairs")
    alone = add_digest(store, 1, AT, "Library closes for winter")
    _held_by_a_followed_source(store, held)
    report = forget_chat(store.db, 1)
    assert report.digests_deleted == 1 and report.digests_kept == 1
    assert store.load_digest(held) is not None, "the feed item still points at it"
    assert store.load_digest(alone) is None


def test_an_unclaimed_digest_is_discarded_and_a_held_one_is_not(tmp_path: Path) -> None:
    store = Store(tmp_path / "f.db")
    held = add_digest(store, 1, AT, "Dam opens after repairs")
    alone = add_digest(store, 1, AT, "Library closes for winter")
    store.db.execute("DELETE FROM requests")
    store.db.conn.commit()
    _held_by_a_followed_source(store, held)
    assert not discard_unclaimed_digest(store.db, held)
    assert discard_unclaimed_digest(store.db, alone)
    assert store.load_digest(held) is not None and store.load_digest(alone) is None
