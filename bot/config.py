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
    db_busy_timeout_ms: int = 250  # a locked database answers "busy" after this, never freezes the bot
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
    max_queued_per_user: int = 20  # a burst past max_pending waits this deep; beyond it, named and refused
    default_timezone: str = "UTC"
    default_briefing_time: str = "08:00"
    telegram_base_url: str | None = None  # tests point the bot at a fake Bot API server
    telegram_base_file_url: str | None = None
    log_level: str = "INFO"
    ner_model: str = ""  # who / where by a token-classification model; empty = the rules
    # Followed sources (bot/sources): polling intervals in seconds, limits, the summarising budget.
    feed_poll_interval: int = 900
    feed_min_interval: int = 300
    feed_max_interval: int = 6 * 3600
    feed_jitter: float = 0.1
    feed_tick: int = 30
    feed_concurrency: int = 8
    feed_per_host: int = 2
    feed_max_bytes: int = 5 * 1024 * 1024
    feed_pause_after_days: float = 3.0
    feed_first_items: int = 3
    feed_max_age_hours: int = 48
    feed_summaries_per_hour: int = 60
    feed_teaser_words: int = 80
    max_sources_per_chat: int = 200
    tme_base: str = "https://t.me"  # where public channel previews are read (tests point it locally)
    # Scale-out (bot/scale/): webhook instead of polling, health/metrics port, model workers on Redis.
    webhook_url: str | None = None  # public https URL Telegram posts updates to; unset = long polling
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: str = ""
    health_port: int = 0  # /healthz and /metrics; 0 = off
    health_listen: str = "0.0.0.0"
    queue_url: str | None = None  # redis://...; unset = summarise in the bot process
    queue_max_tries: int = 3  # runs of one job (failures and killed workers) before the dead-letter queue
    queue_max_depth: int = 200  # waiting jobs per queue beyond which new work is refused ("busy")
    queue_result_timeout: float = 300.0  # seconds a user waits for a worker before being told to retry
    worker_heartbeat: float = 30.0  # seconds of silence after which a worker's jobs are run elsewhere
    worker_concurrency: int = 0  # jobs one worker process holds at once; 0 = max_batch
    worker_receipt_timeout: float = 30.0  # seconds a worker waits for "stored" before running the job again
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
            db_busy_timeout_ms=get_int("DB_BUSY_TIMEOUT_MS", 250),
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
            max_queued_per_user=get_int("MAX_QUEUED_PER_USER", 20),
            default_timezone=get("TIMEZONE", "UTC"),
            default_briefing_time=get("BRIEFING_TIME", "08:00"),
            telegram_base_url=get("TELEGRAM_BASE_URL", "") or None,
            telegram_base_file_url=get("TELEGRAM_BASE_FILE_URL", "") or None,
            log_level=get("LOG_LEVEL", "INFO").upper(),
            ner_model=get("NER_MODEL", ""),
            feed_poll_interval=get_int("FEED_POLL_INTERVAL", 900),
            feed_min_interval=get_int("FEED_MIN_INTERVAL", 300),
            feed_max_interval=get_int("FEED_MAX_INTERVAL", 6 * 3600),
            feed_jitter=float(get("FEED_JITTER", "0.1")),
            feed_tick=get_int("FEED_TICK", 30),
            feed_concurrency=get_int("FEED_CONCURRENCY", 8),
            feed_per_host=get_int("FEED_PER_HOST", 2),
            feed_max_bytes=get_int("FEED_MAX_BYTES", 5 * 1024 * 1024),
            feed_pause_after_days=float(get("FEED_PAUSE_AFTER_DAYS", "3")),
            feed_first_items=get_int("FEED_FIRST_ITEMS", 3),
            feed_max_age_hours=get_int("FEED_MAX_AGE_HOURS", 48),
            feed_summaries_per_hour=get_int("FEED_SUMMARIES_PER_HOUR", 60),
            feed_teaser_words=get_int("FEED_TEASER_WORDS", 80),
            max_sources_per_chat=get_int("MAX_SOURCES_PER_CHAT", 200),
            tme_base=get("TME_BASE", "https://t.me"),
            webhook_url=get("WEBHOOK_URL", "") or None,
            webhook_listen=get("WEBHOOK_LISTEN", "0.0.0.0"),
            webhook_port=get_int("WEBHOOK_PORT", 8443),
            webhook_secret=get("WEBHOOK_SECRET", ""),
            health_port=get_int("HEALTH_PORT", 0),
            health_listen=get("HEALTH_LISTEN", "0.0.0.0"),
            queue_url=get("QUEUE_URL", "") or None,
            queue_max_tries=get_int("QUEUE_MAX_TRIES", 3),
            queue_max_depth=get_int("QUEUE_MAX_DEPTH", 200),
            queue_result_timeout=float(get("QUEUE_RESULT_TIMEOUT", "300")),
            worker_heartbeat=float(get("WORKER_HEARTBEAT", "30")),
            worker_concurrency=get_int("WORKER_CONCURRENCY", 0),
            worker_receipt_timeout=float(get("WORKER_RECEIPT_TIMEOUT", "30")),
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
        if not 0 < self.feed_min_interval <= self.feed_poll_interval <= self.feed_max_interval:
            raise ConfigError(
                "NEWSBRIEF_FEED_MIN_INTERVAL <= NEWSBRIEF_FEED_POLL_INTERVAL <= NEWSBRIEF_FEED_MAX_INTERVAL "
                "must hold (seconds, above 0)"
            )
        if self.webhook_url and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", self.webhook_secret):
            raise ConfigError(
                "NEWSBRIEF_WEBHOOK_URL is set, so NEWSBRIEF_WEBHOOK_SECRET must be set too: 1-256 letters, "
                "digits, _ or - (Telegram sends it back with every update, so forged updates are refused)"
            )
        if self.queue_max_tries < 1 or self.queue_max_depth < 1:
            raise ConfigError("NEWSBRIEF_QUEUE_MAX_TRIES and NEWSBRIEF_QUEUE_MAX_DEPTH must be at least 1")
        if self.queue_url and not self.queue_url.startswith(("redis://", "rediss://", "unix://")):
            raise ConfigError(f"NEWSBRIEF_QUEUE_URL must be a redis:// URL, got {self.queue_url!r}")
        if self.story_window_hours < 1 or self.story_top < 1:
            raise ConfigError("NEWSBRIEF_STORY_WINDOW_HOURS and NEWSBRIEF_STORY_TOP must be at least 1")
        if self.backend not in {"torch", "ctranslate2"}:
            raise ConfigError(f"NEWSBRIEF_BACKEND must be 'torch' or 'ctranslate2', got {self.backend!r}")
