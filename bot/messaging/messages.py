"""The shapes of a reply to send through a provider, and of the provider's answer."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OutgoingMessage:
    """One reply: a text and, optionally, menu choices as (title, payload) pairs."""

    text: str
    buttons: list[tuple[str, str]] = field(default_factory=list)
    # The conversation's reply language, for what a channel adds around the text (WhatsApp's list button);
    # None when unknown (an officer's plain text): the default language then.
    language: str | None = None


@dataclass(frozen=True)
class SendResult:
    """What the provider answered to one send request."""

    ok: bool
    provider_message_id: str | None = None   # kept so the bot's messages can be deleted from a chat later
    retry_after: float | None = None         # seconds, when the provider asked to slow down (429)
    permanent: bool = False                     # True when retrying cannot help (4xx other than 429)
    error_code: str | None = None            # e.g. WhatsApp "131047" (24-hour window closed)
