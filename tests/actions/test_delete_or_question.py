"""An unsure guess of deleting that the words show to be a topic's question (no model): "my husband reads my messages"
gets the answer for a checked phone, while deleting asked in its own words is still confirmed first."""
from __future__ import annotations

import pytest

from actions.conversation import ActionDeleteMyData
from tests.actions.test_context import run, say, tracker
from tests.actions.test_conversations_v9conv import with_sub

PHONE_CHECKED = "questions.ask_safety.phone_checked.answer"


@pytest.mark.parametrize(("language", "text", "last_topic"), [
    ("ary", "rajli kay9ra lmessages dyali", "ask_safety"),       # right after the safety answer
    ("en", "my husband reads my messages", None),                # the safety question the other guess
])
async def test_an_unsure_delete_that_tells_a_checked_phone_gets_the_phone_answer(
        language: str, text: str, last_topic: str | None) -> None:
    state = with_sub(tracker(text, "delete_my_data", language=language, confidence=0.36,
                             ranking=[("delete_my_data", 0.36), ("ask_safety", 0.33), ("bot_challenge", 0.28)],
                             last_topic=last_topic),
                     ("ask_safety/phone_checked", 0.9), ("none", 0.09))
    texts, controls, _, _ = await run(ActionDeleteMyData(), state)
    assert texts[0] == say(PHONE_CHECKED, language)[0]
    assert texts[0] != say("delete_confirm", language)[0]
    assert {"amane_control": "erase_conversation"} not in controls


@pytest.mark.parametrize(("confidence", "sub_confidence", "ranking"), [
    (0.8, 0.7, [("delete_my_data", 0.8), ("ask_safety", 0.15)]),     # deleting said surely ("delete my messages")
    (0.36, 0.5, [("delete_my_data", 0.36), ("ask_safety", 0.33)]),   # the question not clear either
    (0.36, 0.9, [("delete_my_data", 0.36), ("bot_challenge", 0.3)]),  # a question of no topic in play
])
async def test_deleting_is_still_confirmed_first_otherwise(
        confidence: float, sub_confidence: float, ranking: list[tuple[str, float]]) -> None:
    state = with_sub(tracker("delete my messages", "delete_my_data", confidence=confidence, ranking=ranking),
                     ("ask_safety/phone_checked", sub_confidence), ("none", 0.1))
    texts, _, _, _ = await run(ActionDeleteMyData(), state)
    assert texts[0] == say("delete_confirm")[0]
