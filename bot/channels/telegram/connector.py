"""The Telegram webhook inside the Rasa server: check the secret, parse, store durably, acknowledge."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.base import MessageSink, ProviderInput
from bot.channels.telegram.receive import SECRET_HEADER, parse_update, secret_is_valid
from bot.channels.telegram.send import TelegramClient
from bot.settings import TelegramSettings

logger = logging.getLogger(__name__)


class TelegramInput(ProviderInput):
    settings: TelegramSettings

    def __init__(self, settings: TelegramSettings, sink: MessageSink, client: TelegramClient) -> None:
        super().__init__(settings, sink)
        self.client = client  # to answer a tapped button's callback at once

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram = Blueprint("amane_telegram", __name__)

        @telegram.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not secret_is_valid(request.headers.get(SECRET_HEADER), self.settings.secret_token):
                logger.warning("telegram webhook refused: bad secret")
                return response.json({"error": "invalid_secret"}, status=403)
            parsed = parse_update(request.body or b"")
            if parsed.callback_query_id:
                # Answered at once so the button stops spinning; the reply itself comes from the worker.
                asyncio.ensure_future(self.client.answer_callback(parsed.callback_query_id))
            if parsed.message is None:
                logger.info("telegram update without a message: %s", parsed.error)
                # Telegram re-sends any update answered with an error: only bodies that cannot be JSON get a 400.
                status = 400 if parsed.error in ("invalid_json", "empty_body", "body_too_large") else 200
                return response.json({"status": "ignored", "reason": parsed.error}, status=status)
            message = parsed.message
            if message.text == "/start":
                # Telegram's first message of every chat (deep-link payload or not): a greeting.
                message = replace(message, text="/greet")
            # Stored (sealed) before the 200: if this process dies now, the message is still answered.
            accepted = self.store([message])
            return response.json({"status": "ok", "accepted": accepted})

        return telegram
