"""WhatsApp deliveries as Meta sends them, through the connector in-process: what is answered, to whom, and what
is only acknowledged. The path is the server's (connector, inbox, pipeline, outbox, adapter) with a stand-in for
Rasa (tests/fakes/agent.py) and the fake Graph API."""
from __future__ import annotations

import inspect
import json
import logging
from dataclasses import dataclass
from datetime import timedelta

import pytest

from bot.conversation import pipeline as pipeline_module
from bot.messaging.outbox import WINDOW_CLOSED
from bot.store import Case, Conversation, OutboundMessage, session_scope
from bot.store.models import utcnow
from tests.channels.flow import Flow
from tests.channels.whatsapp.harness import TEMPLATE, assert_log_is_clean, load_fixture
from tests.fakes.agent import ANSWER
from tests.fakes.graph_api import FakeGraphAPI

PHONE = "212600000001"
BSUID = "MA.1000000000000000001"
FIXTURE_TEXTS = ["I need help please", "salam, bghit n3ref", "bghit nrje3", "passport", "3afak", "wraqa"]
# Item 6 needs two lines in bot/conversation/pipeline.py (see bot/conversation/messages.py: language_evidence).
needs_pipeline_hint = pytest.mark.skipif(
    "language_evidence" not in inspect.getsource(pipeline_module),
    reason="bot/conversation/pipeline.py does not read language_evidence/client_language yet")


def answer(language: str) -> str:
    return ANSWER.format(language=language)


@dataclass(frozen=True)
class Scenario:
    name: str
    fixture: str
    # The address field and value of the one reply; None: acknowledged (200) and neither answered nor stored.
    reply_to: tuple[str, str] | None


SCENARIOS = [
    # 2. Users with a username and no phone number: the business-scoped user id is the sender and the address.
    Scenario("username user: from_user_id, no from", "username_user.json", ("recipient", BSUID)),
    Scenario("username user: the id in contacts only", "username_contact_only.json", ("recipient", BSUID)),
    Scenario("the id in from", "user_id_in_from.json", ("recipient", BSUID)),
    Scenario("number and id: answered by number", "number_and_user_id.json", ("to", PHONE)),
    Scenario("phone-number user as before", "hello.json", ("to", PHONE)),
    # 3. Events that are not messages.
    Scenario("reaction", "reaction.json", None),
    Scenario("reaction removed", "unreaction.json", None),
    Scenario("deleted for everyone (revoke)", "revoke.json", None),
    Scenario("number changed (system)", "system_number_changed.json", None),
    Scenario("identity changed (system)", "system_identity_changed.json", None),
    # 4. Only value-level errors: a 200, not a 400 that Meta would retry.
    Scenario("value-level errors only", "errors_only.json", None),
    # 8. A WhatsApp group.
    Scenario("group message", "group_message.json", None),
    Scenario("delivery status", "status.json", None),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.name)
async def test_scenario(scenario: Scenario, flow: Flow, accepting_graph: FakeGraphAPI,
                        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    status, _ = flow.post(load_fixture(scenario.fixture))
    await flow.run()

    assert status == 200
    if scenario.reply_to is None:
        assert (flow.inbound(), flow.conversations(), accepting_graph.requests) == ([], [], [])
    else:
        field, address = scenario.reply_to
        (request,) = [r.json() for r in accepting_graph.requests]
        assert {key: request.get(key) for key in ("to", "recipient")} == {
            "to": address if field == "to" else None, "recipient": address if field == "recipient" else None}
        assert request["type"] == "text"
        (conversation,) = flow.conversations()
        assert flow.address_of(conversation.id) == address   # sealed at rest, like a number
        assert address not in conversation.id
    assert_log_is_clean(caplog.text, also_forbidden=FIXTURE_TEXTS)


async def test_value_level_errors_are_logged_by_code(flow: Flow, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    assert flow.post(load_fixture("errors_only.json"))[0] == 200
    assert "provider error codes=131000" in caplog.text


async def test_unreadable_bodies_are_still_refused(flow: Flow) -> None:
    assert flow.post(load_fixture("no_from.json"))[0] == 400
    assert flow.post(b"{")[0] == 400
    assert flow.post(load_fixture("hello.json"))[0] == 200


async def test_an_edit_is_kept_for_the_desk_and_not_answered(flow: Flow, accepting_graph: FakeGraphAPI) -> None:
    """3. An edited message is not a new turn: its new text is kept, sealed, beside the message it changes."""
    flow.post(load_fixture("hello.json"))
    await flow.run()
    answered = len(accepting_graph.requests)
    (conversation,) = flow.conversations()
    with session_scope() as session:
        session.add(Case(conversation_id=conversation.id, channel="whatsapp", language="ary", priority="high"))
    assert flow.post(load_fixture("edit.json")) == (200, {"status": "ok", "accepted": 1, "statuses": 0})
    assert flow.post(load_fixture("edit.json"))[1]["accepted"] == 0   # Meta's retry is not kept twice
    flow.post(load_fixture("edit_caption.json"))                        # of a picture we never received
    await flow.run()

    assert len(accepting_graph.requests) == answered    # no answer to an edit
    assert flow.agent.turns == ["bghit nrje3 l bladi"]   # Rasa never saw it
    hello = flow.inbound()[0]
    edits = flow.edits(conversation.id)
    assert [(e.text, e.original_received_at) for e in edits] == [
        ("bghit nrje3 l bladi, 3afak 3awnni", hello.received_at), ("had l wraqa dyal lkhedma", None)]
    assert [row.status for row in flow.inbound()] == ["done", "edited", "edited"]
    assert "3afak" not in json.dumps([str(row.sealed_message) for row in flow.inbound()])   # sealed
    assert flow.changed   # the open case's desk views look again


async def test_an_edit_in_a_conversation_we_do_not_hold_is_not_kept(flow: Flow) -> None:
    """After the exit word (or retention) the user's words are gone; an edit must not bring them back."""
    assert flow.post(load_fixture("edit.json"))[0] == 200
    assert (flow.inbound(), flow.conversations()) == ([], [])


def window_closed_status(message_id: str, code: int = 131047) -> bytes:
    body = json.loads(load_fixture("status_window_closed.json"))
    status = body["entry"][0]["changes"][0]["value"]["statuses"][0]
    status["id"], status["errors"][0]["code"] = message_id, code
    return json.dumps(body).encode()


LATE = "wamid.FAKEBOTLATE000000000000000000"


async def test_a_late_window_closed_failure_sends_the_neutral_template(flow: Flow, accepting_graph: FakeGraphAPI
                                                                      ) -> None:
    """5. 131047 in a status webhook is handled as in the send's answer: the neutral template replaces it."""
    accepting_graph.reply_sent(LATE, PHONE)
    flow.post(load_fixture("hello.json"))
    await flow.run()
    assert flow.post(load_fixture("status_window_closed.json")) == (200, {"status": "ok", "accepted": 0,
                                                                         "statuses": 1})
    await flow.run()
    flow.post(load_fixture("status_window_closed.json"))   # Meta's retry of the same status
    await flow.run()

    requests = [r.json() for r in accepting_graph.requests]
    assert [r["type"] for r in requests] == ["text", "template"]
    assert requests[1]["to"] == PHONE and requests[1]["template"]["name"] == TEMPLATE
    reply, template = flow.outbound()
    assert (reply.status, reply.last_error) == ("failed", WINDOW_CLOSED)
    assert (template.is_template, template.status, template.reply_to) == (True, "sent", reply.reply_to)


async def test_a_late_window_closed_failure_of_an_officers_message_tells_the_desk(
        flow: Flow, accepting_graph: FakeGraphAPI) -> None:
    flow.post(load_fixture("hello.json"))
    await flow.run()
    (conversation,) = flow.conversations()
    with session_scope() as session:
        case = Case(conversation_id=conversation.id, channel="whatsapp", language="ary", priority="urgent",
                    status="claimed")
        session.add(case)
        session.flush()
        session.add(OutboundMessage(channel="whatsapp", conversation_id=conversation.id, officer_case_id=case.id,
                                    sealed_message=flow.sealer.seal(json.dumps(
                                        {"messaging_product": "whatsapp", "to": PHONE, "type": "text",
                                         "text": {"body": "officer"}}))))
        case_id = case.id
    accepting_graph.reply_sent("wamid.FAKEOFFICER000000000000000000", PHONE)
    await flow.run()
    flow.changed.clear()
    flow.post(window_closed_status("wamid.FAKEOFFICER000000000000000000"))
    await flow.run()

    officer = flow.outbound()[-2]
    assert (officer.officer_case_id, officer.status, officer.last_error) == (case_id, "failed", WINDOW_CLOSED)
    assert [event.case_id for event in flow.changed] == [case_id]    # the desk shows it did not arrive
    assert flow.outbound()[-1].is_template


@pytest.mark.parametrize("body", [window_closed_status(LATE, code=130472), window_closed_status("wamid.UNKNOWN")],
                         ids=["another failure", "not one of ours"])
async def test_other_failures_change_nothing(body: bytes, flow: Flow, accepting_graph: FakeGraphAPI) -> None:
    accepting_graph.reply_sent(LATE, PHONE)
    flow.post(load_fixture("hello.json"))
    await flow.run()
    assert flow.post(body)[0] == 200
    await flow.run()
    assert [row.status for row in flow.outbound()] == ["sent"]
    assert len(accepting_graph.requests) == 1


async def test_the_provider_id_is_kept_only_as_a_keyed_hash(flow: Flow, accepting_graph: FakeGraphAPI) -> None:
    accepting_graph.reply_sent(LATE, PHONE)
    flow.post(load_fixture("hello.json"))
    await flow.run()
    (row,) = flow.outbound()
    assert row.provider_ref and LATE not in row.provider_ref and "FAKEBOTLATE" not in row.provider_ref


@needs_pipeline_hint
async def test_a_caption_that_is_one_long_token_does_not_decide_the_language(flow: Flow,
                                                                              accepting_graph: FakeGraphAPI) -> None:
    """6. "karaokesonglistartist2024" reads as Darija to a detector; it says nothing: the default language."""
    flow.post(load_fixture("document_long_token_caption.json"))
    await flow.run()
    assert [r.json()["text"]["body"] for r in accepting_graph.requests] == [answer("fr")]


async def test_the_24_hour_window_still_applies_to_a_username_user(flow: Flow, accepting_graph: FakeGraphAPI) -> None:
    """A reply to a business-scoped id outside the window is replaced by the template, addressed the same way."""
    flow.post(load_fixture("username_user.json"))
    (conversation,) = flow.conversations()
    await flow.inbox.process_pending(flow.agent)
    with session_scope() as session:   # the answer waited 30 hours (an outage): the window has closed
        session.get(Conversation, conversation.id).last_message_at = utcnow() - timedelta(hours=30)
    await flow.outbox.send_due()
    await flow.outbox.send_due()
    (template,) = [r.json() for r in accepting_graph.requests]
    assert (template["type"], template["recipient"], "to" in template) == ("template", BSUID, False)


# A tap on buttons answered already, or written past, is read as the button's words (bot/messaging/taps.py).
MENU = "wamid.FAKEBOTMENU000000000000000000"   # the message button_reply.json's tap answers (its context)


def button_tap(message_id: str, held_by: str = MENU) -> bytes:
    delivery = json.loads(load_fixture("button_reply.json"))
    message = delivery["entry"][0]["changes"][0]["value"]["messages"][0]
    message["id"], message["context"]["id"] = message_id, held_by
    return json.dumps(delivery).encode()


async def test_a_second_tap_on_the_same_buttons_is_read_as_their_words(flow: Flow,
                                                                       accepting_graph: FakeGraphAPI) -> None:
    accepting_graph.reply_sent(MENU, PHONE)   # the answer to hello.json is the message with the buttons
    for body in (load_fixture("hello.json"), button_tap("wamid.TAP1"), button_tap("wamid.TAP2")):
        assert flow.post(body)[0] == 200
        await flow.run()
    assert flow.agent.turns[1:] == ["/ask_rights", "Mes droits"]


async def test_a_tap_on_buttons_sent_after_the_last_message_is_its_payload(flow: Flow,
                                                                          accepting_graph: FakeGraphAPI) -> None:
    """The contrast: the second tap is on the buttons of the answer to the first."""
    accepting_graph.reply_sent(MENU, PHONE)
    accepting_graph.reply_sent("wamid.FAKEBOTMENU2", PHONE)
    for body in (load_fixture("hello.json"), button_tap("wamid.TAP1"), button_tap("wamid.TAP2", "wamid.FAKEBOTMENU2")):
        assert flow.post(body)[0] == 200
        await flow.run()
    assert flow.agent.turns[1:] == ["/ask_rights", "/ask_rights"]
