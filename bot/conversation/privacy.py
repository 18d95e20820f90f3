"""Pseudonymisation of senders: a keyed hash, so raw phone numbers and Telegram ids never reach Rasa or the database."""
from __future__ import annotations

import hashlib
import hmac


def pseudonymise_sender(channel: str, raw_sender: str, key: bytes) -> str:
    """Stable, non-reversible id for one sender on one channel.

    The channel is part of the hashed text so the same number on WhatsApp and a web chat id
    that happens to be equal never merge into one conversation.
    """
    digest = hmac.new(key, f"{channel}:{raw_sender}".encode(), hashlib.sha256).hexdigest()
    return f"{channel[:2]}_{digest[:40]}"


def fingerprint_message_id(channel: str, external_id: str, key: bytes) -> str:
    """What we keep of a provider's message id, for de-duplication only.

    A WhatsApp message id encodes the sender's phone number, so it is never stored as it came.
    """
    return hmac.new(key, f"message:{channel}:{external_id}".encode(), hashlib.sha256).hexdigest()[:48]
