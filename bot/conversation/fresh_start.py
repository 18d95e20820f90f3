"""Handing a chat back to the bot: the tracker events that drop what the bot was waiting for before an officer came.

A form the user was in (the screening) and a pending yes/no question ("are you safe to talk?") are dropped,
so that a "yes" written after an officer's conversation is not taken as the answer to a question asked
before it. Used when an officer closes the case (bot.desk.handoff) and, when the chat came back otherwise
(the officer was deactivated: bot.desk.casework.release_claims_of), on the conversation's next turn
(bot.conversation.pipeline).
"""
from __future__ import annotations

from typing import Any

from rasa.shared.core.events import ActiveLoop, Event, SlotSet

FRESH_START: tuple[Event, ...] = (ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("pending_question", None))


async def append_events(agent: Any, conversation_id: str, *events: Event) -> None:
    """Add events to a conversation's tracker under Rasa's own lock, so they never interleave with a turn."""
    async with agent.lock_store.lock(conversation_id):
        store = agent.tracker_store
        tracker = await store.get_or_create_tracker(conversation_id)
        for event in events:
            tracker.update(event)
        await store.save(tracker)
