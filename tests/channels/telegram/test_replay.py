"""Replays of Telegram updates (issue 13, item 8): the secret header is fixed, so a captured request can be sent
again. After the exit word it must not be answered again (nor stored), and an update older than Telegram's own
24-hour keeping of undelivered updates is acknowledged and never answered."""
from __future__ import annotations

import asyncio
import json
import logging
import time

import pytest

from tests.channels.flow import Flow
from tests.channels.telegram.harness import fixture_bytes, flow, local_guard, telegram_api  # noqa: F401 (fixtures)
from tests.channels.telegram.test_scenarios import CHAT, exit_word
from tests.fakes.telegram_api import FakeTelegramAPI

HOUR = 3600


def text_update(text: str, update_id: int, sent: float, edited: bool = False) -> bytes:
    message = {"message_id": update_id % 1000, "from": {"id": CHAT, "is_bot": False, "first_name": "T"},
               "chat": {"id": CHAT, "type": "private"}, "date": int(sent), "text": text}
    if edited:
        message["edit_date"] = int(sent)
    return json.dumps({"update_id": update_id, "edited_message" if edited else "message": message}).encode()


async def test_a_replay_after_the_exit_word_is_neither_answered_nor_stored(
        flow: Flow, telegram_api: FakeTelegramAPI, caplog: pytest.LogCaptureFixture) -> None:  # noqa: F811
    hello, tap, goodbye = fixture_bytes("hello.json"), fixture_bytes("callback_query.json"), exit_word(99)
    for update in (hello, tap, goodbye):
        flow.post(update)
        await flow.run()
    assert flow.conversations() == [] and flow.inbound() == []
    calls = len(telegram_api.calls)

    for captured in (hello, tap, goodbye):
        status, body = flow.post(captured)
        await flow.run()
        assert (status, body["accepted"]) == (200, 0)
    assert (flow.conversations(), flow.inbound()) == ([], [])
    await asyncio.gather(*flow.connector.callbacks)
    # Only the button's spinner is stopped again (answerCallbackQuery): nothing is said in the chat.
    assert [call.method for call in telegram_api.calls[calls:]] == ["answerCallbackQuery"]
    assert "refused as replays: too_old=0 erased=1" in caplog.text


@pytest.mark.parametrize("edited", [False, True], ids=["message", "edit"])
async def test_an_update_older_than_a_day_is_acknowledged_never_stored(
        edited: bool, flow: Flow, telegram_api: FakeTelegramAPI,  # noqa: F811
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    status, body = flow.post(text_update("3afak", 731000777, time.time() - 25 * HOUR, edited))
    await flow.run()
    assert (status, body["accepted"]) == (200, 0)
    assert (flow.inbound(), flow.conversations(), telegram_api.calls) == ([], [], [])
    assert "refused as replays: too_old=1 erased=0" in caplog.text


async def test_an_update_of_the_last_day_is_answered(flow: Flow, telegram_api: FakeTelegramAPI) -> None:  # noqa: F811
    assert flow.post(text_update("3afak", 731000778, time.time() - 23 * HOUR))[1]["accepted"] == 1
    await flow.run()
    assert [call.method for call in telegram_api.calls] == ["sendMessage"]
