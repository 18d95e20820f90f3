"""Recorded provider payloads as if sent just now: their timestamps moved to the present, nothing else changed.

The webhooks refuse a message older than its channel's replay window (bot/conversation/replay.py), so a recording
from 2024 posted as it is would be acknowledged and never answered. `fresh` keeps every other byte, and the gaps
between the timestamps of one payload.
"""
from __future__ import annotations

import re
import time

# WhatsApp's "timestamp": "1717000000" (a string of digits); Telegram's "date": 1732800011 and "edit_date".
TIMESTAMPS = re.compile(rb'("timestamp"\s*:\s*"?)(\d{9,11})("?)|("(?:edit_)?date"\s*:\s*)(\d{9,11})')


def fresh(raw: bytes, now: float | None = None) -> bytes:
    """The payload with its latest timestamp at `now` (default: this second) and the others as far before it."""
    found = [int(match.group(2) or match.group(5)) for match in TIMESTAMPS.finditer(raw)]
    if not found:
        return raw
    shift = int(now if now is not None else time.time()) - max(found)

    def moved(match: re.Match[bytes]) -> bytes:
        if match.group(2) is not None:
            return match.group(1) + str(int(match.group(2)) + shift).encode() + match.group(3)
        return match.group(4) + str(int(match.group(5)) + shift).encode()

    return TIMESTAMPS.sub(moved, raw)
