"""Shared pieces of the message path's tests: a recording provider adapter that can be held, and queued replies."""
from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.messaging.messages import OutgoingMessage, SendResult
from bot.messaging.outbox import enqueue
from bot.store import Conversation, create_schema, session_scope
from bot.store.models import utcnow
from bot.store.sealing import Sealer, sealer_for
from tests.conftest import throwaway_postgres_database


def settings_sealer() -> Sealer:
    """The sealer the settings give (the desk opens sealed values with it)."""
    from bot.settings import get_settings

    return sealer_for(get_settings().sealing_keys)


class RecordingAdapter:
    """A provider that records what it was sent; `hold` makes every send wait until `release` (a slow provider)."""

    window_hours: int | None = None

    def __init__(self, name: str = "telegram", results: list[SendResult] | None = None) -> None:
        self.name = name
        self.results = list(results or [])
        self.sent: list[dict] = []
        self._lock = threading.Lock()   # shared by outboxes in several threads
        self.held: asyncio.Event | None = None
        self.waiting = 0
        self.on_send = None   # optional callback(request), run before the answer
        self.held_addresses: set[str] | None = None

    def hold(self, addresses: set[str] | None = None) -> None:
        """Sends to `addresses` (all, when None) wait until release()."""
        self.held = asyncio.Event()
        self.held_addresses = addresses

    def release(self) -> None:
        assert self.held is not None
        self.held.set()

    def build(self, address: str, message: OutgoingMessage) -> list[dict]:
        return [{"chat_id": address, "text": message.text}]

    async def send(self, request: dict) -> SendResult:
        if self.on_send is not None:
            self.on_send(request)
        if self.held is not None and (self.held_addresses is None or request["chat_id"] in self.held_addresses):
            self.waiting += 1
            await self.held.wait()
        await asyncio.sleep(0)   # let other senders in between
        with self._lock:
            self.sent.append(request)
            result = self.results.pop(0) if self.results else SendResult(ok=True, provider_message_id=str(len(self.sent)))
        return result

    def reengagement(self, address: str) -> dict | None:
        return None


def queue_reply(conversation_id: str, adapter: RecordingAdapter, texts: list[str], database_url: str | None = None,
                hours_ago: float = 0.0) -> None:
    """A conversation (created if needed) and the bot's reply in `texts`, queued as if `hours_ago`."""
    sealer = settings_sealer()
    with session_scope(database_url) as session:
        if session.get(Conversation, conversation_id) is None:
            session.add(Conversation(id=conversation_id, channel=adapter.name, language="en",
                                     sealed_address=sealer.seal(f"addr-{conversation_id}")))
            session.flush()
        enqueue(session, sealer, adapter, conversation_id, f"addr-{conversation_id}",
                [OutgoingMessage(text) for text in texts], reply_to=1)
        if hours_ago:
            from bot.store import OutboundMessage

            (session.query(OutboundMessage).filter(OutboundMessage.conversation_id == conversation_id)
             .update({"created_at": utcnow() - timedelta(hours=hours_ago)}, synchronize_session=False))


@pytest.fixture
def database_url() -> str:
    from bot.settings import get_settings

    url = get_settings().database_url
    create_schema(url)
    return url


@pytest.fixture
def postgres_database(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A throwaway PostgreSQL database, made the settings' database for the test, dropped afterwards."""
    from bot.settings import get_settings

    with throwaway_postgres_database(postgres_url, "amane_messaging") as url:
        monkeypatch.setenv("AMANE_DATABASE_URL", url)
        get_settings.cache_clear()
        create_schema(url)
        yield url
