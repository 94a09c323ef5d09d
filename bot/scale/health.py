"""/healthz and /metrics on their own small port (NEWSBRIEF_HEALTH_PORT), in the bot's event loop.

python-telegram-bot's webhook server is a tornado app it builds privately (no public hook for more
routes), so these live on a second tornado server: tornado is already installed for the webhook, and
the health port can stay internal while the webhook port faces Telegram.
"""

from __future__ import annotations

import json
import logging

import tornado.httpserver
import tornado.web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from ..services import Services
from . import metrics
from .jobs import Priority

log = logging.getLogger(__name__)


class _Base(tornado.web.RequestHandler):
    def initialize(self, services: Services) -> None:
        self.services = services


class Healthz(_Base):
    async def get(self) -> None:
        """Ready (200) only when the database and, if configured, the queue answer; else 503."""
        database = self.services.store.ping()
        queue = await self.services.queue.ping() if self.services.queue else None
        ready = database and queue is not False
        self.set_status(200 if ready else 503)
        self.set_header("Content-Type", "application/json")
        self.finish(
            json.dumps(
                {
                    "ready": ready,
                    "database": "ok" if database else "down",
                    "queue": "not configured" if queue is None else ("ok" if queue else "down"),
                }
            )
        )


class Metrics(_Base):
    async def get(self) -> None:
        queue = self.services.queue
        if queue is not None and await queue.ping():
            for priority in Priority:
                metrics.QUEUE_DEPTH.labels(queue=priority.value).set(await queue.depth(priority))
                metrics.DEAD_LETTERS.labels(queue=priority.value).set(await queue.dead_letters(priority))
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.finish(generate_latest())


class HealthServer:
    def __init__(self, services: Services, *, listen: str, port: int) -> None:
        self.listen = listen
        self.port = port
        routes = [
            (r"/healthz", Healthz, {"services": services}),
            (r"/metrics", Metrics, {"services": services}),
        ]
        self._app = tornado.web.Application(routes)
        self._server: tornado.httpserver.HTTPServer | None = None

    def start(self) -> None:
        """Listen in the running event loop."""
        self._server = self._app.listen(self.port, address=self.listen)
        log.info("health and metrics on http://%s:%d/healthz and /metrics", self.listen, self.port)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None
