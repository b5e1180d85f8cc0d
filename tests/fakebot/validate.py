"""Telegram's rules for request parameters, with the real Bot API error descriptions."""

from __future__ import annotations

import json
import re
from typing import Any

from .entities import EntityParseError, parse_html

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_INLINE_RESULTS = 50

# Fields that arrive as JSON strings inside a form, and fields that are numbers.
JSON_FIELDS = frozenset(
    "reply_markup commands results entities caption_entities scope link_preview_options "
    "reply_parameters allowed_updates button media".split()
)
INT_FIELDS = frozenset(
    "chat_id message_id user_id offset limit cache_time message_thread_id "
    "reply_to_message_id".split()
)
FLOAT_FIELDS = frozenset({"timeout"})
BUTTON_ACTIONS = (
    "url callback_data web_app login_url switch_inline_query switch_inline_query_current_chat "
    "switch_inline_query_chosen_chat copy_text callback_game pay"
).split()
CHAT_ACTIONS = frozenset(
    "typing upload_photo record_video upload_video record_voice upload_voice upload_document "
    "choose_sticker find_location record_video_note upload_video_note".split()
)
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_TRUE = ("true", "1", "True")


class ApiError(Exception):
    """An error answer: HTTP ``status`` and ``{"ok": false, ...}`` body."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(text: str) -> ApiError:
    return ApiError(400, f"Bad Request: {text}")


def normalize_params(raw: dict[str, Any]) -> dict[str, Any]:
    """Decode JSON-in-form fields and numeric fields; leave everything else as sent."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str) and key in JSON_FIELDS and value[:1] in ("{", "["):
            try:
                value = json.loads(value)
            except ValueError as exc:
                raise bad_request(f"can't parse {key} JSON object") from exc
        elif isinstance(value, str) and key in INT_FIELDS and re.fullmatch(r"-?\d+", value):
            value = int(value)
        elif isinstance(value, str) and key in FLOAT_FIELDS:
            try:
                value = float(value)
            except ValueError:
                pass
        out[key] = value
    return out


def flag(params: dict[str, Any], key: str) -> bool:
    value = params.get(key, False)
    return value is True or (isinstance(value, str) and value in _TRUE)


def parse_text(
    text: Any,
    parse_mode: Any,
    entities: Any = None,
    *,
    caption: bool = False,
    strict_ampersand: bool = True,
) -> tuple[str, list[dict[str, Any]]]:
    """Apply parse_mode and Telegram's length rules; return ``(plain_text, entities)``."""
    text = "" if text is None else str(text)
    plain, found = text, list(entities) if isinstance(entities, list) else []
    mode = (parse_mode or "").lower()
    if mode == "html":
        try:
            plain, found = parse_html(text, strict_ampersand=strict_ampersand)
        except EntityParseError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
    elif mode not in ("", "markdown", "markdownv2"):
        raise bad_request("unsupported parse_mode")
    if caption:
        if len(plain) > MAX_CAPTION:
            raise bad_request("message caption is too long")
    else:
        if not plain.strip():
            raise bad_request("message text is empty")
        if len(plain) > MAX_TEXT:
            raise bad_request("message is too long")
    return plain, found


def check_reply_markup(markup: Any) -> dict[str, Any] | None:
    """Validate a reply_markup (already JSON-decoded); return it or None."""
    if markup in (None, ""):
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
            )
        for row in rows:
            for button in row:
                _check_inline_button(button)
    elif "keyboard" in markup:
        if not isinstance(markup["keyboard"], list):
            raise bad_request(
                'field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays'
            )
    elif not (markup.get("remove_keyboard") or markup.get("force_reply")):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Text must be a String")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA:
            raise bad_request("BUTTON_DATA_INVALID")
    if not any(key in button for key in BUTTON_ACTIONS):
        raise bad_request("text buttons are unallowed in the inline keyboard")
    if "url" in button and not re.match(r"^(https?|tg|ton)://\S+$", str(button["url"])):
        raise bad_request(f"inline keyboard button URL '{button['url']}' is invalid: Wrong URL")


def check_commands(commands: Any) -> list[dict[str, Any]]:
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND_RE.match(str(command.get("command"))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    return commands


def check_inline_results(results: Any) -> list[dict[str, Any]]:
    if not isinstance(results, list):
        raise bad_request("can't parse inline query results JSON object")
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    ids = [str(r.get("id", "")) for r in results if isinstance(r, dict)]
    if len(ids) != len(results) or any(not 1 <= len(i.encode()) <= 64 for i in ids):
        raise bad_request("RESULT_ID_INVALID")
    if len(set(ids)) != len(ids):
        raise bad_request("RESULT_ID_DUPLICATE")
    return results


def scope_key(scope: Any) -> str:
    """A stable key for a BotCommandScope (``default`` when absent)."""
    if not scope:
        return "default"
    if not isinstance(scope, dict):
        raise bad_request("can't parse BotCommandScope JSON object")
    rest = ",".join(f"{k}={scope[k]}" for k in sorted(scope) if k != "type")
    return scope.get("type", "default") + (f"({rest})" if rest else "")
