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

from bot.channels.whatsapp.send import WINDOW_CLOSED, is_phone_number
from bot.conversation.messages import IncomingMessage
from bot.messaging.taps import MAX_WORDS, TAPPED_MESSAGE, TAPPED_WORDS

CHANNEL = "whatsapp"
REPLY_TYPES = ("button_reply", "list_reply")   # an interactive message's tap on our reply buttons or list
# The largest body the webhook reads (bot/channels/base.py: read_limited). Meta documents webhook payloads of up to
# 3 MB (a delivery may batch many messages and statuses); a 413 for a real delivery would be retried for 7 days and
# then lost, so the limit is Meta's own, not a guess below it. Everything larger is refused unread.
MAX_BODY_BYTES = 3 * 1024 * 1024
SIGNATURE_PREFIX = "sha256="
SIGNATURE_HEX = re.compile(r"^[0-9a-f]{64}$")
# Meta sends a number as the challenge; anything else is echoed back nowhere, so a forged page cannot be reflected.
CHALLENGE_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,256}$")
# Message types whose kind is their own name in MEDIA_KINDS.
MEDIA_TYPES = ("image", "video", "document", "sticker", "location", "contacts")
# Events that are not something the user wrote: acknowledged, neither answered nor stored. A reaction or its
# removal, a message deleted for everyone, a change of number or of security code.
NOT_MESSAGES = ("reaction", "revoke", "system")


@dataclass
class ParsedWebhook:
    """Everything one webhook delivery contained."""

    # The user's messages and edits, to store before the 200.
    messages: list[IncomingMessage] = field(default_factory=list)
    statuses: int = 0                                   # delivery/read receipts: counted, never passed to Rasa
    # Our messages that the provider reports, late, as undelivered outside the 24-hour window (kind "undelivered").
    undelivered: list[IncomingMessage] = field(default_factory=list)
    # What was acknowledged without a reply, by kind ("group", "reaction", "revoke", "system", "edit"): counts only.
    ignored: list[str] = field(default_factory=list)
    provider_errors: list[str] = field(default_factory=list)   # the provider's own error codes (value level)
    errors: list[str] = field(default_factory=list)     # what we could not read; short and content-free: safe to log
    # When each message was sent (Unix seconds, Meta's `timestamp`), by its external id, for the replay window.
    sent_at: dict[str, int] = field(default_factory=dict)

    @property
    def unreadable(self) -> bool:
        """Nothing in this delivery could be used, and something in it could not be read: worth a 400."""
        used = self.messages or self.statuses or self.undelivered or self.ignored or self.provider_errors
        return bool(self.errors) and not used


def verify_subscription(
    mode: str | None, token: str | None, challenge: str | None, verify_token: str
) -> tuple[int, str]:
    """Answer Meta's GET handshake: (200, challenge) for our verify token, (403, reason) otherwise."""
    if mode != "subscribe":
        return 403, "hub.mode must be subscribe"
    # An unset verify token must never match an empty hub.verify_token.
    # "surrogatepass": a query string's bytes that are not UTF-8 arrive as lone surrogates, which encode() refuses.
    if not verify_token or token is None or not hmac.compare_digest(token.encode("utf-8", "surrogatepass"),
                                                                    verify_token.encode("utf-8", "surrogatepass")):
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
    # A body nested thousands deep exhausts the parser's recursion: unreadable, like any other broken JSON.
    except (ValueError, UnicodeDecodeError, RecursionError):
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
        parsed.undelivered += [report for status in statuses if (report := _window_closed(status)) is not None]
    # The provider's own errors: their codes say what happened; their messages could quote content.
    parsed.provider_errors += _error_codes(value.get("errors"))
    messages = value.get("messages")
    if messages is None:
        return
    if not isinstance(messages, list):
        parsed.errors.append(f"{where}: messages is not a list")
        return
    if messages and not reply_context:
        parsed.errors.append(f"{where}: no metadata.phone_number_id")
    contacts: list[Any] = value["contacts"] if isinstance(value.get("contacts"), list) else []
    for m, message in enumerate(messages):
        incoming = _parse_message(message, f"{where}.messages[{m}]", reply_context, contacts, parsed)
        if incoming is not None:
            parsed.messages.append(incoming)


def _parse_message(
    message: Any, where: str, reply_context: dict[str, Any], contacts: list[Any], parsed: ParsedWebhook
) -> IncomingMessage | None:
    if not isinstance(message, dict):
        parsed.errors.append(f"{where}: not an object")
        return None
    if message.get("group_id"):
        # Only one-to-one chats are conversations: an answer would go to the member, in front of nobody who asked.
        parsed.ignored.append("group")
        return None
    kind = message.get("type")
    if kind in NOT_MESSAGES:
        parsed.ignored.append(str(kind))
        return None
    sender, external_id = _sender(message, contacts), message.get("id")
    # Without a sender we cannot answer; without an id we cannot de-duplicate Meta's retries.
    if sender is None:
        parsed.errors.append(f"{where}: no from")
        return None
    if not isinstance(external_id, str) or not external_id:
        parsed.errors.append(f"{where}: no id")
        return None
    sent_at = _timestamp(message.get("timestamp"))
    if sent_at is not None:
        parsed.sent_at[external_id] = sent_at
    if kind == "edit":
        return _edit(message, sender, external_id, reply_context, parsed)
    text, media = _content(message)
    return IncomingMessage(
        channel=CHANNEL, sender=sender, external_id=external_id, text=text, media=media,
        reply_context={**reply_context, **_tapped_buttons(message)}, chat_message_id=external_id,
    )


def _tapped_buttons(message: dict[str, Any]) -> dict[str, Any]:
    """For a tap on one of our buttons or list rows: which of our messages held it, and its words. A tap on
    buttons the person has answered already, or written past, is read as those words (bot/messaging/taps.py)."""
    body = message.get("interactive") if message.get("type") == "interactive" else None
    reply = body.get(body.get("type")) if isinstance(body, dict) and body.get("type") in REPLY_TYPES else None
    context = message.get("context")
    held_by = context.get("id") if isinstance(context, dict) else None
    words = reply.get("title") if isinstance(reply, dict) else None
    if not isinstance(held_by, str) or not held_by or not isinstance(words, str) or not words.strip():
        return {}
    return {TAPPED_MESSAGE: held_by, TAPPED_WORDS: words[:MAX_WORDS]}


def _sender(message: dict[str, Any], contacts: list[Any]) -> str | None:
    """Who wrote: the phone number when Meta gives it, else the business-scoped user id (a username user).

    The number first: it is what conversations were keyed by before BSUIDs, and Meta keeps sending it for a
    user the business exchanged messages with in the last 30 days (a conversation's whole life here), so one
    conversation keeps one sender. A BSUID is as stable (it changes only with the number)."""
    sender, user_id = message.get("from"), message.get("from_user_id")
    if isinstance(sender, str) and is_phone_number(sender):
        return sender
    if isinstance(user_id, str) and user_id:
        return user_id
    if isinstance(sender, str) and sender:
        return sender   # a BSUID in `from`
    # `from` and `from_user_id` both absent: the delivery's only contact, when there is exactly one.
    if len(contacts) == 1 and isinstance(contacts[0], dict):
        for key in ("wa_id", "user_id"):
            value = contacts[0].get(key)
            if isinstance(value, str) and value:
                return value
    return None


def _edit(message: dict[str, Any], sender: str, external_id: str, reply_context: dict[str, Any],
          parsed: ParsedWebhook) -> IncomingMessage | None:
    """The user changed an earlier message: its new text (or caption) is kept for the officers, not answered."""
    edit: dict[str, Any] = message["edit"] if isinstance(message.get("edit"), dict) else {}
    original, inner = edit.get("original_message_id"), edit.get("message")
    text, _ = _content(inner) if isinstance(inner, dict) else ("", "unknown")
    if not isinstance(original, str) or not original or not text:
        parsed.ignored.append("edit")   # nothing written to keep
        return None
    return IncomingMessage(channel=CHANNEL, sender=sender, external_id=external_id, text=text,
                           reply_context=dict(reply_context), kind="edit", refers_to=original)


def _window_closed(status: Any) -> IncomingMessage | None:
    """A failed status for one of our messages because the 24-hour window had closed (code 131047)."""
    if not isinstance(status, dict) or status.get("status") != "failed":
        return None
    message_id = status.get("id")
    if not isinstance(message_id, str) or not message_id or WINDOW_CLOSED not in _error_codes(status.get("errors")):
        return None
    # No sender: the row of our message (found by its id) knows the conversation.
    return IncomingMessage(channel=CHANNEL, sender="", text="", external_id=f"status:{message_id}",
                           kind="undelivered", refers_to=message_id)


def _timestamp(value: Any) -> int | None:
    """Meta's `timestamp`: Unix seconds as a string of digits (an integer is taken too); None when unreadable."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 12:
        return int(value)
    return None


def _error_codes(errors: Any) -> list[str]:
    codes = [error.get("code") for error in (errors if isinstance(errors, list) else []) if isinstance(error, dict)]
    return [str(code) for code in codes if isinstance(code, (int, str)) and not isinstance(code, bool)]


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
        reply = body.get(reply_type) if reply_type in REPLY_TYPES else None
        reply_id = reply.get("id") if isinstance(reply, dict) else None
        return (reply_id, None) if isinstance(reply_id, str) and reply_id else ("", "unknown")
    if kind == "button":
        # A template's quick reply: the payload we defined, else the button's visible text.
        payload = body.get("payload") or body.get("text")
        return (payload, None) if isinstance(payload, str) and payload else ("", "unknown")
    if kind == "audio":
        return "", "voice" if body.get("voice") is True else "audio"
    if kind == "voice":   # the older on-premises API's voice note
        return "", "voice"
    if kind in MEDIA_TYPES:
        # A caption may be the point of the message ("my papers, he keeps them"): it is read as text.
        caption = body.get("caption")
        return (caption.strip() if isinstance(caption, str) else ""), kind
    return "", "unknown"
