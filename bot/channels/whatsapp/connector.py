"""The WhatsApp webhook inside the Rasa server: verify, parse, store durably, acknowledge; the worker answers."""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.base import ProviderInput
from bot.channels.whatsapp.receive import parse_webhook, signature_is_valid, verify_subscription
from bot.settings import WhatsAppSettings

logger = logging.getLogger(__name__)


class WhatsAppInput(ProviderInput):
    settings: WhatsAppSettings

    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        whatsapp = Blueprint("amane_whatsapp", __name__)

        @whatsapp.route("/webhook", methods=["GET"])
        async def subscribe(request: Request) -> HTTPResponse:
            status, body = verify_subscription(request.args.get("hub.mode"), request.args.get("hub.verify_token"),
                                               request.args.get("hub.challenge"), self.settings.verify_token)
            return response.text(body, status=status)

        @whatsapp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            raw = request.body or b""
            if not signature_is_valid(raw, request.headers.get("X-Hub-Signature-256"), self.settings.app_secret):
                logger.warning("whatsapp webhook refused: bad signature")
                return response.json({"error": "invalid_signature"}, status=403)
            parsed = parse_webhook(raw)
            if parsed.errors:
                logger.info("whatsapp webhook errors: %s", ",".join(parsed.errors)[:300])
            if not parsed.messages and not parsed.statuses and parsed.errors:
                return response.json({"error": "unreadable_webhook", "detail": parsed.errors[:5]}, status=400)
            # Stored (sealed) before the 200: if this process dies now, the message is still answered.
            accepted = self.store(parsed.messages)
            return response.json({"status": "ok", "accepted": accepted, "statuses": parsed.statuses})

        return whatsapp
