"""A stand-in for Rasa's agent in the channel tests: one plain answer a turn, saying what the pipeline decided.

The channel tests are about what reaches the providers, not about Rasa: the answer names the reply language
the pipeline chose ("answer in en") so that a test can check it without a trained model. Its tracker store is
the real sealed one, which the exit word erases.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.shared.core.domain import Domain

from bot.store.sealing import Sealer
from bot.store.tracker_store import AmaneTrackerStore

ANSWER = "answer in {language}"


class AnsweringAgent:
    def __init__(self, database: Path, sealer: Sealer) -> None:
        self.tracker_store = AmaneTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(database),
                                               sealer=sealer)
        self.turns: list[str] = []   # the texts Rasa would have read, in order

    async def handle_message(self, message: UserMessage) -> None:
        self.turns.append(message.text or "")
        language = (message.metadata or {}).get("language", "?")
        await message.output_channel.send_response(message.sender_id, {"text": ANSWER.format(language=language)})

    async def log_message(self, message: UserMessage) -> Any:  # an officer holds the chat: never in these tests
        raise AssertionError("the channel tests never hand a chat to an officer")
