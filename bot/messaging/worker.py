"""The server's background delivery: inbox processing and sending are separate tasks, so a slow provider delays
neither the answers being prepared nor the other channels.

- The inbox task answers several conversations at once (INBOX_CONCURRENCY), each conversation's messages strictly
  one after the other (the claim in bot/messaging/inbox.py guarantees it, also across replicas).
- The outbox task starts one sender per conversation with something due; a sender sends that conversation's rows
  back to back, in order (bot/messaging/outbox.py), at most SENDERS_PER_CHANNEL conversations per channel at once.
- The heartbeat renews the leases of the rows this worker holds; at start, rows of workers known to be dead are
  taken back at once (bot/messaging/leases.py).
"""
from __future__ import annotations

import asyncio
import inspect
import logging
import threading
from collections.abc import Callable
from typing import Any

from bot import loops
from bot.messaging import leases
from bot.messaging.inbox import Claimed, Inbox
from bot.messaging.outbox import Outbox, Prepared

logger = logging.getLogger(__name__)

# Retries come due while nothing pokes the loops: look at least this often.
IDLE_SECONDS = 1.0
# Conversations whose messages are processed at once (Rasa's work is mostly CPU: a few are enough).
INBOX_CONCURRENCY = 4


class DeliveryWorker:
    def __init__(self, inbox: Inbox, outbox: Outbox, inbox_concurrency: int = INBOX_CONCURRENCY) -> None:
        self.inbox = inbox
        self.outbox = outbox
        self.inbox_concurrency = inbox_concurrency
        self._inbox_wake = asyncio.Event()
        self._outbox_wake = asyncio.Event()
        self._processing: set[asyncio.Task] = set()
        self._sending: dict[str, asyncio.Task] = {}   # conversation id -> its sender
        # Conversations whose sender was asked for while theirs was running, with the rows claimed for it already.
        self._again: dict[str, list[Prepared]] = {}
        self._stopping = False
        self._loop: asyncio.AbstractEventLoop | None = None   # the server's, once running: where poke wakes the tasks
        self._agent: Any = None   # the agent answering, once running (take hands messages to it)
        # Slots reserved by webhooks' threads for messages they claim as they store them (reserve, take).
        self._slots = threading.Lock()
        self._reserved = 0

    def poke(self) -> None:
        """New work was stored (a message, an officer's reply): run now rather than at the next tick. From any
        thread (a webhook stores in one)."""
        loops.call_in(self._loop, self._wake)

    def _wake(self) -> None:
        self._inbox_wake.set()
        self._outbox_wake.set()

    def reserve(self) -> bool:
        """From any thread (a webhook's): a slot for a message claimed as it is stored (Inbox.receive), answered at
        once; False when INBOX_CONCURRENCY conversations are being answered (or reserved) already, or the worker does
        not run. Every True is followed by take() or unreserve()."""
        with self._slots:
            if (self._agent is None or self._stopping
                    or len(self._processing) + self._reserved >= self.inbox_concurrency):
                return False
            self._reserved += 1
            return True

    def unreserve(self) -> None:
        """The reserved slot was not used (the message was a repeat, or must wait for an earlier one)."""
        with self._slots:
            self._reserved -= 1

    def take(self, message: Claimed) -> None:
        """From any thread: answer, in the reserved slot, a message claimed for this worker when it was stored."""
        loops.call_in(self._loop, self._begin_reserved, message)

    def _begin_reserved(self, message: Claimed) -> None:
        with self._slots:   # the slot passes from the reservation to the task, under one lock
            self._reserved -= 1
            self._begin(message)

    def _begin(self, message: Claimed) -> None:
        if self._stopping or self._loop is None or self._loop.is_closed():
            return   # stopping: the row stays claimed until its lease runs out, or the next start takes it back
        task = asyncio.ensure_future(self._answer(message, self._agent))
        self._processing.add(task)
        task.add_done_callback(self._processing.discard)

    async def run_forever(self, agent: Any) -> None:
        """The three tasks, until cancelled (the server's stop); the running senders and answers are cancelled too:
        their rows stay claimed until the lease runs out, then another worker (or the next start) takes them."""
        self._loop = asyncio.get_running_loop()
        self._agent = agent
        leases.take_back_from_dead(self.inbox.settings.database_url, self.inbox.worker_id)
        if self.outbox.worker_id != self.inbox.worker_id:
            leases.take_back_from_dead(self.outbox.settings.database_url, self.outbox.worker_id)
        loops = [asyncio.ensure_future(loop) for loop in (self.run_inbox(agent), self.run_outbox(), self.heartbeat())]
        try:
            await asyncio.gather(*loops)
        finally:
            self._stopping = True   # a cancelled sender starts no other
            tasks = [*loops, *self._processing, *self._sending.values()]
            for task in tasks:
                task.cancel()
            # Wait for them to unwind, so that none outlives the server's loop.
            await asyncio.gather(*tasks, return_exceptions=True)

    async def run_inbox(self, agent: Any) -> None:
        while True:
            with self._slots:
                free = self.inbox_concurrency - len(self._processing) - self._reserved
            # Database work in a thread: the loop keeps answering and sending meanwhile.
            claimed = await _guarded("inbox claim", asyncio.to_thread, self.inbox.claim, free) if free > 0 else None
            for message in claimed or []:
                self._begin(message)
            if claimed and len(claimed) == free:
                continue   # there may be more: fill the free slots before waiting
            await _wait(self._inbox_wake)

    async def _answer(self, message: Claimed, agent: Any) -> None:
        answered = None
        try:
            # The replies are claimed for sending in the transaction that stores them: the first part goes out
            # without another transaction (and thread hop) in between.
            answered = await _guarded("inbox message", self.inbox.process, message, agent, self.outbox.queue_claimed)
        finally:
            self._inbox_wake.set()   # a slot free; maybe the conversation's next message
            if answered is not None:
                if message.on_disk is not None and not message.on_disk.is_set():
                    # Taken as it was stored: nothing is sent before the message is on the disk (a few ms, usually
                    # long over by now).
                    await asyncio.to_thread(message.on_disk.wait)
                # The turn's replies are committed: its sender starts now, without waiting for a scan.
                claimed = self.outbox.prepared(answered.replies) if answered.replies else []
                self._start_sender(answered.conversation_id, answered.channel, claimed)
            else:
                self._outbox_wake.set()

    async def run_outbox(self) -> None:
        while True:
            due = await _guarded("outbox scan", asyncio.to_thread, self.outbox.due_conversations) or []
            for conversation_id, channel in due:
                self._start_sender(conversation_id, channel)
            await _wait(self._outbox_wake)

    def _start_sender(self, conversation_id: str, channel: str, claimed: list[Prepared] | None = None) -> None:
        """A sender for the conversation, given the rows claimed for it already; when one runs, another starts after
        it (the running one may have made its last claim before the new rows were committed, and rows claimed for
        this worker are sent by no one else until their lease runs out)."""
        if channel not in self.outbox.adapters:
            return
        if conversation_id in self._sending:
            # In order: rows claimed later come after those claimed earlier (a claim takes a conversation's
            # first unfinished rows only).
            self._again.setdefault(conversation_id, []).extend(claimed or [])
        else:
            self._sending[conversation_id] = asyncio.ensure_future(self._send(conversation_id, channel, claimed))

    async def _send(self, conversation_id: str, channel: str, claimed: list[Prepared] | None) -> None:
        try:
            await _guarded("outbox send", self.outbox.drain, conversation_id, channel, claimed)
        finally:
            self._sending.pop(conversation_id, None)
            if conversation_id in self._again and not self._stopping:   # rows queued while it finished go now
                self._start_sender(conversation_id, channel, self._again.pop(conversation_id))

    async def heartbeat(self) -> None:
        workers = {self.inbox.worker_id, self.outbox.worker_id}
        while True:
            await asyncio.sleep(leases.HEARTBEAT_SECONDS)
            for worker_id in workers:
                await _guarded("heartbeat", leases.renew, self.inbox.settings.database_url, worker_id)


async def _wait(event: asyncio.Event) -> None:
    try:
        await asyncio.wait_for(event.wait(), timeout=IDLE_SECONDS)
    except asyncio.TimeoutError:
        pass
    event.clear()


async def _guarded(what: str, step: Callable[..., Any], *args: Any) -> Any:
    """step(*args), awaited when it is a coroutine. A loop survives one bad row or a database hiccup: the row stays,
    to be retried."""
    try:
        result = step(*args)
        return await result if inspect.isawaitable(result) else result
    except asyncio.CancelledError:
        raise
    except Exception as error:  # noqa: BLE001 (logged by type; the loop goes on)
        # The type only: an exception's text may quote a message.
        logger.error("delivery %s error: %s", what, type(error).__name__)
        return None
