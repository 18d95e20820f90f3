"""Alembic's environment: migrates the connection bot.store.migrations hands over; there is no URL or ini here."""
from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from bot.store.migrations import include_name, target_metadata

connection = context.config.attributes.get("connection")
if context.is_offline_mode() or not isinstance(connection, Connection):
    raise RuntimeError("migrations run through bot.store.migrations (`python -m bot migrate`), which passes "
                       "the database connection; alembic's own command line and --sql are not set up")

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    # Our tables only: Rasa's `events` lives in the same database and must never appear in a revision.
    include_name=include_name,
    # SQLite changes a column only by copying the table: autogenerate then writes batch operations.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_server_default=True,
)
# The caller holds the transaction (bot.store.migrations._migration_connection): this one joins it.
with context.begin_transaction():
    context.run_migrations()
