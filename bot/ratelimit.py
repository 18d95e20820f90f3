"""Rate limits: requests counted per key in fixed windows, in Redis when configured (every replica shares the
counts), in this process's memory otherwise.

Keys are given already hashed by the caller (a client address is personal data): nothing here sees or
stores a raw address. Redis keys expire with their window, so the counts leave nothing behind.
"""
from __future__ import annotations

import ipaddress
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

logger = logging.getLogger(__name__)

KEY_PREFIX = "amane:ratelimit"
# The in-memory counts are swept of past windows once they hold this many keys (a flood of distinct keys).
SWEEP_AT = 10_000


@dataclass(frozen=True)
class Limit:
    name: str       # what is counted, e.g. "webchat:address"
    count: int      # allowed per window; 0 or less: no limit
    seconds: int    # the window


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int   # seconds until the window ends: when to try again (the Retry-After header)


class RateLimiter(Protocol):
    async def hit(self, limit: Limit, key: str) -> Decision:
        """Count one request under `key`; allowed while the window's count stays within the limit."""

    async def aclose(self) -> None:
        """Release connections (at shutdown)."""


def counted_address(client: str | None) -> str | None:
    """A client's address as limits count it (before it is hashed): an IPv6 address by its /64, since one
    subscriber holds a whole /64 and could otherwise pass as millions; an IPv4-mapped one as its IPv4 address.
    Anything else (a Unix socket's name, a proxy's obfuscated token) as it is; None when there is none."""
    text = (client or "").strip().strip("[]")
    if not text:
        return None
    try:
        parsed = ipaddress.ip_address(text)
    except ValueError:
        return text
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def _window(limit: Limit, now: float) -> tuple[int, int]:
    """The window's number and the whole seconds left in it (at least 1)."""
    number = int(now // limit.seconds)
    return number, max(1, math.ceil((number + 1) * limit.seconds - now))


class MemoryRateLimiter:
    """Counts in this process: right for one server, and the fallback when Redis does not answer."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._counts: dict[tuple[str, str, int], tuple[int, float]] = {}   # slot -> (count, window's end)

    async def hit(self, limit: Limit, key: str) -> Decision:
        if limit.count <= 0:
            return Decision(True, 0)
        now = self.clock()
        number, left = _window(limit, now)
        if len(self._counts) >= SWEEP_AT:
            self._counts = {slot: kept for slot, kept in self._counts.items() if kept[1] > now}
        slot = (limit.name, key, number)
        count = self._counts.get(slot, (0, 0.0))[0] + 1
        self._counts[slot] = (count, (number + 1) * limit.seconds)
        return Decision(count <= limit.count, left)

    async def aclose(self) -> None:
        self._counts.clear()


class RedisRateLimiter:
    """Counts in Redis (INCR, and EXPIRE at the window's end, in one transaction), shared by all replicas.

    If Redis does not answer, the request is counted in memory instead: a person in danger must not be
    refused because a cache is down, and a flood is still held back per replica.
    """

    def __init__(self, url: str, fallback: MemoryRateLimiter | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        import redis.asyncio as redis_asyncio

        # Short timeouts: the limit is checked before every web chat message.
        self.client: Any = redis_asyncio.Redis.from_url(url, socket_connect_timeout=1.0, socket_timeout=1.0)
        self.fallback = fallback or MemoryRateLimiter(clock)
        self.clock = clock

    async def hit(self, limit: Limit, key: str) -> Decision:
        if limit.count <= 0:
            return Decision(True, 0)
        number, left = _window(limit, self.clock())
        name = f"{KEY_PREFIX}:{limit.name}:{key}:{number}"
        try:
            async with self.client.pipeline(transaction=True) as pipe:
                pipe.incr(name)
                pipe.expire(name, left + 1)
                count, _ = await pipe.execute()
        except Exception as error:  # noqa: BLE001 (Redis down or slow: count here rather than refuse or fail)
            logger.warning("rate limit store unavailable, counting in memory: %s", type(error).__name__)
            return await self.fallback.hit(limit, key)
        return Decision(int(count) <= limit.count, left)

    async def aclose(self) -> None:
        try:
            await self.client.close()
            await self.client.connection_pool.disconnect()
        except Exception as error:  # noqa: BLE001 (shutting down)
            logger.warning("closing the rate limit store failed: %s", type(error).__name__)


def make_rate_limiter(redis_url: str) -> RateLimiter:
    """Redis when a URL is configured (several replicas), memory otherwise (a single server, a trial)."""
    return RedisRateLimiter(redis_url) if redis_url else MemoryRateLimiter()


__all__ = ["Decision", "Limit", "MemoryRateLimiter", "RateLimiter", "RedisRateLimiter", "make_rate_limiter"]
