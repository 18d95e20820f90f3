"""A received message whose processing keeps failing is neither retried for ever nor lost: it becomes a case."""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from bot.conversation.messages import IncomingMessage
from bot.messaging import inbox as inbox_module
from bot.messaging.inbox import Inbox
from bot.settings import get_settings
from bot.store import Case, CaseMessage, InboundMessage, create_schema, session_scope
from bot.store.sealing import Sealer, new_key

SEALER = Sealer([new_key()])


class BrokenAgent:
    """Rasa failing on this message every time (a bug, a model that cannot load it)."""

    def __init__(self) -> None:
        self.calls = 0

    async def handle_message(self, message: Any) -> None:
        self.calls += 1
        raise RuntimeError("boom")


async def test_a_message_that_keeps_failing_goes_to_the_desk_after_a_few_tries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inbox_module, "PROCESSING_RETRY_DELAY", timedelta(seconds=-1))  # retry at once
    settings = get_settings()
    create_schema(settings.database_url)
    inbox, agent = Inbox(settings, SEALER, {"whatsapp": object()}), BrokenAgent()
    assert inbox.accept(IncomingMessage("whatsapp", "212600000077", "they keep my papers", external_id="wamid.BROKEN1"))
    for _ in range(5):  # written out: five tries, not whatever the constant says
        with pytest.raises(RuntimeError):
            await inbox.process_pending(agent)
    assert agent.calls == 5
    with session_scope() as session:
        assert session.query(Case).count() == 0
    assert await inbox.process_pending(agent) == 0   # given up: no sixth try
    assert agent.calls == 5
    with session_scope() as session:
        [row] = session.query(InboundMessage).all()
        [case] = session.query(Case).all()
        [trigger] = session.query(CaseMessage).all()
        assert (row.status, row.attempts) == ("failed", 6)   # five tries, and the sixth that gave up
        assert json.loads(SEALER.open(row.sealed_message))["text"] == "they keep my papers"  # kept, sealed
        assert (case.conversation_id, case.status, json.loads(case.reasons)) == (row.conversation_id, "new",
                                                                                 ["unprocessed"])
        assert SEALER.open(trigger.sealed_text) == "they keep my papers"
    assert await inbox.process_pending(agent) == 0
