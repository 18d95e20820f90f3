"""The web chat's defences, since anyone can reach it: bounded bodies read before any parsing, strict JSON,
rate limits per client address and overall, and the page's security headers.

The client's address is used only as a keyed hash (the pseudonym key), IPv6 by its /64 network (what one
subscriber gets); it is never stored, counted or logged as it is.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from typing import Any

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.base import read_limited
from bot.ratelimit import Decision, Limit, RateLimiter, counted_address
from bot.settings import WebChatSettings

MINUTE, HOUR = 60, 3600
# An origin an organisation may list to frame the chat (CSP frame-ancestors): scheme, host, optional port.
ORIGIN = re.compile(r"^https?://(\*\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?$")


def error(status: int, code: str, detail: str, headers: dict[str, str] | None = None, **extra: Any) -> HTTPResponse:
    return response.json({"error": code, "detail": detail, **extra}, status=status, headers=headers)


def security_headers(origins: tuple) -> dict[str, str]:
    """Headers of every web chat response. The page has no inline script or style (page/index.html), so
    'self' is all it needs; framing is refused unless the operator listed the origins that may frame it."""
    for origin in origins:
        if not ORIGIN.match(origin):
            raise ValueError(f"AMANE_WEBCHAT_FRAME_ANCESTORS: {origin!r} is not an origin such as https://ngo.example")
    ancestors = " ".join(origins) if origins else "'none'"
    headers = {
        "Content-Security-Policy": (f"default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; "
                                    f"frame-ancestors {ancestors}"),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
    if not origins:
        # For browsers without CSP level 2; with allowed origins only frame-ancestors can say which.
        headers["X-Frame-Options"] = "DENY"
    return headers


def client_ref(request: Request, key: bytes) -> str:
    """A keyed hash of the client's address: the proxy's word when PROXIES_COUNT trusts it, else the peer's."""
    address = counted_address(request.remote_addr or request.ip) or ""
    return hmac.new(key, b"webchat-address:" + address.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:32]


async def read_json_object(request: Request, max_bytes: int, **extra: Any) -> dict[str, Any] | HTTPResponse:
    """The body of a streamed request, read only while within `max_bytes`, as a JSON object (or the refusal).

    A Content-Length over the limit is refused before a byte of the body is read; a chunked body is read
    until it passes the limit. `extra` goes into that refusal (the page shows the limit in characters).
    """
    declared = request.headers.get("content-length")
    too_big = error(413, "body_too_large", f"requests are limited to {max_bytes} bytes", max_bytes=max_bytes, **extra)
    if declared is not None and not declared.isdigit():
        return too_big
    # The webhooks' own reader: the same refusal before reading, and the connection closed after a refusal.
    raw = await read_limited(request, max_bytes)
    return too_big if raw is None else parse_json_object(raw)


def parse_json_object(raw: bytes) -> dict[str, Any] | HTTPResponse:
    """Strict JSON (UTF-8, no NaN) whose top is an object. A body nested thousands deep stops Python's parser
    with a RecursionError (it checks its depth as it goes), refused like any other invalid JSON."""
    invalid = error(400, "invalid_json", "the body must be a JSON object")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return invalid
    try:
        body = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return invalid
    return body if isinstance(body, dict) else invalid


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def is_valid_text(value: str) -> bool:
    """Text that can be stored and shown: no lone surrogate ("\\ud800" in JSON is legal, but is no character)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class Refusal:
    scope: str        # address | overall | new_conversations | polls
    decision: Decision


class WebChatLimits:
    """The web chat's rate limits, in the shared limiter (Redis with several replicas)."""

    def __init__(self, limiter: RateLimiter, settings: WebChatSettings) -> None:
        self.limiter = limiter
        self.address = Limit("webchat:address", settings.messages_per_minute, MINUTE)
        self.overall = Limit("webchat:overall", settings.messages_per_minute_total, MINUTE)
        self.new_conversations = Limit("webchat:new-conversations", settings.new_conversations_per_hour, HOUR)
        self.polls = Limit("webchat:polls", settings.polls_per_minute, MINUTE)

    async def message(self, ref: str) -> Refusal | None:
        """A message from this address: its own limit first, so that one address cannot use up everyone's."""
        decision = await self.limiter.hit(self.address, ref)
        if not decision.allowed:
            return Refusal("address", decision)
        decision = await self.limiter.hit(self.overall, "all")
        return None if decision.allowed else Refusal("overall", decision)

    async def new_conversation(self, ref: str) -> Refusal | None:
        decision = await self.limiter.hit(self.new_conversations, ref)
        return None if decision.allowed else Refusal("new_conversations", decision)

    async def poll(self, ref: str) -> Refusal | None:
        decision = await self.limiter.hit(self.polls, ref)
        return None if decision.allowed else Refusal("polls", decision)


def too_many(refusal: Refusal, detail: str) -> HTTPResponse:
    """429 with the wait in the Retry-After header and in the body (for the page), and `detail` to show."""
    seconds = refusal.decision.retry_after
    return error(429, "rate_limited", detail, headers={"Retry-After": str(seconds)}, retry_after=seconds,
                 scope=refusal.scope)
