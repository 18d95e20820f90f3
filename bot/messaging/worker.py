"""The background loop of the server: process the inbox, then send what the outbox has due."""
from __future__ import annotations

import asyncio
import logging
from typing import Any

from bot.messaging.inbox import Inbox
from bot.messaging.outbox import Outbox

logger = logging.getLogger(__name__)

# Retries come due while nothing pokes the loop: look at least this often.
IDLE_SECONDS = 1.0


class DeliveryWorker:
    def __init__(self, inbox: Inbox, outbox: Outbox) -> None:
        self.inbox = inbox
        self.outbox = outbox
        self._wake = asyncio.Event()

    def poke(self) -> None:
        """New work was stored: run now rather than at the next tick."""
        self._wake.set()

    async def run_once(self, agent: Any) -> None:
        await self.inbox.process_pending(agent)
        await self.outbox.send_due()

    async def run_forever(self, agent: Any) -> None:
        while True:
            try:
                await self.run_once(agent)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 (the loop must survive one bad row; the row stays to retry)
                # The type only: an exception's text may quote a message.
                logger.error("delivery loop error: %s", type(error).__name__)
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=IDLE_SECONDS)
            except asyncio.TimeoutError:
                pass
            self._wake.clear()
