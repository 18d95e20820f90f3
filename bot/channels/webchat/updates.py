"""What the web chat page waits for while it is open: officers' messages, and whether an officer holds the chat.

The page says whether it last saw the chat held (`held`); the answer comes as soon as there are messages or that
changed, so "a person has joined" shows when an officer takes the chat over, before their first message.
"""
from __future__ import annotations

import time
from typing import Any

from bot import pubsub
from bot.conversation.cases import officer_holds
from bot.conversation.privacy import pseudonymise_sender
from bot.messaging.outbox import take_webchat_messages
from bot.settings import Settings
from bot.store import session_scope
from bot.store.sealing import sealer_for

# The database is looked at this often anyway, for a change made through another replica.
RECHECK_SECONDS = 2.0


async def wait_for_updates(settings: Settings, sender: str, after: int, wait: float,
                           known_held: bool | None = None) -> dict[str, Any]:
    """{"messages": [...]} as soon as there are some, or after `wait` seconds; with `known_held` (what the page
    last saw), also "held", and the answer comes as soon as it differs."""
    conversation_id = pseudonymise_sender("webchat", sender, settings.pseudonym_key)
    sealer = sealer_for(settings.sealing_keys)
    deadline = time.monotonic() + wait
    while True:
        with session_scope(settings.database_url) as session:
            messages = take_webchat_messages(session, sealer, conversation_id, after)
            held = officer_holds(session, conversation_id) if known_held is not None else None
        remaining = deadline - time.monotonic()
        if messages or remaining <= 0 or held != known_held:
            return {"messages": messages} if held is None else {"messages": messages, "held": held}
        # Woken at once by an officer's reply or take-over in this process.
        await pubsub.wait([pubsub.conversation_topic(conversation_id)], timeout=min(RECHECK_SECONDS, remaining))
