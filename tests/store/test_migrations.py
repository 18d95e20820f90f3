"""Migrations on real databases: the migrated schema is the models', old trial databases and PostgreSQL upgrade,
`python -m bot migrate` works, and Rasa's `events` table is left alone."""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Integer, MetaData, create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url

from bot.settings import ROOT
from bot.store import create_schema
from bot.store import db as store_db
from bot.store.db import get_engine, migrate
from bot.store.migrations import BASELINE, alembic_config, include_name, legacy
from bot.store.models import Base

HEAD = ScriptDirectory.from_config(alembic_config(None)).get_current_head()

# The `cases` table as create_all made it in trial databases before the desk: no taken_over, last_activity_at,
# claimed_at.
OLD_CASES = ("CREATE TABLE cases (id INTEGER NOT NULL, conversation_id VARCHAR(64), "
             "channel VARCHAR(16) NOT NULL, language VARCHAR(8) NOT NULL, priority VARCHAR(8) NOT NULL, "
             "indicators TEXT NOT NULL, reasons TEXT NOT NULL, consent VARCHAR(8) NOT NULL, "
             "status VARCHAR(8) NOT NULL, officer_id INTEGER, created_at {time} NOT NULL, "
             "updated_at {time} NOT NULL, closed_at {time}, PRIMARY KEY (id))")
OLD_CASE_ROWS = ("INSERT INTO cases (id, conversation_id, channel, language, priority, indicators, reasons, consent, "
                 "status, created_at, updated_at) VALUES "
                 "(1, 'c1', 'webchat', 'fr', 'normal', '[]', '[\"risk\"]', 'yes', 'new', '2026-01-01', '2026-01-01'), "
                 "(2, 'c2', 'whatsapp', 'ary', 'urgent', '[]', '[]', 'later', 'closed', '2026-01-02', '2026-01-02')")
# Rasa's tracker store table, created by Rasa in the same database (its shape in Rasa 3.6).
EVENTS = ("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
          "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), "
          "data TEXT)")
EVENT_ROW = "INSERT INTO events (id, sender_id, type_name, data) VALUES (7, 'pseudonym', 'user', 'sealed')"


def differences(engine: Engine, metadata: MetaData = Base.metadata, server_defaults: bool = True) -> list[Any]:
    """Autogenerate's comparison of the database with the models: what a new revision would have to do."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "include_name": include_name, "compare_type": True, "compare_server_default": server_defaults})
        return list(compare_metadata(context, metadata))


def revisions(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))]


def columns(engine: Engine, table: str) -> list[str]:
    return [column["name"] for column in inspect(engine).get_columns(table)]


def shape(engine: Engine, table: str) -> list[tuple[str, str, bool]]:
    return [(column["name"], str(column["type"]), column["nullable"]) for column in inspect(engine).get_columns(table)]


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'amane.db'}"


@pytest.fixture
def postgres_database(postgres_url: str) -> Iterator[str]:
    """A throwaway PostgreSQL database per test, dropped afterwards."""
    name = f"amane_migrations_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    yield url
    get_engine(url).dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_a_database_migrated_from_empty_has_exactly_the_models_tables(sqlite_url: str) -> None:
    create_schema(sqlite_url)
    engine = get_engine(sqlite_url)
    assert differences(engine) == []
    assert revisions(engine) == [HEAD]


def test_the_comparison_sees_a_column_the_migrations_lack(sqlite_url: str) -> None:
    """The check above can fail: a model column that no revision creates is a difference."""
    create_schema(sqlite_url)
    changed = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["cases"].append_column(Column("extra", Integer, nullable=True))
    found = differences(get_engine(sqlite_url), changed)
    assert [(kind, table, column.name) for kind, _schema, table, column in found] == [("add_column", "cases", "extra")]


def test_a_trial_database_from_before_migrations_keeps_its_rows_and_gains_the_new_columns(sqlite_url: str) -> None:
    engine = get_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(text(OLD_CASES.format(time="DATETIME")))
        connection.execute(text(OLD_CASE_ROWS))
        connection.execute(text(EVENTS))
        connection.execute(text(EVENT_ROW))
    assert "alembic_version" not in inspect(engine).get_table_names()

    create_schema(sqlite_url)

    assert {"taken_over", "last_activity_at", "claimed_at"} <= set(columns(engine, "cases"))
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, conversation_id, status, reasons, taken_over, claimed_at "
                                       "FROM cases ORDER BY id")).fetchall()
        assert connection.execute(text("SELECT id, sender_id, data FROM events")).fetchall() == [
            (7, "pseudonym", "sealed")]
    assert [tuple(row) for row in rows] == [(1, "c1", "new", '["risk"]', 0, None), (2, "c2", "closed", "[]", 0, None)]
    assert revisions(engine) == [HEAD]
    # Every other table and index of the models is there too; the added NOT NULL columns carry a server
    # default (the only way to add them to a table with rows), which a database made fresh does not.
    assert differences(engine, server_defaults=False) == []
    del store_db._migrated[sqlite_url]  # as in the next process: once only, nothing more to do
    assert migrate(sqlite_url) == HEAD and revisions(engine) == [HEAD]


def test_a_database_at_head_is_only_read_and_each_process_checks_it_once(sqlite_url: str) -> None:
    assert migrate(sqlite_url) == HEAD
    engine = get_engine(sqlite_url)
    statements: list[str] = []

    def record(_connection: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert migrate(sqlite_url) == HEAD
        assert statements == []  # the same process: not even a query
        del store_db._migrated[sqlite_url]  # as in a new process
        assert migrate(sqlite_url) == HEAD
    finally:
        event.remove(engine, "before_cursor_execute", record)
    written = [s for s in statements if s.lstrip().split()[0].upper() not in {"SELECT", "PRAGMA"}]
    assert statements and written == []


def test_rasa_events_table_next_to_ours_survives_the_migrations_untouched(sqlite_url: str) -> None:
    """Rasa may have made its table before ours: the database is new to us all the same, and `events` stays."""
    engine = get_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(text(EVENTS))
        connection.execute(text(EVENT_ROW))
    before = shape(engine, "events")

    create_schema(sqlite_url)

    assert revisions(engine) == [HEAD]
    assert shape(engine, "events") == before
    with engine.connect() as connection:
        assert connection.execute(text("SELECT id, sender_id, data FROM events")).fetchall() == [
            (7, "pseudonym", "sealed")]
    assert differences(engine) == []  # nor would autogenerate ever write a revision dropping it


def test_the_legacy_path_reads_the_baseline_exactly_as_its_revision_creates_it(sqlite_url: str) -> None:
    """Old databases are brought to the baseline revision's tables (not to later models): the recorder must
    see in 0001 what running 0001 creates."""
    engine = get_engine(sqlite_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), BASELINE)
    scripts = ScriptDirectory.from_config(alembic_config(None))
    baseline = legacy.baseline_metadata(scripts.get_revision(BASELINE).module)
    assert differences(engine, baseline) == []
    assert set(baseline.tables) <= set(Base.metadata.tables)


def test_postgresql_is_migrated_from_empty_to_exactly_the_models(postgres_database: str) -> None:
    create_schema(postgres_database)
    engine = get_engine(postgres_database)
    assert differences(engine) == []
    assert revisions(engine) == [HEAD]


def test_a_postgresql_database_from_before_migrations_is_upgraded(postgres_database: str) -> None:
    engine = get_engine(postgres_database)
    with engine.begin() as connection:
        connection.execute(text(OLD_CASES.format(time="TIMESTAMP WITH TIME ZONE")))
        connection.execute(text(OLD_CASE_ROWS))
        connection.execute(text(EVENTS))
        connection.execute(text(EVENT_ROW))

    create_schema(postgres_database)

    assert {"taken_over", "last_activity_at", "claimed_at"} <= set(columns(engine, "cases"))
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, status, taken_over FROM cases ORDER BY id")).fetchall()
        assert connection.execute(text("SELECT id, sender_id, data FROM events")).fetchall() == [
            (7, "pseudonym", "sealed")]
    assert [tuple(row) for row in rows] == [(1, "new", False), (2, "closed", False)]
    assert revisions(engine) == [HEAD]
    assert differences(engine, server_defaults=False) == []


def test_migrate_command_upgrades_the_trial_database(tmp_path: Path) -> None:
    completed = subprocess.run([sys.executable, "-m", "bot", "migrate"], cwd=ROOT, capture_output=True, text=True,
                               env={**os.environ, "AMANE_DATA_DIR": str(tmp_path)}, timeout=120)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert f"revision {HEAD}" in completed.stdout
    assert str(tmp_path) not in completed.stdout  # the revision, not where the database is
    assert revisions(create_engine(f"sqlite:///{tmp_path / 'amane.db'}")) == [HEAD]


def test_migrate_command_on_postgresql_never_prints_the_password(postgres_database: str) -> None:
    # Trust authentication here ignores the password; it only has to stay out of the output.
    url = make_url(postgres_database).set(password="canary-pw-never-printed").render_as_string(hide_password=False)
    completed = subprocess.run([sys.executable, "-m", "bot", "migrate"], cwd=ROOT, capture_output=True, text=True,
                               env={**os.environ, "AMANE_DATABASE_URL": url}, timeout=120)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert f"revision {HEAD}" in completed.stdout
    assert "canary-pw-never-printed" not in completed.stdout + completed.stderr
    assert revisions(get_engine(postgres_database)) == [HEAD]
