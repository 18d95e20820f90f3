"""Two first messages of one person stored at once (two webhooks in two threads or replicas) both open the
conversation: the second must take the row the first made, not fail, or its webhook would take the failure for a
delivery seen before and drop the message. PostgreSQL is where two transactions meet on the key (SQLite lets one
writer in at a time)."""
from __future__ import annotations

import threading
import time

from bot.conversation.records import ensure_conversation
from bot.store import Conversation, create_schema, session_scope
from bot.store.db import _session_factory
from tests.conftest import throwaway_postgres_database


def test_a_conversation_opened_twice_at_once_is_one_conversation(postgres_url: str) -> None:
    with throwaway_postgres_database(postgres_url, "amane_first_race") as url:
        create_schema(url)
        first = _session_factory(url)()
        ensure_conversation(first, "c-1", "whatsapp")   # inserted, not committed: the second insert waits on it
        outcome: list[object] = []

        def second() -> None:
            try:
                with session_scope(url) as session:
                    outcome.append(ensure_conversation(session, "c-1", "whatsapp").id)
            except Exception as error:  # noqa: BLE001 (the failure is what the test looks for)
                outcome.append(error)

        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)   # the second transaction is now waiting on the first one's key
        first.commit()
        first.close()
        thread.join(10)
        assert outcome == ["c-1"]
        with session_scope(url) as session:
            assert session.query(Conversation).count() == 1
