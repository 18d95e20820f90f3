"""The one shape of a message received from a user, whatever its channel (web chat, WhatsApp, Telegram)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# What a non-text message was, for the "I can only read text" answer and for metrics.
MEDIA_KINDS = ("image", "audio", "voice", "video", "document", "sticker", "location", "contacts", "reaction",
               "unknown")


@dataclass(frozen=True)
class IncomingMessage:
    """One user message, parsed from a channel's webhook or the web chat's request."""

    channel: str                      # "webchat" | "whatsapp" | "telegram"
    sender: str                       # raw address: phone number, Telegram chat id, web chat id. Never logged.
    # The text; a button or list reply's payload ("/ask_rights"); a media's caption; or "".
    text: str
    external_id: str | None = None  # the channel's id for this delivery, for de-duplication
    media: str | None = None       # one of MEDIA_KINDS when the message is not text
    # What the channel needs to answer this message (e.g. a Telegram callback query id to acknowledge).
    reply_context: dict[str, Any] = field(default_factory=dict)
