"""A digest of the code a result is computed by, so a result stored by one build is not read by another.

The code is a module and every module of the package it reaches through its globals: the modules
it imports, and the modules that define the classes, functions and instances it holds. A word list
moved to a module of its own, or a helper imported from one, is reached; the digest changes when
any of their sources does, or the Python version (Unicode tables, ``str.lower``) does.

It tells builds apart, it guards nothing: two checksums (CRC-32 and Adler-32, zlib's: hashlib
costs a cold process 4 ms to import) and the length of the sources.
"""

from __future__ import annotations

import sys
import unicodedata
import zlib
from types import ModuleType


def reached_modules(root: ModuleType) -> dict[str, ModuleType]:
    """``root`` and the modules of its package reached through globals, by name."""
    package = root.__name__.partition(".")[0]
    found: dict[str, ModuleType] = {}
    todo = [root]
    while todo:
        module = todo.pop()
        if module.__name__ in found:
            continue
        found[module.__name__] = module
        for value in list(vars(module).values()):
            name = _module_name(value)
            if name is None or name in found or not (name == package or name.startswith(package + ".")):
                continue
            reached = sys.modules.get(name)
            if reached is not None:
                todo.append(reached)
    return found


def _module_name(value: object) -> str | None:
    if isinstance(value, ModuleType):
        return value.__name__
    holder = value if isinstance(value, type) or callable(value) else type(value)
    defined_in = getattr(holder, "__module__", None)
    return defined_in if isinstance(defined_in, str) else None


def source_fingerprint(*roots: ModuleType) -> str:
    """The digest of the sources of ``roots`` and the modules they reach, and of the Python version."""
    reached = {name: module for root in roots for name, module in reached_modules(root).items()}
    parts = [f"{sys.version_info[:3]} {unicodedata.unidata_version}".encode()]
    for name, module in sorted(reached.items()):
        parts += [f"\0{name}\0".encode(), _source(module)]
    text = b"".join(parts)
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}-{len(text)}"


def _source(module: ModuleType) -> bytes:
    loader = getattr(module.__spec__, "loader", None)
    path = getattr(module, "__file__", None)
    get_data = getattr(loader, "get_data", None)
    if path is None or get_data is None:
        return b""  # a namespace or built-in module: nothing to read
    data = get_data(path)
    return data if isinstance(data, bytes) else b""
