"""Rasa's SQL tracker store, sealed: every event is encrypted at rest; and a conversation can be erased."""
from __future__ import annotations

import functools
import itertools
import json
import logging
from collections.abc import Iterator
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker
from sqlalchemy.sql.elements import TextClause

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
        # The plain statements that replace Rasa's ORM queries (see _additional_events), built once each.
        self._statements: dict[tuple[str, bool], TextClause] = {}
        events = self.engine.dialect.identifier_preparer.quote(self.SQLEvent.__tablename__)
        self._all_sessions_sql = text(f"SELECT data FROM {events} WHERE sender_id = :sender_id ORDER BY id")

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        """Rasa's own rule (the events past those stored since the latest session start), counted by one plain
        statement: Rasa's ORM query costs more to build than to run (about 6% of a WhatsApp turn's CPU in a profile
        of bench/load.py), and it runs at every save."""
        stored = session.execute(self._latest_session_sql("count(*)"), {"sender_id": tracker.sender_id}).scalar_one()
        return itertools.islice(tracker.events, stored, len(tracker.events))

    def _stored_data(self, session: Any, sender_id: str, fetch_events_from_all_sessions: bool) -> list[str]:
        """The sealed events of a conversation in order: all, or since the latest session start (Rasa's
        _event_query, as one plain statement for the same reason)."""
        if fetch_events_from_all_sessions:
            statement = self._all_sessions_sql
        else:
            statement = self._latest_session_sql("data", order=True)
        return list(session.execute(statement, {"sender_id": sender_id}).scalars())

    def _latest_session_sql(self, columns: str, order: bool = False) -> TextClause:
        """SELECT `columns` of the events at or after the latest session start, or of all when none started: Rasa's
        filter (on timestamps, like Rasa's, with its tie rule), built once per shape."""
        key = (columns, order)
        if key not in self._statements:
            # "timestamp" is a key word in PostgreSQL: quoted, like every name here.
            quote = self.engine.dialect.identifier_preparer.quote
            stamp, events = quote("timestamp"), quote(self.SQLEvent.__tablename__)
            latest = (f"(SELECT max({stamp}) FROM {events} WHERE sender_id = :sender_id "
                      f"AND type_name = '{SessionStarted.type_name}')")
            self._statements[key] = text(
                f"SELECT {columns} FROM {events} WHERE sender_id = :sender_id "
                f"AND ({stamp} >= {latest} OR {latest} IS NULL)" + (" ORDER BY id" if order else ""))
        return self._statements[key]

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = []
            for event in self._additional_events(session, tracker):
                data = event.as_dict()
                rows.append({
                    "sender_id": tracker.sender_id,
                    "type_name": event.type_name,
                    "timestamp": data.get("timestamp"),
                    "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                    "action_name": data.get("name"),
                    "data": self.sealer.seal(json.dumps(data)),
                })
            if rows:
                # One multi-row insert, in the events' order (their ids keep it); no ORM objects to track.
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool
                        ) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            events = [json.loads(self.sealer.open(data))
                      for data in self._stored_data(session, sender_id, fetch_events_from_all_sessions)]
        if self.domain and events:
            # DialogueStateTracker.from_dict's, with the event classes looked up once (see deserialise)
            return DialogueStateTracker.from_events(sender_id, deserialise(events), self.domain.slots)
        return None

    def delete(self, sender_id: str) -> int:
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
            return int(deleted)


def deserialise(dumped: list[dict[str, Any]]) -> list[Event]:
    """rasa.shared.core.events.deserialise_events, without its cost: Rasa finds each event's class by walking every
    subclass of Event (Event.resolve_by_type), for every event of the tracker at every turn: with 20 conversations at
    once, about 3% of the server's busy time in a profile (py-spy, samples holding the GIL)."""
    events = []
    for data in dumped:
        name = data.get("event")
        event_class = _event_class(name) if name is not None else None
        event = event_class._from_parameters(data) if event_class is not None else None
        if event is not None:
            events.append(event)
        else:
            logger.warning("a stored event could not be read back type=%s", name)
    return events


@functools.lru_cache(maxsize=256)
def _event_class(type_name: str) -> type[Event] | None:
    """Event.resolve_by_type, once a name (the classes do not change once loaded; an unknown name raises, uncached)."""
    return Event.resolve_by_type(type_name)


def erase_conversation(tracker_store: Any, sender_id: str) -> int:
    """Delete a conversation's tracker, looking through Rasa's wrappers for our store."""
    store = tracker_store
    while store is not None and not isinstance(store, AmaneTrackerStore):
        store = getattr(store, "_tracker_store", None)
    if store is None:
        raise TypeError("the tracker store cannot erase conversations; use AmaneTrackerStore")
    return store.delete(sender_id)


__all__ = ["AmaneTrackerStore", "erase_conversation", "TrackerStore"]
