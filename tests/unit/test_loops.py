"""Calls into the server's loop from a thread: the webhooks store in a thread, and what they announce or wake must
run in the loop (asyncio's events and the desk's listeners are not thread-safe)."""
from __future__ import annotations

import asyncio
import threading

from bot import loops
from bot.conversation import events
from bot.conversation.events import CaseChanged


async def test_an_event_published_in_a_thread_is_handled_in_the_servers_loop() -> None:
    handled: list[tuple[CaseChanged, int]] = []

    def handler(event: CaseChanged) -> None:
        handled.append((event, threading.get_ident()))

    events.subscribe(CaseChanged, handler)
    events.handle_in(asyncio.get_running_loop())
    try:
        await asyncio.to_thread(events.publish, CaseChanged(7))
        await asyncio.sleep(0.01)   # the loop runs what the thread passed it
        assert handled == [(CaseChanged(7), threading.get_ident())]
    finally:
        events.handle_in(None)
        events.unsubscribe(CaseChanged, handler)


async def test_without_a_loop_an_event_is_handled_in_the_publishers_thread() -> None:
    handled: list[int] = []

    def handler(_event: CaseChanged) -> None:
        handled.append(threading.get_ident())

    events.subscribe(CaseChanged, handler)
    try:
        publisher = await asyncio.to_thread(lambda: (events.publish(CaseChanged(7)), threading.get_ident())[1])
        assert handled == [publisher] and publisher != threading.get_ident()
    finally:
        events.unsubscribe(CaseChanged, handler)


async def test_a_call_from_a_thread_runs_in_the_loops_thread_and_one_from_the_loop_at_once() -> None:
    ran: list[int] = []
    loop = asyncio.get_running_loop()
    await asyncio.to_thread(loops.call_in, loop, lambda: ran.append(threading.get_ident()))
    await asyncio.sleep(0.01)
    assert ran == [threading.get_ident()]
    loops.call_in(loop, lambda: ran.append(0))
    assert ran[-1] == 0   # in the loop already: no round trip
