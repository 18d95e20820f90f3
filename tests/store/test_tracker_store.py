"""The sealed tracker store on the process's one engine: Rasa's events round-trip sealed, and SQLite connections are
reused from turn to turn (a connection opened and closed per transaction made SQLite checkpoint its write-ahead log,
and wait for the disk, at every close: the largest cost of a turn in the trial setup, bench/load.py)."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import event, text

from bot.settings import get_settings
from bot.store import session_scope, tracker_store
from bot.store.db import get_engine
from bot.store.sealing import Sealer, new_key
from bot.store.tracker_store import AmaneTrackerStore

SEALER = Sealer([new_key()])
DOMAIN = Domain.from_dict({"slots": {"language": {"type": "text", "influence_conversation": False,
                                                  "mappings": [{"type": "custom"}]}}})


def store_for(database: Path) -> AmaneTrackerStore:
    return AmaneTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(database), sealer=SEALER)


def conversation(sender: str, text_: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, [
        SessionStarted(), ActionExecuted("action_listen"),
        UserUttered(text_, intent={"name": "disclose_exploitation", "confidence": 0.9}),
        SlotSet("language", "fr"), ActionExecuted("utter_calm"), BotUttered("Je suis là."),
        ActionExecuted("action_listen"),
    ], DOMAIN.slots)


def test_the_tracker_store_uses_the_process_engine() -> None:
    """One engine (and pool) per database in the process, whoever opens the session."""
    database = get_settings().data_dir / "amane.db"
    assert store_for(database).engine is get_engine(f"sqlite:///{database}")


def test_sqlite_connections_are_reused_across_turns(tmp_path: Path) -> None:
    database = tmp_path / "amane.db"
    url = f"sqlite:///{database}"
    store = store_for(database)
    opened: list[object] = []
    event.listen(get_engine(url), "connect", lambda connection, _record: opened.append(connection))
    for turn in range(5):
        with session_scope(url) as session:
            session.execute(text("select 1"))
        tracker = conversation("sender-1", f"message {turn}")
        asyncio.run(store.save(tracker))
        assert asyncio.run(store.retrieve("sender-1")) is not None
    assert len(opened) <= 1


def test_events_round_trip_sealed_and_only_new_events_are_added(tmp_path: Path) -> None:
    database = tmp_path / "amane.db"
    store = store_for(database)
    tracker = conversation("sender-2", "mon patron garde mon passeport")
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(tracker))   # nothing new: nothing added
    tracker.update(UserUttered("merci", intent={"name": "thank", "confidence": 0.8}))
    asyncio.run(store.save(tracker))
    back = asyncio.run(store.retrieve_full_tracker("sender-2"))
    assert back is not None
    assert [e.as_dict() for e in back.events] == [e.as_dict() for e in tracker.events]
    assert back.get_slot("language") == "fr" and back.latest_message.text == "merci"
    with get_engine(f"sqlite:///{database}").connect() as connection:
        rows = connection.execute(text("select type_name, intent_name, data from events order by id")).fetchall()
    assert len(rows) == len(tracker.events)
    assert ("user", "thank") in [(row[0], row[1]) for row in rows]
    for _, _, data in rows:
        assert "passeport" not in data and "merci" not in data and not data.startswith("{")
        assert isinstance(json.loads(SEALER.open(data)), dict)


def two_sessions(sender: str) -> DialogueStateTracker:
    """Events over two sessions, with an event stamped the same instant as the second session's start (Rasa's
    filter keeps it: `>=`)."""
    events = [SessionStarted(timestamp=100.0), ActionExecuted("action_listen", timestamp=101.0),
              UserUttered("un", intent={"name": "greet", "confidence": 0.9}, timestamp=102.0),
              ActionExecuted("action_session_start", timestamp=200.0), SessionStarted(timestamp=200.0),
              ActionExecuted("action_listen", timestamp=200.0),
              UserUttered("deux", intent={"name": "thank", "confidence": 0.8}, timestamp=201.0)]
    return DialogueStateTracker.from_events(sender, events, DOMAIN.slots)


def same_reads_as_rasa(store: AmaneTrackerStore) -> None:
    """The plain statements read what Rasa's ORM query reads: no session yet, one session, and two."""
    without_session = DialogueStateTracker.from_events("sender-a", [
        ActionExecuted("action_listen", timestamp=1.0),
        UserUttered("x", intent={"name": "greet", "confidence": 0.9}, timestamp=2.0)], DOMAIN.slots)
    for tracker in (without_session, conversation("sender-b", "bonjour"), two_sessions("sender-c")):
        asyncio.run(store.save(tracker))
        with store.session_scope() as session:
            for all_sessions in (False, True):
                rasa_rows = [row.data for row in store._event_query(session, tracker.sender_id, all_sessions).all()]
                assert store._stored_data(session, tracker.sender_id, all_sessions) == rasa_rows
            # Rasa's rule, quirk included: once a second session is stored, saving the same tracker again counts
            # only that session's events as stored.
            counted = store._event_query(session, tracker.sender_id, False).count()
            for later in (tracker, two_sessions(tracker.sender_id)):
                assert list(store._additional_events(session, later)) == list(later.events)[counted:]
    # Two sessions stored: only the second is read back for a turn, and every event for the full tracker.
    assert [e.text for e in asyncio.run(store.retrieve("sender-c")).events if isinstance(e, UserUttered)] == ["deux"]
    full = asyncio.run(store.retrieve_full_tracker("sender-c"))
    assert [e.as_dict() for e in full.events] == [e.as_dict() for e in two_sessions("sender-c").events]   # in order


def test_the_plain_statements_read_what_rasas_query_reads_on_sqlite(tmp_path: Path) -> None:
    same_reads_as_rasa(store_for(tmp_path / "amane.db"))


def test_the_plain_statements_read_what_rasas_query_reads_on_postgresql(postgres_url: str) -> None:
    from sqlalchemy.engine import make_url

    from tests.conftest import throwaway_postgres_database

    with throwaway_postgres_database(postgres_url, "amane_trackers") as url:
        parts = make_url(url)
        same_reads_as_rasa(AmaneTrackerStore(domain=DOMAIN, dialect="postgresql", host=parts.host, port=parts.port,
                                             db=parts.database, username=parts.username, password=parts.password,
                                             sealer=SEALER))


def test_events_are_read_back_as_rasa_reads_them_looking_each_class_up_once(monkeypatch: pytest.MonkeyPatch,
                                                                            tmp_path: Path) -> None:
    """Rasa walks every subclass of Event for each event read back (about 2 ms for a 40-event tracker, at every turn);
    the store looks each kind up once, and reads the same events."""
    from rasa.shared.core import events as rasa_events

    dumped = [e.as_dict() for e in [*conversation("sender-d", "bonjour").events, *two_sessions("sender-d").events]]
    dumped.append({"event": "topic", "timestamp": 3.0})   # an old event Rasa skips: so does the store
    lookups: list[str] = []
    resolve = rasa_events.Event.resolve_by_type

    def counted(type_name: str, default: Any = None) -> Any:
        lookups.append(type_name)
        return resolve(type_name, default)

    monkeypatch.setattr(rasa_events.Event, "resolve_by_type", staticmethod(counted))
    tracker_store._event_class.cache_clear()
    ours = tracker_store.deserialise(dumped)
    assert len(lookups) == len({data["event"] for data in dumped})
    lookups.clear()
    assert [e.as_dict() for e in ours] == [e.as_dict() for e in rasa_events.deserialise_events(dumped)]
    assert len(lookups) == len(dumped)   # Rasa's own: one walk an event
    lookups.clear()
    store = store_for(tmp_path / "amane.db")   # and a turn's read: no walk once each kind is known
    stored = conversation("sender-e", "bonjour")
    asyncio.run(store.save(stored))
    back = asyncio.run(store.retrieve("sender-e"))
    assert back is not None and [e.as_dict() for e in back.events] == [e.as_dict() for e in stored.events]
    assert lookups == []
    tracker_store._event_class.cache_clear()
