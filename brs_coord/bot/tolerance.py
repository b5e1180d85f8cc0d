"""Expected faults stay small: an unreadable update is skipped (not retried for ever), and network
failures the bot recovers from are one log line, not a traceback."""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram import Update
from telegram.error import NetworkError, RetryAfter, TelegramError
from telegram.request import HTTPXRequest

log = logging.getLogger("brs_coord.bot")


class TolerantUpdatesRequest(HTTPXRequest):
    """``getUpdates`` whose unreadable updates are replaced by empty ones.

    python-telegram-bot refuses a whole batch when one update does not parse, and asks for the same
    batch again: one bad update would leave the bot deaf for ever. An empty update keeps its
    ``update_id``, so the offset moves on, and no handler matches it.
    """

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        """The answer as JSON, its unreadable updates emptied (PTB's documented override point)."""
        answer = HTTPXRequest.parse_json_payload(payload)
        result = answer.get("result")
        if isinstance(result, list):
            answer["result"] = [_readable(update) for update in result]
        return answer


def _readable(update: Any) -> Any:
    try:
        Update.de_json(json.loads(json.dumps(update)), None)
    except Exception as exc:  # any parse failure: the library raises TypeError, KeyError, ValueError...
        update_id = update.get("update_id") if isinstance(update, dict) else None
        log.warning("skipped unreadable update %s (%s)", update_id, type(exc).__name__)
        return {"update_id": update_id} if isinstance(update_id, int) else update
    return update


def polling_error(error: TelegramError) -> None:
    """The updater retries by itself: one line per failed poll, no traceback."""
    log.warning("polling failed (%s: %s); retrying", type(error).__name__, error)


class ExpectedFaultsInOneLine(logging.Filter):
    """Network faults the bot retries (502 pages, time-outs, refused connections) and 429s the
    rate limiter passes on (the sender pauses and retries) without tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if record.name.startswith("telegram") and isinstance(
            error, NetworkError | RetryAfter | json.JSONDecodeError | ConnectionError | TimeoutError
        ):
            first_line = record.getMessage().splitlines()[0][:200]
            record.msg, record.args = f"{first_line} ({type(error).__name__})", None
            record.exc_info, record.exc_text = None, None
            if record.levelno > logging.WARNING:
                record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
