"""The one database engine and session factory of the process, and the schema kept at the newest migration."""
from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from bot.settings import get_settings

# Database URL -> the revision this process migrated it to: create_schema migrates each database once.
_migrated: dict[str, str] = {}
# Two threads of one process do not migrate at once (processes: see bot.store.migrations).
_migrating = threading.Lock()

@functools.cache
def get_engine(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        options: dict[str, Any] = {"connect_args": {"timeout": 30}}
        if url.database and url.database != ":memory:":
            # Connections are kept (SQLAlchemy 1.4 opens one per transaction for a file database): when the last
            # connection to a database closes, SQLite checkpoints its write-ahead log and waits for the disk, which
            # made every session of a turn pay a disk flush (bench/load.py). A session holds its connection alone,
            # so one may pass between threads.
            # As many kept as the process has threads that open sessions at once (the loop, asyncio's default
            # executor of up to 6 threads, the NLU thread, the action server's calls): past pool_size a connection is
            # opened, set up and closed per transaction (1.6% of a WhatsApp turn's CPU in a profile at 5).
            options = {"poolclass": QueuePool, "pool_size": 16, "max_overflow": 16,
                       "connect_args": {"timeout": 30, "check_same_thread": False}}
        engine = create_engine(database_url, future=True, **options)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            # WAL lets the action server read while the Rasa server writes.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            # With WAL, NORMAL writes each commit to the log without waiting for the disk (~2 ms a commit here,
            # held under SQLite's one write lock: a turn's dozen commits made writers queue and sleep in
            # SQLite's busy handler, on the event loop too; bench/load.py). A commit is then safe against a
            # crash of this process (kill -9: the log is in the OS's cache) and the database never corrupt, but
            # a power cut or OS crash may undo the last commits. What was promised to someone else is made
            # durable anyway: session_scope(durable=True) (a provider's message before its 200).
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "checkin")
        def _back_to_normal(dbapi_connection, record):  # type: ignore[no-untyped-def]
            if record.info.pop(_DURABLE, False):
                dbapi_connection.execute("PRAGMA synchronous=NORMAL")

        return engine
    return create_engine(database_url, future=True, pool_pre_ping=True)


def create_schema(database_url: str | None = None) -> None:
    """The project's tables at the newest migration (see bot/store/migrations); cheap when they already are."""
    migrate(database_url)


def migrate(database_url: str | None = None) -> str:
    """Runs the migrations the database lacks and returns the revision it is at.

    Once per database and process: the server, commands and tests call create_schema freely.
    """
    url = database_url or get_settings().database_url
    with _migrating:
        if url not in _migrated:
            # Imported here: Alembic is needed once per process, not by every user of a session.
            from bot.store.migrations import upgrade

            _migrated[url] = upgrade(get_engine(url))
        return _migrated[url]


@functools.cache
def _session_factory(database_url: str) -> sessionmaker:
    return sessionmaker(bind=get_engine(database_url), future=True, expire_on_commit=False)


@contextmanager
def session_scope(database_url: str | None = None, durable: bool = False) -> Iterator[Session]:
    """A transaction: committed when the block ends, rolled back on error.

    `durable`: the commit reaches the disk before the block returns, also on SQLite (where other commits may be
    undone by a power cut: see get_engine). For what is acknowledged to someone who will not send it again.
    """
    session = _session_factory(database_url or get_settings().database_url)()
    try:
        if durable:
            _commit_to_disk(session)
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


_DURABLE = "amane_durable"


def _commit_to_disk(session: Session) -> None:
    """SQLite: this transaction's commit waits for the disk (synchronous=FULL, which in WAL mode also carries every
    earlier commit to the disk); the connection is set back to NORMAL when it returns to the pool. SQLite refuses
    the change inside a transaction: it is the session's first statement (the driver begins on the first write)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return   # PostgreSQL: every commit is durable (synchronous_commit on)
    connection.exec_driver_sql("PRAGMA synchronous=FULL")
    connection.connection.info[_DURABLE] = True


def sync_to_disk(database_url: str) -> None:
    """Everything committed so far on this database reaches the disk, without holding SQLite's write lock meanwhile.

    A commit with synchronous=FULL waits for the disk (~4 ms here) while it holds the one write lock, so every other
    writer of the process waits too (bench/load.py). Committed with NORMAL, a transaction's pages are in the
    write-ahead log (in the OS's cache); flushing that file makes them durable, as FULL would have. A checkpoint that
    ran in between has moved them into the database file and flushed it already (SQLite does, with NORMAL, before the
    log is reused), and with no log left the database file itself is flushed. PostgreSQL commits durably already
    (synchronous_commit on)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return
    for path in (url.database + "-wal", url.database):
        try:
            descriptor = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        return
