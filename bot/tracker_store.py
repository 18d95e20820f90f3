"""Rasa's SQL tracker store, plus what Amane needs of it: erasing one conversation."""
from __future__ import annotations

from typing import Any

from rasa.core.tracker_store import SQLTrackerStore, TrackerStore


class AmaneTrackerStore(SQLTrackerStore):
    """SQL tracker store (SQLite or PostgreSQL) that can delete a conversation's events."""

    def delete(self, sender_id: str) -> int:
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
            return int(deleted)


def erase_conversation(tracker_store: Any, sender_id: str) -> int:
    """Delete a conversation's tracker, looking through Rasa's wrappers for our store."""
    store = tracker_store
    while store is not None and not isinstance(store, AmaneTrackerStore):
        store = getattr(store, "_tracker_store", None)
    if store is None:
        raise TypeError("the tracker store cannot erase conversations; use AmaneTrackerStore")
    return store.delete(sender_id)


__all__ = ["AmaneTrackerStore", "erase_conversation", "TrackerStore"]
