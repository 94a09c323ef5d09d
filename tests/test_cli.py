"""The `newsbrief` command as a user runs it: `run` against the fake Bot API, `summarize` on a file."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.fake_telegram import FakeTelegram

GOOD_TOKEN = "1234567890:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBRIEF_")}
    env.update(
        NEWSBRIEF_DATABASE=str(tmp_path / "cli.db"),
        NEWSBRIEF_MODEL=str(tmp_path / "no-model-here"),
        HF_HUB_OFFLINE="1",
        **extra,
    )
    return env


async def _newsbrief(*args: str, env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_run_without_token_says_how_to_get_one(tmp_path: Path) -> None:
    proc = await _newsbrief("run", env=_env(tmp_path), cwd=tmp_path)
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 2
    assert b"NEWSBRIEF_TOKEN is not set" in err and b"BotFather" in err


async def test_run_with_a_malformed_token_fails_clearly(tmp_path: Path) -> None:
    proc = await _newsbrief("run", env=_env(tmp_path, NEWSBRIEF_TOKEN="not-a-token"), cwd=tmp_path)
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 2
    assert b"does not look like a Telegram bot token" in err and b"Traceback" not in err


async def test_run_with_a_rejected_token_fails_clearly(tmp_path: Path) -> None:
    async with FakeTelegram(token=GOOD_TOKEN) as server:  # accepts only GOOD_TOKEN
        env = _env(tmp_path, NEWSBRIEF_TOKEN="999:rejected", NEWSBRIEF_TELEGRAM_BASE_URL=server.base_url)
        proc = await _newsbrief("run", env=env, cwd=tmp_path)
        _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 2
    assert b"Telegram rejected NEWSBRIEF_TOKEN" in err and b"Traceback" not in err


async def test_run_polls_and_answers_then_stops_on_ctrl_c(tmp_path: Path, shared_dir: Path) -> None:
    seed = shared_dir / "eval" / "seed_article.txt"
    if not seed.exists():
        pytest.skip(f"shared eval data not found at {seed}")
    async with FakeTelegram(token=GOOD_TOKEN) as server:
        env = _env(tmp_path, NEWSBRIEF_TOKEN=GOOD_TOKEN, NEWSBRIEF_TELEGRAM_BASE_URL=server.base_url)
        proc = await _newsbrief("run", env=env, cwd=tmp_path)
        try:
            await server.wait_for("getUpdates", timeout=90)
            server.push_update(server.text_message(77, seed.read_text(encoding="utf-8")))
            await server.wait_for(lambda c: c.method == "editMessageText", timeout=60)
            assert "Key figures" in server.messages_to(77)[-1]
        finally:
            proc.send_signal(signal.SIGINT)
            _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, err.decode()[-2000:]
    assert (tmp_path / "cli.db").exists()


def _summarize(tmp_path: Path, *args: str, stdin: bytes | None = None) -> Any:
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "bot", "summarize", *args],
        input=stdin,
        capture_output=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def test_summarize_json_prints_the_documented_shape(tmp_path: Path, shared_dir: Path) -> None:
    seed = shared_dir / "eval" / "seed_article.txt"
    if not seed.exists():
        pytest.skip(f"shared eval data not found at {seed}")
    result = _summarize(tmp_path, "-", "--json", stdin=seed.read_bytes())
    assert result.returncode == 0, result.stderr.decode()
    digest = json.loads(result.stdout)
    assert {"headline", "summary", "summary_kind", "model", "entities", "figures"} <= digest.keys()
    assert digest["summary_kind"] == "extractive" and digest["model"] is None
    text = seed.read_text(encoding="utf-8")
    values = {json.dumps(f["value"]) for f in digest["figures"]}
    assert {"118", "7", "23", "3100", "92", "1360"} <= values
    for figure in digest["figures"]:
        assert {"value", "unit", "qualifier", "event", "scope", "start", "end"} <= figure.keys()
        assert text[figure["start"] : figure["end"]] == figure["text"]
    # The fallback says once, in the log, why there is no model and how to fix it.
    assert result.stderr.decode().count("could not be loaded") == 1
    assert b"NEWSBRIEF_MODEL" in result.stderr


def test_summarize_missing_file_and_short_text(tmp_path: Path) -> None:
    missing = _summarize(tmp_path, str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and b"cannot read" in missing.stderr
    short = _summarize(tmp_path, "-", stdin=b"Too short.")
    assert short.returncode == 1 and b"too short to summarise" in short.stderr
