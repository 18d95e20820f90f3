"""The shapes every channel shares: a message received from a user, and a reply to send."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

# What a non-text message was, for the "I can only read text" answer and for metrics.
MEDIA_KINDS = ("image", "audio", "voice", "video", "document", "sticker", "location", "contacts", "reaction",
               "unknown")


@dataclass(frozen=True)
class IncomingMessage:
    """One user message parsed from a channel's webhook."""

    channel: str                      # "whatsapp" | "telegram"
    sender: str                       # raw address: phone number or Telegram chat id. Never logged.
    external_id: str                  # the provider's id for this delivery, for de-duplication
    text: str                         # the text; a button or list reply's payload ("/ask_rights"); a media's caption or ""
    media: Optional[str] = None       # one of MEDIA_KINDS when the message is not text
    # What the channel needs to answer this message (e.g. a Telegram callback query id to acknowledge).
    reply_context: Dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OutgoingMessage:
    """One reply: a text and, optionally, menu choices as (title, payload) pairs."""

    text: str
    buttons: List[Tuple[str, str]] = field(default_factory=list)
    # The conversation's reply language, for what a channel adds around the text (WhatsApp's list button);
    # None when unknown (an officer's plain text): the default language then.
    language: Optional[str] = None


@dataclass(frozen=True)
class SendResult:
    """What the provider answered to one send request."""

    ok: bool
    provider_message_id: Optional[str] = None   # kept so a later issue can delete the bot's messages
    retry_after: Optional[float] = None         # seconds, when the provider asked to slow down (429)
    permanent: bool = False                     # True when retrying cannot help (4xx other than 429)
    error_code: Optional[str] = None            # e.g. WhatsApp "131047" (24-hour window closed)
