"""Retention purge: old conversations without an open case go; open cases stay; counts survive.

The tracker is Rasa's own: saved through our AmaneTrackerStore (Rasa's SQLTrackerStore, sealed) into the
table Rasa creates, so the purge is checked against the schema the server really writes.
"""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import timedelta

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.conversation.retention import purge_expired
from bot.settings import ROOT, get_settings
from bot.store import Case, CaseMessage, Conversation, InboundMessage, create_schema, session_scope
from bot.store.models import AggregateCount, utcnow
from bot.store.sealing import Sealer, new_key
from bot.store.tracker_store import AmaneTrackerStore

SEALER = Sealer([new_key()])
SENDERS = ("old", "old_open_case", "old_closed_case", "recent")


def tracker_store() -> AmaneTrackerStore:
    """As the server builds it: Rasa's SQL tracker store on our database file (Rasa creates `events` itself)."""
    database = get_settings().database_url.split("sqlite:///", 1)[1]
    return AmaneTrackerStore(domain=Domain.empty(), dialect="sqlite", db=database, sealer=SEALER)


def save_tracker(store: AmaneTrackerStore, sender_id: str) -> None:
    tracker = DialogueStateTracker.from_events(sender_id, [
        ActionExecuted("action_listen"),
        UserUttered(f"message of {sender_id}", intent={"name": "greet", "confidence": 0.9}),
        ActionExecuted("utter_greet"),
        BotUttered("Bonjour"),
    ])
    asyncio.run(store.save(tracker))


def events_by_sender(store: AmaneTrackerStore) -> dict[str, int]:
    """Rows in Rasa's events table, read through Rasa's own model of it."""
    with store.session_scope() as session:
        senders = [row.sender_id for row in session.query(store.SQLEvent.sender_id)]
    return {sender: senders.count(sender) for sender in sorted(set(senders))}


def conversation(session, conversation_id: str, days_ago: float) -> None:  # type: ignore[no-untyped-def]
    session.add(Conversation(id=conversation_id, channel="whatsapp", language="ary",
                             last_message_at=utcnow() - timedelta(days=days_ago)))
    session.add(InboundMessage(channel="whatsapp", external_id=f"h-{conversation_id}",
                               conversation_id=conversation_id))


def test_purge_keeps_recent_and_open_cases_and_counts_what_it_deletes() -> None:
    settings = get_settings()
    create_schema(settings.database_url)
    store = tracker_store()
    for sender in SENDERS:
        save_tracker(store, sender)
    # Four events saved per tracker, as written above: the table is Rasa's and holds them.
    assert events_by_sender(store) == {"old": 4, "old_closed_case": 4, "old_open_case": 4, "recent": 4}
    with session_scope() as session:
        conversation(session, "old", 45)
        conversation(session, "old_open_case", 45)
        conversation(session, "old_closed_case", 45)  # same month as "old": one count row
        conversation(session, "recent", 3)
        session.add(Case(conversation_id="old_open_case", channel="whatsapp", language="ary", priority="high"))
        closed = Case(conversation_id="old_closed_case", channel="whatsapp", language="ary", priority="normal",
                      status="closed")
        session.add(closed)
        session.flush()
        session.add(CaseMessage(case_id=closed.id, sealed_text="sealed"))

    assert purge_expired(settings) == 2

    with session_scope() as session:
        assert sorted(c.id for c in session.query(Conversation).all()) == ["old_open_case", "recent"]
        assert sorted(m.conversation_id for m in session.query(InboundMessage).all()) == ["old_open_case", "recent"]
        closed_case = session.query(Case).filter(Case.status == "closed").one()
        assert closed_case.conversation_id is None and closed_case.priority == "normal"
        assert session.query(CaseMessage).count() == 0
        [count] = session.query(AggregateCount).all()
        assert (count.channel, count.language, count.metric, count.value) == ("whatsapp", "ary",
                                                                             "purged_conversations", 2)
    # The trackers went with their conversations; Rasa still reads the others back.
    assert events_by_sender(store) == {"old_open_case": 4, "recent": 4}
    assert asyncio.run(store.retrieve("old")) is None
    assert asyncio.run(store.retrieve("old_closed_case")) is None
    kept = asyncio.run(store.retrieve("recent"))
    assert kept is not None and kept.latest_message.text == "message of recent"
    assert purge_expired(settings) == 0


def test_purge_command_runs_on_an_empty_trial(tmp_path) -> None:  # type: ignore[no-untyped-def]
    completed = subprocess.run([sys.executable, "-m", "bot", "purge"], cwd=ROOT, capture_output=True, text=True,
                               env={**os.environ, "AMANE_DATA_DIR": str(tmp_path)}, timeout=120)
    assert completed.returncode == 0, completed.stderr[-2000:]
    # The first line is the conversations'; the desk's housekeeping may report on a line of its own.
    assert completed.stdout.splitlines()[0] == "0 conversations deleted"
