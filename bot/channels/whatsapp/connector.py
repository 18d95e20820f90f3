"""The WhatsApp webhook inside the Rasa server: verify, parse, store durably, acknowledge; the worker answers."""
from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.base import ProviderInput, read_limited, too_large
from bot.channels.whatsapp.receive import (
    MAX_BODY_BYTES,
    ParsedWebhook,
    parse_webhook,
    signature_is_valid,
    verify_subscription,
)
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

        # Streamed: the body is read here, within this route's limit, not by Sanic up to the app's.
        @whatsapp.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            raw = await read_limited(request, MAX_BODY_BYTES)
            if raw is None:
                logger.warning("whatsapp webhook refused: body larger than %s bytes", MAX_BODY_BYTES)
                return too_large(MAX_BODY_BYTES)
            # In a thread: storing ends with a durable commit, a wait for the disk that must not stall the loop
            # (every conversation's answer runs in it). What it wakes runs in the loop (bot/loops.py).
            status, body = await asyncio.to_thread(self.receive_webhook, raw,
                                                   request.headers.get("X-Hub-Signature-256"))
            return response.json(body, status=status)

        return whatsapp

    def receive_webhook(self, raw: bytes, signature: str | None) -> tuple[int, dict[str, Any]]:
        """One POST: (HTTP status, JSON body). 200 for everything we can read, answered or not, so Meta stops."""
        if not signature_is_valid(raw, signature, self.settings.app_secret):
            logger.warning("whatsapp webhook refused: bad signature")
            return 403, {"error": "invalid_signature"}
        parsed = parse_webhook(raw)
        log_delivery(parsed)
        if parsed.unreadable:
            # Only a body we cannot read at all: Meta retries it, and a fixed sender would be read next time.
            return 400, {"error": "unreadable_webhook", "detail": parsed.errors[:5]}
        # Stored (sealed) before the 200: if this process dies now, the message is still answered.
        accepted = self.store(parsed.messages, parsed.sent_at)
        # A late "outside the 24-hour window" failure of one of ours: the outbox's window handling takes over.
        self.store(parsed.undelivered)
        return 200, {"status": "ok", "accepted": accepted, "statuses": parsed.statuses}


def log_delivery(parsed: ParsedWebhook) -> None:
    """What a delivery held that was not answered, in codes and counts: never a number, an id or a text."""
    if parsed.errors:
        logger.info("whatsapp webhook errors: %s", ",".join(parsed.errors)[:300])
    if parsed.provider_errors:
        # A delivery carrying only errors (Meta could not pass a message on) is acknowledged: a 400 would
        # only make Meta send it again.
        logger.warning("whatsapp webhook provider error codes=%s", ",".join(parsed.provider_errors)[:200])
    if parsed.ignored:
        counts = ",".join(f"{kind}={count}" for kind, count in sorted(Counter(parsed.ignored).items()))
        logger.info("whatsapp events acknowledged without a reply: %s", counts)
    if parsed.undelivered:
        logger.info("whatsapp late window-closed failures: %s", len(parsed.undelivered))
