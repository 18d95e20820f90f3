"""Wake-ups cross replicas through Redis: an officer's reply on one replica wakes the page waiting on another."""
from __future__ import annotations

import asyncio
import json

import pytest

from bot import pubsub


async def _relay_ready(relay: pubsub.RedisRelay) -> None:
    """The listener has subscribed (a message published before that would be missed)."""
    for _ in range(100):
        channels = await relay.client.pubsub_numsub(pubsub.CHANNEL)
        if channels and channels[0][1] >= 1:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the relay never subscribed")


async def test_a_wake_up_from_another_replica_wakes_the_waiters_here(redis_url: str) -> None:
    relay = pubsub.start_relay(redis_url)
    try:
        await _relay_ready(relay)
        waiting = asyncio.ensure_future(pubsub.wait([pubsub.conversation_topic("wc_abc")], timeout=5))
        await asyncio.sleep(0.05)
        # Another replica's relay publishes with its own origin.
        await relay.client.publish(pubsub.CHANNEL, json.dumps({"origin": "other", "topics": ["conversation:wc_abc"]}))
        assert await waiting is True
        # Our own message, echoed back by Redis, wakes nobody twice; a malformed one is ignored.
        await relay.client.publish(pubsub.CHANNEL, b"not json")
        assert await pubsub.wait(["case:1"], timeout=0.3) is False
    finally:
        await pubsub.stop_relay()


async def test_a_wake_up_here_is_published_for_the_other_replicas(redis_url: str) -> None:
    import redis.asyncio as aioredis

    other = aioredis.from_url(redis_url)
    listener = other.pubsub()
    await listener.subscribe(pubsub.CHANNEL)
    relay = pubsub.start_relay(redis_url)
    try:
        await _relay_ready(relay)
        pubsub.notify(pubsub.QUEUE, pubsub.case_topic(7))
        message = None
        for _ in range(50):
            message = await listener.get_message(ignore_subscribe_messages=True, timeout=0.1)
            if message:
                break
        assert message is not None
        assert json.loads(message["data"])["topics"] == ["queue", "case:7"]
    finally:
        await pubsub.stop_relay()
        await listener.close()
        await other.close()


def test_without_a_relay_a_wake_up_stays_local() -> None:
    assert pubsub._relay is None
    pubsub.notify(pubsub.QUEUE)   # no event loop, no Redis: nothing raised


@pytest.fixture(autouse=True)
def _no_relay_left() -> None:
    assert pubsub._relay is None
