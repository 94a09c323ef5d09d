"""Settings, read once from the environment (and `.env`, when present).

Every setting is listed with a comment in `.env.example`; this module is the only place that reads them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import load_dotenv

DEFAULT_MODEL = "sshleifer/distilbart-cnn-12-6"


class ConfigError(ValueError):
    """A setting has a value the bot cannot use; the message says which and how to fix it."""


def _int_set(raw: str, name: str) -> frozenset[int]:
    try:
        return frozenset(int(part) for part in raw.replace(",", " ").split())
    except ValueError as exc:
        raise ConfigError(f"{name} must be a list of numeric Telegram user ids, got {raw!r}") from exc


def _bool(raw: str) -> bool:
    return raw.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    token: str = ""
    database_path: Path = Path("newsbrief.db")
    model: str = DEFAULT_MODEL
    # CTranslate2 int8 is the default: measured 4-6x the throughput of plain transformers on 2 cores
    # at 0.6x the memory (bench/summarize.py); torch is the fallback when it cannot load.
    backend: str = "ctranslate2"
    device: str = "cpu"
    torch_threads: int = 0  # 0 = let torch decide
    max_batch: int = 4
    batch_wait_ms: int = 30
    num_beams: int = 2
    max_article_chars: int = 100_000
    max_page_bytes: int = 2 * 1024 * 1024
    max_document_bytes: int = 1024 * 1024
    fetch_timeout: float = 15.0
    allow_private_urls: bool = False
    max_links_per_message: int = 3
    allowed_users: frozenset[int] = field(default_factory=frozenset)
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    rate_per_minute: int = 10
    max_pending_per_user: int = 3
    default_timezone: str = "UTC"
    default_briefing_time: str = "08:00"
    telegram_base_url: str | None = None  # tests point the bot at a fake Bot API server
    telegram_base_file_url: str | None = None
    log_level: str = "INFO"
    story_window_hours: int = 48  # a digest joins a story whose last member is at most this old
    story_top: int = 8  # stories shown in full in a briefing; the rest get one line each
    embedding_model: str = ""  # optional sentence-embedding model for story grouping (hub id or path)

    @classmethod
    def from_env(cls, env_file: str | os.PathLike[str] | None = ".env") -> Settings:
        if env_file and Path(env_file).exists():
            load_dotenv(env_file, override=False)
        env = os.environ

        def get(name: str, default: str) -> str:
            return env.get(f"NEWSBRIEF_{name}", default).strip()

        def get_int(name: str, default: int) -> int:
            raw = get(name, str(default))
            try:
                return int(raw)
            except ValueError as exc:
                raise ConfigError(f"NEWSBRIEF_{name} must be a whole number, got {raw!r}") from exc

        settings = cls(
            token=get("TOKEN", ""),
            database_path=Path(get("DATABASE", "newsbrief.db")),
            model=get("MODEL", DEFAULT_MODEL),
            backend=get("BACKEND", "ctranslate2"),
            device=get("DEVICE", "cpu"),
            torch_threads=get_int("TORCH_THREADS", 0),
            max_batch=get_int("MAX_BATCH", 4),
            batch_wait_ms=get_int("BATCH_WAIT_MS", 30),
            num_beams=get_int("NUM_BEAMS", 2),
            max_article_chars=get_int("MAX_ARTICLE_CHARS", 100_000),
            max_page_bytes=get_int("MAX_PAGE_BYTES", 2 * 1024 * 1024),
            max_document_bytes=get_int("MAX_DOCUMENT_BYTES", 1024 * 1024),
            fetch_timeout=float(get("FETCH_TIMEOUT", "15")),
            allow_private_urls=_bool(get("ALLOW_PRIVATE_URLS", "false")),
            max_links_per_message=get_int("MAX_LINKS_PER_MESSAGE", 3),
            allowed_users=_int_set(get("ALLOWED_USERS", ""), "NEWSBRIEF_ALLOWED_USERS"),
            admin_ids=_int_set(get("ADMIN_IDS", ""), "NEWSBRIEF_ADMIN_IDS"),
            rate_per_minute=get_int("RATE_PER_MINUTE", 10),
            max_pending_per_user=get_int("MAX_PENDING_PER_USER", 3),
            default_timezone=get("TIMEZONE", "UTC"),
            default_briefing_time=get("BRIEFING_TIME", "08:00"),
            telegram_base_url=get("TELEGRAM_BASE_URL", "") or None,
            telegram_base_file_url=get("TELEGRAM_BASE_FILE_URL", "") or None,
            log_level=get("LOG_LEVEL", "INFO").upper(),
            story_window_hours=get_int("STORY_WINDOW_HOURS", 48),
            story_top=get_int("STORY_TOP", 8),
            embedding_model=get("EMBEDDING_MODEL", ""),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        try:
            ZoneInfo(self.default_timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(
                f"NEWSBRIEF_TIMEZONE={self.default_timezone!r} is not an IANA time zone (e.g. Europe/Kyiv)"
            ) from exc
        if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", self.default_briefing_time):
            raise ConfigError(
                f"NEWSBRIEF_BRIEFING_TIME={self.default_briefing_time!r} is not a time (HH:MM, e.g. 08:00)"
            )
        if self.story_window_hours < 1 or self.story_top < 1:
            raise ConfigError("NEWSBRIEF_STORY_WINDOW_HOURS and NEWSBRIEF_STORY_TOP must be at least 1")
        if self.backend not in {"torch", "ctranslate2"}:
            raise ConfigError(f"NEWSBRIEF_BACKEND must be 'torch' or 'ctranslate2', got {self.backend!r}")
