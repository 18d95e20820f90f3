"""Telegram output: OutgoingMessage -> exact sendMessage requests, and the client against the fake Bot API."""
from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from telegram.error import BadRequest

from bot.channels.base import split_text
from bot.channels.telegram import TelegramClient, build_requests
from bot.channels.telegram.send import PROVIDER_LOGGERS, _WithholdProviderDetails, callback_data
from bot.messaging.messages import OutgoingMessage, SendResult
from tests.channels.telegram.harness import (
    TOKEN,
    ClientCase,
    LocalOnlyGuard,
    assert_local,
    assert_logs_clean,
    capture_everything,
    local_client,
    local_guard,
    run_client_case,
    telegram_api,
    telegram_client,
)
from tests.fakes.telegram_api import FakeTelegramAPI

__all__ = ["telegram_api", "telegram_client", "local_guard"]  # pytest fixtures, imported to be found

# python-telegram-bot 22.8 warns, inside its own RetryAfter, that retry_after will become a timedelta.
pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")

CHAT = 5550001111
ARABIC = "إذا كنت في خطر، اتصل بالشرطة على الرقم 19. يمكنك أيضا التحدث مع شخص من فريقنا."
# About 9,000 characters in paragraphs: three pieces at the 4,096 limit.
LONG = "\n\n".join(f"Paragraphe {n}. " + "Vous avez des droits au Maroc, quels que soient vos papiers. " * 6
                   for n in range(24))
MENU = [("Mes droits", "/ask_rights"), ("Sécurité", "/ask_safety"), ("Rentrer chez moi", "/ask_voluntary_return"),
        ("Hébergement", "/ask_shelter"), ("Aide juridique", "/ask_legal_aid"), ("Santé", "/ask_health"),
        ("Numéros utiles", "/ask_hotline"), ("Parler à une personne", "/request_human")]


def keyboard(*buttons: tuple) -> dict[str, Any]:
    return {"inline_keyboard": [[{"text": title, "callback_data": data}] for title, data in buttons]}


OUTGOING = [
    ("plain_text", OutgoingMessage("Bonjour, je suis Amane."),
     [{"chat_id": CHAT, "text": "Bonjour, je suis Amane."}]),
    ("arabic_text", OutgoingMessage(ARABIC), [{"chat_id": CHAT, "text": ARABIC}]),
    ("text_and_two_buttons", OutgoingMessage("Choisissez :", [("Mes droits", "/ask_rights"),
                                                              ("مساعدة", "/request_human")]),
     [{"chat_id": CHAT, "text": "Choisissez :",
       "reply_markup": keyboard(("Mes droits", "/ask_rights"), ("مساعدة", "/request_human"))}]),
    ("eight_buttons_one_per_row", OutgoingMessage("Menu", MENU),
     [{"chat_id": CHAT, "text": "Menu", "reply_markup": keyboard(*MENU)}]),
    ("long_text_buttons_on_last_piece", OutgoingMessage(LONG, [("OK", "/affirm")]),
     [{"chat_id": CHAT, "text": piece} for piece in split_text(LONG, 4096)[:-1]]
     + [{"chat_id": CHAT, "text": split_text(LONG, 4096)[-1], "reply_markup": keyboard(("OK", "/affirm"))}]),
    ("payload_longer_than_64_bytes",
     OutgoingMessage("?", [("Long", "/ask_rights{\"topic\": \"travail domestique et passeport confisqué\"}"),
                           ("Arabe", "/" + "ح" * 40)]),
     [{"chat_id": CHAT, "text": "?",
       "reply_markup": keyboard(("Long", "/ask_rights"), ("Arabe", "/" + "ح" * 31))}]),
    ("empty_text_sends_nothing", OutgoingMessage("   ", [("OK", "/affirm")]), []),
    ("string_chat_id_kept", OutgoingMessage("Salam"), [{"chat_id": "@not_used_but_allowed", "text": "Salam"}]),
]


@pytest.mark.parametrize("name, message, expected", OUTGOING, ids=[case[0] for case in OUTGOING])
def test_outgoing(name: str, message: OutgoingMessage, expected: list[dict[str, Any]]) -> None:
    chat_id = expected[0]["chat_id"] if expected else CHAT
    assert build_requests(chat_id, message) == expected


def test_long_text_pieces_fit_and_lose_nothing() -> None:
    requests = build_requests(CHAT, OutgoingMessage(LONG))
    assert len(requests) == 3
    assert all(len(request["text"]) <= 4096 for request in requests)
    assert " ".join(request["text"] for request in requests).split() == LONG.split()


@pytest.mark.parametrize("payload, expected", [
    ("/ask_rights", "/ask_rights"),
    ("x" * 64, "x" * 64),
    ("x" * 65, "x" * 64),
    ("/" + "é" * 40, "/" + "é" * 31),                       # 2-byte characters: cut between two of them
    ("/" + "🙏" * 20, "/" + "🙏" * 15),                     # 4-byte characters
    ("/" + "a" * 70 + "{\"x\": 1}", "/" + "a" * 63),        # the bare intent is itself too long: plain cut
])
def test_callback_data_is_cut_at_64_bytes_on_a_character_boundary(payload: str, expected: str) -> None:
    assert callback_data(payload) == expected
    assert len(callback_data(payload).encode("utf-8")) <= 64


# -- the client against the fake Bot API

SEND_CALL = ("sendMessage", {"chat_id": str(CHAT), "text": "Salam, ana Amane."})
MENU_REQUEST = {"chat_id": CHAT, "text": "Menu", "reply_markup": keyboard(*MENU[:2])}


def send(request: dict[str, Any]):  # type: ignore[no-untyped-def]
    return lambda client: client.send(request)


CLIENT_CASES = [
    ClientCase("send_text", send({"chat_id": CHAT, "text": "Salam, ana Amane."}), [SEND_CALL],
               SendResult(ok=True, provider_message_id="9001")),
    ClientCase("send_with_keyboard", send(MENU_REQUEST),
               [("sendMessage", {"chat_id": str(CHAT), "text": "Menu", "reply_markup": keyboard(*MENU[:2])})],
               SendResult(ok=True, provider_message_id="9001")),
    ClientCase("send_arabic", send({"chat_id": CHAT, "text": ARABIC}),
               [("sendMessage", {"chat_id": str(CHAT), "text": ARABIC})],
               SendResult(ok=True, provider_message_id="9001")),
    ClientCase("rate_limited_429", send({"chat_id": CHAT, "text": "Salam, ana Amane."}), [SEND_CALL],
               SendResult(ok=False, retry_after=7.0, error_code="retry_after"),
               script=lambda api: api.reply_retry_after("sendMessage", 7)),
    ClientCase("server_error_500_is_retryable", send({"chat_id": CHAT, "text": "Salam, ana Amane."}), [SEND_CALL],
               SendResult(ok=False, error_code="network_error"),
               script=lambda api: api.reply_server_error("sendMessage")),
    ClientCase("bad_request_400_is_permanent", send({"chat_id": CHAT, "text": "Salam, ana Amane."}), [SEND_CALL],
               SendResult(ok=False, permanent=True, error_code="bad_request"),
               script=lambda api: api.reply_bad_request("sendMessage")),
    ClientCase("blocked_by_user_403_is_permanent", send({"chat_id": CHAT, "text": "Salam, ana Amane."}),
               [SEND_CALL], SendResult(ok=False, permanent=True, error_code="forbidden"),
               script=lambda api: api.reply_forbidden("sendMessage")),
    ClientCase("chat_migrated_is_permanent", send({"chat_id": CHAT, "text": "Salam, ana Amane."}), [SEND_CALL],
               SendResult(ok=False, permanent=True, error_code="chat_migrated"),
               script=lambda api: api.script("sendMessage", 400, {
                   "ok": False, "error_code": 400, "description": "Bad Request: group chat was upgraded",
                   "parameters": {"migrate_to_chat_id": -1005550000001}})),
    ClientCase("answer_callback", lambda client: client.answer_callback("4382000000000000001"),
               [("answerCallbackQuery", {"callback_query_id": "4382000000000000001"})], True),
    ClientCase("answer_callback_too_old", lambda client: client.answer_callback("4382000000000000001"),
               [("answerCallbackQuery", {"callback_query_id": "4382000000000000001"})], False,
               script=lambda api: api.reply_bad_request("answerCallbackQuery", "Bad Request: query is too old")),
    ClientCase("delete_message", lambda client: client.delete_message(CHAT, "9001"),
               [("deleteMessage", {"chat_id": str(CHAT), "message_id": "9001"})], True),
    ClientCase("delete_message_already_gone", lambda client: client.delete_message(CHAT, 9001),
               [("deleteMessage", {"chat_id": str(CHAT), "message_id": "9001"})], False,
               script=lambda api: api.reply_bad_request("deleteMessage", "Bad Request: message to delete not found")),
    # The exit word: the bot's messages and the user's, in batches of at most 100 (deleteMessages).
    ClientCase("delete_messages", lambda client: client.delete_messages(CHAT, ["9002", "11", 9001, "9001"]),
               [("deleteMessages", {"chat_id": str(CHAT), "message_ids": [11, 9001, 9002]})], 3),
    ClientCase("delete_messages_in_batches_of_100", lambda client: client.delete_messages(CHAT, list(range(1, 151))),
               [("deleteMessages", {"chat_id": str(CHAT), "message_ids": list(range(1, 101))}),
                ("deleteMessages", {"chat_id": str(CHAT), "message_ids": list(range(101, 151))})], 150),
    ClientCase("delete_messages_refused_then_one_by_one", lambda client: client.delete_messages(CHAT, [11, 12]),
               [("deleteMessages", {"chat_id": str(CHAT), "message_ids": [11, 12]}),
                ("deleteMessage", {"chat_id": str(CHAT), "message_id": "11"}),
                ("deleteMessage", {"chat_id": str(CHAT), "message_id": "12"})], 1,
               script=lambda api: (api.reply_bad_request("deleteMessages", "Bad Request: message can't be deleted"),
                                   api.reply_bad_request("deleteMessage", "Bad Request: message can't be deleted"))),
    ClientCase("set_webhook", lambda client: client.set_webhook("https://amane.example.org/webhooks/telegram",
                                                                "webhook-Secret_0123456789"),
               [("setWebhook", {"url": "https://amane.example.org/webhooks/telegram",
                                "secret_token": "webhook-Secret_0123456789",
                                "allowed_updates": ["message", "edited_message", "callback_query"]})], True),
]


@pytest.mark.parametrize("case", CLIENT_CASES, ids=lambda case: case.name)
async def test_client(case: ClientCase, telegram_api: FakeTelegramAPI, telegram_client: TelegramClient) -> None:
    await run_client_case(case, telegram_api, telegram_client)


async def test_every_request_of_a_long_reply_is_sent_in_order(telegram_api: FakeTelegramAPI,
                                                              telegram_client: TelegramClient) -> None:
    requests = build_requests(CHAT, OutgoingMessage(LONG, MENU))
    results = [await telegram_client.send(request) for request in requests]
    assert [result.provider_message_id for result in results] == ["9001", "9002", "9003"]
    received = [call.params for call in telegram_api.calls]
    assert [params["text"] for params in received] == [request["text"] for request in requests]
    assert [("reply_markup" in params) for params in received] == [False, False, True]


async def test_stored_request_with_serialised_keyboard(telegram_api: FakeTelegramAPI,
                                                       telegram_client: TelegramClient) -> None:
    result = await telegram_client.send({**MENU_REQUEST, "reply_markup": json.dumps(MENU_REQUEST["reply_markup"])})
    assert result.ok and telegram_api.calls[0].params["reply_markup"] == MENU_REQUEST["reply_markup"]


async def test_slow_server_times_out_as_retryable(telegram_api: FakeTelegramAPI, local_guard: LocalOnlyGuard) -> None:
    telegram_api.reply_slowly("sendMessage", delay=1.0)
    async with local_client(telegram_api.base_url, local_guard, read_timeout=0.2) as client:
        result = await client.send({"chat_id": CHAT, "text": "Salam"})
    assert result == SendResult(ok=False, error_code="timed_out")


async def test_server_down_is_retryable(local_guard: LocalOnlyGuard, caplog: pytest.LogCaptureFixture) -> None:
    capture_everything(caplog)
    stopped = FakeTelegramAPI(TOKEN).start()
    base_url = stopped.base_url
    stopped.stop()
    async with local_client(base_url, local_guard, connect_timeout=1.0) as client:
        result = await client.send({"chat_id": CHAT, "text": "Salam"})
    assert result == SendResult(ok=False, error_code="network_error")
    assert_logs_clean(caplog, [TOKEN, str(CHAT), "Salam"])


async def test_unknown_token_is_permanent(telegram_api: FakeTelegramAPI, local_guard: LocalOnlyGuard) -> None:
    async with TelegramClient("5559990000:AAWrongTokenForTests", telegram_api.base_url,
                              httpx_kwargs={"event_hooks": {"request": [local_guard]}, "trust_env": False}) as client:
        result = await client.send({"chat_id": CHAT, "text": "Salam"})
    assert result == SendResult(ok=False, permanent=True, error_code="invalid_token")
    assert telegram_api.calls[0].token == "5559990000:AAWrongTokenForTests"


async def test_set_webhook_errors_are_raised_for_the_command(telegram_api: FakeTelegramAPI,
                                                            telegram_client: TelegramClient) -> None:
    telegram_api.reply_bad_request("setWebhook", "Bad Request: bad webhook: HTTPS url must be provided")
    with pytest.raises(BadRequest):
        await telegram_client.set_webhook("http://insecure.example.org/hook", "webhook-Secret_0123456789")


# -- the harness itself


def test_harness_refuses_a_non_local_base_url() -> None:
    with pytest.raises(AssertionError, match="refused"):
        assert_local("https://api.telegram.org")
    assert_local("http://127.0.0.1:8081")
    assert_local("http://localhost:8081")


async def test_harness_refuses_a_request_to_another_host_before_it_leaves() -> None:
    guard = LocalOnlyGuard()
    client = TelegramClient(TOKEN, "http://api.telegram.invalid",
                            httpx_kwargs={"event_hooks": {"request": [guard]}, "trust_env": False})
    async with client:
        result = await client.send({"chat_id": CHAT, "text": "Salam"})
    assert guard.refused == ["api.telegram.invalid"]
    assert not result.ok


def test_harness_reports_unused_scripted_replies() -> None:
    api = FakeTelegramAPI(TOKEN).start()
    try:
        api.reply_server_error("sendMessage")
        assert [reply.method for reply in api.unused_replies()] == ["sendMessage"]
    finally:
        api.stop()


# -- logs


async def test_sending_logs_no_token_chat_id_or_text(telegram_api: FakeTelegramAPI, telegram_client: TelegramClient,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    """The telegram_api fixture checks every client test's logs; this one also proves the check can fail."""
    telegram_api.reply_server_error("sendMessage")
    for request in build_requests(CHAT, OutgoingMessage("Salam, ana Amane. 3ndk l7a9.", MENU[:1])):
        await telegram_client.send(request)
        await telegram_client.send(request)
    await telegram_client.answer_callback("4382000000000000001")
    await telegram_client.delete_message(CHAT, 9001)
    secrets = [TOKEN, str(CHAT), "Salam, ana Amane", "4382000000000000001"]
    assert_logs_clean(caplog, secrets)
    assert any(record.name == "bot.channels.telegram.send" for record in caplog.records)  # we did capture


async def test_without_the_filter_the_libraries_would_leak(telegram_api: FakeTelegramAPI,
                                                           telegram_client: TelegramClient,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    """A control: the log check is not vacuous, python-telegram-bot and httpx do log token, chat id and text."""
    removed = []
    for name in PROVIDER_LOGGERS:
        for existing in list(logging.getLogger(name).filters):
            if isinstance(existing, _WithholdProviderDetails):
                logging.getLogger(name).removeFilter(existing)
                removed.append((name, existing))
    try:
        await telegram_client.send({"chat_id": CHAT, "text": "Salam"})
        leaked = caplog.text
    finally:
        for name, existing in removed:
            logging.getLogger(name).addFilter(existing)
        caplog.clear()  # so that the fixture's own check looks at nothing but the restored state
    assert TOKEN in leaked and str(CHAT) in leaked and "Salam" in leaked
