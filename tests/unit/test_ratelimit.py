"""Rate limits in fixed windows: in memory, and in Redis shared by every replica (with memory when it is down)."""
from __future__ import annotations

import asyncio
import uuid

import pytest

from bot.ratelimit import Limit, MemoryRateLimiter, RedisRateLimiter, make_rate_limiter


class Clock:
    def __init__(self, now: float = 6_000_020.0) -> None:   # 20 s into a minute
        self.now = now

    def __call__(self) -> float:
        return self.now


def hits(limiter: object, limit: Limit, key: str, times: int) -> list:
    async def run() -> list:
        return [await limiter.hit(limit, key) for _ in range(times)]  # type: ignore[attr-defined]
    return asyncio.run(run())


def test_memory_allows_the_limit_then_refuses_until_the_window_ends() -> None:
    clock = Clock()
    limiter, limit = MemoryRateLimiter(clock), Limit("test", 3, 60)
    decisions = hits(limiter, limit, "a", 4)
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert decisions[-1].retry_after == 40          # the minute ends in 40 s
    assert hits(limiter, limit, "b", 1)[0].allowed   # another key has its own count
    clock.now += 40
    assert hits(limiter, limit, "a", 1)[0].allowed   # a new window


def test_memory_forgets_past_windows_when_many_keys_flood_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.ratelimit.SWEEP_AT", 10)
    clock = Clock()
    limiter, limit = MemoryRateLimiter(clock), Limit("test", 1, 60)
    for key in range(10):
        hits(limiter, limit, str(key), 1)
    clock.now += 60
    hits(limiter, limit, "new", 1)
    assert len(limiter._counts) == 1


def test_a_limit_of_zero_is_no_limit() -> None:
    assert all(d.allowed for d in hits(MemoryRateLimiter(), Limit("off", 0, 60), "a", 50))


def test_without_redis_the_counts_are_in_memory() -> None:
    assert isinstance(make_rate_limiter(""), MemoryRateLimiter)


def test_redis_counts_are_shared_by_replicas(redis_url: str) -> None:
    clock = Clock()
    limit, key = Limit("test-" + uuid.uuid4().hex, 2, 60), "shared"

    async def run() -> list:
        one, two = RedisRateLimiter(redis_url, clock=clock), RedisRateLimiter(redis_url, clock=clock)
        try:
            return [(await one.hit(limit, key)).allowed, (await two.hit(limit, key)).allowed,
                    (await one.hit(limit, key)).allowed, (await two.hit(limit, key)).allowed]
        finally:
            await one.aclose()
            await two.aclose()

    assert asyncio.run(run()) == [True, True, False, False]


def test_redis_keys_expire_with_their_window(redis_url: str) -> None:
    import redis

    name = "test-" + uuid.uuid4().hex

    async def run() -> None:
        limiter = RedisRateLimiter(redis_url)
        await limiter.hit(Limit(name, 5, 60), "k")
        await limiter.aclose()

    asyncio.run(run())
    client = redis.Redis.from_url(redis_url)
    keys = client.keys(f"amane:ratelimit:{name}:*")
    assert len(keys) == 1 and 0 < client.ttl(keys[0]) <= 61
    client.delete(*keys)


def test_redis_down_counts_in_memory_instead_of_refusing_or_failing(caplog: pytest.LogCaptureFixture) -> None:
    limiter = RedisRateLimiter("redis://127.0.0.1:1/0")   # nothing listens on port 1
    decisions = hits(limiter, Limit("test", 2, 60), "a", 3)
    assert [d.allowed for d in decisions] == [True, True, False]
    assert "counting in memory: ConnectionError" in caplog.text


def test_addresses_are_counted_by_subscriber() -> None:
    from bot.ratelimit import counted_address

    assert counted_address("2001:db8:1:2:aaaa::1") == counted_address("[2001:db8:1:2:bbbb::9]") == "2001:db8:1:2::/64"
    # An IPv4 client seen through a dual-stack socket is its IPv4 address, not the one /64 all such clients share.
    assert counted_address("::ffff:198.51.100.7") == "198.51.100.7"
    assert counted_address("::ffff:198.51.100.7") != counted_address("::ffff:203.0.113.9")
    assert counted_address(" 198.51.100.7 ") == "198.51.100.7"
    assert counted_address("unix:/run/amane.sock") == "unix:/run/amane.sock"
    assert counted_address(None) is None and counted_address("") is None
