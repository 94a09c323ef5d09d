"""Content-Encoding undone in bounded steps, so no response costs more memory than the size cap.

httpx decodes each network chunk through every layer at once: a 1.8 KB `gzip, gzip` body became
2 GB before any size check ran, and even one gzip layer turns a 64 KB chunk into 64 MB. Here every
layer is a zlib decompressor asked for at most `STEP` bytes per call, layers are chained lazily
(a layer only runs when the next one asks for more), and every layer's total output counts against
the cap. Memory is therefore bounded by the cap plus a few steps, and CPU by layers x cap.

We only ask for gzip and deflate (the encodings zlib undoes with a bounded output); a server that
sends anything else anyway (br, zstd, compress, an unknown name) gets the page refused, not guessed.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

ACCEPT_ENCODING = "gzip, deflate"
STEP = 64 * 1024  # the most one decompress call may produce
MAX_LAYERS = 2  # "gzip, gzip" happens on misconfigured servers; more is only ever an attack
_GZIP = frozenset({"gzip", "x-gzip"})
_KNOWN = _GZIP | {"deflate"}


class CodingError(Exception):
    """The body cannot be decoded within the rules; subclasses say why."""


class UnsupportedCoding(CodingError):
    def __init__(self, coding: str) -> None:
        self.coding = coding
        super().__init__(f"unsupported content coding {coding!r}")


class CorruptBody(CodingError):
    pass


class OverLimit(CodingError):
    pass


def codings(header: str) -> list[str]:
    """The codings a Content-Encoding header lists, in the order they were applied ("identity" dropped)."""
    names = [name.strip().lower() for name in header.split(",")]
    return [name for name in names if name and name != "identity"]


class _Layer:
    """One zlib stream whose output comes out in pieces of at most STEP bytes."""

    def __init__(self, coding: str) -> None:
        self._gzip = coding in _GZIP
        self._zlib: zlib._Decompress | None = zlib.decompressobj(16 + zlib.MAX_WBITS) if self._gzip else None

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._zlib is None:
            # "deflate" means zlib-wrapped, but many servers send raw deflate; the header tells them apart.
            wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        yield from self._drain(data)

    def _drain(self, data: bytes) -> Iterator[bytes]:
        assert self._zlib is not None
        while not self._zlib.eof:
            try:
                piece = self._zlib.decompress(data, STEP)
            except zlib.error as exc:
                raise CorruptBody(str(exc)) from exc
            data = self._zlib.unconsumed_tail
            if piece:
                yield piece
            # A full piece may leave output pending inside zlib even with no input left: ask again.
            if not data and len(piece) < STEP:
                return
        # Past the end of the stream: trailing bytes (a second gzip member, junk) are ignored, as httpx does.


class BoundedDecoder:
    """Undo `content_encoding` chunk by chunk; every layer may produce at most `limit` bytes."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        applied = codings(content_encoding)
        for coding in applied:
            if coding not in _KNOWN:
                raise UnsupportedCoding(coding)
        if len(applied) > MAX_LAYERS:
            raise UnsupportedCoding(", ".join(applied))
        self._layers = [_Layer(coding) for coding in reversed(applied)]  # the last applied comes off first
        self._produced = [0] * len(self._layers)
        self._limit = limit

    def decode(self, raw: bytes) -> Iterator[bytes]:
        """The decoded pieces of one raw chunk, each at most STEP bytes once any layer is involved."""
        yield from self._through(0, raw)

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._layers):
            yield data
            return
        for piece in self._layers[index].feed(data):
            self._produced[index] += len(piece)
            if self._produced[index] > self._limit:
                raise OverLimit(f"layer {index} passed {self._limit} bytes")
            yield from self._through(index + 1, piece)
