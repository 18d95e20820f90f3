"""The Telegram channel: webhook updates in (receive), Bot API requests out (send), via python-telegram-bot."""
from bot.channels.telegram.receive import CHANNEL, SECRET_HEADER, ParsedUpdate, parse_update, secret_is_valid
from bot.channels.telegram.send import (
                                           ALLOWED_UPDATES,
                                           TelegramClient,
                                           build_requests,
                                           classify_error,
                                           withhold_provider_logs,
)

__all__ = [
    "ALLOWED_UPDATES",
    "CHANNEL",
    "SECRET_HEADER",
    "ParsedUpdate",
    "TelegramClient",
    "build_requests",
    "classify_error",
    "parse_update",
    "secret_is_valid",
    "withhold_provider_logs",
]
