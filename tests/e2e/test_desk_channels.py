"""The desk with a provider channel, end to end: a Telegram user's disclosure tells the officers' group (no content),
the officer's replies reach the user's Telegram chat through the outbox, the bot stays silent, and hands back."""
from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator

import pytest

from bot.conversation.content import load_content
from bot.settings import ROOT
from tests.conftest import TEST_CONFIG
from tests.desk.harness import Browser, add_officer, rows
from tests.e2e.server import RunningServer, start_server, stop_server
from tests.e2e.test_channels import BOT_TOKEN, TELEGRAM_SECRET, post, settled, wait_for
from tests.fakes.telegram_api import FakeTelegramAPI

pytestmark = [pytest.mark.model, pytest.mark.server]
CONTENT = load_content(ROOT / "content", ROOT / "content" / "contacts.yml", "0000")
USER_CHAT = 5550002222
GROUP_CHAT = "-1009876543210"
_update_ids = itertools.count(832000001)


@pytest.fixture(scope="module")
def telegram() -> Iterator[FakeTelegramAPI]:
    fake = FakeTelegramAPI(token=BOT_TOKEN).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def server(telegram: FakeTelegramAPI, trained_model, tmp_path_factory):  # type: ignore[no-untyped-def]
    env = {"AMANE_TELEGRAM_BOT_TOKEN": BOT_TOKEN, "AMANE_TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
           "AMANE_TELEGRAM_API_BASE": telegram.base_url, "AMANE_DESK_NOTIFY_TELEGRAM_CHAT_ID": GROUP_CHAT,
           "AMANE_DESK_NOTIFY_LANGUAGE": "en"}
    running = start_server(tmp_path_factory.mktemp("desk_channels"), TEST_CONFIG, extra_env=env)
    yield running
    stop_server(running)


def user_writes(server: RunningServer, text: str) -> None:
    update_id = next(_update_ids)
    body = json.dumps({"update_id": update_id, "message": {
        "message_id": update_id % 100000, "from": {"id": USER_CHAT, "is_bot": False, "first_name": "T"},
        "chat": {"id": USER_CHAT, "type": "private"}, "date": int(time.time()), "text": text}}).encode()
    assert post(server, "/webhooks/telegram/webhook", body, {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})[0] == 200


def texts_to(telegram: FakeTelegramAPI, chat: str, start: int = 0) -> list[str]:
    return [c.params["text"] for c in telegram.calls[start:]
            if c.method == "sendMessage" and str(c.params["chat_id"]) == chat]


def test_a_telegram_user_is_answered_by_an_officer_through_telegram(server: RunningServer,
                                                                     telegram: FakeTelegramAPI) -> None:
    user = str(USER_CHAT)
    user_writes(server, "My boss took my passport and he does not pay me")
    wait_for(lambda: texts_to(telegram, GROUP_CHAT) and texts_to(telegram, user))
    [notice] = texts_to(telegram, GROUP_CHAT)
    assert "#1" in notice and "passport" not in notice.lower() and user not in notice

    for _ in range(2):  # yes, it is safe to write; yes, a trained person may write to me
        start = len(telegram.calls)
        user_writes(server, "yes")
        wait_for(lambda start=start: texts_to(telegram, user, start))
    settled(lambda: len(telegram.calls))
    assert rows(server, "SELECT consent FROM cases") == [("yes",)]

    officer = Browser.logged_in(server, add_officer(server, "karim"))
    assert officer.post("/desk/cases/1/claim").status_code == 303
    start = len(telegram.calls)
    assert officer.post("/desk/cases/1/reply", {"text": "Hello, I am Karim. Where can we call you safely?"}
                        ).status_code == 303
    wait_for(lambda: texts_to(telegram, user, start))
    assert texts_to(telegram, user, start) == ["Hello, I am Karim. Where can we call you safely?"]

    start = settled(lambda: len(telegram.calls))
    user_writes(server, "what are my rights")   # held by the officer: no answer from the bot
    settled(lambda: len(telegram.calls), quiet_seconds=3.0)
    assert texts_to(telegram, user, start) == []
    assert "what are my rights" in officer.get("/desk/cases/1/transcript").text

    assert officer.post("/desk/cases/1/close").status_code == 303
    wait_for(lambda: texts_to(telegram, user, start))
    assert texts_to(telegram, user, start) == CONTENT.messages("officer_closed", "en")
    start = settled(lambda: len(telegram.calls))
    user_writes(server, "what are my rights")
    wait_for(lambda: texts_to(telegram, user, start))
    assert texts_to(telegram, user, start)[0] == CONTENT.messages("answers.ask_rights", "en")[0]
    assert len(texts_to(telegram, GROUP_CHAT)) == 1   # one case, one notification
