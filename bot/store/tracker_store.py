"""Rasa's SQL tracker store, sealed: every event is encrypted at rest; and a conversation can be erased."""
from __future__ import annotations

import json
import logging
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from bot.settings import get_settings
from bot.store.db import get_engine
from bot.store.sealing import Sealer, sealer_for

logger = logging.getLogger(__name__)


class AmaneTrackerStore(SQLTrackerStore):
    """SQL tracker store (SQLite or PostgreSQL) whose `events.data` column holds sealed JSON.

    Only `data` is sealed: the type, intent and action names stay readable for Rasa's own queries
    (session starts) and for content-free statistics. `save` and `_retrieve` follow Rasa 3.6's own.
    """

    def __init__(self, *args: Any, sealer: Sealer | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sealer = sealer or sealer_for(get_settings().sealing_keys)
        # The process's one engine for this database, with its pool (Rasa made its own, which for SQLite opened
        # and closed a connection per transaction: see bot.store.db). Rasa's made the table; it is no longer needed.
        own: Engine = self.engine  # type: ignore[has-type]  # Rasa leaves it unannotated
        self.engine = get_engine(own.url.render_as_string(hide_password=False))
        self.sessionmaker = sessionmaker(bind=self.engine)
        own.dispose()

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = event.as_dict()
                session.add(self.SQLEvent(
                    sender_id=tracker.sender_id,
                    type_name=event.type_name,
                    timestamp=data.get("timestamp"),
                    intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                    action_name=data.get("name"),
                    data=self.sealer.seal(json.dumps(data)),
                ))
            session.commit()

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool
                        ) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions).all()
            events = [json.loads(self.sealer.open(row.data)) for row in rows]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

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
