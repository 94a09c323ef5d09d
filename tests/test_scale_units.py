"""The pieces of the scale-out path that need no server: job JSON, settings, the worker command."""

from __future__ import annotations

import os

import pytest

from bot.cli import main
from bot.config import ConfigError, Settings
from bot.scale.jobs import Job, Priority, Result
from summarizer.pipeline import Summarizer, SummarizerConfig
from summarizer.types import Article
from tests.chat_helpers import article_text


def test_a_digest_survives_the_trip_through_the_queue_unchanged() -> None:
    article = Article(
        text=article_text("harbour bridge"), title="Bridge", url="https://x.example/a", source="X"
    )
    digest = Summarizer(SummarizerConfig()).summarize(article)
    assert digest.figures  # the article has figures, so their JSON form is exercised
    job = Job.decode(Job("j1", article, Priority.FEED).encode())
    assert job.article == article and job.priority is Priority.FEED
    back = Result.decode(Result("j1", article, digest=digest, worker_seconds=0.5).encode())
    assert back.digest == digest and back.article == article and back.worker_seconds == 0.5


def test_a_digests_names_keep_their_forms_through_the_queue() -> None:
    text = (
        "Mayor Anna Lindqvist of Uppsala opened the new harbour bridge on Monday. Lindqvist said the "
        "bridge cost 40 million kronor and will carry 12,000 cars a day. Critics in Stockholm called "
        "the project late, but Lindqvist said it was finished within its budget after three years. "
    ) * 2
    article = Article(text=text, title="Uppsala opens a bridge")
    digest = Summarizer(SummarizerConfig()).summarize(article)
    assert any(e.forms and e.mentions for e in digest.entities)  # the fields the trip must keep
    back = Result.decode(Result("j2", article, digest=digest, worker_seconds=0.1).encode())
    assert back.digest is not None and back.digest.entities == digest.entities


def test_user_forwards_outrank_feed_items_on_separate_queues() -> None:
    assert Priority.USER.queue_name != Priority.FEED.queue_name
    assert Priority.USER.worker_priority < Priority.FEED.worker_priority


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"NEWSBRIEF_WEBHOOK_URL": "https://bot.example/hook"}, "NEWSBRIEF_WEBHOOK_SECRET must be set"),
        (
            {"NEWSBRIEF_WEBHOOK_URL": "https://bot.example/hook", "NEWSBRIEF_WEBHOOK_SECRET": "has spaces"},
            "NEWSBRIEF_WEBHOOK_SECRET must be set",
        ),
        ({"NEWSBRIEF_QUEUE_URL": "amqp://localhost"}, "must be a redis:// URL"),
        ({"NEWSBRIEF_QUEUE_MAX_DEPTH": "lots"}, "whole number"),
        ({"NEWSBRIEF_QUEUE_MAX_TRIES": "0"}, "at least 1"),
    ],
)
def test_scale_settings_are_checked(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str
) -> None:
    for name in [n for n in os.environ if n.startswith("NEWSBRIEF_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env_file=None)


def test_polling_stays_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith("NEWSBRIEF_")]:
        monkeypatch.delenv(name)
    settings = Settings.from_env(env_file=None)
    assert settings.webhook_url is None and settings.queue_url is None and settings.health_port == 0


def test_worker_without_a_queue_says_so(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    for name in [n for n in os.environ if n.startswith("NEWSBRIEF_")]:
        monkeypatch.delenv(name)
    assert main(["worker"]) == 2
    assert "NEWSBRIEF_QUEUE_URL is not set" in caplog.text
