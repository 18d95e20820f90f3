"""Classes found on evaluation/conversations_dev_v10 (no model): a follow-up read as an unsure no, without a question
mark, while "is it safe to write now?" waits; and a first message that asks for help without a topic."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import SlotSet

from actions.answers import ActionShowMenu
from actions.conversation import ActionAffirm, ActionDeny
from tests.actions.test_context import EARLIER_TURN, answered_before, run, say, tracker
from tests.actions.test_conversations_v7conv import ranked

PAPERS = [("ask_health/no_papers", 0.23), ("ask_voluntary_return/no_papers", 0.12), ("ask_legal_aid/no_papers", 0.3),
          ("none", 0.3)]


def waiting_for_safe(text: str, intent: str, confidence: float, language: str, sub: list[tuple[str, float]]) -> Any:
    state = tracker(text, intent, language=language, confidence=confidence,
                    ranking=[(intent, confidence), ("ask_legal_aid", 0.25)],
                    before=EARLIER_TURN + answered_before("ask_legal_aid", language),
                    pending_question="safe_to_talk", safety_asked=True, last_topic="ask_legal_aid")
    state.latest_message["sub_question_ranking"] = ranked(*sub)
    return state


# -- "he has no card" read as an unsure no while "is it safe to write now?" waits: the papers' question, the
# safety question kept open; a surer no, or "later", is still the answer to it

@pytest.mark.parametrize(("language", "text"), [("ary", "ما عندوش الكارط"), ("en", "he does not have the card"),
                                                ("ar", "ليس لديه بطاقة")])
async def test_an_unsure_no_with_words_answers_the_follow_up_and_keeps_is_it_safe_open(language: str,
                                                                                      text: str) -> None:
    texts, controls, events, _ = await run(ActionDeny(), waiting_for_safe(text, "deny", 0.18, language, PAPERS))
    assert texts == say("questions.ask_legal_aid.no_papers.answer", language)
    assert SlotSet("pending_question", None) not in events   # the question about talking stays open
    assert controls == []


@pytest.mark.parametrize(("text", "confidence", "sub", "expected"), [
    ("ما عندوش الكارط", 0.45, PAPERS, "safe_later"),                      # a no this sure answers the question
    ("لا", 0.18, PAPERS, "safe_later"),                                   # one word is a no
    ("من بعد ما عندوش", 0.18, [("deny/later", 0.6), *PAPERS], "safe_later"),   # it says "later"
])
async def test_a_surer_no_a_bare_no_or_later_still_answers_is_it_safe(text: str, confidence: float,
                                                                      sub: list[tuple[str, float]], expected: str) -> None:
    texts, _, events, _ = await run(ActionDeny(), waiting_for_safe(text, "deny", confidence, "ary", sub))
    assert texts[0] == say(expected, "ary")[0]
    assert SlotSet("pending_question", None) in events


async def test_an_unsure_yes_with_words_to_the_offer_of_a_person_is_not_consent() -> None:
    state = waiting_for_safe("he does not have the card", "affirm", 0.2, "en", PAPERS)
    state.slots.update(pending_question="offer_human", human_offered=True, safe_to_talk=True)
    texts, controls, _, _ = await run(ActionAffirm(), state)
    assert texts == say("questions.ask_legal_aid.no_papers.answer")
    assert {"amane_control": "consent", "value": "yes"} not in controls


# -- a first message that asks for help without a topic: who Amane is before the menu; later, the menu alone

@pytest.mark.parametrize("language", ["en", "fr", "ar", "ary"])
async def test_a_first_message_asking_for_help_gets_the_greeting_before_the_menu(language: str) -> None:
    texts, _, _, buttons = await run(ActionShowMenu(), tracker("good evening pls i need help", "ask_menu",
                                                               language=language, confidence=0.6))
    assert texts == say("greet", language) + say("menu_prompt", language)
    assert buttons[0] == "/ask_rights"


async def test_help_asked_later_in_the_conversation_gets_the_menu_alone() -> None:
    texts, _, _, _ = await run(ActionShowMenu(), tracker("i need help", "ask_menu", confidence=0.6,
                                                         before=EARLIER_TURN))
    assert texts == say("menu_prompt")
