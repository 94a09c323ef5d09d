"""Telegram's HTML parse mode, as the fake Bot API applies it: a port of TDLib's `parse_html`.

Telegram (TDLib, td/telegram/MessageEntity.cpp) reads the text once, left to right:
- `&lt;`, `&gt;`, `&amp;`, `&quot;` and numeric references (`&#38;`, `&#x26;`) are decoded; the `;`
  may be missing; any other `&...` stays as it is, literally (no error);
- every `<` starts a tag: only the supported tags are accepted, attributes must be `name=value`, and
  tags must close in order (`</>` closes the innermost one); anything else is a 400
  "Bad Request: can't parse entities: ...", with the byte offset as Telegram gives it;
- what remains is the text the user sees, and Telegram's limits (4,096 per message, 1,024 per
  caption) count its UTF-16 code units.
"""

from __future__ import annotations

from dataclasses import dataclass

SUPPORTED_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji",
        "span", "pre", "code", "blockquote",
    }
)  # fmt: skip
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACES = " \t\r\n\x0b\x0c"  # TDLib's is_space
_END = "\0"  # TDLib reads a NUL-terminated string: running past the end reads 0


class HtmlError(ValueError):
    """The text is not valid Telegram HTML; str() is Telegram's description after "can't parse entities: "."""


@dataclass(frozen=True)
class ParsedHtml:
    text: str  # what the user sees
    links: list[tuple[str, str]]  # (href, linked text) of each <a href>


def utf16_len(text: str) -> int:
    """Telegram's length: UTF-16 code units, so a character outside the BMP (most emoji) counts two."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(text: str) -> ParsedHtml:
    return _Parser(text).run()


def _alpha(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def _hex(ch: str) -> bool:
    return _digit(ch) or "a" <= ch.lower() <= "f"


class _Parser:
    def __init__(self, text: str) -> None:
        self.src = text
        self.out: list[str] = []
        self.stack: list[tuple[str, str, int]] = []  # tag, argument, where its text starts in out
        self.links: list[tuple[str, str]] = []

    def at(self, i: int) -> str:
        return self.src[i] if i < len(self.src) else _END

    def byte_offset(self, i: int) -> int:
        return len(self.src[:i].encode("utf-8"))

    def run(self) -> ParsedHtml:
        i = 0
        while i < len(self.src):
            ch = self.src[i]
            if ch == "&":
                decoded, end = self.entity(i)
                if decoded:
                    self.out.append(decoded)
                    i = end
                    continue
            if ch != "<":
                self.out.append(ch)
                i += 1
                continue
            i = self.end_tag(i) if self.at(i + 1) == "/" else self.start_tag(i)
        if self.stack:
            raise HtmlError(f'Can\'t find end tag corresponding to start tag "{self.stack[-1][0]}"')
        text = "".join(self.out)
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):  # TDLib's check_utf8 after decoding
            raise HtmlError(
                "Text contains invalid Unicode characters after decoding HTML entities, check for "
                "unmatched surrogate code units"
            )
        return ParsedHtml(text, self.links)

    def entity(self, pos: int) -> tuple[str, int]:
        """TDLib's decode_html_entity: (character, index after it), or ("", pos) when not an entity."""
        end = pos + 1
        if self.at(pos + 1) == "#":
            end += 1
            value = 0
            if self.at(pos + 2) == "x":
                end += 1
                while _hex(self.at(end)):
                    value = value * 16 + int(self.at(end), 16)
                    end += 1
            else:
                while _digit(self.at(end)):
                    value = value * 10 + int(self.at(end))
                    end += 1
            if value == 0 or value >= 0x10FFFF or end - pos >= 10:
                return "", pos
            decoded = chr(value)
        else:
            while _alpha(self.at(end)):
                end += 1
            decoded = _NAMED.get(self.src[pos + 1 : end], "")
            if not decoded:
                return "", pos
        return decoded, end + 1 if self.at(end) == ";" else end

    def start_tag(self, begin: int) -> int:
        i = begin + 1
        while self.at(i) not in _SPACES and self.at(i) not in ">" + _END:
            i += 1
        if self.at(i) == _END:
            raise HtmlError(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        tag = self.src[begin + 1 : i].lower()
        if tag not in SUPPORTED_TAGS:
            raise HtmlError(f'Unsupported start tag "{tag}" at byte offset {self.byte_offset(begin)}')
        argument = ""
        while self.at(i) != ">":
            while self.at(i) in _SPACES and self.at(i) != _END:
                i += 1
            if self.at(i) == ">":
                break
            name_start = i
            while self.at(i) not in _SPACES and self.at(i) not in "=" + _END:
                i += 1
            name = self.src[name_start:i]
            if not name:
                raise HtmlError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {self.byte_offset(begin)}'
                )
            while self.at(i) in _SPACES and self.at(i) != _END:
                i += 1
            if self.at(i) != "=":
                raise HtmlError(
                    f'Expected equal sign in declaration of an attribute of the tag "{tag}" at byte offset '
                    f"{self.byte_offset(begin)}"
                )
            i += 1
            while self.at(i) in _SPACES and self.at(i) != _END:
                i += 1
            if self.at(i) == _END:
                raise HtmlError(f'Unclosed start tag "{tag}" at byte offset {self.byte_offset(begin)}')
            value, i = self.attribute_value(i)
            if self.at(i) == _END:
                raise HtmlError(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
            argument = self.argument(tag, name, value, argument)
        if tag == "span" and argument != "spoiler":
            raise HtmlError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte_offset(begin)}'
            )
        self.stack.append((tag, argument, len(self.out)))  # out holds one character per item
        return i + 1

    def attribute_value(self, i: int) -> tuple[str, int]:
        quote = self.at(i)
        if quote not in "'\"":
            start = i  # a name token: letters, digits, periods, hyphens
            while self.at(i).isascii() and (self.at(i).isalnum() or self.at(i) in ".-"):
                i += 1
            if self.at(i) not in _SPACES and self.at(i) != ">":
                raise HtmlError(f"Unexpected end of name token at byte offset {self.byte_offset(start)}")
            return self.src[start:i].lower(), i
        i += 1
        value: list[str] = []
        while self.at(i) not in (quote, _END):
            if self.at(i) == "&":
                decoded, end = self.entity(i)
                if decoded:
                    value.append(decoded)
                    i = end
                    continue
            value.append(self.at(i))
            i += 1
        if self.at(i) == quote:
            i += 1
        return "".join(value), i

    @staticmethod
    def argument(tag: str, name: str, value: str, current: str) -> str:
        if tag == "a" and name == "href":
            return value
        if tag == "code" and name == "class" and value.startswith("language-"):
            return value[len("language-") :]
        if tag == "span" and name == "class" and value.startswith("tg-"):
            return value[len("tg-") :]
        if tag == "tg-emoji" and name == "emoji-id":
            return value
        if tag == "blockquote" and name == "expandable":
            return "1"
        return current

    def end_tag(self, begin: int) -> int:
        if not self.stack:
            raise HtmlError(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        i = begin + 2
        while self.at(i) not in _SPACES and self.at(i) not in ">" + _END:
            i += 1
        name = self.src[begin + 2 : i]
        while self.at(i) in _SPACES and self.at(i) != _END:
            i += 1
        if self.at(i) != ">":
            raise HtmlError(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        tag, argument, start = self.stack[-1]
        if name and name != tag:
            raise HtmlError(
                f'Unmatched end tag at byte offset {self.byte_offset(begin)}, expected "</{tag}>", '
                f'found "</{name}>"'
            )
        self.stack.pop()
        if tag == "a":
            inner = "".join(self.out[start:])
            self.links.append((argument or inner, inner))
        return i + 1
