"""What the conversation core announces: a case was opened, a case changed.

The core knows nothing of who listens. The server's wiring subscribes the desk's live views and the
officers' group notification (bot.app.wiring); a process without them (a command, a unit test) simply
has no subscriber. Handlers run in the server's event loop (handle_in), or without one in the publisher's thread,
and must not raise: one that does is logged (its type only) and the others still run.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from bot import loops

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CaseOpened:
    """A new case, for the officers' group: its number and codes only, never content."""

    case_id: int
    priority: str
    language: str
    channel: str


@dataclass(frozen=True)
class CaseChanged:
    """Something in a case (or the queue) changed: a message, a claim, a new priority, a close."""

    case_id: int | None = None
    conversation_id: str | None = None   # set when the user's chat should look again (an officer wrote)


Event = TypeVar("Event", CaseOpened, CaseChanged)
_handlers: dict[type, list[Callable]] = {}
# The server's loop, once its listeners are subscribed: an event published in another thread (a webhook storing in
# a thread) is handled there, since the listeners use asyncio.
_loop: asyncio.AbstractEventLoop | None = None


def handle_in(loop: asyncio.AbstractEventLoop | None) -> None:
    """Handle every event in `loop` from now on (None: in the publisher's thread, as a command or a test does)."""
    global _loop
    _loop = loop


def subscribe(kind: type[Event], handler: Callable[[Event], None]) -> None:
    _handlers.setdefault(kind, []).append(handler)


def unsubscribe(kind: type[Event], handler: Callable[[Event], None]) -> None:
    if handler in _handlers.get(kind, []):
        _handlers[kind].remove(handler)


def publish(event: object) -> None:
    loops.call_in(_loop, _handle, event)


def _handle(event: object) -> None:
    for handler in list(_handlers.get(type(event), ())):
        try:
            handler(event)
        except Exception as error:  # noqa: BLE001 (a listener's failure must not fail the user's turn)
            logger.error("event handler failed event=%s error=%s", type(event).__name__, type(error).__name__)
