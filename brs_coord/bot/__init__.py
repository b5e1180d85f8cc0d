"""The participant Telegram bot (python-telegram-bot 22): see :func:`brs_coord.bot.app.build_application`."""
