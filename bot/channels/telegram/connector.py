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
        self.callbacks: set[asyncio.Future] = set()   # answers under way (a task nobody holds may be collected)

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram = Blueprint("amane_telegram", __name__)

        @telegram.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            status, body = self.receive_update(request.body or b"", request.headers.get(SECRET_HEADER))
            return response.json(body, status=status)

        return telegram

    def receive_update(self, raw: bytes, secret: str | None) -> tuple[int, dict[str, Any]]:
        """One update: (HTTP status, JSON body). Telegram re-sends any update answered with an error, so
        everything readable gets a 200, answered or not."""
        if not secret_is_valid(secret, self.settings.secret_token):
            logger.warning("telegram webhook refused: bad secret")
            return 403, {"error": "invalid_secret"}
        parsed = parse_update(raw)
        if parsed.callback_query_id:
            # Answered at once so the button stops spinning; the reply itself comes from the worker.
            task = asyncio.ensure_future(self.client.answer_callback(parsed.callback_query_id))
            self.callbacks.add(task)
            task.add_done_callback(self.callbacks.discard)
        if parsed.message is None:
            # Only private chats are conversations: a group's messages are acknowledged and forgotten.
            logger.info("telegram update not answered: %s%s", parsed.error,
                        f" chat={parsed.chat_type}" if parsed.chat_type else "")
            # Only bodies that cannot be JSON get a 400.
            status = 400 if parsed.error in ("invalid_json", "empty_body", "body_too_large") else 200
            return status, {"status": "ignored", "reason": parsed.error}
        message = parsed.message
        if message.kind == "message" and message.text == "/start":
            # Telegram's first message of every chat (deep-link payload or not): a greeting.
            message = replace(message, text="/greet")
        # Stored (sealed) before the 200: if this process dies now, the message is still answered.
        accepted = self.store([message])
        return 200, {"status": "ok", "accepted": accepted}
