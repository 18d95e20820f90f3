"""Retention purge: old conversations without an open case go; open cases stay; counts survive."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

from sqlalchemy import text

from bot.conversation.retention import purge_expired
from bot.settings import ROOT, get_settings
from bot.store import Case, CaseMessage, Conversation, InboundMessage, create_schema, session_scope
from bot.store.db import get_engine
from bot.store.models import AggregateCount, utcnow


def conversation(session, conversation_id: str, days_ago: float) -> None:  # type: ignore[no-untyped-def]
    session.add(Conversation(id=conversation_id, channel="whatsapp", language="ary",
                             last_message_at=utcnow() - timedelta(days=days_ago)))
    session.add(InboundMessage(channel="whatsapp", external_id=f"h-{conversation_id}",
                               conversation_id=conversation_id))
    session.execute(text("INSERT INTO events (sender_id, data) VALUES (:s, 'sealed')"), {"s": conversation_id})


def test_purge_keeps_recent_and_open_cases_and_counts_what_it_deletes() -> None:
    settings = get_settings()
    create_schema(settings.database_url)
    with get_engine(settings.database_url).begin() as connection:
        connection.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, data TEXT)"))
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
        events = [row[0] for row in session.execute(text("SELECT sender_id FROM events ORDER BY sender_id"))]
        assert events == ["old_open_case", "recent"]
        closed_case = session.query(Case).filter(Case.status == "closed").one()
        assert closed_case.conversation_id is None and closed_case.priority == "normal"
        assert session.query(CaseMessage).count() == 0
        [count] = session.query(AggregateCount).all()
        assert (count.channel, count.language, count.metric, count.value) == ("whatsapp", "ary",
                                                                             "purged_conversations", 2)
    assert purge_expired(settings) == 0


def test_purge_command_runs_on_an_empty_trial(tmp_path) -> None:  # type: ignore[no-untyped-def]
    completed = subprocess.run([sys.executable, "-m", "bot", "purge"], cwd=ROOT, capture_output=True, text=True,
                               env={**os.environ, "AMANE_DATA_DIR": str(tmp_path)}, timeout=120)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert completed.stdout.strip() == "0 conversations deleted"
