"""Wake-ups for live views: the desk's queue and case pages, and the web chat waiting for an officer's reply.

Content-free by design: a topic ("queue", "case:12", "conversation:<pseudonym>") says only that
something changed; the listener then reads what changed from the database. With Redis configured, a
relay (start_relay) passes every wake-up to the other replicas through one Redis channel, so an officer's
reply written on one replica reaches a web chat page waiting on another at once. Listeners still look at
the database every few seconds: a wake-up lost (Redis away) makes a change show a little later, never
not at all.
"""
from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Iterable
from typing import Any

logger = logging.getLogger(__name__)

_waiters: dict[str, set[asyncio.Event]] = {}
CHANNEL = "amane:wake"


def notify(*topics: str) -> None:
    """Wake everyone waiting on any of `topics`, here and (through the relay) on the other replicas
    (call from the server's event loop; elsewhere, e.g. a command line, the wake-up stays local)."""
    _wake(topics)
    if _relay is not None and topics:
        _relay.publish(topics)


def _wake(topics: Iterable[str]) -> None:
    for topic in topics:
        for event in list(_waiters.get(topic, ())):
            event.set()


async def wait(topics: Iterable[str], timeout: float) -> bool:
    """Wait until one of `topics` is notified (True) or `timeout` seconds pass (False)."""
    event = asyncio.Event()
    names = list(topics)
    for topic in names:
        _waiters.setdefault(topic, set()).add(event)
    try:
        await asyncio.wait_for(event.wait(), timeout=timeout)
        return True
    except asyncio.TimeoutError:
        return False
    finally:
        for topic in names:
            waiting = _waiters.get(topic)
            if waiting is not None:
                waiting.discard(event)
                if not waiting:
                    del _waiters[topic]


def case_topic(case_id: int) -> str:
    return f"case:{case_id}"


def conversation_topic(conversation_id: str) -> str:
    return f"conversation:{conversation_id}"


QUEUE = "queue"


class RedisRelay:
    """Passes wake-ups between replicas: publishes this process's, wakes local waiters on the others'."""

    def __init__(self, redis_url: str) -> None:
        import redis.asyncio as aioredis

        self.client: Any = aioredis.from_url(redis_url)
        self.origin = uuid.uuid4().hex   # our own messages come back to us: they are skipped
        self._listener: asyncio.Task | None = None
        self._sending: set[asyncio.Task] = set()

    def publish(self, topics: Iterable[str]) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        task = loop.create_task(self._publish(list(topics)))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _publish(self, topics: list[str]) -> None:
        try:
            await self.client.publish(CHANNEL, json.dumps({"origin": self.origin, "topics": topics}))
        except Exception as error:  # noqa: BLE001 (Redis away: the others see the change at their next look)
            logger.warning("wake-up not relayed: %s", type(error).__name__)

    def start(self) -> None:
        self._listener = asyncio.get_running_loop().create_task(self._listen())

    async def _listen(self) -> None:
        while True:
            try:
                pubsub = self.client.pubsub()
                await pubsub.subscribe(CHANNEL)
                async for message in pubsub.listen():
                    self._received(message)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 (Redis restarted: subscribe again, a little later)
                logger.warning("wake-up relay lost Redis: %s", type(error).__name__)
                await asyncio.sleep(2.0)

    def _received(self, message: dict) -> None:
        if message.get("type") != "message":
            return
        try:
            body = json.loads(message["data"])
            topics = [str(topic) for topic in body["topics"]]
        except (ValueError, KeyError, TypeError):
            return
        if body.get("origin") != self.origin:
            _wake(topics)

    async def aclose(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            await asyncio.gather(self._listener, return_exceptions=True)
        await self.client.close()


_relay: RedisRelay | None = None


def start_relay(redis_url: str) -> RedisRelay:
    """Relay wake-ups through Redis from now on (call inside the server's event loop)."""
    global _relay
    relay = RedisRelay(redis_url)
    relay.start()
    _relay = relay
    return relay


async def stop_relay() -> None:
    global _relay
    relay, _relay = _relay, None
    if relay is not None:
        await relay.aclose()
