"""The one database engine and session factory of the process, and the schema kept at the newest migration."""
from __future__ import annotations

import functools
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
            options = {"poolclass": QueuePool, "connect_args": {"timeout": 30, "check_same_thread": False}}
        engine = create_engine(database_url, future=True, **options)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            # WAL lets the action server read while the Rasa server writes.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

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
def session_scope(database_url: str | None = None) -> Iterator[Session]:
    """A transaction: committed when the block ends, rolled back on error."""
    session = _session_factory(database_url or get_settings().database_url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
