"""A partner's description as plain text: Indico exports HTML and Google Calendar writes <br> and
<a href> into DESCRIPTION; the tags go (a link keeps its address, a block or <br> a line break),
entities are decoded, and text without tags is left exactly as it is ("counts <5" stays)."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>")
_BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table"})
_HIDDEN = frozenset({"script", "style"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0
        self._links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "a":
            self._links.append(dict(attrs).get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "a" and self._links:
            href = self._links.pop()
            shown = self.parts[-1] if self.parts else ""
            if href and href.startswith(("http://", "https://")) and href not in shown:
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def plain_text(text: str) -> str:
    """``text`` without its HTML (unchanged when it has no tags)."""
    if not _TAG.search(text):
        return text
    parser = _Text()
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # html.parser is lenient; never let a description fail an import
        return unescape(_TAG.sub(" ", text)).strip()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
