"""SQLite commits without waiting for the disk (WAL with synchronous=NORMAL: safe against a crash of the process),
except where something was promised to someone who will not send it again: an officer's message (synchronous=FULL
for that commit, then NORMAL again), and a provider's message, on the disk before the webhook's 200 (committed with
NORMAL, then the write-ahead log flushed: the write lock is not held while the disk is waited for)."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from bot.conversation.messages import IncomingMessage
from bot.messaging.inbox import Inbox
from bot.settings import get_settings
from bot.store import InboundMessage, db, session_scope
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


def test_a_providers_message_is_on_the_disk_before_it_is_acknowledged(commit_levels: list[int],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Committed without waiting for the disk while SQLite's write lock is held (every other writer would wait too),
    then its write-ahead log flushed to the disk before accept returns (and the webhook answers 200)."""
    flushed: list[tuple[str, int]] = []
    fsync = os.fsync

    def recording_fsync(descriptor: int) -> None:
        flushed.append((os.readlink(f"/proc/self/fd/{descriptor}"), len(commit_levels)))
        fsync(descriptor)

    monkeypatch.setattr(db.os, "fsync", recording_fsync)
    inbox = Inbox(get_settings(), settings_sealer(), {"whatsapp": RecordingAdapter("whatsapp")})
    assert inbox.accept(IncomingMessage(channel="whatsapp", sender="212600000001", text="help",
                                        external_id="wamid.durable1"))
    assert commit_levels == [NORMAL]
    log = str(Path(make_url(get_settings().database_url).database or "").resolve()) + "-wal"
    assert flushed == [(log, 1)]   # the log, after the one commit


def test_a_message_taken_as_it_is_stored_may_be_answered_before_it_is_on_the_disk_but_not_sent(
        database_url: str) -> None:
    """The mark the worker waits for before sending (bot/messaging/worker.py) is set only once the flush returned."""
    inbox = Inbox(get_settings(), settings_sealer(), {"whatsapp": RecordingAdapter("whatsapp")})
    received = inbox.receive(IncomingMessage(channel="whatsapp", sender="212600000002", text="help",
                                             external_id="wamid.durable2"), take=True)
    assert received.claimed is not None and received.claimed.on_disk is not None
    assert not received.claimed.on_disk.is_set()
    inbox.make_durable(received)
    assert received.claimed.on_disk.is_set()


def test_a_row_the_worker_claims_is_on_the_disk_before_it_is_answered(database_url: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A webhook commits, then waits for the disk: a claim in that moment makes sure of the disk itself."""
    flushed: list[str] = []
    fsync = os.fsync

    def recording_fsync(descriptor: int) -> None:
        flushed.append(os.readlink(f"/proc/self/fd/{descriptor}"))
        fsync(descriptor)

    inbox = Inbox(get_settings(), settings_sealer(), {"whatsapp": RecordingAdapter("whatsapp")})
    inbox.receive(IncomingMessage(channel="whatsapp", sender="212600000003", text="help",
                                  external_id="wamid.durable3"))   # committed; its webhook not yet past the flush
    monkeypatch.setattr(db.os, "fsync", recording_fsync)
    assert len(inbox.claim(1)) == 1
    assert flushed == [str(Path(make_url(database_url).database or "").resolve()) + "-wal"]
    assert inbox.claim(1) == [] and len(flushed) == 1   # nothing taken: nothing to wait for
