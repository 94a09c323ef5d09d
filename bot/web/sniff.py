"""What a body of bytes really is: UTF-16/32 without a byte-order mark, and binary data posing as text.

UTF-16 text of Latin script is valid UTF-8 (every other byte is NUL), so "try UTF-8 first" turns a
UTF-16 .txt into zero words. Text in UTF-16 or UTF-32 has NUL bytes in a fixed position of every
code unit and never in the others; binary data has them anywhere. That pattern is what browsers
and chardet look at too, and it needs no guessing from letter frequencies.
"""

from __future__ import annotations

_SAMPLE_BYTES = 4096
_SAMPLE_CHARS = 16 * 1024
_MIN_UNITS = 8  # fewer code units than this tell us nothing
_BINARY_SHARE = 0.01  # real text has next to no control characters; binary has ~10% or more
_MIN_BINARY_CHARS = 4
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1c\x1d\x1e\x1f")  # the C0 whitespace and separators str.split knows


def unmarked_unicode(body: bytes) -> str | None:
    """'utf-32-le', 'utf-32-be', 'utf-16-le' or 'utf-16-be' when the NUL bytes say so, else None."""
    sample = body[:_SAMPLE_BYTES]
    if b"\0" not in sample:
        return None
    for codec, width, zero_at, busy_at in (
        ("utf-32-le", 4, (2, 3), 0),  # BMP characters: the two high bytes are always zero
        ("utf-32-be", 4, (0, 1), 3),
        ("utf-16-le", 2, (), 0),
        ("utf-16-be", 2, (), 1),
    ):
        units = len(sample) // width
        if units < _MIN_UNITS:
            continue
        trimmed = sample[: units * width]
        zeros = [trimmed[offset::width].count(0) for offset in range(width)]
        if width == 4:
            fits = all(zeros[i] == units for i in zero_at) and zeros[busy_at] <= units // 50
        else:  # the low byte is rarely zero in text (U+0100, U+4E00); the high byte often is (Latin, spaces)
            high = 1 - busy_at
            fits = zeros[busy_at] <= units // 50 and zeros[high] >= max(2, units // 20)
        if fits and _decodes(trimmed, codec):
            return codec
    return None


def _decodes(sample: bytes, codec: str) -> bool:
    try:
        sample.decode(codec)
    except UnicodeDecodeError as exc:
        # The sample may end inside a surrogate pair; anything earlier is a real error.
        return exc.start >= len(sample) - 4
    return True


def looks_binary(text: str) -> bool:
    """True when decoded text is mostly not text: control characters where words should be."""
    sample = text[:_SAMPLE_CHARS]
    controls = sum(1 for ch in sample if _is_control(ch))
    return controls >= _MIN_BINARY_CHARS and controls > len(sample) * _BINARY_SHARE


def _is_control(ch: str) -> bool:
    # C0 and DEL only: C1 (U+0080-U+009F) is what a mislabelled legacy page (ISO-8859-x with
    # Windows quotes) decodes its punctuation to; that page is text with odd quotes, not binary.
    return (ch < " " and ch not in _TEXT_CONTROLS) or ch == "\x7f"
