"""`python -m bot set-telegram-webhook`: tells Telegram where to deliver updates, with our secret token."""
from __future__ import annotations

import asyncio
import sys

from telegram.error import TelegramError

from bot.channels.telegram.send import TelegramClient
from bot.settings import Settings

WEBHOOK_PATH = "/webhooks/telegram/webhook"


def webhook_url(public_url: str) -> str:
    return public_url.rstrip("/") + WEBHOOK_PATH


def register_webhook(settings: Settings) -> int:
    telegram = settings.telegram
    if not telegram.enabled:
        print("set AMANE_TELEGRAM_BOT_TOKEN and AMANE_TELEGRAM_SECRET_TOKEN first", file=sys.stderr)
        return 2
    if not settings.public_url.startswith("https://"):
        print("set AMANE_PUBLIC_URL to this server's public https address first", file=sys.stderr)
        return 2

    async def register() -> bool:
        async with TelegramClient(telegram.bot_token, telegram.api_base) as client:
            return await client.set_webhook(webhook_url(settings.public_url), telegram.secret_token)

    try:
        ok = asyncio.run(register())
    except TelegramError as error:
        # The error's class and Telegram's own description; it never contains the token.
        print(f"Telegram refused the webhook: {type(error).__name__}: {error.message}", file=sys.stderr)
        return 1
    print("webhook registered" if ok else "Telegram did not confirm the webhook")
    return 0 if ok else 1
