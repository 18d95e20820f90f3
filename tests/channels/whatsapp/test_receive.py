"""WhatsApp webhooks: recorded payloads -> messages, statuses and errors; signatures; the subscription handshake."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from bot.channels.whatsapp import parse_webhook, signature_is_valid, verify_subscription
from bot.conversation.messages import MEDIA_KINDS
from tests.channels.whatsapp.harness import APP_SECRET, FIXTURES, PHONE_NUMBER_ID, VERIFY_TOKEN, load_fixture, sign

HELLO_ID = "wamid.FAKEHELLO000000000000000000"
PHONE = "212600000001"
BSUID = "MA.1000000000000000001"     # a business-scoped user id: a user with a username, whose number Meta withholds
HUGE_TEXT = ("3afak 3awnni " * 2000)[:20_000]


@dataclass(frozen=True)
class Incoming:
    fixture: str
    messages: list[tuple[str, str | None, str]] = field(default_factory=list)   # (text, media, external id)
    statuses: int = 0
    errors: int = 0
    senders: list[str] | None = None            # checked when given
    kind: str = "message"                       # of every message
    refers_to: str | None = None                # of every message (an edit's original)
    ignored: list[str] = field(default_factory=list)         # acknowledged without a reply, by kind
    provider_errors: list[str] = field(default_factory=list)
    undelivered: list[str] = field(default_factory=list)     # our messages reported failed outside the window
    unreadable: bool = False                    # answered 400 (Meta retries it)
    tapped: dict[str, str] = field(default_factory=dict)     # a tap: the message holding the button, and its words


def wamid(tag: str) -> str:
    return f"wamid.FAKE{tag.upper()}000000000000000000"


INCOMING = [
    Incoming("hello.json", [("bghit nrje3 l bladi", None, HELLO_ID)], senders=[PHONE]),
    Incoming("duplicate.json", [("bghit nrje3 l bladi", None, HELLO_ID)]),
    Incoming("button_reply.json", [("/ask_rights", None, wamid("btn"))],
             tapped={"buttons_message_id": wamid("botmenu"), "button_words": "Mes droits"}),
    Incoming("list_reply.json", [("/ask_shelter", None, wamid("list"))],
             tapped={"buttons_message_id": wamid("botmenu"), "button_words": "Hébergement"}),
    Incoming("template_button.json", [("/greet", None, wamid("tpl"))]),
    Incoming("image.json", [("chouf had l wraqa", "image", wamid("image"))]),  # the caption is read
    Incoming("voice.json", [("", "voice", wamid("voice"))]),
    Incoming("audio.json", [("", "audio", wamid("audio"))]),
    Incoming("video.json", [("", "video", wamid("video"))]),
    Incoming("document.json", [("", "document", wamid("doc"))]),
    Incoming("sticker.json", [("", "sticker", wamid("sticker"))]),
    Incoming("location.json", [("", "location", wamid("loc"))]),
    Incoming("contacts.json", [("", "contacts", wamid("contacts"))]),
    Incoming("unknown_type.json", [("", "unknown", wamid("unsupported")), ("", "unknown", wamid("unknownold"))]),
    Incoming("huge_text.json", [(HUGE_TEXT, None, wamid("huge"))]),
    Incoming("status.json", statuses=1),
    Incoming("two_messages.json", [("salam", None, wamid("first")),
                                   ("the boss took my passport", None, wamid("second"))]),
    # Users with a username: the business-scoped user id is the sender when there is no number.
    Incoming("username_user.json", [("I need help please", None, wamid("username"))], senders=[BSUID]),
    Incoming("username_contact_only.json", [("salam, bghit n3ref l7o9o9 dyali", None, wamid("contactonly"))],
             senders=[BSUID]),
    Incoming("number_and_user_id.json", [("bghit nrje3 l bladi", None, wamid("numberandid"))], senders=[PHONE]),
    Incoming("user_id_in_from.json", [("I need help please", None, wamid("idinfrom"))], senders=[BSUID]),
    # Not messages: acknowledged without a reply, nothing stored.
    Incoming("group_message.json", ignored=["group"]),
    Incoming("reaction.json", ignored=["reaction"]),
    Incoming("unreaction.json", ignored=["reaction"]),
    Incoming("revoke.json", ignored=["revoke"]),
    Incoming("system_number_changed.json", ignored=["system"]),
    Incoming("system_identity_changed.json", ignored=["system"]),
    # An edit is kept (for the officers), not answered.
    Incoming("edit.json", [("bghit nrje3 l bladi, 3afak 3awnni", None, wamid("edit"))], kind="edit",
             refers_to=HELLO_ID),
    Incoming("edit_caption.json", [("had l wraqa dyal lkhedma", None, wamid("editcaption"))], kind="edit",
             refers_to=wamid("image")),
    Incoming("errors_only.json", provider_errors=["131000"]),
    Incoming("document_long_token_caption.json", [("karaokesonglistartist2024", "document", wamid("longtoken"))]),
    Incoming("status_window_closed.json", statuses=1, undelivered=[wamid("botlate")]),
    Incoming("no_from.json", errors=1, unreadable=True),
    Incoming("no_id.json", errors=1, unreadable=True),
    Incoming("not_whatsapp.json", errors=1, unreadable=True),
    Incoming("malformed.txt", errors=1, unreadable=True),
    Incoming("empty.txt", errors=1, unreadable=True),
]


def test_every_fixture_has_a_case() -> None:
    assert sorted(case.fixture for case in INCOMING) == sorted(path.name for path in FIXTURES.iterdir())


@pytest.mark.parametrize("case", INCOMING, ids=lambda case: case.fixture)
def test_incoming(case: Incoming) -> None:
    parsed = parse_webhook(load_fixture(case.fixture))

    assert [(m.text, m.media, m.external_id) for m in parsed.messages] == case.messages
    assert parsed.statuses == case.statuses
    assert len(parsed.errors) == case.errors, parsed.errors
    assert (parsed.ignored, parsed.provider_errors) == (case.ignored, case.provider_errors)
    assert [report.refers_to for report in parsed.undelivered] == case.undelivered
    assert all(report.kind == "undelivered" and report.sender == "" for report in parsed.undelivered)
    assert parsed.unreadable is case.unreadable
    if case.senders is not None:
        assert [m.sender for m in parsed.messages] == case.senders
    for message in parsed.messages:
        assert message.channel == "whatsapp"
        assert message.media is None or message.media in MEDIA_KINDS
        assert message.reply_context == {"phone_number_id": PHONE_NUMBER_ID, **case.tapped}
        assert (message.kind, message.refers_to) == (case.kind, case.refers_to)
        assert message.chat_message_id == (message.external_id if case.kind == "message" else None)


def test_sender_is_the_from_field() -> None:
    parsed = parse_webhook(load_fixture("two_messages.json"))
    assert [m.sender for m in parsed.messages] == ["212600000001", "212600000002"]


def test_huge_text_fixture_is_20000_characters_passed_whole() -> None:
    assert len(HUGE_TEXT) == 20_000


def test_errors_say_where_not_what() -> None:
    parsed = parse_webhook(load_fixture("no_from.json"))
    assert parsed.errors == ["entry[0].changes[0].messages[0]: no from"]


def test_provider_errors_are_codes_only() -> None:
    raw = (b'{"object": "whatsapp_business_account", "entry": [{"changes": [{"value": {"errors": [{"code": 131000, '
           b'"message": "the text was: salam"}, {"code": "x1"}, {"code": true}]}}]}]}')
    parsed = parse_webhook(raw)
    assert (parsed.provider_errors, parsed.errors, parsed.unreadable) == (["131000", "x1"], [], False)


@pytest.mark.parametrize("raw, error", [
    (b"[1, 2]", "body is not a JSON object"),
    (b"\xff\xfe\x00", "body is not valid JSON"),
    (b'{"object": "whatsapp_business_account"}', "no entry list"),
    (b'{"object": "whatsapp_business_account", "entry": [{"changes": 3}]}', "entry[0]: no changes list"),
    (b'{"object": "whatsapp_business_account", "entry": [{"changes": [{"value": []}]}]}',
     "entry[0].changes[0]: no value object"),
    (b'{"object": "whatsapp_business_account", "entry": [{"changes": [{"value": {"messages": {}}}]}]}',
     "entry[0].changes[0]: messages is not a list"),
])
def test_odd_shapes_are_errors_not_exceptions(raw: bytes, error: str) -> None:
    parsed = parse_webhook(raw)
    assert parsed.messages == [] and parsed.errors == [error]


def test_message_without_phone_number_id_is_kept_and_reported() -> None:
    raw = (b'{"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": '
           b'{"messages": [{"from": "212600000001", "id": "wamid.X", "type": "text", "text": {"body": "salam"}}]}}]}]}')
    parsed = parse_webhook(raw)
    assert [m.text for m in parsed.messages] == ["salam"]
    assert parsed.messages[0].reply_context == {}
    assert parsed.errors == ["entry[0].changes[0]: no metadata.phone_number_id"]


def test_other_webhook_fields_are_ignored() -> None:
    raw = (b'{"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "account_update", '
           b'"value": {"event": "VERIFIED_ACCOUNT"}}]}]}')
    parsed = parse_webhook(raw)
    assert (parsed.messages, parsed.statuses, parsed.errors) == ([], 0, [])


# -- signatures ------------------------------------------------------------------------------------------------
BODY = load_fixture("hello.json")
SIGNATURES = [
    ("valid", BODY, sign(BODY), True),
    ("valid, upper-case hex", BODY, "sha256=" + sign(BODY)[7:].upper(), True),
    ("signed with another secret", BODY, sign(BODY, "another-secret"), False),
    ("missing header", BODY, None, False),
    ("empty header", BODY, "", False),
    ("sha1 prefix", BODY, "sha1=" + sign(BODY)[7:], False),
    ("no prefix", BODY, sign(BODY)[7:], False),
    ("not hex", BODY, "sha256=" + "z" * 64, False),
    ("too short", BODY, sign(BODY)[:-2], False),
    ("body changed by one byte", BODY.replace(b"bghit", b"bghiT"), sign(BODY), False),
    ("body with a byte added", BODY + b" ", sign(BODY), False),
]


@pytest.mark.parametrize("body, header, expected", [case[1:] for case in SIGNATURES], ids=[c[0] for c in SIGNATURES])
def test_signature(body: bytes, header: str | None, expected: bool) -> None:
    assert signature_is_valid(body, header, APP_SECRET) is expected


def test_an_empty_app_secret_accepts_nothing() -> None:
    assert signature_is_valid(BODY, sign(BODY, ""), "") is False


# -- subscription handshake ------------------------------------------------------------------------------------
SUBSCRIPTIONS = [
    ("accepted", "subscribe", VERIFY_TOKEN, "1158201444", 200),
    ("wrong token", "subscribe", "guess", "1158201444", 403),
    ("token prefix", "subscribe", VERIFY_TOKEN[:-1], "1158201444", 403),
    ("missing token", "subscribe", None, "1158201444", 403),
    ("wrong mode", "unsubscribe", VERIFY_TOKEN, "1158201444", 403),
    ("missing mode", None, VERIFY_TOKEN, "1158201444", 403),
    ("missing challenge", "subscribe", VERIFY_TOKEN, None, 403),
    ("markup as challenge", "subscribe", VERIFY_TOKEN, "<script>alert(1)</script>", 403),
]


@pytest.mark.parametrize("mode, token, challenge, status", [c[1:] for c in SUBSCRIPTIONS],
                         ids=[c[0] for c in SUBSCRIPTIONS])
def test_subscription(mode: str | None, token: str | None, challenge: str | None, status: int) -> None:
    answer_status, answer_body = verify_subscription(mode, token, challenge, VERIFY_TOKEN)
    assert answer_status == status
    if status == 200:
        assert answer_body == challenge
    else:
        assert VERIFY_TOKEN not in answer_body and answer_body


def test_an_unset_verify_token_matches_nothing() -> None:
    assert verify_subscription("subscribe", "", "1158201444", "")[0] == 403
