"""Key rotation: after `reseal`, everything sealed with an old key opens with the newest key alone; counts only."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, Table, Text, inspect, select, text

from bot.settings import ROOT, get_settings
from bot.store import (
    Case,
    CaseMessage,
    CaseNote,
    Conversation,
    InboundMessage,
    OutboundMessage,
    Referral,
    create_schema,
    session_scope,
)
from bot.store.db import get_engine
from bot.store.models import Base, utcnow
from bot.store.reseal import TRACKER_EVENTS, reseal_all, sealed_targets
from bot.store.sealing import Sealer, new_key

OLD, NEW, LOST = new_key(), new_key(), new_key()
ADDRESS = "212600000077"
CANARY = "canary-le-patron-a-pris-mon-passeport"
SENDER = "pseudonym-reseal-test"
# Every sealed column the project has today; discovery must find at least these.
EXPECTED = {"conversations.sealed_address", "inbound_messages.sealed_message", "outbound_messages.sealed_message",
            "outbound_messages.provider_message_ids", "case_messages.sealed_text", "case_notes.sealed_text",
            "referrals.sealed_note", "events.data"}


def use_keys(monkeypatch: pytest.MonkeyPatch, *keys: bytes) -> None:
    monkeypatch.setenv("AMANE_SEALING_KEYS", ",".join(key.decode() for key in keys))
    get_settings.cache_clear()


def tracker_store(sealer: Sealer):  # type: ignore[no-untyped-def]
    """A real AmaneTrackerStore on the test's SQLite database, as the server configures it."""
    from rasa.shared.core.domain import Domain

    from bot.store.tracker_store import AmaneTrackerStore

    database = get_settings().database_url.split("sqlite:///", 1)[1]
    return AmaneTrackerStore(domain=Domain.empty(), dialect="sqlite", db=database, sealer=sealer)


async def save_tracker(sealer: Sealer) -> None:
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker.from_events(SENDER, [
        ActionExecuted("action_listen"),
        UserUttered(CANARY, intent={"name": "disclose_exploitation", "confidence": 0.9}),
        ActionExecuted("utter_calm"),
        BotUttered("Je suis là. Vous pouvez parler à une personne de confiance."),
    ])
    await tracker_store(sealer).save(tracker)


def fill(sealer: Sealer) -> None:
    """One row in every sealed table, plus rows whose sealed value is empty (nothing to reseal)."""
    seal = sealer.seal
    with session_scope() as session:
        session.add(Conversation(id=SENDER, channel="whatsapp", language="ary", sealed_address=seal(ADDRESS)))
        session.add(Conversation(id="webchat-1", channel="webchat", sealed_address=None))
        session.add(InboundMessage(channel="whatsapp", external_id="h1", conversation_id=SENDER, status="pending",
                                   sealed_message=seal(json.dumps({"text": CANARY, "sender": ADDRESS}))))
        session.add(InboundMessage(channel="whatsapp", external_id="h2", conversation_id=SENDER, sealed_message=None))
        session.add(OutboundMessage(channel="whatsapp", conversation_id=SENDER, reply_to=1,
                                    sealed_message=seal(json.dumps({"to": ADDRESS, "text": CANARY})),
                                    provider_message_ids=seal(json.dumps(["wamid.1"]))))
        session.add(OutboundMessage(channel="whatsapp", conversation_id=SENDER, reply_to=1, status="sent",
                                    sealed_message=""))
        case = Case(conversation_id=SENDER, channel="whatsapp", language="ary", priority="urgent")
        session.add(case)
        session.flush()
        session.add(CaseMessage(case_id=case.id, sealed_text=seal(CANARY)))
        session.add(CaseNote(case_id=case.id, officer_id=1, sealed_text=seal("note " + CANARY)))
        session.add(Referral(case_id=case.id, officer_id=1, service="shelter", consent_at=utcnow(),
                             sealed_note=seal("refuge " + CANARY)))


def sealed_values() -> dict[str, list[str]]:
    """Every non-empty sealed value in the database, by column."""
    values: dict[str, list[str]] = {}
    present = set(inspect(get_engine(get_settings().database_url)).get_table_names())
    with session_scope() as session:
        for target in (target for target in sealed_targets() if target.table.name in present):
            column = target.table.c[target.column]
            rows = session.execute(select(column).where(column.isnot(None), column != "")).scalars().all()
            values[target.name] = list(rows)
    return values


def run_reseal(batch_size: int = 500) -> tuple[int, str]:
    out = io.StringIO()
    code = reseal_all(get_settings(), out=out, batch_size=batch_size)
    return code, out.getvalue()


@pytest.fixture
def sealed_with_old_key(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    use_keys(monkeypatch, OLD)
    create_schema(get_settings().database_url)
    old = Sealer([OLD])
    fill(old)
    return old


def test_discovery_finds_every_sealed_column() -> None:
    names = {target.name for target in sealed_targets()}
    assert names >= EXPECTED
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if column.name.startswith("sealed_"):
                assert f"{table.name}.{column.name}" in names


def test_a_new_sealed_column_is_found_by_its_name() -> None:
    added = Table("reseal_test_future", Base.metadata, Column("id", Integer, primary_key=True),
                  Column("sealed_whatever", Text), Column("plain", Text))
    try:
        names = {target.name for target in sealed_targets()}
    finally:
        Base.metadata.remove(added)
    assert "reseal_test_future.sealed_whatever" in names
    assert "reseal_test_future.plain" not in names


async def test_after_reseal_everything_opens_with_the_new_key_alone(
        sealed_with_old_key: Sealer, monkeypatch: pytest.MonkeyPatch) -> None:
    await save_tracker(sealed_with_old_key)
    before = sealed_values()
    assert {name for name, values in before.items() if values} >= EXPECTED  # every kind has a sealed value
    new_alone = Sealer([NEW])
    with pytest.raises(ValueError):
        new_alone.open(before["events.data"][0])

    use_keys(monkeypatch, NEW, OLD)
    code, output = run_reseal()

    assert code == 0
    after = sealed_values()
    for name, values in after.items():
        assert len(values) == len(before[name]), name
        opened = [new_alone.open(value) for value in values]
        assert opened == [sealed_with_old_key.open(value) for value in before[name]], name
    # Empty values were left alone.
    with session_scope() as session:
        assert session.execute(text("SELECT count(*) FROM outbound_messages WHERE sealed_message = ''")).scalar() == 1
        assert session.execute(text("SELECT count(*) FROM inbound_messages WHERE sealed_message IS NULL")).scalar() == 1
    # Rasa reads its tracker back with the new key alone.
    tracker = await tracker_store(new_alone).retrieve(SENDER)
    assert tracker is not None and tracker.latest_message.text == CANARY
    # Counts per column, and nothing else.
    lines = output.splitlines()
    assert f"events.data: {len(before['events.data'])} resealed, 0 already current, 0 cannot be opened" in lines
    assert "conversations.sealed_address: 1 resealed, 0 already current, 0 cannot be opened" in lines
    assert "outbound_messages.sealed_message: 1 resealed, 0 already current, 0 cannot be opened" in lines
    assert CANARY not in output and ADDRESS not in output and "wamid" not in output
    assert not any(value in output for values in after.values() for value in values)


async def test_a_second_run_changes_nothing(sealed_with_old_key: Sealer, monkeypatch: pytest.MonkeyPatch) -> None:
    await save_tracker(sealed_with_old_key)
    use_keys(monkeypatch, NEW, OLD)
    assert run_reseal()[0] == 0
    first = sealed_values()
    code, output = run_reseal()
    assert code == 0
    assert sealed_values() == first
    counts = [line for line in output.splitlines() if " resealed, " in line]
    assert len(counts) == len(sealed_targets())  # every table exists, events included
    assert all(": 0 resealed, " in line and " 0 already current" not in line for line in counts)
    assert "the older keys can be removed" in output


def test_small_batches_cover_every_row(sealed_with_old_key: Sealer, monkeypatch: pytest.MonkeyPatch) -> None:
    with session_scope() as session:
        for n in range(7):
            session.add(CaseMessage(case_id=1, sealed_text=sealed_with_old_key.seal(f"message {n}")))
    use_keys(monkeypatch, NEW, OLD)
    code, output = run_reseal(batch_size=2)
    assert code == 0
    assert "case_messages.sealed_text: 8 resealed, 0 already current, 0 cannot be opened" in output.splitlines()
    assert len(sealed_values()["case_messages.sealed_text"]) == 8
    assert all(Sealer([NEW]).open(value) for value in sealed_values()["case_messages.sealed_text"])


def test_values_no_key_opens_are_counted_kept_and_fail_the_run(
        sealed_with_old_key: Sealer, monkeypatch: pytest.MonkeyPatch) -> None:
    lost = Sealer([LOST]).seal(CANARY)
    with session_scope() as session:
        session.add(CaseMessage(case_id=1, sealed_text=lost))
        session.add(CaseMessage(case_id=1, sealed_text="not a token at all"))
    use_keys(monkeypatch, NEW, OLD)
    code, output = run_reseal()
    assert code == 1
    assert "case_messages.sealed_text: 1 resealed, 0 already current, 2 cannot be opened" in output.splitlines()
    assert "2 sealed values open with none of the keys" in output and "Do not remove any key" in output
    assert CANARY not in output and "not a token" not in output
    # The others were resealed all the same; the unopenable ones are untouched.
    values = sealed_values()
    assert Sealer([NEW]).open(values["conversations.sealed_address"][0]) == ADDRESS
    assert lost in values["case_messages.sealed_text"]


def test_reseal_command(tmp_path: Path) -> None:
    """`python -m bot reseal` on a trial: exit code and counts, through the real command line."""
    environment = {**os.environ, "AMANE_DATA_DIR": str(tmp_path), "AMANE_SEALING_KEYS": OLD.decode()}
    database = f"sqlite:///{tmp_path / 'amane.db'}"
    create_schema(database)
    with session_scope(database) as session:
        session.add(Conversation(id="c1", channel="telegram", sealed_address=Sealer([OLD]).seal(ADDRESS)))
    environment["AMANE_SEALING_KEYS"] = f"{NEW.decode()},{OLD.decode()}"
    completed = subprocess.run([sys.executable, "-m", "bot", "reseal"], cwd=ROOT, capture_output=True, text=True,
                               env=environment, timeout=120)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "conversations.sealed_address: 1 resealed, 0 already current, 0 cannot be opened" in completed.stdout
    assert "events.data" not in completed.stdout  # no tracker table yet: nothing to say
    assert ADDRESS not in completed.stdout + completed.stderr
    with session_scope(database) as session:
        [sealed] = session.execute(select(Conversation.sealed_address)).scalars().all()
    assert Sealer([NEW]).open(sealed) == ADDRESS


def test_tracker_events_table_is_rasas() -> None:
    """The events table reseal walks is the one Rasa's SQL tracker store writes."""
    from rasa.core.tracker_store import SQLTrackerStore

    assert SQLTrackerStore.SQLEvent.__tablename__ == TRACKER_EVENTS.name
    assert {"id", "data"} <= set(SQLTrackerStore.SQLEvent.__table__.columns.keys())
