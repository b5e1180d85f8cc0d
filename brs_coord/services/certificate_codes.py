"""Certificate verification codes: drawn at random from an alphabet without look-alike characters,
printed as two groups of five, read back whatever their case, spaces or hyphens."""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed without doubt
CODE_LENGTH = 10  # 50 bits: unguessable by trying, short enough to type


def normalise_code(text: str) -> str | None:
    """The stored form of a typed code (case, spaces and hyphens ignored); None when it cannot be one."""
    code = "".join(text.split()).replace("-", "").upper()
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def shown_code(code: str) -> str:
    """A code as printed: two groups of five."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
