"""The queue's one-line preview: the person's last message, read from Rasa's tracker store (sealed).

Rasa keeps one row per event in its `events` table, in the same database; only `data` is sealed
(bot/store/tracker_store.py). One query finds the newest user event of each conversation on the page.
Shown to officers only, never logged.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable

from sqlalchemy import bindparam, inspect, text
from sqlalchemy.orm import Session

from bot.store.sealing import Sealer

logger = logging.getLogger(__name__)

PREVIEW_CHARS = 140
_with_events: set[str] = set()   # databases known to hold Rasa's events table (it is never dropped)
_LAST_USER_EVENTS = text(
    "SELECT sender_id, data FROM events WHERE id IN ("
    "SELECT MAX(id) FROM events WHERE type_name = 'user' AND sender_id IN :ids GROUP BY sender_id)"
).bindparams(bindparam("ids", expanding=True))


def _has_events(session: Session) -> bool:
    bind = session.get_bind()
    key = str(bind.url)
    if key not in _with_events and inspect(bind).has_table("events"):
        _with_events.add(key)
    return key in _with_events


def one_line(message: str, limit: int = PREVIEW_CHARS) -> str:
    flat = " ".join(message.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def last_user_messages(session: Session, sealer: Sealer, conversation_ids: Iterable[str]) -> dict[str, str]:
    """conversation id -> the person's last message on one line; conversations without one are left out."""
    ids = sorted({cid for cid in conversation_ids if cid})
    if not ids or not _has_events(session):
        return {}
    found: dict[str, str] = {}
    for sender_id, data in session.execute(_LAST_USER_EVENTS, {"ids": ids}):
        try:
            message = json.loads(sealer.open(data)).get("text")
        except Exception as error:  # noqa: BLE001  a row no key opens: no preview, and the type only in the log
            logger.warning("queue preview unreadable: %s", type(error).__name__)
            continue
        if isinstance(message, str) and message.strip():
            found[sender_id] = one_line(message)
    return found


__all__ = ["PREVIEW_CHARS", "last_user_messages", "one_line"]
