"""WhatsApp replies: OutgoingMessage -> exact request bodies, and the client against the fake Graph API."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from bot.channels.whatsapp import WhatsAppClient, build_payloads, build_template_payload, parse_webhook
from bot.channels.whatsapp.send import (
    BUTTON_TITLE_MAX,
    DEFAULT_RETRY_AFTER,
    INTERACTIVE_BODY_MAX,
    LIST_BUTTON_LABEL_MAX,
    MAX_BUTTONS,
    MAX_ROWS,
    ROW_TITLE_MAX,
    TEXT_BODY_MAX,
)
from bot.messaging.messages import OutgoingMessage, SendResult
from tests.channels.whatsapp.harness import (
    ACCESS_TOKEN,
    API_VERSION,
    FIXTURES,
    PHONE_NUMBER_ID,
    RefusedRequest,
    assert_log_is_clean,
    check_all_replies_used,
    load_fixture,
    local_http_client,
)
from tests.fakes.graph_api import FakeGraphAPI, unused_port

TO = "212600000001"
LABEL = "Voir le menu"
ENVELOPE = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": TO}
MESSAGES_PATH = f"/{API_VERSION}/{PHONE_NUMBER_ID}/messages"


def text(body: str) -> dict[str, Any]:
    return {**ENVELOPE, "type": "text", "text": {"preview_url": False, "body": body}}


def reply_buttons(body: str, *buttons: tuple) -> dict[str, Any]:
    return {**ENVELOPE, "type": "interactive", "interactive": {
        "type": "button", "body": {"text": body},
        "action": {"buttons": [{"type": "reply", "reply": {"id": i, "title": t}} for t, i in buttons]},
    }}


def list_message(body: str, *rows: tuple) -> dict[str, Any]:
    return {**ENVELOPE, "type": "interactive", "interactive": {
        "type": "list", "body": {"text": body},
        "action": {"button": LABEL, "sections": [{"rows": [{"id": i, "title": t} for t, i in rows]}]},
    }}


MENU = [
    ("Mes droits", "/ask_rights"), ("Ma sécurité", "/ask_safety"), ("Rentrer au pays", "/ask_return"),
    ("Hébergement", "/ask_shelter"), ("Aide juridique", "/ask_legal"), ("Santé", "/ask_health"),
    ("Numéros utiles", "/ask_numbers"), ("Parler à une personne", "/ask_human"),
    ("Travail et salaire impayé", "/ask_work"), ("Supprimer mes données", "/delete_data"),
    ("Langue", "/change_language"), ("Au revoir", "/goodbye"),
]
ASK = "Comment puis-je vous aider ?"


@dataclass(frozen=True)
class Outgoing:
    name: str
    message: OutgoingMessage
    expected: list[dict[str, Any]]


OUTGOING = [
    Outgoing("text", OutgoingMessage("Salam, ana Amane."), [text("Salam, ana Amane.")]),
    Outgoing("empty text, no buttons: nothing to send", OutgoingMessage("  "), []),
    Outgoing("long text split at the paragraph",
             OutgoingMessage("a" * 3000 + "\n\n" + "b" * 2000), [text("a" * 3000), text("b" * 2000)]),
    Outgoing("arabic text", OutgoingMessage("مرحبا، أنا أمان. كيف يمكنني مساعدتك؟"),
             [text("مرحبا، أنا أمان. كيف يمكنني مساعدتك؟")]),
    Outgoing("2 buttons", OutgoingMessage(ASK, MENU[:2]),
             [reply_buttons(ASK, ("Mes droits", "/ask_rights"), ("Ma sécurité", "/ask_safety"))]),
    Outgoing("3 buttons, a title cut at 20", OutgoingMessage(ASK, [MENU[0], MENU[2], MENU[7]]),
             [reply_buttons(ASK, ("Mes droits", "/ask_rights"), ("Rentrer au pays", "/ask_return"),
                            ("Parler à une person…", "/ask_human"))]),
    Outgoing("2 buttons after a long text: earlier part as plain text",
             OutgoingMessage("x" * 800 + "\n\n" + "y" * 700, MENU[:2]),
             [text("x" * 800),
              reply_buttons("y" * 700, ("Mes droits", "/ask_rights"), ("Ma sécurité", "/ask_safety"))]),
    Outgoing("4 buttons: a list", OutgoingMessage(ASK, MENU[:4]),
             [list_message(ASK, *MENU[:4])]),
    Outgoing("10 buttons: a list, a title cut at 24", OutgoingMessage(ASK, MENU[:10]),
             [list_message(ASK, *MENU[:8], ("Travail et salaire impa…", "/ask_work"), MENU[9])]),
    Outgoing("12 buttons: a numbered text", OutgoingMessage(ASK, MENU),
             [text(ASK + "\n\n" + "\n".join(f"{n}. {title}" for n, (title, _) in enumerate(MENU, 1)))]),
    Outgoing("arabic buttons, a title cut at 20",
             OutgoingMessage("كيف يمكنني مساعدتك؟",
                             [("حقوقي", "/ask_rights"), ("العودة إلى بلدي الأصلي", "/ask_return")]),
             [reply_buttons("كيف يمكنني مساعدتك؟", ("حقوقي", "/ask_rights"), ("العودة إلى بلدي الأ…", "/ask_return"))]),
    Outgoing("buttons without text: a numbered text", OutgoingMessage("", MENU[:2]),
             [text("1. Mes droits\n2. Ma sécurité")]),
    Outgoing("a payload too long for a button id: a numbered text",
             OutgoingMessage(ASK, [("Mes droits", "/" + "r" * 256)]), [text(ASK + "\n\n1. Mes droits")]),
]


@pytest.mark.parametrize("case", OUTGOING, ids=lambda case: case.name)
def test_outgoing(case: Outgoing) -> None:
    assert build_payloads(TO, case.message, LABEL) == case.expected


def test_long_list_label_is_cut() -> None:
    (payload,) = build_payloads(TO, OutgoingMessage(ASK, MENU[:4]), "Choisissez une option ici")
    assert payload["interactive"]["action"]["button"] == "Choisissez une opti…"


@pytest.mark.parametrize("length", [1, 1024, 1025, 4096, 4097, 9000, 20_000])
@pytest.mark.parametrize("buttons", [0, 2, 3, 5, 10, 11])
def test_every_payload_respects_the_limits(length: int, buttons: int) -> None:
    words = ("kalma " * (length // 6 + 1))[:length]
    message = OutgoingMessage(words, [(f"Choix numéro {n} très long titre", f"/choice_{n}") for n in range(buttons)])
    payloads = build_payloads(TO, message, LABEL)
    bodies = []
    for payload in payloads:
        if payload["type"] == "text":
            assert len(payload["text"]["body"]) <= TEXT_BODY_MAX
            bodies.append(payload["text"]["body"])
            continue
        interactive = payload["interactive"]
        assert len(interactive["body"]["text"]) <= INTERACTIVE_BODY_MAX
        bodies.append(interactive["body"]["text"])
        if interactive["type"] == "button":
            assert len(interactive["action"]["buttons"]) <= MAX_BUTTONS
            assert all(len(b["reply"]["title"]) <= BUTTON_TITLE_MAX for b in interactive["action"]["buttons"])
        else:
            (section,) = interactive["action"]["sections"]
            assert len(section["rows"]) <= MAX_ROWS
            assert all(len(row["title"]) <= ROW_TITLE_MAX for row in section["rows"])
            assert len(interactive["action"]["button"]) <= LIST_BUTTON_LABEL_MAX
    # Nothing of the text is lost or reordered by the splitting.
    assert " ".join(" ".join(bodies).split()).startswith(" ".join(words.split()))


def test_template_payload() -> None:
    assert build_template_payload(TO, "amane_reengage", "fr") == {
        **ENVELOPE, "type": "template", "template": {"name": "amane_reengage", "language": {"code": "fr"}},
    }


# A user with a username and no number: the Cloud API takes the business-scoped user id in `recipient`, never `to`.
BSUID = "MA.1000000000000000001"
BSUID_ENVELOPE = {"messaging_product": "whatsapp", "recipient_type": "individual", "recipient": BSUID}
ADDRESSES = [
    ("phone number", TO, ENVELOPE),
    ("phone number with +", "+" + TO, {**ENVELOPE, "to": "+" + TO}),
    ("business-scoped user id", BSUID, BSUID_ENVELOPE),
    ("parent business-scoped user id", "MA.ENT.1000000000000000009",
     {**BSUID_ENVELOPE, "recipient": "MA.ENT.1000000000000000009"}),
]


@pytest.mark.parametrize("address, envelope", [case[1:] for case in ADDRESSES], ids=[c[0] for c in ADDRESSES])
def test_reply_is_addressed_the_way_the_cloud_api_documents(address: str, envelope: dict[str, Any]) -> None:
    payloads = build_payloads(address, OutgoingMessage(ASK, MENU[:2]), LABEL) + build_payloads(
        address, OutgoingMessage("Salam."), LABEL) + [build_template_payload(address, "amane_reengage", "fr")]
    for payload in payloads:
        assert {key: payload[key] for key in envelope} == envelope
        assert not ({"to", "recipient"} - set(envelope)) & set(payload)   # never both


@pytest.mark.parametrize("fixture", ["username_user.json", "username_contact_only.json", "user_id_in_from.json"])
def test_a_username_user_is_answered_by_the_id_they_wrote_from(fixture: str) -> None:
    (message,) = parse_webhook(load_fixture(fixture)).messages
    (payload,) = build_payloads(message.sender, OutgoingMessage("Salam."), LABEL)
    assert payload["recipient"] == BSUID and "to" not in payload


# -- the client against the fake Graph API --------------------------------------------------------------------
@dataclass(frozen=True)
class Reply:
    name: str
    status: int
    body: Any
    headers: dict[str, str]
    expected: SendResult


def graph_error(code: int, message: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "OAuthException", "code": code,
                      "error_data": {"messaging_product": "whatsapp", "details": message},
                      "fbtrace_id": "AFAKETRACEID0000000000"}}


SENT = {"messaging_product": "whatsapp", "contacts": [{"input": TO, "wa_id": TO}],
        "messages": [{"id": "wamid.FAKEBOTREPLY000000000000000"}]}
REPLIES = [
    Reply("200 sent", 200, SENT, {}, SendResult(ok=True, provider_message_id="wamid.FAKEBOTREPLY000000000000000")),
    Reply("200 without an id", 200, {"messaging_product": "whatsapp"}, {}, SendResult(ok=True)),
    Reply("429 with Retry-After", 429, graph_error(130429, "Rate limit hit"), {"Retry-After": "7"},
          SendResult(ok=False, retry_after=7.0, error_code="130429")),
    Reply("429 without Retry-After", 429, None, {}, SendResult(ok=False, retry_after=DEFAULT_RETRY_AFTER)),
    Reply("429 with a date as Retry-After", 429, None, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"},
          SendResult(ok=False, retry_after=DEFAULT_RETRY_AFTER)),
    Reply("400 throughput reached: wait, not permanent", 400, graph_error(130429, "Rate limit hit"), {},
          SendResult(ok=False, retry_after=DEFAULT_RETRY_AFTER, error_code="130429")),
    Reply("500", 500, graph_error(131000, "Something went wrong"), {}, SendResult(ok=False, error_code="131000")),
    Reply("503 without a body", 503, None, {}, SendResult(ok=False)),
    Reply("400 window closed", 400, graph_error(131047, "Re-engagement message"), {},
          SendResult(ok=False, permanent=True, error_code="131047")),
    Reply("401 token expired", 401, graph_error(190, "Error validating access token"), {},
          SendResult(ok=False, permanent=True, error_code="190")),
]


@pytest.mark.parametrize("blocking", [False, True], ids=["from the event loop", "from a thread"])
@pytest.mark.parametrize("case", REPLIES, ids=lambda case: case.name)
async def test_client(case: Reply, blocking: bool, graph: FakeGraphAPI, client: WhatsAppClient) -> None:
    """The outbox sends a reply's parts from threads of its own (send_blocking): the same request, the same outcome."""
    graph.reply(case.status, case.body, case.headers)
    payload = text("Salam, ana Amane.")

    result = await (asyncio.to_thread(client.send_blocking, payload) if blocking else client.send(payload))

    assert result == case.expected
    (request,) = graph.requests
    assert (request.method, request.path) == ("POST", MESSAGES_PATH)
    assert request.headers["authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert request.headers["content-type"] == "application/json"
    assert request.json() == payload


async def test_interactive_payload_reaches_the_api_unchanged(graph: FakeGraphAPI, client: WhatsAppClient) -> None:
    payloads = build_payloads(TO, OutgoingMessage("كيف يمكنني مساعدتك؟", MENU[:4]), LABEL)
    graph.reply(200, SENT)
    assert (await client.send(payloads[0])).ok
    assert graph.requests[0].json() == payloads[0]


async def test_connection_refused_is_retryable(http: httpx.AsyncClient) -> None:
    client = WhatsAppClient(http, f"http://127.0.0.1:{unused_port()}", API_VERSION, PHONE_NUMBER_ID, ACCESS_TOKEN)
    assert await client.send(text("Salam")) == SendResult(ok=False, permanent=False)
    assert client.send_blocking(text("Salam")) == SendResult(ok=False, permanent=False)


async def test_base_url_with_trailing_slash(graph: FakeGraphAPI, http: httpx.AsyncClient) -> None:
    client = WhatsAppClient(http, graph.base_url + "/", API_VERSION, PHONE_NUMBER_ID, ACCESS_TOKEN)
    graph.reply(200, SENT)
    await client.send(text("Salam"))
    assert graph.requests[0].path == MESSAGES_PATH


# -- the harness itself ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("base_url", ["https://graph.facebook.com", "http://10.0.0.1:8080", "http://127.0.0.2"])
async def test_harness_refuses_other_hosts(base_url: str, http: httpx.AsyncClient) -> None:
    client = WhatsAppClient(http, base_url, API_VERSION, PHONE_NUMBER_ID, ACCESS_TOKEN)
    with pytest.raises(RefusedRequest):
        await client.send(text("Salam"))


def test_harness_fails_on_unused_replies() -> None:
    with FakeGraphAPI() as fake:
        fake.reply(200, SENT)
        with pytest.raises(AssertionError, match="never requested"):
            check_all_replies_used(fake)


async def test_harness_fails_on_unscripted_requests() -> None:
    with FakeGraphAPI() as fake:
        async with local_http_client() as http:
            result = await WhatsAppClient(http, fake.base_url, API_VERSION, PHONE_NUMBER_ID, ACCESS_TOKEN).send({})
        assert result.ok is False
        with pytest.raises(AssertionError, match="no scripted reply"):
            check_all_replies_used(fake)


# -- privacy ---------------------------------------------------------------------------------------------------
async def test_logs_hold_no_secret_number_or_text(
    caplog: pytest.LogCaptureFixture, graph: FakeGraphAPI, client: WhatsAppClient
) -> None:
    caplog.set_level(logging.DEBUG)
    for path in sorted(FIXTURES.iterdir()):
        parse_webhook(load_fixture(path.name))
    outcomes = [
        (200, SENT), (429, None), (500, None),
        (400, graph_error(131047, f"Message to {TO} failed: more than 24 hours")),
        (400, graph_error(131026, f"Recipient {TO} cannot be reached")),
    ]
    sensitive = OutgoingMessage("Your passport stays yours: bghit nrje3 l bladi", MENU[:2])
    for status, body in outcomes:
        graph.reply(status, body)
        for payload in build_payloads(TO, sensitive, LABEL):
            await client.send(payload)
    assert "status=400 error_code=131047" in caplog.text   # the log does say what happened
    assert_log_is_clean(caplog.text, also_forbidden=[
        "passport", "bghit", "chouf", "the boss", "salam", "Mes droits", "/ask_rights", "more than 24 hours",
    ])
