"""WhatsApp Cloud API webhooks: the subscription handshake, the signature check, and payload -> IncomingMessage.

Pure functions of their inputs: no I/O, no settings, never an exception for bad input.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field
from typing import Any

from bot.conversation.messages import IncomingMessage

CHANNEL = "whatsapp"
SIGNATURE_PREFIX = "sha256="
SIGNATURE_HEX = re.compile(r"^[0-9a-f]{64}$")
# Meta sends a number as the challenge; anything else is echoed back nowhere, so a forged page cannot be reflected.
CHALLENGE_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,256}$")
# Message types whose kind is their own name in MEDIA_KINDS.
MEDIA_TYPES = ("image", "video", "document", "sticker", "location", "contacts", "reaction")


@dataclass
class ParsedWebhook:
    """Everything one webhook delivery contained."""

    messages: list[IncomingMessage] = field(default_factory=list)
    statuses: int = 0                                   # delivery/read receipts: counted, never passed to Rasa
    errors: list[str] = field(default_factory=list)     # short and content-free: safe to log


def verify_subscription(
    mode: str | None, token: str | None, challenge: str | None, verify_token: str
) -> tuple[int, str]:
    """Answer Meta's GET handshake: (200, challenge) for our verify token, (403, reason) otherwise."""
    if mode != "subscribe":
        return 403, "hub.mode must be subscribe"
    # An unset verify token must never match an empty hub.verify_token.
    if not verify_token or token is None or not hmac.compare_digest(token.encode(), verify_token.encode()):
        return 403, "verify token does not match"
    if challenge is None or not CHALLENGE_PATTERN.match(challenge):
        return 403, "hub.challenge missing or invalid"
    return 200, challenge


def signature_is_valid(raw_body: bytes, header: str | None, app_secret: str) -> bool:
    """True when `X-Hub-Signature-256` is the HMAC-SHA256 of the exact raw body under the app secret."""
    # Anyone can compute an HMAC under an empty key, so a missing secret accepts nothing.
    if not app_secret or not header or not header.startswith(SIGNATURE_PREFIX):
        return False
    received = header[len(SIGNATURE_PREFIX):].strip().lower()
    if not SIGNATURE_HEX.match(received):
        return False
    expected = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(received, expected)


def parse_webhook(raw_body: bytes) -> ParsedWebhook:
    """Every user message and the number of status callbacks in one delivery; problems go to `errors`."""
    parsed = ParsedWebhook()
    if not raw_body or not raw_body.strip():
        parsed.errors.append("empty body")
        return parsed
    try:
        payload = json.loads(raw_body)
    except (ValueError, UnicodeDecodeError):
        parsed.errors.append("body is not valid JSON")
        return parsed
    if not isinstance(payload, dict):
        parsed.errors.append("body is not a JSON object")
        return parsed
    if payload.get("object") != "whatsapp_business_account":
        parsed.errors.append("object is not whatsapp_business_account")
        return parsed
    entries = payload.get("entry")
    if not isinstance(entries, list):
        parsed.errors.append("no entry list")
        return parsed
    for e, entry in enumerate(entries):
        changes = entry.get("changes") if isinstance(entry, dict) else None
        if not isinstance(changes, list):
            parsed.errors.append(f"entry[{e}]: no changes list")
            continue
        for c, change in enumerate(changes):
            _parse_change(change, f"entry[{e}].changes[{c}]", parsed)
    return parsed


def _parse_change(change: Any, where: str, parsed: ParsedWebhook) -> None:
    if not isinstance(change, dict) or not isinstance(change.get("value"), dict):
        parsed.errors.append(f"{where}: no value object")
        return
    # Other subscribed fields (account updates, template reviews) carry no user message.
    if change.get("field", "messages") != "messages":
        return
    value: dict[str, Any] = change["value"]
    metadata = value.get("metadata")
    phone_number_id = metadata.get("phone_number_id") if isinstance(metadata, dict) else None
    reply_context: dict[str, Any] = {}
    if isinstance(phone_number_id, str) and phone_number_id:
        reply_context["phone_number_id"] = phone_number_id
    statuses = value.get("statuses")
    if isinstance(statuses, list):
        parsed.statuses += len(statuses)
    errors = value.get("errors")
    for error in errors if isinstance(errors, list) else []:
        # The provider's own error: its code says what happened; its message could quote content.
        code = error.get("code") if isinstance(error, dict) else None
        parsed.errors.append(f"{where}: provider error code={code}")
    messages = value.get("messages")
    if messages is None:
        return
    if not isinstance(messages, list):
        parsed.errors.append(f"{where}: messages is not a list")
        return
    if messages and not reply_context:
        parsed.errors.append(f"{where}: no metadata.phone_number_id")
    for m, message in enumerate(messages):
        incoming = _parse_message(message, f"{where}.messages[{m}]", reply_context, parsed.errors)
        if incoming is not None:
            parsed.messages.append(incoming)


def _parse_message(
    message: Any, where: str, reply_context: dict[str, Any], errors: list[str]
) -> IncomingMessage | None:
    if not isinstance(message, dict):
        errors.append(f"{where}: not an object")
        return None
    sender, external_id = message.get("from"), message.get("id")
    # Without a sender we cannot answer; without an id we cannot de-duplicate Meta's retries.
    if not isinstance(sender, str) or not sender:
        errors.append(f"{where}: no from")
        return None
    if not isinstance(external_id, str) or not external_id:
        errors.append(f"{where}: no id")
        return None
    text, media = _content(message)
    return IncomingMessage(
        channel=CHANNEL, sender=sender, external_id=external_id, text=text, media=media,
        reply_context=dict(reply_context),
    )


def _content(message: dict[str, Any]) -> tuple[str, str | None]:
    """(text, media kind) of one message: a text, a payload the bot sent, or a kind of media and its caption."""
    kind = message.get("type")
    body = message.get(kind) if isinstance(kind, str) else None
    body = body if isinstance(body, dict) else {}
    if kind == "text":
        text = body.get("body")
        return (text, None) if isinstance(text, str) and text else ("", "unknown")
    if kind == "interactive":
        reply_type = body.get("type")
        reply = body.get(reply_type) if reply_type in ("button_reply", "list_reply") else None
        reply_id = reply.get("id") if isinstance(reply, dict) else None
        return (reply_id, None) if isinstance(reply_id, str) and reply_id else ("", "unknown")
    if kind == "button":
        # A template's quick reply: the payload we defined, else the button's visible text.
        payload = body.get("payload") or body.get("text")
        return (payload, None) if isinstance(payload, str) and payload else ("", "unknown")
    if kind == "audio":
        return "", "voice" if body.get("voice") is True else "audio"
    if kind in MEDIA_TYPES:
        # A caption may be the point of the message ("my papers, he keeps them"): it is read as text.
        caption = body.get("caption")
        return (caption.strip() if isinstance(caption, str) else ""), kind
    return "", "unknown"
