"""Secrets kept out of log lines: the bot token, and the personal feed tokens in `/u/<token>.ics`.

A personal feed token is the bearer secret behind a participant's calendar link (and join links):
whoever reads it in a log can read that person's registrations. Both the server's access log and
the bot's DEBUG lines (which print the messages sent, links included) pass through this filter.
"""

from __future__ import annotations

import logging
import re

PERSONAL_PATH = re.compile(r"(/u/)[A-Za-z0-9_%-]+")  # what follows (".ics", a query) is kept
REDACTED = "<redacted>"


def redact(text: str, token: str = "") -> str:
    """``text`` without the bot ``token`` (nor its secret half) and with personal feed tokens hidden."""
    if token:
        text = text.replace(token, "<token>")
        secret = token.partition(":")[2]
        if len(secret) >= 8:
            text = text.replace(secret, "<token>")
    return PERSONAL_PATH.sub(rf"\1{REDACTED}", text)


class RedactSecrets(logging.Filter):
    """A log filter (on handlers, so that every logger's records pass) applying :func:`redact`,
    to the message and to a traceback's text alike."""

    def __init__(self, token: str = "") -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message, self.token)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:  # the formatter prints exc_text as it is when set
            record.exc_text = redact(record.exc_text, self.token)
        return True
