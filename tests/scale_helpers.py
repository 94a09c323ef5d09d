"""Worker processes for the queue tests: start, wait until ready, SIGKILL, stop; stderr kept for failures."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READY = "worker ready"


class WorkerProcess:
    def __init__(self, command: Sequence[str], env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            list(command), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        self.lines: list[str] = []
        self._ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)
            if READY in line:
                self._ready.set()

    async def ready(self, timeout: float = 60.0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while not self._ready.is_set():
            if self.process.poll() is not None or asyncio.get_running_loop().time() > deadline:
                raise RuntimeError("worker did not start:\n" + "".join(self.lines[-30:]))
            await asyncio.sleep(0.05)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Workers:
    """Starts worker processes against one Redis; every process is stopped at the end of the test."""

    def __init__(self, queue_url: str, **settings: str) -> None:
        self.env = {
            **os.environ,
            "NEWSBRIEF_QUEUE_URL": queue_url,
            "NEWSBRIEF_WORKER_HEARTBEAT": "1",
            "NEWSBRIEF_LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            **{f"NEWSBRIEF_{k.upper()}": v for k, v in settings.items()},
        }
        self.started: list[WorkerProcess] = []

    async def start(self, mode: str, ready_timeout: float = 60.0, **env: str) -> WorkerProcess:
        """`mode` as in tests/worker_main.py, or "cli" for the real `newsbrief worker` command."""
        if mode == "cli":
            command = [sys.executable, "-m", "bot.cli", "worker"]
        else:
            command = [sys.executable, "-m", "tests.worker_main", mode]
        worker = WorkerProcess(command, {**self.env, **env})
        self.started.append(worker)
        await worker.ready(ready_timeout)
        return worker

    def stop_all(self) -> None:
        for worker in self.started:
            worker.stop()


@asynccontextmanager
async def workers(queue_url: str, **settings: str) -> AsyncIterator[Workers]:
    pool = Workers(queue_url, **settings)
    try:
        yield pool
    finally:
        # Off the loop: a stopping worker finishes its job in hand, which needs the bot's receipt.
        await asyncio.to_thread(pool.stop_all)
