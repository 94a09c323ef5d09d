"""Webhook mode and the start/stop hooks `newsbrief run` adds in both modes.

Telegram posts each update to NEWSBRIEF_WEBHOOK_URL with the secret in the
X-Telegram-Bot-Api-Secret-Token header; python-telegram-bot's webhook server (tornado) answers 403 to
a request whose header is missing or wrong, before the update reaches any handler.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from telegram.ext import Application

from ..config import Settings
from ..services import app_services
from .health import HealthServer

# my_chat_member: the bot added to or removed from a channel (bot/destinations); channel_post: posts
# in channels the bot administers.
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member", "channel_post"]
_HEALTH_KEY = "health_server"


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for Application.run_webhook / Updater.start_webhook."""
    assert settings.webhook_url and settings.webhook_secret
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        # The path Telegram posts to is the one in the public URL (a TLS proxy forwards it as is).
        "url_path": urlparse(settings.webhook_url).path.lstrip("/"),
        "webhook_url": settings.webhook_url,
        "secret_token": settings.webhook_secret,
        "allowed_updates": ALLOWED_UPDATES,
    }


async def on_start(app: Application) -> None:  # type: ignore[type-arg]
    """Start draining worker results and the health/metrics server (when a port is set)."""
    services = app_services(app)
    if services.queue is not None:
        services.queue.start()
    if services.settings.health_port:
        server = HealthServer(
            services, listen=services.settings.health_listen, port=services.settings.health_port
        )
        server.start()
        app.bot_data[_HEALTH_KEY] = server


async def on_stop(app: Application) -> None:  # type: ignore[type-arg]
    services = app_services(app)
    server: HealthServer | None = app.bot_data.pop(_HEALTH_KEY, None)
    if server is not None:
        await server.stop()
    if services.queue is not None:
        await services.queue.close()
