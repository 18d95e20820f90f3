"""Runs Rasa's NLU graph off the event loop: a long message no longer stalls every other conversation.

Rasa 3.6 parses a message synchronously inside its async `MessageProcessor.parse_message`: for a text of
the longest allowed length (4096 characters) the graph (the risk cues above all) takes most of a second of
CPU, during which the server answers nobody (bench/webchat_abuse.py prints the stall). Here the graph runs
in one dedicated thread: parses stay one at a time, in order, as they were on the loop, so the components
see no concurrency they did not see before; the loop serves other requests meanwhile.
"""
from __future__ import annotations

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from rasa.core.processor import MessageProcessor
from rasa.shared.core.trackers import DialogueStateTracker

_ORIGINAL = MessageProcessor.parse_message
_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="amane-nlu")


async def _parse_message(self: MessageProcessor, message: Any, tracker: DialogueStateTracker | None = None,
                         only_output_properties: bool = True) -> dict[str, Any]:
    # Rasa's parse_message, with its one synchronous call (the graph) awaited from the NLU thread.
    if self.http_interpreter:
        return await _ORIGINAL(self, message, tracker, only_output_properties)
    if tracker is None:
        tracker = DialogueStateTracker.from_events(message.sender_id, [])
    parse = functools.partial(self._parse_message_with_graph, message, tracker, only_output_properties)
    parse_data = await asyncio.get_running_loop().run_in_executor(_EXECUTOR, parse)
    self._update_full_retrieval_intent(parse_data)
    self._check_for_unseen_features(parse_data)
    return parse_data


def parse_messages_off_the_loop() -> None:
    """Install (idempotent). Called once when the server is built."""
    MessageProcessor.parse_message = _parse_message


def parse_messages_on_the_loop() -> None:
    """Rasa's own again (tests)."""
    MessageProcessor.parse_message = _ORIGINAL


__all__ = ["parse_messages_off_the_loop", "parse_messages_on_the_loop"]
