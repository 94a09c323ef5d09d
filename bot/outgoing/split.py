"""Cut Telegram HTML into parts within a limit, measured as Telegram does, keeping every part valid.

The HTML here is what the bot renders (tags it wrote, text it escaped), read as a stream of tokens:
an opening tag, a closing tag, an entity (`&amp;`, `&#x27;`: one visible character) or one visible
character. A part ends, by preference, at a blank line, then a line end, then a space; a run with
none of them (a 6,000-character "word") is cut between two characters, never inside a tag, an
entity or a character followed by a combining mark or a joiner. Tags still open at a cut are closed
at the end of the part and opened again, with the same attributes, at the start of the next.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

MESSAGE_LIMIT = 4096  # UTF-16 code units of the text after entity parsing
CAPTION_LIMIT = 1024

_TEXT, _OPEN, _CLOSE = 0, 1, 2
_TOKEN = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*>|&(?:[lg]t|amp|quot|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
)
_EMPTY_PAIR = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?></\1>")
_TRAILING_CLOSES = re.compile(r"((?:</[A-Za-z][A-Za-z0-9-]*>)*)\Z")
_JOINERS = {"\u200d", "\ufe0e", "\ufe0f"}  # zero-width joiner, variation selectors


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: characters outside the BMP (most emoji) count two."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: int
    raw: str
    char: str = ""  # the visible character of a text token or entity
    name: str = ""  # the tag name of a tag

    @property
    def units(self) -> int:
        return 2 if self.char and ord(self.char) > 0xFFFF else len(self.char)


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        tokens.extend(_Token(_TEXT, ch, ch) for ch in text[pos : match.start()])
        raw = match.group(0)
        if match.group(2):
            kind = _CLOSE if match.group(1) else _OPEN
            tokens.append(_Token(kind, raw, name=match.group(2).lower()))
        else:
            tokens.append(_Token(_TEXT, raw, html.unescape(raw)))
        pos = match.end()
    tokens.extend(_Token(_TEXT, ch, ch) for ch in text[pos:])
    return tokens


def visible_text(text: str) -> str:
    """What the user reads: tags dropped, entities decoded."""
    return "".join(t.char for t in _tokens(text))


def split_html(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """`text` as parts of at most `limit` visible UTF-16 units, each well-formed on its own."""
    tokens = _tokens(text)
    parts: list[str] = []
    stack: list[_Token] = []  # tags open where the current part starts
    start = _skip_space(tokens, 0)
    while start < len(tokens):
        end = _cut(tokens, start, limit)
        body = tokens[start:end]
        closing = _replay(stack, body)
        while body and body[-1].kind == _TEXT and body[-1].char.isspace():
            body.pop()
        if any(t.char and not t.char.isspace() for t in body):
            raw = "".join(t.raw for t in stack) + "".join(t.raw for t in body)
            raw += "".join(f"</{t.name}>" for t in reversed(closing))
            parts.append(_drop_empty_pairs(raw))
        stack = closing
        start = _skip_space(tokens, end)
    return parts


def split_plain(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Plain text (sent without parse mode) cut by the same rules."""
    return [html.unescape(part) for part in split_html(html.escape(text, quote=False), limit)]


def truncate_html(text: str, limit: int, ellipsis: str = "…") -> str:
    """The first part of `text` that fits `limit`, marked with `ellipsis` when something was cut."""
    whole = split_html(text, limit)
    if len(whole) <= 1:
        return whole[0] if whole else ""
    first = split_html(text, max(1, limit - utf16_len(ellipsis)))[0]
    return _TRAILING_CLOSES.sub(lambda m: html.escape(ellipsis, quote=False) + m.group(1), first, count=1)


def _cut(tokens: list[_Token], start: int, limit: int) -> int:
    """Index where the part starting at `start` ends (exclusive)."""
    units = 0
    index = start
    paragraph = line = space = None
    content = False  # a break before any visible content would make an empty part
    previous = ""
    while index < len(tokens):
        token = tokens[index]
        if token.char:
            if units + token.units > limit:
                break
            if content and token.raw == "\n":
                line = index
                if previous == "\n":
                    paragraph = index
            elif content and token.char.isspace():
                space = index
            units += token.units
            content = content or not token.char.isspace()
            previous = token.char
        index += 1
    if index >= len(tokens):
        return len(tokens)
    cut = next((c for c in (paragraph, line, space) if c is not None), None)
    if cut is None:
        cut = _safe_hard_cut(tokens, start, index)
    while cut > start + 1 and tokens[cut - 1].kind == _OPEN:  # a tag opened at the end goes with its text
        cut -= 1
    while cut < len(tokens) and tokens[cut].kind == _CLOSE:  # and one closed right after stays with it
        cut += 1
    return cut


def _safe_hard_cut(tokens: list[_Token], start: int, index: int) -> int:
    """Cut before `index`, but not between a character and a combining mark or joiner after it."""
    if not any(t.char for t in tokens[start:index]):  # not even one character fits: take one anyway
        while index < len(tokens) and not tokens[index].char:
            index += 1
        return min(index + 1, len(tokens))
    cut = index
    while cut > start + 1 and _glued(tokens[cut - 1], tokens[cut]):
        cut -= 1
    return cut if any(t.char for t in tokens[start:cut]) else index


def _glued(before: _Token, after: _Token) -> bool:
    if not before.char or not after.char:
        return False
    return before.char in _JOINERS or after.char in _JOINERS or unicodedata.combining(after.char) > 0


def _replay(stack: list[_Token], body: list[_Token]) -> list[_Token]:
    """Tags open after `body`, given those open before it."""
    open_tags = list(stack)
    for token in body:
        if token.kind == _OPEN:
            open_tags.append(token)
        elif token.kind == _CLOSE and open_tags:
            open_tags.pop()
    return open_tags


def _skip_space(tokens: list[_Token], index: int) -> int:
    while index < len(tokens) and tokens[index].kind == _TEXT and tokens[index].char.isspace():
        index += 1
    return index


def _drop_empty_pairs(text: str) -> str:
    while True:
        cleaned = _EMPTY_PAIR.sub("", text)
        if cleaned == text:
            return text
        text = cleaned
