"""Bytes to text the way browsers do it: declared charset, BOM, NUL pattern, <meta>, UTF-8, a guess."""

from __future__ import annotations

import codecs
import re

from .sniff import unmarked_unicode

_META_SCAN_BYTES = 4096  # browsers look for <meta charset> in the first 1024 bytes; be a bit generous
_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)


def decode_body(body: bytes, header_charset: str | None, *, html: bool = True) -> tuple[str, str]:
    """(text, codec name): header charset, BOM, UTF-16/32 by NUL pattern, <meta>, UTF-8, then a guess.

    The NUL pattern comes before UTF-8 because UTF-16 Latin text is valid UTF-8 (NUL every other byte).
    """
    bom = _bom_charset(body)
    unmarked = None if header_charset or bom else unmarked_unicode(body)
    for candidate in (header_charset, bom, unmarked, _meta_charset(body) if html else None):
        codec = _codec(candidate)
        if codec:
            # "replace" because a declared charset is often right for all but a few stray bytes.
            return body.decode(codec, errors="replace").lstrip("\ufeff"), codec
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guessed = _guess_charset(body)
    return body.decode(guessed, errors="replace"), guessed


def _codec(label: str | None) -> str | None:
    """Python's codec for a charset label, or None when unknown. Latin-1 labels mean windows-1252,
    as in every browser: pages labelled ISO-8859-1 routinely contain cp1252 quotes and dashes."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return "cp1252" if name in {"latin-1", "iso8859-1", "ascii"} else name


def _bom_charset(body: bytes) -> str | None:
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _meta_charset(body: bytes) -> str | None:
    # Matches both <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
    match = _META_CHARSET.search(body[:_META_SCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


def _guess_charset(body: bytes) -> str:
    try:
        from charset_normalizer import from_bytes  # installed with trafilatura
    except ImportError:  # pragma: no cover - trafilatura depends on it
        return "cp1252"
    best = from_bytes(body[: 64 * 1024]).best()
    return _codec(best.encoding if best else None) or "cp1252"
