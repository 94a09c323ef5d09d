"""Running past one process: webhook mode, health and metrics, and model workers on a Redis task queue.

- `jobs`: the queue's names and the JSON shapes that cross it (article in, digest out).
- `broker`: the Dramatiq Redis broker both sides build from the same settings.
- `client`: the bot's side: enqueue, in-flight sharing, results, receipts, depth ("busy").
- `worker`: `newsbrief worker`, a stateless process holding only the serving model.
- `metrics`, `health`: Prometheus counters and the /healthz + /metrics server.
- `webhook`: `newsbrief run` with NEWSBRIEF_WEBHOOK_URL, on python-telegram-bot's own webhook server.
"""
