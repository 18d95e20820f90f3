"""Replays of signed WhatsApp deliveries (issue 13, item 8): Meta's signature has no nonce, so a captured body can
be sent again. After the exit word it must not be answered again (nor stored), and a message older than Meta's
7-day redelivery window is acknowledged and never answered, while one delayed by an outage within it still is."""
from __future__ import annotations

import json
import logging
import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from bot.conversation.retention import purge_expired
from bot.store import session_scope
from bot.store.models import DeliveryFingerprint
from tests.channels.flow import Flow
from tests.channels.fresh import fresh
from tests.channels.whatsapp.harness import USER_NUMBERS, assert_log_is_clean, load_fixture
from tests.fakes.graph_api import FakeGraphAPI

HELLO_ID = "wamid.FAKEHELLO000000000000000000"
DAY = 24 * 3600


def text_message(body: str, message_id: str, sent: float | None = None) -> bytes:
    """hello.json with another text and id, sent at `sent` (default now)."""
    payload = json.loads(load_fixture("hello.json"))
    message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    message.update(id=message_id, text={"body": body})
    return fresh(json.dumps(payload).encode(), sent)


def fingerprints(flow: Flow) -> list[tuple[str, str]]:
    with session_scope(flow.settings.database_url) as session:
        return [(row.fingerprint, row.channel) for row in session.query(DeliveryFingerprint).all()]


async def test_a_replay_after_the_exit_word_is_neither_answered_nor_stored(
        flow: Flow, accepting_graph: FakeGraphAPI, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    hello, exit_word = load_fixture("hello.json"), text_message("0000", "wamid.FAKEEXIT0000000000000000000")
    flow.post(hello)
    await flow.run()
    flow.post(exit_word)
    await flow.run()
    assert flow.conversations() == [] and flow.inbound() == []
    answered = len(accepting_graph.requests)

    for captured in (hello, exit_word):     # the same signed bytes, sent again by whoever captured them
        status, body = flow.post(captured)
        await flow.run()
        assert (status, body["accepted"]) == (200, 0)
    assert (flow.conversations(), flow.inbound(), len(accepting_graph.requests)) == ([], [], answered)
    assert "refused as replays: too_old=0 erased=1" in caplog.text
    assert_log_is_clean(caplog.text, ["bghit nrje3 l bladi", HELLO_ID])


async def test_the_fingerprints_kept_hold_no_sender_no_text_and_no_raw_id(flow: Flow) -> None:
    flow.post(load_fixture("hello.json"))
    flow.post(text_message("0000", "wamid.FAKEEXIT0000000000000000000"))
    await flow.run()

    kept = fingerprints(flow)
    assert len(kept) == 2 and {channel for _, channel in kept} == {"whatsapp"}
    with session_scope(flow.settings.database_url) as session:
        dump = "\n".join(str(row) for row in session.execute(text("SELECT * FROM delivery_fingerprints")))
    for secret in (*USER_NUMBERS, HELLO_ID, "FAKEHELLO", "bghit", "0000"):
        assert secret not in dump


async def test_a_message_older_than_the_window_is_acknowledged_never_answered(
        flow: Flow, accepting_graph: FakeGraphAPI, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    old = text_message("I need help please", "wamid.FAKEOLD00000000000000000000", time.time() - 8 * DAY)
    status, body = flow.post(old)
    await flow.run()
    assert (status, body["accepted"]) == (200, 0)
    assert (flow.inbound(), flow.conversations(), accepting_graph.requests) == ([], [], [])
    assert "refused as replays: too_old=1 erased=0" in caplog.text
    assert_log_is_clean(caplog.text, ["I need help please", "FAKEOLD"])


async def test_a_message_delayed_days_by_an_outage_is_still_answered(flow: Flow,
                                                                     accepting_graph: FakeGraphAPI) -> None:
    """Meta redelivers for 7 days: a 24-hour window would drop the message of someone who wrote for help."""
    late = text_message("I need help please", "wamid.FAKELATE0000000000000000000", time.time() - 6 * DAY)
    assert flow.post(late)[1]["accepted"] == 1
    await flow.run()
    assert len(accepting_graph.requests) == 1


async def test_fingerprints_are_purged_once_no_provider_could_deliver_their_message(
        flow: Flow, accepting_graph: FakeGraphAPI) -> None:
    hello = load_fixture("hello.json")
    flow.post(hello)
    flow.post(text_message("0000", "wamid.FAKEEXIT0000000000000000000"))
    await flow.run()
    answered = len(accepting_graph.requests)
    now = datetime.now(timezone.utc)

    purge_expired(flow.settings, now + timedelta(days=6))
    assert len(fingerprints(flow)) == 2          # still within the window: still needed
    purge_expired(flow.settings, now + timedelta(days=7, hours=1))
    assert fingerprints(flow) == []
    # The same capture a week later: the window refuses it now.
    flow.connector.clock = lambda: time.time() + 7 * DAY + 3600
    assert flow.post(hello)[1]["accepted"] == 0
    await flow.run()
    assert (flow.inbound(), len(accepting_graph.requests)) == ([], answered)
