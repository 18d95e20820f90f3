"""What all channels share: splitting long texts at a channel's limit, and the provider channels' base (reading a
webhook's body within a limit, refusing replays, storing what is new)."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from typing import Any, Protocol

from rasa.core.channels.channel import InputChannel
from sanic import response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.conversation.messages import IncomingMessage
from bot.conversation.replay import seen_before, too_old
from bot.settings import get_settings
from bot.store import session_scope

logger = logging.getLogger(__name__)


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
        # Seconds since the epoch: the replay window's "now" (tests move it).
        self.clock: Callable[[], float] = time.time

    def store(self, messages: Iterable[IncomingMessage], sent_at: Mapping[str, int] | None = None) -> int:
        """Store each message durably; how many were new (a provider's retry, or a replay, is not).

        `sent_at`: when the provider says each message was sent (by external id). A message older than its
        channel's window is a replay (or a delivery the provider itself would no longer make): acknowledged, never
        stored nor answered. So is one whose conversation was erased since (its content-free fingerprint stays)."""
        fresh = self.refuse_replays(list(messages), sent_at or {})
        accepted = sum(self.sink.accept(message) for message in fresh)
        if accepted:
            self.sink.poke()
        return accepted

    def refuse_replays(self, messages: list[IncomingMessage], sent_at: Mapping[str, int]) -> list[IncomingMessage]:
        now = datetime.fromtimestamp(self.clock(), timezone.utc)
        recent = [m for m in messages if not too_old(m.channel, sent_at.get(m.external_id or ""), now)]
        fresh = self._not_erased(recent)
        if len(fresh) < len(messages):
            # Counts and the channel only: which message, or whose, is nobody's business in a log.
            logger.warning("%s deliveries refused as replays: too_old=%s erased=%s", messages[0].channel,
                           len(messages) - len(recent), len(recent) - len(fresh))
        return fresh

    def _not_erased(self, messages: list[IncomingMessage]) -> list[IncomingMessage]:
        """Without the messages whose provider id was fingerprinted when their conversation was erased."""
        if not messages:
            return []
        settings = get_settings()   # the server's (cached): its database and pseudonym key
        with session_scope(settings.database_url) as session:
            return [m for m in messages if not m.external_id
                    or not seen_before(session, m.channel, m.external_id, settings.pseudonym_key)]


def error_response(status: int, code: str, detail: str) -> HTTPResponse:
    """Every refusal of a webhook: a JSON body that says what was wrong, never what was sent."""
    return response.json({"error": code, "detail": detail}, status=status)


def too_large(limit: int) -> HTTPResponse:
    return error_response(413, "body_too_large", f"webhook bodies are limited to {limit} bytes")


async def read_limited(request: Request, limit: int) -> bytes | None:
    """The body of a `stream=True` route, or None when it is larger than `limit` (answer 413).

    A declared Content-Length above the limit is refused before a byte of the body is read; a chunked body is
    read up to the limit and no further. Either way Sanic is told not to drain the rest: the connection closes
    after the answer."""
    stream = request.stream
    declared = request.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        stop_reading(request)
        return None
    if stream is None:
        return request.body or b""
    # Sanic lifts the app's REQUEST_MAX_SIZE for streamed routes: this route's own limit takes its place.
    stream.request_max_size = limit
    body = bytearray()
    try:
        while (chunk := await stream.read()) is not None:
            body += chunk
            if len(body) > limit:
                stop_reading(request)
                return None
    except PayloadTooLarge:
        stop_reading(request)
        return None
    return bytes(body)


def stop_reading(request: Request) -> None:
    """After the answer, close the connection rather than read (and discard) what is left of the body."""
    if request.stream is not None:
        request.stream.request_max_size = 0


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
