"""RFC 5545 content lines: TEXT escaping and folding at 75 octets without splitting a UTF-8 character."""

from __future__ import annotations

import re

CRLF = "\r\n"
LINE_OCTETS = 75

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NEEDS_QUOTES = re.compile(r'[:;,]')
_ESCAPED = re.compile(r"[\\;,\r\n\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # what escape_text changes
_FOLD = (CRLF + " ").encode("ascii")


def escape_text(value: str) -> str:
    """A TEXT value escaped: backslash, semicolon, comma and newlines; other controls dropped."""
    if not _ESCAPED.search(value):
        return value
    value = _CONTROL.sub("", value)
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def param_value(value: str) -> str:
    """A parameter value, quoted when it holds a delimiter (double quotes are not allowed)."""
    value = _CONTROL.sub("", value).replace('"', "'")
    return f'"{value}"' if _NEEDS_QUOTES.search(value) else value


def fold(line: str) -> str:
    """One content line folded to at most 75 octets per physical line, ending in CRLF."""
    if len(line) <= LINE_OCTETS and (line.isascii() or len(line.encode("utf-8")) <= LINE_OCTETS):
        return line + CRLF
    if line.isascii():
        parts = [line[:LINE_OCTETS]]
        parts += [line[i : i + LINE_OCTETS - 1] for i in range(LINE_OCTETS, len(line), LINE_OCTETS - 1)]
        return (CRLF + " ").join(parts) + CRLF
    data = line.encode("utf-8")
    size = len(data)
    chunks: list[bytes] = []
    start, limit = 0, LINE_OCTETS
    while start < size:
        end = start + limit
        if end >= size:
            end = size
        else:
            while (data[end] & 0xC0) == 0x80:  # never cut inside a character
                end -= 1
        chunks.append(data[start:end])
        start, limit = end, LINE_OCTETS - 1
    return _FOLD.join(chunks).decode("utf-8") + CRLF


def fold_lines(lines: list[str]) -> str:
    """Content lines folded (``fold``) and joined; a short ASCII line is only given its CRLF."""
    return "".join([
        line + CRLF if len(line) <= LINE_OCTETS and line.isascii() else fold(line) for line in lines
    ])
