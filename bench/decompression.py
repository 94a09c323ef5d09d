"""Memory and time to refuse a compression bomb: Newsbrief's bounded decoding vs httpx's own.

A local server on 127.0.0.1 answers with a few KB that inflate to BOMB_MB of markup, once with
`Content-Encoding: gzip` and once with `gzip, gzip`. Each is read twice under the same 2 MB cap:
through `bot.web.fetch.fetch_page` (zlib in 64 KB steps, see bot/web/coding.py) and, as the baseline,
through httpx's `aiter_bytes` with the cap checked after every chunk (how the bot read pages before).
Peak memory is tracemalloc's peak for the read alone. Run: `.venv/bin/python bench/decompression.py`.
"""

from __future__ import annotations

import asyncio
import gzip
import sys
import time
import tracemalloc
import zlib
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.web.fetch import FetchError, FetchLimits, fetch_page
from tests.local_web import serve

BOMB_MB = 256
CAP = 2 * 1024 * 1024


def bomb(layers: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    body = b"".join([packer.compress(b" " * (1 << 20)) for _ in range(BOMB_MB)] + [packer.flush()])
    for _ in range(layers - 1):
        body = gzip.compress(body, 9)
    return body


async def newsbrief(url: str) -> str:
    try:
        await fetch_page(url, limits=FetchLimits(allow_private=True, max_bytes=CAP))
    except FetchError as exc:
        return exc.kind
    return "read"


async def httpx_baseline(url: str) -> str:
    size = 0
    async with httpx.AsyncClient(trust_env=False) as client, client.stream("GET", url) as response:
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > CAP:
                return "too_large"
    return "read"


async def measure(read: Callable[[str], Awaitable[str]], url: str) -> tuple[str, float, float]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        outcome = await read(url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return outcome, peak / 2**20, time.perf_counter() - started


async def main() -> None:
    bodies = {"gzip": bomb(1), "gzip, gzip": bomb(2)}

    async def handler(request: web.Request) -> web.Response:
        encoding = request.query["as"]
        return web.Response(
            body=bodies[encoding], headers={"Content-Type": "text/html", "Content-Encoding": encoding}
        )

    async with serve([web.get("/bomb", handler)]) as site:
        print(f"bomb: {BOMB_MB} MB of markup; cap {CAP // 2**20} MB; peak = tracemalloc peak during the read")
        for encoding, body in bodies.items():
            url = site.url(f"/bomb?as={encoding.replace(', ', ',%20')}")
            ours = await measure(newsbrief, url)
            base = await measure(httpx_baseline, url)
            print(
                f"{encoding:<11} response {len(body):>7,} B | newsbrief: {ours[0]}, peak {ours[1]:7.1f} MB, "
                f"{ours[2]:5.2f} s | httpx aiter_bytes: {base[0]}, peak {base[1]:7.1f} MB, {base[2]:5.2f} s "
                f"| peak ratio {base[1] / max(ours[1], 0.01):6.1f}x"
            )


if __name__ == "__main__":
    asyncio.run(main())
