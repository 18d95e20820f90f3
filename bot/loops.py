"""Calls into the server's event loop from any thread: asyncio's objects (events, tasks) are not thread-safe.

The webhooks store a provider's messages in a thread (a durable commit waits for the disk, which must not stall the
loop); what they then wake or announce runs in the loop, as if called there.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any


def call_in(loop: asyncio.AbstractEventLoop | None, function: Callable[..., Any], *args: Any) -> None:
    """function(*args) now when called in `loop` (or with no loop to go to: a command, a test); otherwise soon, in
    `loop`'s thread."""
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if loop is None or running is loop or loop.is_closed():
        function(*args)
    else:
        loop.call_soon_threadsafe(function, *args)
