"""What all channels share: splitting long texts at a channel's limit, and the provider channels' base."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from rasa.core.channels.channel import InputChannel

from bot.conversation.messages import IncomingMessage


class MessageSink(Protocol):
    """All a provider's webhook needs of the message path (the server's wiring provides it)."""

    def accept(self, message: IncomingMessage) -> bool:
        """Store a received message durably (before the webhook is acknowledged); False for a repeat.

        Also takes an edit (kept, not answered) and a provider's report that one of our messages was not
        delivered (IncomingMessage.kind); True when there is new work for the worker."""

    def poke(self) -> None:
        """New messages were stored: answer them now rather than at the next tick."""


class ProviderInput(InputChannel):
    """A provider's webhook inside the Rasa server: it stores messages through the sink, the worker answers."""

    def __init__(self, settings: Any, sink: MessageSink) -> None:
        self.settings = settings
        self.sink = sink

    def store(self, messages: Iterable[IncomingMessage]) -> int:
        """Store each message durably; how many were new (a provider's retry is not)."""
        accepted = sum(self.sink.accept(message) for message in messages)
        if accepted:
            self.sink.poke()
        return accepted


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at a paragraph, line, sentence or word end when possible."""
    if limit <= 0:
        raise ValueError("limit must be positive")
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _best_cut(rest[:limit])
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


# Preferred breaks, best first: a paragraph, a line, a sentence, a word.
BREAKS = (("\n\n",), ("\n",), (". ", "? ", "! ", "؟ ", "۔ "), (" ",))


def _best_cut(window: str) -> int:
    for separators in BREAKS:
        cut = max(window.rfind(sep) for sep in separators)
        # A break in the first third would leave a tiny piece: try a weaker kind of break instead.
        if cut > len(window) // 3:
            return cut + 1
    return len(window)
