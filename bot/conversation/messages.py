"""The one shape of a message received from a user, whatever its channel (web chat, WhatsApp, Telegram)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# What a non-text message was, for the "I can only read text" answer and for metrics.
MEDIA_KINDS = ("image", "audio", "voice", "video", "document", "sticker", "location", "contacts", "unknown")
# What a delivery is: a message to answer; the user's change to an earlier message (its new text is kept for the
# officers, sealed, and not answered); or the provider's late word that one of our messages was not delivered
# because WhatsApp's 24-hour window had closed (`refers_to` is that message's provider id).
KINDS = ("message", "edit", "undelivered")
# Languages a client (Telegram's `from.language_code`) may suggest before any text tells one.
CLIENT_LANGUAGES = ("fr", "en", "ar")

# Links, e-mail addresses and @handles say nothing about the language a person reads.
_NOT_LANGUAGE = re.compile(
    r"(?:https?://|www\.)\S+"                                   # links
    r"|\S+@\S+\.\S+|(?<!\w)@\w+"                                # e-mail addresses, @handles
    r"|\b[\w-]+(?:\.[\w-]+)+/\S*"                                # example.org/path
    r"|\b[\w-]+\.(?:com|org|net|info|io|me|ma|fr|co|app)\b",      # a bare domain
    re.IGNORECASE,
)
# One token this long (a file name, a code, words run together) is no sentence: it cannot tell a language.
LONG_TOKEN_CHARS = 20


@dataclass(frozen=True)
class IncomingMessage:
    """One user message, parsed from a channel's webhook or the web chat's request."""

    channel: str                      # "webchat" | "whatsapp" | "telegram"
    # Raw address: phone number or WhatsApp business-scoped user id, Telegram chat id, web chat id. Never logged.
    sender: str
    # The text; a button or list reply's payload ("/ask_rights"); a media's caption; or "".
    text: str
    external_id: str | None = None  # the channel's id for this delivery, for de-duplication
    media: str | None = None       # one of MEDIA_KINDS when the message is not text
    # What the channel needs to answer this message (e.g. a Telegram callback query id to acknowledge).
    reply_context: dict[str, Any] = field(default_factory=dict)
    kind: str = "message"            # one of KINDS
    # The message's own id in the chat (a WhatsApp message id, a Telegram message_id): to link an edit to it and,
    # where the provider allows, to delete it from the user's chat at the exit word. Sealed at rest.
    chat_message_id: str | None = None
    # For an edit, the chat message id of the message it changes; for "undelivered", our message's provider id.
    refers_to: str | None = None
    # The language of the user's app (one of CLIENT_LANGUAGES) when the channel tells it: a hint for the
    # first reply, until a text tells the language.
    client_language: str | None = None


def client_language(code: Any) -> str | None:
    """A client's IETF language tag ("fr", "en-GB", "ar") as one of CLIENT_LANGUAGES, or None."""
    if not isinstance(code, str):
        return None
    primary = code.strip().lower().replace("_", "-").split("-", 1)[0]
    return primary if primary in CLIENT_LANGUAGES else None


def language_evidence(text: str) -> str:
    """The part of a text that can tell its language: without links, addresses and handles; "" when what is left
    is a single long token. A caption "www.example.com" or "80skaraokesonglist" must not set the conversation's
    language (the pipeline detects the language on this, and gives Rasa the whole text)."""
    if text.startswith("/"):
        return text  # a command or a button's payload: the pipeline knows what to make of it
    rest = _NOT_LANGUAGE.sub(" ", text).strip()
    if len(rest.split()) == 1 and len(rest) >= LONG_TOKEN_CHARS:
        return ""
    return rest
