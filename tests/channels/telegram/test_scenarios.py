"""Telegram updates as the Bot API sends them, through the connector in-process: what is answered, what is only
acknowledged, and what the exit word deletes. The path is the server's (connector, inbox, pipeline, outbox,
adapter) with a stand-in for Rasa (tests/fakes/agent.py) and the fake Bot API."""
from __future__ import annotations

import asyncio
import inspect
import json
import time
from datetime import timedelta

import pytest

from bot.conversation import pipeline as pipeline_module
from bot.conversation.content import content_for
from bot.store import InboundMessage, OutboundMessage, session_scope
from bot.store.models import utcnow
from tests.channels.flow import Flow
from tests.channels.telegram.harness import (
    assert_logs_clean,
    fixture_bytes,
    flow,
    local_guard,
    telegram_api,
)
from tests.fakes.agent import ANSWER
from tests.fakes.telegram_api import START_MESSAGE_ID, FakeTelegramAPI

__all__ = ["flow", "local_guard", "telegram_api"]  # pytest fixtures, imported to be found

CHAT = 5550001111
FIXTURE_TEXTS = ["my boss took my passport", "I need a lawyer", "bghit nrje3", "lwara9", "read the rules"]
# Item 6 needs two lines in bot/conversation/pipeline.py (see bot/conversation/messages.py: language_evidence).
needs_pipeline_hint = pytest.mark.skipif(
    "language_evidence" not in inspect.getsource(pipeline_module),
    reason="bot/conversation/pipeline.py does not read language_evidence/client_language yet")


def sent(api: FakeTelegramAPI, method: str = "sendMessage") -> list[dict]:
    return [call.params for call in api.calls if call.method == method]


def exit_word(message_id: int, update_id: int = 731000199) -> bytes:
    return json.dumps({"update_id": update_id, "message": {
        "message_id": message_id, "from": {"id": CHAT, "is_bot": False, "first_name": "Test", "language_code": "fr"},
        "chat": {"id": CHAT, "type": "private"}, "date": int(time.time()), "text": "0000"}}).encode()


# 1. Groups, supergroups and forum topics: acknowledged (200), neither answered nor stored.
NOT_PRIVATE = ["group_disclosure.json", "supergroup_start.json", "new_chat_members.json", "left_chat_member.json",
               "pinned_message.json", "forum_topic_created.json", "forum_topic_text.json", "edited_in_group.json",
               "group_callback_query.json",
               # 3. and a reaction, which is no message
               "message_reaction.json"]


@pytest.mark.parametrize("fixture", NOT_PRIVATE)
async def test_not_answered_nor_stored(fixture: str, flow: Flow, telegram_api: FakeTelegramAPI,
                                       caplog: pytest.LogCaptureFixture) -> None:
    status, body = flow.post(fixture_bytes(fixture))
    await flow.run()

    assert status == 200 and body["status"] == "ignored"
    assert (flow.inbound(), flow.conversations(), flow.agent.turns) == ([], [], [])
    assert sent(telegram_api) == []
    if fixture == "group_callback_query.json":
        await asyncio.gather(*flow.connector.callbacks)
        # The button's spinner stops; that is all.
        assert [call.method for call in telegram_api.calls] == ["answerCallbackQuery"]
    else:
        assert telegram_api.calls == []
    if fixture != "message_reaction.json":
        assert "telegram update not answered: not_private_chat chat=" in caplog.text
    assert_logs_clean(caplog, [*FIXTURE_TEXTS, "-1005550000001", "-4000000001", str(CHAT)])


async def test_start_in_a_private_chat_still_greets(flow: Flow, telegram_api: FakeTelegramAPI) -> None:
    assert flow.post(fixture_bytes("start.json"))[0] == 200
    await flow.run()
    assert flow.agent.turns == ["/greet"]
    assert [params["chat_id"] for params in sent(telegram_api)] == [str(CHAT)]


async def test_an_edit_is_kept_for_the_desk_and_not_answered(flow: Flow, telegram_api: FakeTelegramAPI) -> None:
    """3. An edited message is not a new turn: its new text is kept, sealed, beside the message it changes."""
    flow.post(fixture_bytes("hello.json"))
    await flow.run()
    answered = len(sent(telegram_api))
    assert flow.post(fixture_bytes("edited_message.json")) == (200, {"status": "ok", "accepted": 1})
    flow.post(fixture_bytes("edited_caption.json"))   # of a picture we never received
    await flow.run()

    assert len(sent(telegram_api)) == answered
    assert flow.agent.turns == ["bghit nrje3 l bladi"]
    (conversation,) = flow.conversations()
    hello = flow.inbound()[0]
    assert [(e.text, e.original_received_at) for e in flow.edits(conversation.id)] == [
        ("bghit nrje3 l bladi 3afak", hello.received_at), ("had lwara9 dyali, chedhom lpatron", None)]


async def test_a_media_message_is_answered_in_the_language_of_the_users_app(flow: Flow,
                                                                           telegram_api: FakeTelegramAPI) -> None:
    """6. Before any text tells the language, the app's (from.language_code) decides the first reply."""
    voice = json.loads(fixture_bytes("voice.json"))
    voice["message"]["from"]["language_code"] = "en"
    flow.post(json.dumps(voice).encode())
    await flow.run()
    expected = content_for(flow.settings).messages("unsupported_media", "en")
    assert [params["text"] for params in sent(telegram_api)] == expected


@needs_pipeline_hint
@pytest.mark.parametrize("fixture, language", [
    ("start_english_client.json", "en"),    # /start says nothing: the app's language
    ("photo_link_caption.json", "fr"),      # a link says nothing either, however English its words
    ("hello.json", "ary"),                  # a text that tells its language wins over the app's (fr)
])
async def test_the_first_reply_follows_the_users_app_until_a_text_tells(
        fixture: str, language: str, flow: Flow, telegram_api: FakeTelegramAPI) -> None:
    flow.post(fixture_bytes(fixture))
    await flow.run()
    assert [params["text"] for params in sent(telegram_api)] == [ANSWER.format(language=language)]


async def test_the_exit_word_deletes_the_bots_messages_and_the_users(flow: Flow, telegram_api: FakeTelegramAPI) -> None:
    """7. In a private chat the Bot API lets the bot delete both, for 48 hours."""
    flow.post(fixture_bytes("start.json"))           # message 1: answered with the bot's START_MESSAGE_ID
    flow.post(fixture_bytes("hello.json"))           # message 11: answered with START_MESSAGE_ID + 1
    await flow.run()
    with session_scope() as session:                 # the /start and its answer are two days old
        old = session.query(InboundMessage).order_by(InboundMessage.id).first()
        old.received_at = utcnow() - timedelta(hours=49)
        answer = session.query(OutboundMessage).order_by(OutboundMessage.id).first()
        answer.sent_at = utcnow() - timedelta(hours=49)
    flow.post(exit_word(99))
    await flow.run()

    assert sent(telegram_api, "deleteMessages") == [
        {"chat_id": str(CHAT), "message_ids": [11, 99, START_MESSAGE_ID + 1]}]
    exit_reply = content_for(flow.settings).messages("exit_reply", "ary_latn")   # "bghit nrje3": Darija, Latin letters
    assert [params["text"] for params in sent(telegram_api)][-1:] == exit_reply
    # Wiped: nothing of the conversation is left but the "OK." on its way out.
    assert flow.conversations() == [] and [row.status for row in flow.inbound()] == []


async def test_the_exit_word_with_nothing_left_to_delete(flow: Flow, telegram_api: FakeTelegramAPI) -> None:
    flow.post(exit_word(5))
    await flow.run()
    assert sent(telegram_api, "deleteMessages") == [{"chat_id": str(CHAT), "message_ids": [5]}]


async def test_an_answered_message_keeps_only_its_chat_id_sealed(flow: Flow) -> None:
    flow.post(fixture_bytes("hello.json"))
    await flow.run()
    (row,) = flow.inbound()
    assert row.status == "done" and flow.opened(row) == {"chat_message_id": "11"}
    assert "bghit" not in str(row.sealed_message)


# A tap on buttons answered already, or written past, is read as the button's words (bot/messaging/taps.py). The
# fake Bot API numbers the bot's messages from START_MESSAGE_ID: the answer to the first message holds "the buttons".
BUTTONS = START_MESSAGE_ID


def tap(update_id: int, buttons_message_id: int = BUTTONS, data: str = "/ask_rights") -> bytes:
    update = json.loads(fixture_bytes("callback_query.json"))
    update["update_id"] = update_id
    update["callback_query"]["id"] = f"43820000000{update_id}"
    update["callback_query"]["message"]["message_id"] = buttons_message_id
    update["callback_query"]["data"] = data
    return json.dumps(update).encode()


def typed(update_id: int, message_id: int, text: str = "salam") -> bytes:
    return json.dumps({"update_id": update_id, "message": {
        "message_id": message_id, "from": {"id": CHAT, "is_bot": False, "first_name": "Test"},
        "chat": {"id": CHAT, "type": "private"}, "date": int(time.time()), "text": text}}).encode()


async def read_as(flow: Flow, *bodies: bytes) -> list[str]:
    for body in bodies:
        assert flow.post(body)[0] == 200
        await flow.run()
    return flow.agent.turns


async def test_a_first_tap_is_its_payload_and_a_second_tap_on_the_same_buttons_is_their_words(flow: Flow) -> None:
    assert await read_as(flow, typed(1, 11), tap(2), tap(3)) == ["salam", "/ask_rights", "Mes droits"]


async def test_a_tap_on_buttons_the_person_has_written_past_is_their_words(flow: Flow) -> None:
    assert await read_as(flow, typed(1, 11), typed(2, 13, "ok"), tap(3, data="/ask_voluntary_return")) == [
        "salam", "ok", "Rentrer chez moi"]


async def test_a_tap_on_the_newest_buttons_is_its_payload(flow: Flow) -> None:
    """The contrast: the same taps as above, each on the buttons of the answer just sent."""
    assert await read_as(flow, typed(1, 11), typed(2, 13, "ok"), tap(3, BUTTONS + 1, "/ask_voluntary_return")) == [
        "salam", "ok", "/ask_voluntary_return"]


async def test_a_tap_on_a_message_that_is_not_known_stays_a_payload(flow: Flow) -> None:
    """Not one of the bot's messages kept here (erased, or past retention): nothing to compare, as it was."""
    assert await read_as(flow, typed(1, 11), typed(2, 13, "ok"), tap(3, 12)) == ["salam", "ok", "/ask_rights"]


async def test_a_tap_whose_button_is_not_on_the_message_stays_a_payload(flow: Flow) -> None:
    """Without the button's words (a forged or changed keyboard) there is nothing better to read: as it was."""
    assert await read_as(flow, typed(1, 11), tap(2), tap(3, data="/greet")) == ["salam", "/ask_rights", "/greet"]
