"""The production configuration: PostgreSQL for Amane's tables and Rasa's tracker store, Redis lock store."""
from __future__ import annotations

import hashlib
import hmac
import json
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.store.sealing import Sealer, new_key
from tests.conftest import TEST_CONFIG, throwaway_postgres_database
from tests.e2e.server import RunningServer, start_server, stop_server
from tests.fakes.graph_api import FakeGraphAPI

APP_SECRET = "prod-test-app-secret"

pytestmark = [pytest.mark.model, pytest.mark.server]


@pytest.fixture(scope="module")
def database(postgres_url: str) -> Iterator[str]:
    """A fresh database for this run, dropped afterwards."""
    with throwaway_postgres_database(postgres_url, "amane_test") as url:
        yield url


SEALING_KEY = new_key()


@pytest.fixture(scope="module")
def graph() -> Iterator[FakeGraphAPI]:
    with FakeGraphAPI() as fake:
        yield fake


@pytest.fixture(scope="module")
def server(trained_model: Path, database: str, redis_url: str, graph: FakeGraphAPI,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    env = {"AMANE_ENV": "production", "AMANE_DATABASE_URL": database, "AMANE_REDIS_URL": redis_url,
           "AMANE_PSEUDONYM_KEY": "test-only-key-" + uuid.uuid4().hex, "AMANE_SEALING_KEYS": SEALING_KEY.decode(),
           "AMANE_WHATSAPP_ACCESS_TOKEN": "prod-test-token", "AMANE_WHATSAPP_APP_SECRET": APP_SECRET,
           "AMANE_WHATSAPP_PHONE_NUMBER_ID": "100000000000002", "AMANE_WHATSAPP_API_BASE": graph.base_url}
    running = start_server(tmp_path_factory.mktemp("prod"), TEST_CONFIG, extra_env=env)
    yield running
    stop_server(running)


def test_conversation_is_stored_in_postgresql(server: RunningServer, database: str) -> None:
    sender = uuid.uuid4().hex
    reply = server.say(sender, "bghit nrje3 l bladi", message_id="m-" + uuid.uuid4().hex)
    assert reply["language"] == "ary_latn" and reply["messages"]   # Darija, in the Latin letters it was written in
    engine = create_engine(database)
    with engine.connect() as connection:
        rows = connection.execute(text("select id, language from conversations")).fetchall()
        events = connection.execute(text("select sender_id, data from events")).fetchall()
    engine.dispose()
    assert [language for _, language in rows] == ["ary_latn"]
    conversation_id = rows[0][0]
    assert sender not in conversation_id
    assert {sender_id for sender_id, _ in events} == {conversation_id}
    # Tracker events are sealed at rest; with the key they are Rasa's events.
    assert all("bghit" not in data and not data.startswith("{") for _, data in events)
    opened = [json.loads(Sealer([SEALING_KEY]).open(data)) for _, data in events]
    assert any(event.get("event") == "user" and event.get("text") == "bghit nrje3 l bladi" for event in opened)
    assert not (server.data_dir / "amane.db").exists()  # nothing fell back to SQLite


def test_messages_of_one_conversation_at_once_are_all_answered(server: RunningServer) -> None:
    """The Redis lock store serialises them: each message gets its own complete answer."""
    sender = uuid.uuid4().hex
    messages = ["bonjour", "quels sont mes droits", "je cherche un endroit pour dormir", "merci"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        replies = list(pool.map(lambda m: server.say(sender, m), messages))
    assert all(reply["status"] == "processed" and reply["messages"] for reply in replies)


def test_whatsapp_canary_is_not_in_a_postgresql_dump(server: RunningServer, database: str,
                                                     graph: FakeGraphAPI) -> None:
    canary, phone, wamid = "pgcanary" + uuid.uuid4().hex[:8], "212600009999", "wamid.PGCANARY" + uuid.uuid4().hex[:8]
    for index in range(10):
        graph.reply_sent(f"wamid.SENTPG{index}", phone)
    body = json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "100000000000002"},
                  "messages": [{"from": phone, "id": wamid, "type": "text",
                                "text": {"body": f"mon patron garde mon passeport {canary}"}}]}}]}]}).encode()
    signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(server.base_url + "/webhooks/whatsapp/webhook", data=body,
                                     headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature})
    with urllib.request.urlopen(request, timeout=30) as reply:
        assert reply.status == 200
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not graph.requests:
        time.sleep(0.3)
    assert graph.requests, "the reply never went out"
    dump = subprocess.run(["pg_dump", "--data-only", database], capture_output=True, text=True, timeout=120,
                          check=True).stdout
    assert "conversations" in dump and len(dump) > 1000  # a real dump of the project's tables
    for secret in (canary, phone, wamid, "garde mon passeport"):
        assert secret not in dump, secret


def test_six_officers_claiming_one_case_at_once_on_postgresql_one_wins(server: RunningServer, database: str) -> None:
    """The desk's exclusive claim is one conditional UPDATE; PostgreSQL's row lock makes the others see it taken."""
    from bot.desk.accounts import create_officer
    from bot.desk.sessions import open_session
    from bot.store import Case, Conversation, session_scope
    from tests.desk.harness import PASSWORD, Browser

    with session_scope(database) as session:
        session.add(Conversation(id="pg-claim-" + uuid.uuid4().hex, channel="webchat", language="fr"))
        session.flush()
        conversation_id = session.query(Conversation.id).filter(Conversation.id.like("pg-claim-%")).scalar()
        case = Case(conversation_id=conversation_id, channel="webchat", language="fr", priority="high", consent="no")
        session.add(case)
        session.flush()
        case_id, browsers = case.id, []
        for index in range(6):
            officer = create_officer(session, f"pg-officer-{index}-{uuid.uuid4().hex[:6]}", PASSWORD)
            token, csrf = open_session(session, officer)
            browsers.append((officer.id, Browser(server.base_url, {"amane_desk": token, "amane_desk_csrf": csrf})))
    with ThreadPoolExecutor(max_workers=6) as pool:
        replies = list(pool.map(lambda pair: pair[1].post(f"/desk/cases/{case_id}/claim").headers["location"],
                                browsers))
    assert sorted("error=already_claimed" in location for location in replies) == [False] + [True] * 5
    with create_engine(database).connect() as connection:
        holder = connection.execute(text("SELECT officer_id FROM cases WHERE id = :id"), {"id": case_id}).scalar()
        claims = connection.execute(text("SELECT count(*) FROM audit_log WHERE action = 'case_claimed' "
                                         "AND case_id = :id"), {"id": case_id}).scalar()
    winner = replies.index(next(r for r in replies if "error=" not in r))
    assert holder == browsers[winner][0] and claims == 1
