"""What crosses the queue: a job (article in) and a result (digest, a user-facing refusal, or death).

Everything is plain JSON so workers and the bot may run different builds of the code for a while
during a rolling upgrade: unknown keys are ignored on both sides.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Any

from summarizer.types import Article, Digest

NAMESPACE = "newsbrief"
RESULTS_KEY = f"{NAMESPACE}:results"  # one list the bot drains; it survives a bot restart


class Priority(enum.Enum):
    """User forwards are served before feed items: separate queues, and the worker takes user first."""

    USER = "user"
    FEED = "feed"

    @property
    def queue_name(self) -> str:
        return f"{NAMESPACE}-{self.value}"

    @property
    def actor_name(self) -> str:
        return f"summarise_{self.value}"

    @property
    def worker_priority(self) -> int:
        # Dramatiq orders a worker's prefetched messages by actor priority, lower first.
        return 0 if self is Priority.USER else 100


def receipt_key(job_id: str) -> str:
    """The list the bot pushes to once the digest is stored; the worker acks only after reading it."""
    return f"{NAMESPACE}:stored:{job_id}"


def attempts_key(job_id: str) -> str:
    return f"{NAMESPACE}:attempts:{job_id}"


@dataclass(frozen=True)
class Job:
    job_id: str
    article: Article
    priority: Priority

    def encode(self) -> dict[str, Any]:
        return {"job_id": self.job_id, "article": self.article.to_json(), "priority": self.priority.value}

    @classmethod
    def decode(cls, data: dict[str, Any]) -> Job:
        return cls(data["job_id"], Article.from_json(data["article"]), Priority(data["priority"]))


@dataclass(frozen=True)
class Result:
    """One of: `digest` (done), `refusal` (the summarizer's own one-sentence answer, e.g. too short),
    or `dead` (the job went to the dead-letter queue; `reason` says why, for the log)."""

    job_id: str
    article: Article
    digest: Digest | None = None
    refusal: str | None = None
    refusal_words: int | None = None  # for "too short" refusals, the word count the bot reports
    dead: bool = False
    reason: str = ""
    worker_seconds: float = 0.0

    def encode(self) -> str:
        return json.dumps(
            {
                "job_id": self.job_id,
                "article": self.article.to_json(),
                "digest": self.digest.to_json() if self.digest else None,
                "refusal": self.refusal,
                "refusal_words": self.refusal_words,
                "dead": self.dead,
                "reason": self.reason,
                "worker_seconds": self.worker_seconds,
            },
            ensure_ascii=False,
        )

    @classmethod
    def decode(cls, raw: str | bytes) -> Result:
        data = json.loads(raw)
        digest = data.get("digest")
        return cls(
            job_id=data["job_id"],
            article=Article.from_json(data["article"]),
            digest=Digest.from_json(digest) if digest else None,
            refusal=data.get("refusal"),
            refusal_words=data.get("refusal_words"),
            dead=bool(data.get("dead")),
            reason=data.get("reason") or "",
            worker_seconds=float(data.get("worker_seconds") or 0.0),
        )
