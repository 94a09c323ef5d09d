"""Micro-batching: concurrent requests share one generate call on one model thread.

On CPU a decoding step costs about the same for 1 row as for 8 (it is bound by reading the weights),
so serving four waiting articles in one batch is nearly four times the throughput. The batcher gathers
texts until it has `max_batch` of them or the oldest has waited `wait_ms`, runs them in one call on a
single worker thread (torch already uses every core for one batch), and routes each result back to
the future its caller awaits.

Fairness: a 20,000-word article arrives as dozens of chunk texts; batches are filled round-robin over
requests, so a short article queued behind it waits for at most one batch, not for the whole article.
Only texts with the same generation settings share a call.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from .model import GenerationSettings

log = logging.getLogger(__name__)

RunBatch = Callable[[list[str], GenerationSettings], list[str]]


@dataclass
class _Item:
    text: str
    settings: GenerationSettings
    request: int
    future: asyncio.Future[str]
    queued_at: float


@dataclass
class BatchStats:
    calls: int = 0  # generate calls made
    texts: int = 0  # texts generated
    largest: int = 0  # largest batch so far
    sizes: list[int] = field(default_factory=list)  # the last few batch sizes, newest last


class _LoopState:
    """Queue and worker bound to one event loop (tests and the bot may use different loops)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.items: list[_Item] = []
        self.changed = asyncio.Event()
        self.worker: asyncio.Task[None] | None = None


class MicroBatcher:
    def __init__(self, run: RunBatch, *, max_batch: int = 4, wait_ms: float = 30.0) -> None:
        self._run = run
        self.max_batch = max(1, max_batch)
        self.wait_s = max(0.0, wait_ms) / 1000
        # The one thread that touches the model: torch parallelises inside a call, not across calls.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsbrief-generate")
        self._requests = itertools.count()
        self._state: _LoopState | None = None
        self.stats = BatchStats()

    async def generate(self, texts: Sequence[str], settings: GenerationSettings) -> list[str]:
        """Summaries of `texts`, in order, generated together with whatever else is waiting."""
        if not texts:
            return []
        state = self._loop_state()
        request = next(self._requests)
        now = state.loop.time()
        futures = [state.loop.create_future() for _ in texts]
        state.items.extend(_Item(t, settings, request, f, now) for t, f in zip(texts, futures, strict=True))
        state.changed.set()
        try:
            return list(await asyncio.gather(*futures))
        finally:
            for future in futures:  # a cancelled caller's texts are skipped, not generated
                future.cancel()

    def close(self) -> None:
        if self._state and self._state.worker and not self._state.loop.is_closed():
            self._state.loop.call_soon_threadsafe(self._state.worker.cancel)
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _loop_state(self) -> _LoopState:
        loop = asyncio.get_running_loop()
        if self._state is None or self._state.loop is not loop:
            self._state = _LoopState(loop)
        if self._state.worker is None or self._state.worker.done():
            self._state.worker = loop.create_task(self._work(self._state), name="newsbrief-batcher")
        return self._state

    async def _work(self, state: _LoopState) -> None:
        while True:
            state.items = [i for i in state.items if not i.future.done()]
            if not state.items:
                state.changed.clear()
                await state.changed.wait()
                continue
            await self._gather_window(state)
            batch = self._take(state)
            if batch:
                await self._run_batch(state.loop, batch)

    async def _gather_window(self, state: _LoopState) -> None:
        """Wait for companions while the batch is not full and the oldest text is younger than wait_ms."""
        deadline = state.items[0].queued_at + self.wait_s
        while len(self._eligible(state)) < self.max_batch:
            remaining = deadline - state.loop.time()
            if remaining <= 0:
                return
            state.changed.clear()
            try:
                await asyncio.wait_for(state.changed.wait(), remaining)
            except TimeoutError:
                return

    def _eligible(self, state: _LoopState) -> list[_Item]:
        settings = state.items[0].settings
        return [i for i in state.items if i.settings == settings and not i.future.done()]

    def _take(self, state: _LoopState) -> list[_Item]:
        """Up to max_batch texts sharing the oldest text's settings, round-robin over requests."""
        by_request: dict[int, list[_Item]] = {}
        for item in self._eligible(state):
            by_request.setdefault(item.request, []).append(item)
        batch: list[_Item] = []
        queues = list(by_request.values())
        while len(batch) < self.max_batch and any(queues):
            for queue in queues:
                if queue and len(batch) < self.max_batch:
                    batch.append(queue.pop(0))
        taken = {id(i) for i in batch}
        state.items = [i for i in state.items if id(i) not in taken]
        return batch

    async def _run_batch(self, loop: asyncio.AbstractEventLoop, batch: list[_Item]) -> None:
        texts = [i.text for i in batch]
        self.stats.calls += 1
        self.stats.texts += len(texts)
        self.stats.largest = max(self.stats.largest, len(texts))
        self.stats.sizes = [*self.stats.sizes[-31:], len(texts)]
        try:
            results = await loop.run_in_executor(self._executor, self._run, texts, batch[0].settings)
        except Exception as exc:
            log.warning("generate failed for a batch of %d: %s", len(texts), exc)
            for item in batch:
                if not item.future.done():
                    item.future.set_exception(exc)
            return
        for item, result in zip(batch, results, strict=True):
            if not item.future.done():
                item.future.set_result(result)
