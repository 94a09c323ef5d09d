"""Settings come from NEWSBRIEF_* variables; a wrong value stops start-up with a message naming it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.config import DEFAULT_MODEL, ConfigError, Settings


def test_defaults_need_nothing_but_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith("NEWSBRIEF_")]:
        monkeypatch.delenv(name)
    settings = Settings.from_env(env_file=None)
    assert settings.model == DEFAULT_MODEL
    assert str(settings.database_path) == "newsbrief.db"
    assert settings.allow_private_urls is False and settings.allowed_users == frozenset()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("NEWSBRIEF_TIMEZONE", "Mars/Olympus", "not an IANA time zone"),
        ("NEWSBRIEF_BRIEFING_TIME", "25:00", "is not a time"),
        ("NEWSBRIEF_ALLOWED_USERS", "alice,bob", "numeric Telegram user ids"),
        ("NEWSBRIEF_MAX_BATCH", "many", "whole number"),
        ("NEWSBRIEF_BACKEND", "tensorflow", "torch' or 'ctranslate2"),
    ],
)
def test_bad_values_name_the_setting(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message) as error:
        Settings.from_env(env_file=None)
    assert name in str(error.value)


def test_env_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NEWSBRIEF_ADMIN_IDS", raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text("NEWSBRIEF_ADMIN_IDS=1, 2\n")
    monkeypatch.setattr("os.environ", dict(os.environ))  # load_dotenv writes into it
    settings = Settings.from_env(env_file=env_file)
    assert settings.admin_ids == frozenset({1, 2})
