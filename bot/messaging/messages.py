"""The shapes of a reply to send through a provider, and of the provider's answer."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple


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
    provider_message_id: Optional[str] = None   # kept so the bot's messages can be deleted from a chat later
    retry_after: Optional[float] = None         # seconds, when the provider asked to slow down (429)
    permanent: bool = False                     # True when retrying cannot help (4xx other than 429)
    error_code: Optional[str] = None            # e.g. WhatsApp "131047" (24-hour window closed)
