"""Telegram's ``parse_mode=HTML``: a small port of TDLib's HTML parser.

The error texts are TDLib's (``td/telegram/MessageEntity.cpp``); the Bot API prefixes them with
``"Bad Request: can't parse entities: "``. One deliberate difference: TDLib shows a bare ``&``
that starts no entity literally, but the Bot API documentation says every ``&`` must be escaped,
so by default (``strict_ampersand=True``) the fake rejects it. Offsets in error texts are UTF-8
byte offsets, entity offsets/lengths are UTF-16 code units, as in Telegram.
"""

from __future__ import annotations

from typing import Any

SUPPORTED_TAGS = frozenset(
    "a b strong i em s strike del u ins tg-spoiler tg-emoji span pre code blockquote".split()
)
_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}
_SPACES = frozenset(b" \t\r\n\v\0")
_NAME_TOKEN = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")


class EntityParseError(ValueError):
    """HTML that Telegram would refuse; ``str(err)`` is TDLib's description."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def command_entities(text: str) -> list[dict[str, Any]]:
    """The ``bot_command`` entity a real client adds to a message starting with ``/cmd``."""
    if not text.startswith("/"):
        return []
    word = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(word)}]


def _decode_entity(src: bytes, pos: int) -> tuple[str, int] | None:
    """Decode ``&...;`` at ``pos`` as TDLib does (``;`` optional); None if it is no entity."""
    n = len(src)
    end = pos + 1
    if end < n and src[end] == ord("#"):
        end += 1
        value = 0
        digits = b"0123456789abcdefABCDEF"
        base = 10
        if end < n and src[end] == ord("x"):
            base, end = 16, end + 1
        else:
            digits = b"0123456789"
        while end < n and src[end] in digits:
            value = value * base + int(chr(src[end]), 16)
            end += 1
            if value >= 0x10FFFF:
                return None
        if value == 0 or end - pos >= 10 or 0xD800 <= value <= 0xDFFF:
            return None
        char = chr(value)
    else:
        while end < n and chr(src[end]).isascii() and chr(src[end]).isalpha():
            end += 1
        named = _NAMED.get(src[pos + 1 : end])
        if named is None:
            return None
        char = named
    if end < n and src[end] == ord(";"):
        end += 1
    return char, end


class _Parser:
    def __init__(self, text: str, strict_ampersand: bool) -> None:
        self.src = text.encode("utf-8")
        self.strict_ampersand = strict_ampersand
        self.out = bytearray()
        self.i = 0
        self.stack: list[tuple[str, str, int]] = []  # (tag, argument, utf16 offset)
        self.entities: list[dict[str, Any]] = []

    def at(self, i: int) -> int:
        return self.src[i] if i < len(self.src) else 0

    def offset(self) -> int:
        return utf16_len(self.out.decode("utf-8"))

    def run(self) -> tuple[str, list[dict[str, Any]]]:
        src = self.src
        while self.i < len(src):
            c = src[self.i]
            if c == ord("&"):
                decoded = _decode_entity(src, self.i)
                if decoded is not None:
                    self.out += decoded[0].encode("utf-8")
                    self.i = decoded[1]
                    continue
                if self.strict_ampersand:
                    raise EntityParseError(
                        f"Unescaped '&' at byte offset {self.i} is not an HTML entity "
                        "(fake server is strict here: escape it as &amp;)"
                    )
            if c != ord("<"):
                self.out.append(c)
                self.i += 1
                continue
            begin = self.i
            self.i += 1
            if self.at(self.i) != ord("/"):
                self.start_tag(begin)
            else:
                self.end_tag(begin)
            self.i += 1  # skip '>'
        if self.stack:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1][0]}"'
            )
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return self.out.decode("utf-8"), self.entities

    def skip_spaces(self) -> None:
        while self.at(self.i) in _SPACES and self.at(self.i) != 0:
            self.i += 1

    def start_tag(self, begin: int) -> None:
        src, tag_begin = self.src, self.i
        while self.at(self.i) not in _SPACES and self.at(self.i) != ord(">"):
            self.i += 1
        if self.at(self.i) == 0:
            raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
        tag = src[tag_begin : self.i].decode("utf-8", "replace").lower()
        if tag not in SUPPORTED_TAGS:
            raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
        argument = ""
        while self.at(self.i) != ord(">"):
            self.skip_spaces()
            if self.at(self.i) == ord(">"):
                break
            name_begin = self.i
            while self.at(self.i) not in _SPACES and self.at(self.i) != ord("="):
                self.i += 1
            name = src[name_begin : self.i].decode("utf-8", "replace")
            if not name:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
                )
            self.skip_spaces()
            if self.at(self.i) != ord("="):
                raise EntityParseError(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag}" at byte offset {begin}'
                )
            self.i += 1
            self.skip_spaces()
            if self.at(self.i) == 0:
                raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            value = self.attribute_value()
            if self.at(self.i) == 0:
                raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
            if tag == "a" and name == "href":
                argument = value
            elif tag == "code" and name == "class" and value.startswith("language-"):
                argument = value[9:]
            elif tag == "span" and name == "class" and value.startswith("tg-"):
                argument = value[3:]
            elif tag == "tg-emoji" and name == "emoji-id":
                argument = value
            elif tag == "blockquote" and name == "expandable":
                argument = "1"
        if tag == "span" and argument != "spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {begin}'
            )
        self.stack.append((tag, argument, self.offset()))

    def attribute_value(self) -> str:
        src = self.src
        quote = self.at(self.i)
        if quote not in (ord("'"), ord('"')):
            token_begin = self.i
            while self.at(self.i) in _NAME_TOKEN:
                self.i += 1
            if self.at(self.i) not in _SPACES and self.at(self.i) != ord(">"):
                raise EntityParseError(f"Unexpected end of name token at byte offset {token_begin}")
            return src[token_begin : self.i].decode("utf-8").lower()
        self.i += 1
        value = bytearray()
        while self.at(self.i) != quote and self.i < len(src):
            if src[self.i] == ord("&"):
                decoded = _decode_entity(src, self.i)
                if decoded is not None:
                    value += decoded[0].encode("utf-8")
                    self.i = decoded[1]
                    continue
            value.append(src[self.i])
            self.i += 1
        if self.at(self.i) == quote:
            self.i += 1
        return value.decode("utf-8", "replace")

    def end_tag(self, begin: int) -> None:
        if not self.stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
        self.i += 1  # skip '/'
        name_begin = self.i
        while self.at(self.i) not in _SPACES and self.at(self.i) != ord(">"):
            self.i += 1
        end_name = self.src[name_begin : self.i].decode("utf-8", "replace").lower()
        self.skip_spaces()
        if self.at(self.i) != ord(">"):
            raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
        tag, argument, start = self.stack.pop()
        if end_name and end_name != tag:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag}>", '
                f'found "</{end_name}>"'
            )
        length = self.offset() - start
        if length <= 0:
            return
        entity: dict[str, Any] = {"type": _ENTITY_TYPES[tag], "offset": start, "length": length}
        if tag == "a":
            entity["url"] = argument
        elif tag == "tg-emoji":
            entity["custom_emoji_id"] = argument
        elif tag == "blockquote" and argument:
            entity["type"] = "expandable_blockquote"
        elif tag == "code" and argument and self.stack and self.stack[-1][0] == "pre":
            entity["language"] = argument  # merged into the enclosing <pre> below
        elif tag == "pre" and self.entities:
            last = self.entities[-1]
            same = last["offset"] == start and last["length"] == length
            if same and last["type"] == "code" and "language" in last:
                self.entities.pop()
                entity["language"] = last["language"]
        self.entities.append(entity)


def parse_html(text: str, *, strict_ampersand: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Return ``(plain_text, entities)`` or raise :class:`EntityParseError`."""
    return _Parser(text, strict_ampersand).run()
