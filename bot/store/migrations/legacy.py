"""Databases from before migrations (trial installs): brought to the baseline revision the old way, then stamped.

Before Alembic, `create_schema` made missing tables with `create_all` and added the columns that models had
gained since with ALTER TABLE ... ADD COLUMN. This module keeps that logic for such databases only, and aims it
at the baseline revision's tables, not at today's models: once later revisions exist, bringing an old database
to the models would create what those revisions then try to create again.
"""
from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import Any

from sqlalchemy import Index, MetaData, Table, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.schema import SchemaItem

from bot.store.models import Base


class _Recorder:
    """Stands in for Alembic's `op` while the baseline revision runs: collects the tables instead of creating them."""

    def __init__(self) -> None:
        self.metadata = MetaData()

    def create_table(self, table_name: str, *items: SchemaItem, **kw: Any) -> Table:
        return Table(table_name, self.metadata, *items, **kw)

    def create_index(self, index_name: str, table_name: str, columns: Sequence[str], *, unique: bool = False,
                     **kw: Any) -> Index:
        table = self.metadata.tables[table_name]
        return Index(index_name, *(table.c[name] for name in columns), unique=unique, **kw)

    def f(self, name: str) -> str:
        return name


def baseline_metadata(revision: ModuleType) -> MetaData:
    """The baseline's tables, as its revision's `create_tables(op)` creates them."""
    recorder = _Recorder()
    revision.create_tables(recorder)
    return recorder.metadata


def predates_alembic(connection: Connection, baseline: MetaData) -> bool:
    """Some of our tables exist (the caller knows there is no revision): Rasa's `events` alone does not count."""
    return bool(set(inspect(connection).get_table_names()) & set(baseline.tables))


def bring_to_baseline(connection: Connection, baseline: MetaData) -> list[str]:
    """Missing tables, columns and indexes of the baseline are added; nothing is dropped or changed.

    Returns "table", "table.column" or "index" for each thing added.
    """
    present = set(inspect(connection).get_table_names())
    baseline.create_all(connection)  # checks first: only the missing tables, with their indexes
    added = sorted(set(baseline.tables) - present)
    added += _add_missing_columns(connection, [t for t in baseline.sorted_tables if t.name in present])
    added += _add_missing_indexes(connection, [t for t in baseline.sorted_tables if t.name in present])
    return added


def _add_missing_columns(connection: Connection, tables: list[Table]) -> list[str]:
    """Columns added to a table since the database was created are added to it (create_all only makes tables).

    Every column the models gained before migrations is nullable or has a scalar default in the models; that
    default becomes the column's server default, the only way to add a NOT NULL column to a table with rows.
    """
    quote = connection.dialect.identifier_preparer.quote
    inspector = inspect(connection)
    added = []
    for table in tables:
        present = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in present:
                continue
            kind = column.type.compile(dialect=connection.dialect)
            default = _model_default(table.name, column.name)
            clause = ""
            if default is not None:
                clause = f"{'' if column.nullable else ' NOT NULL'} DEFAULT {_sql_literal(default)}"
            connection.execute(text(f"ALTER TABLE {quote(table.name)} ADD COLUMN {quote(column.name)} {kind}{clause}"))
            added.append(f"{table.name}.{column.name}")
    return added


def _add_missing_indexes(connection: Connection, tables: list[Table]) -> list[str]:
    inspector = inspect(connection)
    added = []
    for table in tables:
        present = {index["name"] for index in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in present:
                index.create(connection)
                added.append(str(index.name))
    return added


def _model_default(table_name: str, column_name: str) -> object:
    """The column's scalar default in the models (a revision carries no Python-side default), or None."""
    table = Base.metadata.tables.get(table_name)
    column = table.c.get(column_name) if table is not None else None
    if column is None or column.default is None or not column.default.is_scalar:
        return None
    return column.default.arg


def _sql_literal(value: object) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"
