"""The participant Telegram bot (python-telegram-bot 22): see :func:`brs_coord.bot.app.build_application`."""

import os

# Opt in to PTB's coming timedelta values (RetryAfter.retry_after), which also silences its
# deprecation warning on every 429; our code reads both forms (bot.sending.retry_after_seconds).
os.environ.setdefault("PTB_TIMEDELTA", "1")
