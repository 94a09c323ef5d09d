"""The Dramatiq Redis broker, built the same way by the bot (which only enqueues) and the workers.

Dramatiq's Redis broker gives what the issue asks for without a queue of our own: a message is acked
only when the actor returns (at least once), a worker that stops sending heartbeats has its unacked
messages put back on the queue by the next broker maintenance, Retries re-runs a failing job with
backoff, and a job that fails for good is moved to the queue's dead-letter set (`<queue>.XQ`).
"""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.redis import MAINTENANCE_SCALE, RedisBroker
from dramatiq.middleware import Middleware

from .jobs import Priority

DRAMATIQ_NAMESPACE = "dramatiq"
# Maintenance (re-queueing a dead worker's jobs, expiring dead letters) runs on this share of broker
# commands. Dramatiq's default (0.1%) suits big fleets; an idle worker polls about 40 times a second
# here, so 5% finds a dead worker within a fraction of a second after its heartbeat timeout, at the
# cost of a few cheap Redis lookups per second.
MAINTENANCE_CHANCE = MAINTENANCE_SCALE // 20


def make_broker(
    url: str, *, heartbeat_seconds: float, middleware: list[Middleware] | None = None
) -> RedisBroker:
    broker = RedisBroker(
        url=url,
        namespace=DRAMATIQ_NAMESPACE,
        middleware=middleware if middleware is not None else [],
        heartbeat_timeout=int(heartbeat_seconds * 1000),
        maintenance_chance=MAINTENANCE_CHANCE,
    )
    for priority in Priority:
        broker.declare_queue(priority.queue_name)
    return broker


def job_message(priority: Priority, payload: dict[str, object]) -> dramatiq.Message[None]:
    """A message for the summarise actor of `priority`; the bot sends it without importing the actor."""
    return dramatiq.Message(
        queue_name=priority.queue_name,
        actor_name=priority.actor_name,
        args=(payload,),
        kwargs={},
        options={},
    )
