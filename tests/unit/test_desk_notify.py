"""Officers' group notifications: off by default, only ever to the configured group, codes and a number only."""
from __future__ import annotations

import logging
import socket

import pytest

from bot.desk.notify import notify_new_case
from bot.settings import get_settings
from tests.channels.telegram.harness import TOKEN, telegram_api
from tests.fakes.telegram_api import FakeTelegramAPI

__all__ = ["telegram_api"]  # pytest fixture, imported to be found

GROUP = "-1009876543210"
TRIGGER = "le patron a pris mon passeport"


@pytest.fixture
def channel_bot(telegram_api: FakeTelegramAPI, monkeypatch: pytest.MonkeyPatch) -> FakeTelegramAPI:
    """The Telegram channel configured against the fake; the officers' group not (yet)."""
    monkeypatch.setenv("AMANE_TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("AMANE_TELEGRAM_API_BASE", telegram_api.base_url)
    get_settings.cache_clear()
    return telegram_api


@pytest.fixture
def group(channel_bot: FakeTelegramAPI, monkeypatch: pytest.MonkeyPatch) -> FakeTelegramAPI:
    monkeypatch.setenv("AMANE_DESK_NOTIFY_TELEGRAM_CHAT_ID", GROUP)
    get_settings.cache_clear()
    return channel_bot


async def test_off_by_default_nothing_is_sent(channel_bot: FakeTelegramAPI) -> None:
    settings = get_settings()
    assert settings.desk_notify.chat_id == "" and not settings.desk_notify.enabled
    assert await notify_new_case(settings, 12, "urgent", "ary", "whatsapp") is False
    assert channel_bot.calls == []


async def test_only_the_configured_group_is_ever_messaged(group: FakeTelegramAPI) -> None:
    settings = get_settings()
    cases = [(1, "normal", "fr", "webchat"), (2, "high", "en", "telegram"), (3, "urgent", "ary", "whatsapp")]
    for case in cases:
        assert await notify_new_case(settings, *case) is True
    assert len(group.calls) == len(cases)
    for call in group.calls:
        assert call.method == "sendMessage"
        assert call.token == TOKEN  # the channel bot's token when no other is set
        assert str(call.params["chat_id"]) == GROUP
        assert set(call.params) == {"chat_id", "text"}


@pytest.mark.parametrize("desk_language, priority, expected", [
    ("fr", "high", "Nouveau dossier #12 · priorité haute · langue ary · canal whatsapp"),
    ("fr", "urgent", "URGENT · Nouveau dossier #12 · priorité urgente · langue ary · canal whatsapp"),
    ("en", "normal", "New case #12 · priority normal · language ary · channel whatsapp"),
    ("en", "urgent", "URGENT · New case #12 · priority urgent · language ary · channel whatsapp"),
    ("xx", "normal", "Nouveau dossier #12 · priorité normale · langue ary · canal whatsapp"),  # unknown: fr
])
async def test_text_holds_number_priority_language_channel_and_nothing_else(
        group: FakeTelegramAPI, monkeypatch: pytest.MonkeyPatch, desk_language: str, priority: str,
        expected: str) -> None:
    monkeypatch.setenv("AMANE_DESK_NOTIFY_LANGUAGE", desk_language)
    get_settings.cache_clear()
    assert await notify_new_case(get_settings(), 12, priority, "ary", "whatsapp") is True
    [call] = group.calls
    assert call.params["text"] == expected


async def test_a_message_text_passed_by_mistake_never_reaches_the_group(group: FakeTelegramAPI) -> None:
    assert await notify_new_case(get_settings(), 7, TRIGGER, TRIGGER, TRIGGER + " 212600000009") is True
    [call] = group.calls
    assert call.params["text"] == "Nouveau dossier #7 · priorité ? · langue ? · canal ?"
    assert "passeport" not in call.params["text"] and "2126" not in call.params["text"]


async def test_a_dedicated_bot_token_is_used_when_set(group: FakeTelegramAPI, monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    other = "5550001234:AAOtherTokenForTheOfficersGroup-canary"
    monkeypatch.setenv("AMANE_DESK_NOTIFY_TELEGRAM_BOT_TOKEN", other)
    get_settings.cache_clear()
    # The fake knows only the channel bot's token: it answers 401, which must not raise.
    assert await notify_new_case(get_settings(), 5, "high", "fr", "telegram") is False
    [call] = group.calls
    assert call.token == other and str(call.params["chat_id"]) == GROUP
    assert other not in caplog.text and other.split(":", 1)[1] not in caplog.text


async def test_provider_errors_return_false_and_log_no_detail(group: FakeTelegramAPI,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    group.reply_server_error("sendMessage")
    group.reply_bad_request("sendMessage", "Bad Request: chat not found")
    assert await notify_new_case(get_settings(), 8, "urgent", "ar", "telegram") is False
    assert await notify_new_case(get_settings(), 9, "urgent", "ar", "telegram") is False
    assert "desk notification not sent" in caplog.text
    assert GROUP not in caplog.text and "chat not found" not in caplog.text


async def test_unreachable_api_returns_false(monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("AMANE_TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("AMANE_TELEGRAM_API_BASE", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("AMANE_DESK_NOTIFY_TELEGRAM_CHAT_ID", GROUP)
    get_settings.cache_clear()
    caplog.set_level(logging.DEBUG)
    assert await notify_new_case(get_settings(), 10, "normal", "fr", "webchat") is False
    assert GROUP not in caplog.text and TOKEN.split(":", 1)[1] not in caplog.text


async def test_broken_settings_never_raise(group: FakeTelegramAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.desk.notify._texts", lambda: {})  # the texts file lost: KeyError inside
    assert await notify_new_case(get_settings(), 11, "normal", "fr", "webchat") is False
    assert group.calls == []
