"""Keyed hashes by which a row is found again from a provider's later word, without storing the provider's id.

A WhatsApp message id encodes the user's number, so neither the ids of the user's messages nor of ours are kept
readable: an edit names the message it changes, a status webhook names our message, and each is matched here.
"""
from __future__ import annotations

from bot.conversation.privacy import fingerprint_message_id


def chat_message_ref(channel: str, sender: str, chat_message_id: str, key: bytes) -> str:
    """A user's message in one chat (Telegram's message ids count per chat, hence the sender)."""
    return fingerprint_message_id(channel, f"chat:{sender}:{chat_message_id}", key)


def provider_ref(channel: str, provider_message_id: str, key: bytes) -> str:
    """One of our sent messages, by the id the provider gave it."""
    return fingerprint_message_id(channel, f"sent:{provider_message_id}", key)
