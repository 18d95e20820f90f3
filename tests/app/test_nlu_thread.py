"""Rasa's NLU graph runs in its own thread (bot/app/nlu_thread.py): the event loop serves others meanwhile."""
from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor

from bot.app.nlu_thread import parse_messages_off_the_loop, parse_messages_on_the_loop


class GraphProcessor:
    """What parse_message uses of Rasa's processor; the graph blocks until the loop has run something else."""

    http_interpreter = None

    def __init__(self) -> None:
        self.threads: list[str] = []
        self.loop_ran = threading.Event()
        self.checked: list[str] = []

    def _parse_message_with_graph(self, message: UserMessage, tracker: Any, only_output_properties: bool) -> dict:
        self.threads.append(threading.current_thread().name)
        # On the loop this would wait forever: the loop could never run the task that sets the event.
        assert self.loop_ran.wait(timeout=10), "the event loop was blocked while the graph ran"
        return {"text": message.text, "intent": {"name": "greet", "confidence": 0.9}, "entities": []}

    def _update_full_retrieval_intent(self, parse_data: dict) -> None:
        self.checked.append("retrieval")

    def _check_for_unseen_features(self, parse_data: dict) -> None:
        self.checked.append("features")


@pytest.fixture
def installed() -> Iterator[None]:
    parse_messages_off_the_loop()
    yield
    parse_messages_on_the_loop()


async def test_the_graph_runs_off_the_loop_and_the_loop_goes_on(installed: None) -> None:
    processor = GraphProcessor()

    async def meanwhile() -> None:
        await asyncio.sleep(0)
        processor.loop_ran.set()

    other = asyncio.ensure_future(meanwhile())
    parsed = await MessageProcessor.parse_message(processor, UserMessage("hello", sender_id="s1"))  # type: ignore[arg-type]
    await other
    assert parsed["intent"]["name"] == "greet" and parsed["text"] == "hello"
    assert processor.threads == ["amane-nlu_0"] and processor.checked == ["retrieval", "features"]


def test_installing_is_reversible() -> None:
    original = MessageProcessor.parse_message
    parse_messages_off_the_loop()
    assert MessageProcessor.parse_message is not original
    parse_messages_on_the_loop()
    assert MessageProcessor.parse_message is original
