"""`python -m bot reseal`: re-encrypt every sealed value under the newest sealing key, so old keys can be dropped.

What is sealed is found by name, not listed: every column of the project's tables whose name starts with
`sealed_`, outbound_messages.provider_message_ids, and the `data` column of Rasa's tracker `events`.
Rows are read in primary-key order, a batch per transaction. A value that already opens with the newest
key is left as it is, so a run that stopped half-way can simply be run again. Only counts are printed.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import Column, Integer, Table, Text, and_, column, inspect, select, table, update
from sqlalchemy.sql.expression import TableClause

from bot.settings import Settings
from bot.store import session_scope  # importing bot.store registers every model on Base
from bot.store.db import get_engine
from bot.store.models import Base
from bot.store.sealing import Sealer

BATCH_SIZE = 500
SEALED_PREFIX = "sealed_"
# Sealed columns whose name does not say so (kept for compatibility with existing databases).
OTHER_SEALED = {("outbound_messages", "provider_message_ids")}
# Rasa's tracker events (bot/store/tracker_store.py): not one of our models, so described here.
TRACKER_EVENTS = table("events", column("id", Integer), column("data", Text))


@dataclass(frozen=True)
class Target:
    """One sealed column, with the single-column key its rows are walked by."""

    table: TableClause
    key: str
    column: str

    @property
    def name(self) -> str:
        return f"{self.table.name}.{self.column}"


@dataclass
class Counts:
    resealed: int = 0
    current: int = 0            # already sealed with the newest key
    unopenable: int = 0         # opens with no configured key: the old key must not be dropped
    changed: int = 0            # rewritten by the server while we worked: left to the server's new value


def sealed_targets() -> list[Target]:
    """Every sealed column of the project's tables (by name), then Rasa's tracker events."""
    targets = []
    for model_table in Base.metadata.sorted_tables:
        for model_column in model_table.columns:
            if model_column.name.startswith(SEALED_PREFIX) or (model_table.name, model_column.name) in OTHER_SEALED:
                targets.append(Target(model_table, _single_key(model_table), model_column.name))
    targets.append(Target(TRACKER_EVENTS, "id", "data"))
    return targets


def _single_key(model_table: Table) -> str:
    keys: list[Column] = list(model_table.primary_key.columns)
    if len(keys) != 1:
        raise ValueError(f"{model_table.name} has a sealed column but no single-column primary key")
    return keys[0].name


def reseal_all(settings: Settings, out: TextIO | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Reseal every target; print one line of counts per column. 0 when every value now opens with the newest key."""
    out = out or sys.stdout
    keys = settings.sealing_keys
    sealer, newest = Sealer(keys), Fernet(keys[0])
    present = set(inspect(get_engine(settings.database_url)).get_table_names())
    unopenable = 0
    for target in sealed_targets():
        if target.table.name not in present:
            continue  # e.g. no tracker events before the server first ran
        counts = reseal_column(settings.database_url, target, sealer, newest, batch_size)
        unopenable += counts.unopenable
        changed = f", {counts.changed} rewritten by the server meanwhile" if counts.changed else ""
        print(f"{target.name}: {counts.resealed} resealed, {counts.current} already current, "
              f"{counts.unopenable} cannot be opened{changed}", file=out)
    if unopenable:
        print(f"{unopenable} sealed values open with none of the keys in AMANE_SEALING_KEYS: they were left as "
              "they are. Do not remove any key yet; find the key that sealed them, add it, and run reseal again.",
              file=out)
        return 1
    if len(keys) > 1:
        print("every sealed value now opens with the newest key: the older keys can be removed", file=out)
    return 0


def reseal_column(database_url: str, target: Target, sealer: Sealer, newest: Fernet,
                  batch_size: int = BATCH_SIZE) -> Counts:
    counts = Counts()
    key, value = target.table.c[target.key], target.table.c[target.column]
    last: object | None = None
    while True:
        with session_scope(database_url) as session:
            query = select(key, value).where(value.isnot(None), value != "").order_by(key).limit(batch_size)
            if last is not None:
                query = query.where(key > last)
            rows = session.execute(query).all()
            for row_key, sealed in rows:
                fresh = _resealed(sealed, sealer, newest, counts)
                if fresh is None:
                    continue
                # Only if the value is still the one read: the server may have rewritten it meanwhile
                # (an outbox row emptied once sent), and its newer value is already under the newest key.
                result = session.execute(update(target.table).where(and_(key == row_key, value == sealed))
                                         .values({target.column: fresh}))
                if result.rowcount:
                    counts.resealed += 1
                else:
                    counts.changed += 1
        if len(rows) < batch_size:
            return counts
        last = rows[-1][0]


def _resealed(sealed: str, sealer: Sealer, newest: Fernet, counts: Counts) -> str | None:
    """The value under the newest key, or None when it needs no change or cannot be opened (counted)."""
    try:
        token = sealed.encode("ascii")
    except (UnicodeEncodeError, AttributeError):
        counts.unopenable += 1
        return None
    try:
        newest.decrypt(token)
    except InvalidToken:
        pass
    else:
        counts.current += 1
        return None
    try:
        return sealer.reseal(sealed)
    except InvalidToken:
        counts.unopenable += 1
        return None


__all__ = ["reseal_all", "reseal_column", "sealed_targets", "Target", "Counts", "BATCH_SIZE"]
