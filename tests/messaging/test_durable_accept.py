"""SQLite commits without waiting for the disk (WAL with synchronous=NORMAL: safe against a crash of the process),
except where something was promised to someone who will not send it again: a provider's message is on the disk
before the webhook's 200 (synchronous=FULL for that commit, then NORMAL again)."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event

from bot.conversation.messages import IncomingMessage
from bot.messaging.inbox import Inbox
from bot.settings import get_settings
from bot.store import InboundMessage, session_scope
from bot.store.db import get_engine
from tests.messaging.conftest import RecordingAdapter, settings_sealer

NORMAL, FULL = 1, 2


@pytest.fixture
def commit_levels(database_url: str) -> Iterator[list[int]]:
    """The synchronous level each commit on the settings' database ran with, in order."""
    levels: list[int] = []

    def at_commit(connection) -> None:  # type: ignore[no-untyped-def]
        levels.append(connection.connection.dbapi_connection.execute("PRAGMA synchronous").fetchone()[0])

    engine = get_engine(database_url)
    event.listen(engine, "commit", at_commit)
    yield levels
    event.remove(engine, "commit", at_commit)


def test_a_commit_waits_for_the_disk_only_when_asked_and_the_connection_goes_back_to_normal(
        commit_levels: list[int]) -> None:
    with session_scope() as session:
        session.query(InboundMessage).delete()
    with session_scope(durable=True) as session:
        session.query(InboundMessage).delete()
    with session_scope() as session:
        session.query(InboundMessage).delete()
    assert commit_levels == [NORMAL, FULL, NORMAL]


def test_a_failed_durable_transaction_leaves_no_connection_waiting_for_the_disk(commit_levels: list[int]) -> None:
    with pytest.raises(RuntimeError), session_scope(durable=True) as session:
        session.query(InboundMessage).delete()
        raise RuntimeError("boom")
    for _ in range(3):   # whichever pooled connection comes next
        with session_scope() as session:
            session.query(InboundMessage).delete()
    assert commit_levels == [NORMAL] * 3


def test_a_providers_message_is_on_the_disk_before_it_is_acknowledged(commit_levels: list[int]) -> None:
    inbox = Inbox(get_settings(), settings_sealer(), {"whatsapp": RecordingAdapter("whatsapp")})
    assert inbox.accept(IncomingMessage(channel="whatsapp", sender="212600000001", text="help",
                                        external_id="wamid.durable1"))
    assert commit_levels == [FULL]
