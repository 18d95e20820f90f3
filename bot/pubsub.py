"""Wake-ups for live views: the desk's queue and case pages, and the web chat waiting for an officer's reply.

Content-free by design: a topic ("queue", "case:12", "conversation:<pseudonym>") says only that
something changed; the listener then reads what changed from the database. Wake-ups are in-process;
listeners also look at the database every few seconds, so with several replicas behind a load
balancer a change made on another replica shows a little later, never not at all.
"""
from __future__ import annotations

import asyncio
from collections.abc import Iterable

_waiters: dict[str, set[asyncio.Event]] = {}


def notify(*topics: str) -> None:
    """Wake everyone waiting on any of `topics` (call from the server's event loop)."""
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
