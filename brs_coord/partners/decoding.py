"""A partner's bytes as text, whatever its export tool wrote: UTF-8 with or without a BOM, a line
that is not UTF-8 read as Windows-1252 (European Excel, older CMSs publishing Latin-1), then
Latin-1 for the bytes cp1252 leaves undefined; never raises, never replaces a letter with '�'."""

from __future__ import annotations

BOM = b"\xef\xbb\xbf"


def decode_lines(data: bytes) -> list[str]:
    """The lines of ``data`` (ends kept), each decoded on its own when the whole is not UTF-8 (a
    file pasted together from two exports)."""
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        return data.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        pass
    lines = []
    for raw in data.splitlines(keepends=True):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                lines.append(raw.decode("cp1252"))
            except UnicodeDecodeError:
                lines.append(raw.decode("latin-1"))
    return lines


def decode_text(data: bytes) -> str:
    """The whole of ``data`` as one text (see ``decode_lines``)."""
    return "".join(decode_lines(data))
