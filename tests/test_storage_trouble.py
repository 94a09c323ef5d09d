"""When SQLite cannot write, users still get an answer and nobody else waits (issue 10, item 7).

A lock is held the way another process would hold it (a second connection inside BEGIN IMMEDIATE);
a full disk is SQLite's own SQLITE_FULL, raised by capping the bot connection's page count. A corrupt
or unusable database file at start is checked through the `newsbrief` command, as a user runs it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.replies.storage_trouble import BUSY, FULL
from storage import Store
from tests.chat_helpers import article_text, visible, wait_until
from tests.harness import running_bot
from tests.test_cli import GOOD_TOKEN, _env, _newsbrief

CHAT, OTHER = 8181, 8282
# Sentences too long for the free room left in the database's pages: storing them needs new pages.
LONG_SENTENCES = " ".join(
    f"Officials in district {n} said " + " ".join(f"crews{n}x{i} repaired lines" for i in range(260)) + "."
    for n in range(4)
)


def _to(chat: int) -> Any:
    return lambda c: (
        c.params.get("chat_id") in (chat, str(chat)) and c.method in {"sendMessage", "editMessageText"}
    )


async def test_a_database_locked_by_another_process_still_answers_and_freezes_nobody(
    fake_api: Any, tmp_path: Path
) -> None:
    db = tmp_path / "db.sqlite"
    async with running_bot(fake_api, db) as (_, services):
        other = sqlite3.connect(db, timeout=0)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        loop = asyncio.get_running_loop()
        try:
            started = loop.time()
            fake_api.push_update(fake_api.text_message(CHAT, article_text("locked out")))
            fake_api.push_update(fake_api.command(OTHER, "/help"))
            await fake_api.wait_for(_to(OTHER), timeout=15)
            other_waited = loop.time() - started
            await wait_until(lambda: BUSY in fake_api.messages_to(CHAT), timeout=15)
            answered_in = loop.time() - started
        finally:
            other.rollback()
            other.close()
        digest, note = fake_api.messages_to(CHAT)
        assert "locked out" in visible(digest) and "Key figures" in digest, "the digest still came"
        assert "saved as #" not in digest, "it was not saved, so it has no number"
        assert note == BUSY
        assert other_waited < 1.5, f"another chat waited {other_waited:.1f} s for the lock"
        assert answered_in < 5, answered_in

        # The lock is gone: the same article is summarised and kept.
        fake_api.push_update(fake_api.text_message(CHAT, article_text("locked out")))
        await wait_until(lambda: "saved as #1" in fake_api.messages_to(CHAT)[-1], timeout=15)
        assert services.store.count("requests") == 1


async def test_a_full_disk_still_answers_with_a_plain_sentence(fake_api: Any, tmp_path: Path) -> None:
    async with running_bot(fake_api, tmp_path / "db.sqlite") as (_, services):
        db = services.store.db
        db.execute("CREATE TABLE filler (b BLOB)")
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite now answers SQLITE_FULL on growth
        with pytest.raises(sqlite3.OperationalError, match="full"):  # use up the free pages too
            for _ in range(10_000):
                with db.conn:  # one row per transaction: SQLITE_FULL rolls back only the last one
                    db.execute("INSERT INTO filler VALUES (randomblob(900))")
        fake_api.push_update(fake_api.text_message(CHAT, LONG_SENTENCES))
        await wait_until(lambda: FULL in fake_api.messages_to(CHAT), timeout=15)
        *digest, note = fake_api.messages_to(CHAT)
        assert "repaired lines." in visible("".join(digest)) and note == FULL
        assert "saved as #" not in "".join(digest)
        db.execute("PRAGMA max_page_count = 1073741823")


async def test_a_command_that_cannot_write_says_why(fake_api: Any, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    async with running_bot(fake_api, db):
        other = sqlite3.connect(db, timeout=0)
        other.execute("BEGIN IMMEDIATE")
        try:
            fake_api.push_update(fake_api.command(CHAT, "/subscribe 08:00 Europe/Kyiv"))
            call = await fake_api.wait_for(_to(CHAT), timeout=10)
        finally:
            other.rollback()
            other.close()
        assert call.params["text"] == BUSY


# --- at start ----------------------------------------------------------------------------------------


async def _run(tmp_path: Path, database: Path) -> tuple[int, str]:
    env = _env(tmp_path, NEWSBRIEF_TOKEN=GOOD_TOKEN)
    env["NEWSBRIEF_DATABASE"] = str(database)
    env["NEWSBRIEF_TELEGRAM_BASE_URL"] = "http://127.0.0.1:9/bot"  # never reached: the database comes first
    proc = await _newsbrief("run", env=env, cwd=tmp_path)
    _, err = await asyncio.wait_for(proc.communicate(), 90)
    assert proc.returncode is not None
    return proc.returncode, err.decode()


async def test_a_corrupt_database_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    database = tmp_path / "corrupt.db"
    database.write_bytes(b"this is not an SQLite database, it is a text file that was copied over it\n" * 50)
    code, err = await _run(tmp_path, database)
    assert code == 2
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert f"cannot use the database {database}" in err and "file is not a database" in err


async def test_a_database_with_a_damaged_table_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """A real database whose `digests` table lost its first page: the header and schema still read."""
    database = tmp_path / "damaged.db"
    store = Store(database)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = store.db.execute("PRAGMA page_size").fetchone()[0]
    (root,) = store.db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'digests'").fetchone()
    store.close()
    with database.open("r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(b"\xff" * page_size)

    code, err = await _run(tmp_path, database)

    assert code == 2
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert f"cannot use the database {database}" in err and "malformed" in err


async def test_a_database_path_that_is_a_folder_is_one_line_and_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    code, err = await _run(tmp_path, folder)
    assert code == 2
    assert "Traceback" not in err and err.count("\n") == 1 and "cannot use the database" in err, err


def _make_read_only(paths: list[Path]) -> Callable[[], None]:
    """Make files unwritable even for root (CI runs as root, who ignores mode bits): the immutable
    flag where the file system has one, else plain mode bits for an ordinary user. Returns the undo."""
    if os.geteuid() != 0:
        modes = {path: path.stat().st_mode for path in paths}
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)

        def restore() -> None:
            for path, mode in modes.items():
                path.chmod(mode)

        return restore
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", *map(str, paths)], capture_output=True).returncode:
        pytest.skip("root ignores mode bits and this file system has no immutable flag")

    def release() -> None:
        subprocess.run([chattr, "-i", *map(str, paths)], check=True)

    return release


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
async def test_a_read_only_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    database = tmp_path / "ro.db"
    sqlite3.connect(database).close()
    undo = _make_read_only([database, tmp_path])
    try:
        code, err = await _run(tmp_path, database)
    finally:
        undo()
    assert code == 2
    assert "Traceback" not in err and err.count("\n") == 1 and "cannot use the database" in err, err
