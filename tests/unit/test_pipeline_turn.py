"""The start of a web chat turn: the message's id is noted in the turn's first transaction (one disk flush before
Rasa, not two), retries are still answered once, and a turn that could not start leaves no trace that would make
the page's retry look like a duplicate."""
from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from sqlalchemy import event

from bot.conversation import control, events
from bot.conversation import pipeline as pipeline_module
from bot.conversation.events import CaseChanged, CaseOpened
from bot.conversation.messages import IncomingMessage
from bot.conversation.pipeline import Outcome, Pipeline
from bot.settings import get_settings
from bot.store import Case, InboundMessage, create_schema, session_scope
from bot.store.db import get_engine
from bot.store.sealing import Sealer, new_key
from tests.fakes.agent import AnsweringAgent


class CountingAgent(AnsweringAgent):
    """Notes how many transactions the process had committed when Rasa was handed the message."""

    def __init__(self, database: Path, sealer: Sealer) -> None:
        super().__init__(database, sealer)
        self.commits = 0
        self.commits_after_rasa = 0
        self.commits_before_rasa: list[int] = []

    async def handle_message(self, message: UserMessage) -> None:
        self.commits_before_rasa.append(self.commits)
        await super().handle_message(message)
        self.commits_after_rasa = self.commits


def pipeline_with(agent_class: type[CountingAgent]) -> Iterator[tuple[Pipeline, CountingAgent]]:
    settings = get_settings()
    create_schema(settings.database_url)
    agent = agent_class(settings.data_dir / "trackers.db", Sealer([new_key()]))

    def count(_connection: Any) -> None:
        agent.commits += 1

    event.listen(get_engine(settings.database_url), "commit", count)
    yield Pipeline(settings, agent), agent
    event.remove(get_engine(settings.database_url), "commit", count)


@pytest.fixture
def turn() -> Iterator[tuple[Pipeline, CountingAgent]]:
    yield from pipeline_with(CountingAgent)


def say(pipeline: Pipeline, text: str, message_id: str | None) -> Outcome:
    message = IncomingMessage("webchat", "turn-sender-0001", text, message_id)
    return asyncio.run(pipeline.handle(message, CollectingOutputChannel()))


def test_a_message_with_an_id_is_noted_in_one_transaction_before_rasa(turn: tuple[Pipeline, CountingAgent]) -> None:
    pipeline, agent = turn
    assert say(pipeline, "bonjour", "m-1").status == "processed"
    assert agent.commits_before_rasa == [1]
    with session_scope() as session:
        assert session.query(InboundMessage).count() == 1


def test_a_retried_message_is_answered_once(turn: tuple[Pipeline, CountingAgent]) -> None:
    pipeline, agent = turn
    assert say(pipeline, "bonjour", "m-2").status == "processed"
    assert say(pipeline, "bonjour", "m-2").status == "duplicate"
    assert say(pipeline, "merci", "m-3").status == "processed"
    assert agent.turns == ["bonjour", "merci"]


def test_a_turn_that_could_not_start_is_answered_when_the_page_retries(
        turn: tuple[Pipeline, CountingAgent], monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline, agent = turn

    def unavailable(_session: Any) -> bool:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(pipeline_module, "someone_on_duty", unavailable)
    with pytest.raises(RuntimeError):
        say(pipeline, "mon patron garde mon passeport", "m-4")
    monkeypatch.undo()
    assert say(pipeline, "mon patron garde mon passeport", "m-4").status == "processed"
    assert agent.turns == ["mon patron garde mon passeport"]


def test_the_exit_word_with_an_id_still_wipes(turn: tuple[Pipeline, CountingAgent]) -> None:
    pipeline, agent = turn
    say(pipeline, "bonjour", "m-5")
    assert say(pipeline, get_settings().exit_word, "m-6").status == "wiped"
    assert agent.turns == ["bonjour"]
    with session_scope() as session:
        assert session.query(InboundMessage).count() == 0


class EscalatingAgent(CountingAgent):
    """Answers like the disclosure action: a reply, and the control payload that opens a case."""

    async def handle_message(self, message: UserMessage) -> None:
        await super().handle_message(message)
        await message.output_channel.send_response(message.sender_id, {"custom": {
            control.KEY: "escalate", "risk": {"priority": "high", "indicators": ["retention_of_documents"]},
            "intent": "disclose_exploitation"}})


@pytest.fixture
def escalating() -> Iterator[tuple[Pipeline, CountingAgent]]:
    yield from pipeline_with(EscalatingAgent)


def test_what_the_actions_asked_and_the_activity_mark_are_one_transaction(
        escalating: tuple[Pipeline, CountingAgent]) -> None:
    pipeline, agent = escalating
    heard: list[object] = []
    events.subscribe(CaseOpened, heard.append)
    events.subscribe(CaseChanged, heard.append)
    try:
        assert say(pipeline, "mon patron garde mon passeport", "m-7").status == "processed"
    finally:
        events.unsubscribe(CaseOpened, heard.append)
        events.unsubscribe(CaseChanged, heard.append)
    assert agent.commits - agent.commits_after_rasa == 1
    with session_scope() as session:
        case = session.query(Case).one()
        assert case.priority == "high" and case.last_activity_at is not None
        assert case.indicators == '["retention_of_documents"]'
    # Once the turn is stored, the desk's views refresh and the officers' group hears of the new case, once.
    assert heard == [CaseChanged(case.id), CaseOpened(case.id, "high", case.language, "webchat")]
    assert say(pipeline, "merci", "m-8").status == "processed"
    assert agent.commits - agent.commits_after_rasa == 1
    with session_scope() as session:
        assert session.query(Case).count() == 1
