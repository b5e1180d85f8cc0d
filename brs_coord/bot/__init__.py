"""The participant Telegram bot (python-telegram-bot)."""
