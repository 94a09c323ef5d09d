"""bot.web: bounded content decoding, registrable domains, and what a body of bytes really is.

The bot-level behaviour is in test_hostile_links_bot.py and test_hostile_inputs_bot.py; these pin
the edges that are cheaper to reach directly (the exact bound, the layer limit, the suffix list).
"""

from __future__ import annotations

import gzip
import zlib

import pytest

from bot.web.coding import STEP, BoundedDecoder, CorruptBody, OverLimit, UnsupportedCoding, codings
from bot.web.sites import registrable_domain, same_site
from bot.web.sniff import looks_binary, unmarked_unicode

LIMIT = 100_000
TEXT = ("Officials said on Monday that 118 drones were launched overnight. " * 400).encode()


def _decode_all(encoding: str, body: bytes, limit: int = LIMIT, chunk: int = 1000) -> bytes:
    decoder = BoundedDecoder(encoding, limit)
    out = []
    for start in range(0, len(body), chunk):
        out.extend(decoder.decode(body[start : start + chunk]))
    return b"".join(out)


def _zeros_gzip(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return b"".join([packer.compress(bytes(1 << 20)) for _ in range(size >> 20)] + [packer.flush()])


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("", lambda b: b),
        ("identity", lambda b: b),
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),  # zlib-wrapped, as the standard says
        ("deflate", lambda b: zlib.compress(b, wbits=-zlib.MAX_WBITS)),  # raw, as many servers send
        ("gzip, gzip", lambda b: gzip.compress(gzip.compress(b))),
        ("deflate, gzip", lambda b: gzip.compress(zlib.compress(b))),
        ("GZIP", gzip.compress),
    ],
)
def test_honest_encodings_round_trip(encoding: str, encode: object) -> None:
    body = encode(TEXT)  # type: ignore[operator]
    assert _decode_all(encoding, body, limit=len(TEXT)) == TEXT


@pytest.mark.parametrize("layers", [1, 2])
def test_a_bomb_stops_one_step_past_the_limit(layers: int) -> None:
    bomb = _zeros_gzip(64 << 20)
    if layers == 2:
        bomb = gzip.compress(bomb)
    decoder = BoundedDecoder(", ".join(["gzip"] * layers), LIMIT)
    produced = 0
    with pytest.raises(OverLimit):
        for piece in decoder.decode(bomb):  # the whole bomb in one network chunk
            assert len(piece) <= STEP
            produced += len(piece)
    assert produced <= LIMIT


@pytest.mark.parametrize("encoding", ["br", "zstd", "compress", "gzip, br", "gzip, gzip, gzip", "made-up"])
def test_encodings_we_did_not_ask_for_are_refused_before_reading(encoding: str) -> None:
    with pytest.raises(UnsupportedCoding):
        BoundedDecoder(encoding, LIMIT)


def test_a_damaged_stream_is_corrupt_not_a_crash() -> None:
    with pytest.raises(CorruptBody):
        _decode_all("gzip", b"\x1f\x8b\x08\x00" + b"\xff" * 200)


def test_codings_are_listed_in_the_order_applied() -> None:
    assert codings(" gzip , identity,DEFLATE ") == ["gzip", "deflate"]
    assert codings("") == []


@pytest.mark.parametrize(
    ("host", "site"),
    [
        ("news.bbc.co.uk", "bbc.co.uk"),
        ("www.Example.COM.", "example.com"),
        ("attacker.github.io", "attacker.github.io"),  # github.io is a public suffix (private section)
        ("a.b.blogspot.com", "b.blogspot.com"),
        ("xn--e1afmkfd.xn--p1ai", "пример.рф"),
        ("github.io", None),
        ("co.uk", None),
        ("localhost", None),
        ("127.0.0.1", None),
        ("[::1]", None),
    ],
)
def test_registrable_domain(host: str, site: str | None) -> None:
    assert registrable_domain(host) == site


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://attacker.github.io/x", "https://victim.github.io/x", False),
        ("https://news.bbc.co.uk/a", "http://www.bbc.co.uk/b", True),
        ("https://a.example.co.uk/", "https://b.other.co.uk/", False),
        ("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/b", True),
        ("http://127.0.0.1:8000/a", "http://127.0.0.1:8001/a", False),  # two servers on one address
        ("http://10.0.0.1/a", "http://example.com/a", False),
        ("https://xn--e1afmkfd.xn--p1ai/a", "https://новости.пример.рф/b", True),
        ("http://[::1/", "http://[::1]/", False),
    ],
)
def test_same_site(a: str, b: str, same: bool) -> None:
    assert same_site(a, b) is same


SAMPLE = "Harbour bridge reopens. Мост открыт. 橋が再開 — 14 months, 212 million.\n" * 30


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_unmarked_unicode_is_recognised_by_its_nul_bytes(codec: str) -> None:
    assert unmarked_unicode(SAMPLE.encode(codec)) == codec


@pytest.mark.parametrize(
    "body",
    [
        SAMPLE.encode("utf-8"),
        bytes(4000),
        bytes(range(256)) * 16,
        b"\x89PNG\r\n\x1a\n" + bytes(500),
        b"a\x00b",
    ],
    ids=["utf-8", "zeros", "all-bytes", "png", "tiny"],
)
def test_other_bytes_are_not_taken_for_unmarked_unicode(body: bytes) -> None:
    assert unmarked_unicode(body) is None


def test_looks_binary() -> None:
    assert not looks_binary(SAMPLE)
    assert not looks_binary("A page\twith\ttabs,\fform feeds\r\nand more.\n" * 20 + "one stray \x07 bell")
    assert looks_binary(bytes(range(256)).decode("latin-1") * 10)
    assert looks_binary("text\x00" * 200)
    assert not looks_binary("")
    # Windows quotes in a page labelled ISO-8859-15 decode to C1 controls: odd text, not binary.
    assert not looks_binary(
        "\x93Quoted\x94 words \x96 and more. ".encode("latin-1").decode("iso-8859-15") * 50
    )
