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

from bot import loops
from bot.channels.base import MessageSink, ProviderInput, error_response, read_limited, stop_reading, too_large
from bot.channels.telegram.receive import MAX_BODY_BYTES, SECRET_HEADER, parse_update, secret_is_valid
from bot.channels.telegram.send import TelegramClient
from bot.settings import TelegramSettings

logger = logging.getLogger(__name__)


class TelegramInput(ProviderInput):
    settings: TelegramSettings

    def __init__(self, settings: TelegramSettings, sink: MessageSink, client: TelegramClient) -> None:
        super().__init__(settings, sink)
        self.client = client  # to answer a tapped button's callback at once
        self.callbacks: set[asyncio.Future] = set()   # answers under way (a task nobody holds may be collected)
        self.loop: asyncio.AbstractEventLoop | None = None   # the server's, where the callbacks' answers run

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram = Blueprint("amane_telegram", __name__)

        # Streamed: the secret header is checked before a byte of the body is read, and the body is read within
        # this route's limit, not by Sanic up to the app's.
        @telegram.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            secret = request.headers.get(SECRET_HEADER)
            if not secret_is_valid(secret, self.settings.secret_token):
                stop_reading(request)
                logger.warning("telegram webhook refused: bad secret")
                return error_response(403, "invalid_secret", "the secret token header does not match")
            raw = await read_limited(request, MAX_BODY_BYTES)
            if raw is None:
                logger.warning("telegram webhook refused: body larger than %s bytes", MAX_BODY_BYTES)
                return too_large(MAX_BODY_BYTES)
            # In a thread: storing ends with a durable commit, a wait for the disk that must not stall the loop
            # (every conversation's answer runs in it). The callback's answer starts in the loop (bot/loops.py).
            self.loop = asyncio.get_running_loop()
            status, body = await asyncio.to_thread(self.receive_update, raw, secret)
            return response.json(body, status=status)

        return telegram

    def _answer_callback(self, callback_query_id: str) -> None:
        task = asyncio.ensure_future(self.client.answer_callback(callback_query_id))
        self.callbacks.add(task)
        task.add_done_callback(self.callbacks.discard)

    def receive_update(self, raw: bytes, secret: str | None) -> tuple[int, dict[str, Any]]:
        """One update: (HTTP status, JSON body). Telegram re-sends any update answered with an error, so
        everything readable gets a 200, answered or not."""
        if not secret_is_valid(secret, self.settings.secret_token):
            logger.warning("telegram webhook refused: bad secret")
            return 403, {"error": "invalid_secret"}
        parsed = parse_update(raw)
        if parsed.callback_query_id:
            # Answered at once so the button stops spinning; the reply itself comes from the worker.
            loops.call_in(self.loop, self._answer_callback, parsed.callback_query_id)
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
        accepted = self.store([message], {message.external_id or "": parsed.sent_at} if parsed.sent_at else None)
        return 200, {"status": "ok", "accepted": accepted}
