"""Classes found on evaluation/conversations_dev_v10 (no model): a follow-up read as an unsure no, without a question
mark, while "is it safe to write now?" waits; and a first message that asks for help without a topic."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import SlotSet

from actions.answers import ActionShowMenu
from actions.conversation import ActionAffirm, ActionDeny
from tests.actions.test_context import EARLIER_TURN, answered_before, run, say, topic_action, tracker
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


# -- "and after?" split between "later" and "more" right after a topic, nothing asked: more; "later" is an answer to
# a question about talking, never a topic's question

AFTER = [("deny/later", 0.45), ("ask_menu/more", 0.42), ("none", 0.06)]


@pytest.mark.parametrize(("language", "text"), [("ary", "w mn b3d?"), ("en", "and after?"), ("fr", "et après ?")])
async def test_and_after_with_nothing_asked_is_more(language: str, text: str) -> None:
    state = tracker(text, "deny", language=language, confidence=0.56, ranking=[("deny", 0.56)],
                    before=EARLIER_TURN + answered_before("ask_rights", language), last_topic="ask_rights")
    state.latest_message["sub_question_ranking"] = ranked(*AFTER)
    texts, _, _, _ = await run(ActionDeny(), state)
    assert texts == say("details.ask_rights", language)


async def test_and_after_while_is_it_safe_waits_is_later() -> None:
    state = tracker("w mn b3d?", "deny", language="ary", confidence=0.56, ranking=[("deny", 0.56)],
                    before=EARLIER_TURN + answered_before("ask_rights", "ary"), last_topic="ask_rights",
                    pending_question="safe_to_talk", safety_asked=True)
    state.latest_message["sub_question_ranking"] = ranked(*AFTER)
    texts, _, _, _ = await run(ActionDeny(), state)
    assert texts[0] == say("safe_later", "ary")[0]


# -- a question of another topic asked this surely is answered, though the intent names a topic ("a woman offered me
# a job as a maid, do I need a contract?" read as safety)

@pytest.mark.parametrize(("language", "text", "sub", "expected"), [
    ("en", "a woman offered me a job as a maid, do i need a contract?", 0.95,
     "questions.ask_rights.domestic_contract.answer"),
    ("ary", "wa7da 3red 3liya khdma f dar, wach khassni contrat?", 0.95,
     "questions.ask_rights.domestic_contract.answer"),
    ("en", "a woman offered me a job as a maid, i need a contract", 0.95, "answers.ask_safety"),   # nothing asked
    ("en", "a woman offered me a job as a maid, do i need a contract?", 0.7, "answers.ask_safety"),  # not sure enough
])
async def test_a_sure_question_of_another_topic_is_answered(language: str, text: str, sub: float,
                                                            expected: str) -> None:
    state = tracker(text, "ask_safety", language=language, confidence=0.95,
                    ranking=[("ask_safety", 0.95), ("ask_rights", 0.04)])
    state.latest_message["sub_question_ranking"] = ranked(("ask_rights/domestic_contract", sub), ("none", 1 - sub))
    texts, _, _, _ = await run(topic_action("ask_safety"), state)
    assert texts[0] == say(expected, language)[0]
