"""Plain records of the fake Bot API: recorded calls, stored messages, faults, transcript lines."""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass, field
from typing import Any

FAULT_KINDS = ("429", "502", "403", "delay")


@dataclass
class UploadedFile:
    field: str
    filename: str | None
    content_type: str
    data: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "filename": self.filename,
            "content_type": self.content_type,
            "data_b64": base64.b64encode(self.data).decode("ascii"),
            "size": len(self.data),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> UploadedFile:
        data = base64.b64decode(d["data_b64"])
        return cls(d["field"], d.get("filename"), d.get("content_type", ""), data)


@dataclass
class Call:
    """One request the bot made, as the fake answered it (faults and errors included)."""

    seq: int
    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile]
    status: int
    response: Any  # the JSON answer (dict) or the raw text body (502)
    time: float

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def result(self) -> Any:
        return self.response.get("result") if isinstance(self.response, dict) else None

    @property
    def description(self) -> str | None:
        return self.response.get("description") if isinstance(self.response, dict) else None

    @property
    def chat_id(self) -> int | str | None:
        return self.params.get("chat_id")

    @property
    def text(self) -> str | None:
        return self.params.get("text")

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["files"] = {k: f.to_json() for k, f in self.files.items()}
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Call:
        files = {k: UploadedFile.from_json(f) for k, f in d.get("files", {}).items()}
        return cls(d["seq"], d["method"], d["params"], files, d["status"], d["response"], d["time"])


@dataclass
class StoredMessage:
    """A message as the user sees it now (bot messages and injected user messages)."""

    chat_id: int
    message_id: int
    from_bot: bool
    date: int
    text: str | None = None  # plain text after entity parsing (the caption for documents)
    source: str | None = None  # text as sent, before parse_mode parsing
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    document: dict[str, Any] | None = None  # file_name, mime_type, file_size, file_id ...
    document_bytes: bytes | None = None
    edit_count: int = 0

    @property
    def keyboard(self) -> list[list[dict[str, Any]]]:
        """Inline keyboard rows (empty if none)."""
        return list((self.reply_markup or {}).get("inline_keyboard", []))

    @property
    def button_texts(self) -> list[list[str]]:
        rows = self.keyboard or (self.reply_markup or {}).get("keyboard", [])
        return [[b if isinstance(b, str) else b.get("text", "") for b in row] for row in rows]

    @property
    def callback_data(self) -> list[str]:
        return [b["callback_data"] for row in self.keyboard for b in row if "callback_data" in b]

    def button(self, text: str) -> dict[str, Any]:
        """The inline button with this exact text (or the only one containing it)."""
        buttons = [b for row in self.keyboard for b in row]
        exact = [b for b in buttons if b.get("text") == text]
        found = exact or [b for b in buttons if text in b.get("text", "")]
        if len(found) != 1:
            names = [b.get("text") for b in buttons]
            raise LookupError(f"button {text!r} not unique or not found among {names}")
        return found[0]

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        data = d.pop("document_bytes")
        d["document_b64"] = None if data is None else base64.b64encode(data).decode("ascii")
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> StoredMessage:
        d = dict(d)
        b64 = d.pop("document_b64", None)
        d["document_bytes"] = None if b64 is None else base64.b64decode(b64)
        return cls(**d)


@dataclass
class Fault:
    """A programmed failure: applies to ``method`` ("*" = every method except getUpdates).

    ``times=None`` keeps it until cleared. ``kind``: "429" (retry_after), "502" (nginx HTML),
    "403" (``description``, usually for one ``chat_id``), "delay" (``seconds``, then the call is
    processed normally; with ``after=True`` it is processed first and the answer is delayed).
    """

    kind: str
    method: str = "*"
    times: int | None = 1
    chat_id: int | None = None
    retry_after: int = 1
    seconds: float = 0.0
    after: bool = False
    description: str = "Forbidden: bot was blocked by the user"

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {FAULT_KINDS}")

    def matches(self, method: str, chat_id: Any) -> bool:
        if self.method == "*" and method == "getUpdates":
            return False
        if self.method not in ("*", method):
            return False
        return self.chat_id is None or str(self.chat_id) == str(chat_id)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def render_markup(markup: dict[str, Any] | None, indent: str = "    ") -> list[str]:
    """Keyboard lines for a transcript: ``[text]`` inline buttons, ``‹text›`` reply keys."""
    if not markup:
        return []
    if "inline_keyboard" in markup:
        lines = []
        for row in markup["inline_keyboard"]:
            cells = []
            for b in row:
                if "url" in b:
                    cells.append(f"[{b.get('text', '')} ↗ {b['url']}]")
                else:
                    cells.append(f"[{b.get('text', '')}]")
            lines.append(indent + " ".join(cells))
        return lines
    if "keyboard" in markup:
        return [
            indent + " ".join(f"‹{k if isinstance(k, str) else k.get('text', '')}›" for k in row)
            for row in markup["keyboard"]
        ]
    if markup.get("remove_keyboard"):
        return [indent + "(keyboard removed)"]
    if markup.get("force_reply"):
        return [indent + "(force reply)"]
    return []


def render_message(prefix: str, msg: StoredMessage) -> list[str]:
    """``bot: text`` (continuation lines indented) followed by the keyboard."""
    body = msg.text or ""
    if msg.document is not None:
        doc = msg.document
        head = f"[document {doc.get('file_name')} ({doc.get('file_size', 0)} bytes)]"
        body = f"{head} {body}".rstrip()
    lines = body.split("\n") or [""]
    pad = " " * (len(prefix) + 2)
    out = [f"{prefix}: {lines[0]}"] + [pad + line for line in lines[1:]]
    return out + render_markup(msg.reply_markup)
