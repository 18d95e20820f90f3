"""Telegram input: recorded updates -> IncomingMessage or error code, the webhook secret, and logs that stay clean."""
from __future__ import annotations

import json

import pytest

from bot.channels.telegram import parse_update, secret_is_valid
from bot.channels.telegram.receive import MAX_BODY_BYTES
from tests.channels.telegram.harness import (
    FIXTURES,
    IncomingCase,
    assert_logs_clean,
    capture_everything,
    check_incoming,
    fixture_bytes,
)

CHAT = 5550001111
SENDER = str(CHAT)


def media(fixture: str, kind: str, update_id: int, message_id: int, caption: str = "") -> IncomingCase:
    return IncomingCase(fixture, text=caption, media=kind, sender=SENDER, external_id=str(update_id),
                        reply_context={"chat_id": CHAT, "message_id": message_id}, client_language="fr")


INCOMING = [
    IncomingCase("hello.json", text="bghit nrje3 l bladi", sender=SENDER, external_id="731000001",
                 reply_context={"chat_id": CHAT, "message_id": 11}, client_language="fr"),
    IncomingCase("duplicate.json", text="bghit nrje3 l bladi", sender=SENDER, external_id="731000001"),
    IncomingCase("start.json", text="/start", sender=SENDER, external_id="731000002",
                 reply_context={"chat_id": CHAT, "message_id": 1}),
    IncomingCase("start_deeplink.json", text="/start", sender=SENDER, external_id="731000003",
                 reply_context={"chat_id": CHAT, "message_id": 2, "start_payload": "ngo_rabat-01"}),
    IncomingCase("callback_query.json", text="/ask_rights", sender=SENDER, external_id="731000004",
                 reply_context={"chat_id": CHAT, "callback_query_id": "4382000000000000001",
                                "buttons_message_id": "12", "button_words": "Mes droits"},
                 callback_query_id="4382000000000000001"),
    IncomingCase("callback_without_data.json", callback_query_id="4382000000000000002",
                 error="callback_without_data"),
    # An edit is not a new turn: kept for the officers, never answered.
    IncomingCase("edited_message.json", text="bghit nrje3 l bladi 3afak", sender=SENDER, external_id="731000005",
                 reply_context={"chat_id": CHAT, "message_id": 11}, kind="edit", refers_to="11"),
    IncomingCase("edited_caption.json", text="had lwara9 dyali, chedhom lpatron", sender=SENDER,
                 external_id="731000112", kind="edit", refers_to="13"),
    # Only private chats are conversations: groups, supergroups and forum topics are acknowledged, not answered.
    IncomingCase("group_disclosure.json", error="not_private_chat", chat_type="group"),
    IncomingCase("supergroup_start.json", error="not_private_chat", chat_type="supergroup"),
    IncomingCase("new_chat_members.json", error="not_private_chat", chat_type="supergroup"),
    IncomingCase("left_chat_member.json", error="not_private_chat", chat_type="supergroup"),
    IncomingCase("pinned_message.json", error="not_private_chat", chat_type="supergroup"),
    IncomingCase("forum_topic_created.json", error="not_private_chat", chat_type="supergroup"),
    IncomingCase("forum_topic_text.json", error="not_private_chat", chat_type="supergroup"),
    IncomingCase("edited_in_group.json", error="not_private_chat", chat_type="group"),
    # A button under a message in a group: its spinner is stopped, nothing else.
    IncomingCase("group_callback_query.json", error="not_private_chat", chat_type="group",
                 callback_query_id="4382000000000000108"),
    IncomingCase("message_reaction.json", error="unhandled_update"),
    # The language of the user's app, a hint for the first reply.
    IncomingCase("start_english_client.json", text="/start", sender=SENDER, client_language="en",
                 reply_context={"chat_id": CHAT, "message_id": 31}),
    media("photo_link_caption.json", "image", 731000111, 32, caption="https://example.org/papers/contract-scan"),
    # A caption is read as the message's text: it may be the point of the message.
    media("photo.json", "image", 731000006, 13, caption="had lwara9 dyali"),
    media("voice.json", "voice", 731000007, 14),
    media("audio.json", "audio", 731000008, 15),
    media("video.json", "video", 731000009, 16),
    media("video_note.json", "video", 731000010, 17),
    media("document.json", "document", 731000011, 18),
    media("sticker.json", "sticker", 731000012, 19),
    media("location.json", "location", 731000013, 20),
    media("venue.json", "location", 731000025, 26),
    media("contact.json", "contacts", 731000014, 21),
    media("poll.json", "unknown", 731000015, 22),
    # Built by the raw fallback: python-telegram-bot 22.8 refuses polls without Bot API 9.6 fields.
    media("poll_older_api.json", "unknown", 731000026, 28),
    IncomingCase("huge_text.json", sender=SENDER, external_id="731000017"),
    IncomingCase("channel_post.json", error="unhandled_update"),
    IncomingCase("no_chat.json", error="no_chat"),
    IncomingCase("malformed.txt", error="invalid_json"),
    IncomingCase("invalid_utf8.txt", error="invalid_json"),
    IncomingCase("empty.txt", error="empty_body"),
    IncomingCase("not_an_object.json", error="invalid_update"),
]


@pytest.mark.parametrize("case", INCOMING, ids=lambda case: case.id)
def test_incoming(case: IncomingCase) -> None:
    check_incoming(case)


def test_huge_text_is_passed_whole_for_the_pipeline_to_refuse() -> None:
    message = parse_update(fixture_bytes("huge_text.json")).message
    assert message is not None and len(message.text) == 20_000 and message.media is None


def test_duplicate_has_the_same_external_id_and_an_edit_a_new_one() -> None:
    ids = [parse_update(fixture_bytes(name)).message.external_id  # type: ignore[union-attr]
           for name in ("hello.json", "duplicate.json", "edited_message.json")]
    assert ids[0] == ids[1] != ids[2]


def update(**fields: object) -> bytes:
    return json.dumps({"update_id": 731000099, **fields}).encode()


def text_message(text: str) -> dict:
    return {"message_id": 40, "date": 1732800000, "chat": {"id": CHAT, "type": "private"}, "text": text}


@pytest.mark.parametrize("text, payload", [
    ("/start", None),
    ("/START", None),
    ("/start@amane_test_bot", None),
    ("/start@amane_test_bot ngo_rabat", "ngo_rabat"),
    ("/start " + "a" * 64, "a" * 64),
    ("/start " + "a" * 65, None),              # longer than Telegram allows: not from one of our links
    ("/start <script>", None),                 # characters Telegram never puts in a deep link
])
def test_start_command_forms(text: str, payload: str | None) -> None:
    message = parse_update(update(message=text_message(text))).message
    assert message is not None and message.text == "/start"
    assert message.reply_context.get("start_payload") == payload


@pytest.mark.parametrize("text", ["/start two words", "/starting", "start", "/help"])
def test_other_texts_are_left_as_typed(text: str) -> None:
    message = parse_update(update(message=text_message(text))).message
    assert message is not None and message.text == text


@pytest.mark.parametrize("body, error", [
    (b"   \n", "empty_body"),
    (b"null", "invalid_update"),
    (b'{"message": {"text": "salam"}}', "invalid_update"),            # no update_id
    (b'{"update_id": "731000001"}', "invalid_update"),                # update_id not an integer
    (b'{"update_id": true}', "invalid_update"),
    (b'{"update_id": 731000001, "message": "salam"}', "invalid_update"),
    (b'{"update_id": 731000001, "message": {"chat": 5}}', "invalid_update"),
    (b'{"update_id": 731000001}', "unhandled_update"),
    (b'{"update_id": 731000001, "poll": {"id": "1"}}', "unhandled_update"),
    (b'{"update_id": 731000001, "message": {"message_id": 1, "chat": {"id": "x"}}}', "invalid_update"),
    (b'{"update_id": 731000001, "message": {"message_id": 1, "date": 1, "chat": {"id": 5}, "text": 7}}',
     "invalid_update"),
    (b'{"update_id": 731000001, "callback_query": {"id": 4}}', "invalid_update"),
    (b" " * (MAX_BODY_BYTES + 1), "body_too_large"),
])
def test_forged_or_broken_bodies_never_raise(body: bytes, error: str) -> None:
    parsed = parse_update(body)
    assert (parsed.message, parsed.error) == (None, error)


def test_callback_without_its_message_uses_the_users_id() -> None:
    body = update(callback_query={"id": "4382000000000000003", "chat_instance": "-7",
                                  "from": {"id": CHAT, "is_bot": False, "first_name": "Test"},
                                  "data": "/ask_safety"})
    parsed = parse_update(body)
    assert parsed.message is not None
    assert (parsed.message.sender, parsed.message.text) == (SENDER, "/ask_safety")


# Telegram and python-telegram-bot do not change on the same day: a part of an update the library
# cannot build (here a quoted poll without Bot API 9.6 fields) must not lose the user's message.
OLD_POLL = {"id": "5900000000000000002", "question": "?", "options": [{"text": "Oui", "voter_count": 0}],
            "total_voter_count": 0, "is_closed": False, "is_anonymous": True, "type": "regular",
            "allows_multiple_answers": False}


def test_text_survives_a_part_the_library_cannot_build() -> None:
    quoted = {"message_id": 39, "date": 1732800000, "chat": {"id": CHAT, "type": "private"}, "poll": OLD_POLL}
    parsed = parse_update(update(edited_message={**text_message("3tini numero dyal lbolis"),
                                                 "reply_to_message": quoted}))
    assert parsed.error is None and parsed.message is not None
    assert (parsed.message.text, parsed.message.sender, parsed.message.media) == (
        "3tini numero dyal lbolis", SENDER, None)
    assert parsed.message.reply_context == {"chat_id": CHAT, "message_id": 40}


@pytest.mark.parametrize("text, payload", [("/start", None), ("/start ngo_rabat", "ngo_rabat")])
def test_start_survives_the_fallback(text: str, payload: str | None) -> None:
    parsed = parse_update(update(message={**text_message(text), "poll": OLD_POLL}))
    assert parsed.message is not None and parsed.message.text == "/start"
    assert parsed.message.reply_context.get("start_payload") == payload


@pytest.mark.parametrize("query, expected", [
    ({"id": "9", "data": "/ask_rights", "from": {"id": CHAT},
      "message": {"chat": {"id": CHAT}, "poll": OLD_POLL}}, ("9", "/ask_rights", None)),
    ({"id": "9", "data": "/ask_rights", "from": {"id": CHAT}}, ("9", "/ask_rights", None)),
    ({"id": "9", "from": {"id": CHAT}}, ("9", None, "callback_without_data")),
    ({"id": "9", "data": "/ask_rights"}, ("9", None, "no_chat")),
])
def test_callback_fallback(query: dict, expected: tuple) -> None:
    parsed = parse_update(update(callback_query=query))  # no chat_instance: the library refuses it
    text = parsed.message.text if parsed.message else None
    assert (parsed.callback_query_id, text, parsed.error) == expected
    if parsed.message:
        assert parsed.message.sender == SENDER


@pytest.mark.parametrize("header, secret, valid", [
    ("s3cret-Token_1", "s3cret-Token_1", True),
    ("s3cret-Token_2", "s3cret-Token_1", False),
    ("s3cret-Token_1 ", "s3cret-Token_1", False),
    (None, "s3cret-Token_1", False),
    ("", "s3cret-Token_1", False),
    ("", "", False),                          # no secret configured: nothing is valid
    ("anything", "", False),
    ("سر", "s3cret-Token_1", False),          # non-ASCII forged header: refused, not an exception
])
def test_secret_header(header: str | None, secret: str, valid: bool) -> None:
    assert secret_is_valid(header, secret) is valid


def test_parsing_logs_no_text_sender_or_phone_number(caplog: pytest.LogCaptureFixture) -> None:
    capture_everything(caplog)
    names = ["hello.json", "contact.json", "callback_query.json", "malformed.txt", "no_chat.json"]
    for name in names:
        parse_update(fixture_bytes(name))
    assert_logs_clean(caplog, [SENDER, "bghit nrje3", "+212600000000", "212600000000", "/ask_rights",
                               "aidez-moi", "3tini numero"])


def test_every_fixture_has_a_case() -> None:
    covered = {case.fixture for case in INCOMING}
    assert covered == {path.name for path in FIXTURES.iterdir()}


@pytest.mark.parametrize("code, language", [
    ("fr", "fr"), ("en", "en"), ("ar", "ar"), ("en-GB", "en"), ("fr-CA", "fr"), ("AR", "ar"),
    ("ru", None), ("pt-br", None), ("", None), (None, None), (7, None),
])
def test_client_language_is_a_hint_only_for_the_languages_we_answer_in(code: object, language: str | None) -> None:
    sender = {"id": CHAT, "is_bot": False, "first_name": "Test"}
    if code is not None:
        sender["language_code"] = code
    message = parse_update(update(message={**text_message("salam"), "from": sender})).message
    assert message is not None and message.client_language == language


@pytest.mark.parametrize("chat, private", [
    ({"id": CHAT, "type": "private"}, True),
    ({"id": CHAT}, True),                                  # 2015 updates: no type, a user's positive id
    ({"id": -4000000001}, False),                          # no type, a group's negative id
    ({"id": -1005550000001, "type": "supergroup", "is_forum": True}, False),
    ({"id": -1005550000009, "type": "channel"}, False),
])
def test_only_private_chats_are_conversations(chat: dict, private: bool) -> None:
    for body in (update(message={**text_message("salam"), "chat": chat}),
                 update(message={**text_message("salam"), "chat": chat, "poll": OLD_POLL})):   # the raw path too
        parsed = parse_update(body)
        assert (parsed.message is not None) is private
        assert parsed.error == (None if private else "not_private_chat")
