"""Follow-ups of the classes found on evaluation/conversations_dev_v6 (no model): a passport kept that is not lost, going home right after telling that the passport is kept, a rights
question told again with a disclosure, and a number asked for right after the numbers."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.escalation import ActionDisclosure, rights_question_told_again, topic_asked_in_disclosure
from actions.subquestions import Asked, about_what_was_told, asked
from actions.turn import Turn
from tests.actions.test_context import DOCUMENTS, answered_before, run, say, topic_action, tracker

WAGES = {"escalate": True, "priority": "normal", "indicators": ["withholding_of_wages"], "danger": False}


def turn(intent: str, ranking: list[tuple[str, float]], confidence: float = 0.99, last_topic: str | None = None,
         risk: dict[str, Any] | None = None, previous: list[str] | None = None, told: bool = False) -> Turn:
    return Turn(language="en", intent=intent, foreign_language=False, risk=risk or {}, pending_question=None,
                human_offered=False, safe_to_talk=False, dispatcher=CollectingDispatcher(), safety_asked=told,
                last_topic=last_topic, sub_question_ranking=ranking, intent_ranking=[(intent, confidence)],
                previous_indicators=previous or [])


@pytest.mark.parametrize("risk, previous", [(DOCUMENTS, []), ({}, ["retention_of_documents"])])
def test_a_passport_kept_is_not_lost(risk: dict[str, Any], previous: list[str]) -> None:
    """"my boss keeps my passport, can I go home?" (or right after telling it): the documents' answer."""
    state = turn("ask_voluntary_return", [("ask_voluntary_return/lost_passport", 0.8)], risk=risk, previous=previous)
    assert asked(state, "ask_voluntary_return") == Asked("ask_voluntary_return", "documents")


def test_a_lost_passport_stays_lost_when_nothing_was_told() -> None:
    state = turn("ask_voluntary_return", [("ask_voluntary_return/lost_passport", 0.8)], previous=["withholding_of_wages"])
    assert asked(state, "ask_voluntary_return") == Asked("ask_voluntary_return", "lost_passport")


def test_going_home_right_after_telling_that_the_passport_is_kept_gets_the_documents_answer() -> None:
    state = turn("ask_voluntary_return", [("none", 0.6)], previous=["retention_of_documents"])
    assert about_what_was_told(state, "ask_voluntary_return") == Asked("ask_voluntary_return", "documents")
    assert about_what_was_told(turn("ask_voluntary_return", [("none", 0.6)]), "ask_voluntary_return") is None


@pytest.mark.parametrize("told, ranking, expected", [
    (True, [("ask_rights/unpaid_wages", 0.95)], Asked("ask_rights", "unpaid_wages")),
    (False, [("ask_rights/unpaid_wages", 0.95)], None),         # a first disclosure: the disclosure's words first
    (True, [("ask_rights/unpaid_wages", 0.4), ("none", 0.3)], None),   # not clear
    (True, [("ask_voluntary_return/family", 0.9)], None),      # not a rights question
])
def test_a_rights_question_told_again(told: bool, ranking: list[tuple[str, float]], expected: Asked | None) -> None:
    assert rights_question_told_again(turn("disclose_exploitation", ranking, told=told)) == expected


async def test_told_again_with_a_rights_question_gets_one_short_line_then_the_answer() -> None:
    # Not the first disclosure's block again (issue 11; tests/actions/test_told_again_and_cost.py).
    state = tracker("and the months she owes me, can I still get them?", "disclose_exploitation", WAGES,
                    safety_asked=True, safe_to_talk=True, human_offered=True)
    state.latest_message["sub_question_ranking"] = [{"name": "ask_rights/unpaid_wages", "confidence": 0.9}]
    texts, _, _, _ = await run(ActionDisclosure(), state)
    assert texts[:2] == say("disclosure_more") + say("questions.ask_rights.unpaid_wages.answer")


async def test_a_number_asked_right_after_the_numbers_gets_the_numbers_again_alone() -> None:
    texts, _, _, _ = await run(topic_action("ask_hotline"), tracker(
        "is there one for women?", "ask_hotline", before=answered_before("ask_hotline", "en")))
    assert texts == say("answers.ask_hotline")[:1]


def test_papers_asked_right_after_rights_are_the_victims_protection() -> None:
    """"will they give me a residence permit?" after rights: split between the papers of care and protection."""
    ranking = [("ask_health/no_papers", 0.5), ("none", 0.15), ("ask_rights/protection", 0.08),
               ("ask_safety/followed", 0.06), ("ask_voluntary_return/not_victim", 0.06), ("ask_rights/lawyer", 0.05),
               ("ask_rights/unpaid_wages", 0.05)]
    state = turn("ask_rights", ranking, confidence=0.57, last_topic="ask_rights")
    assert asked(state, "ask_rights") == Asked("ask_rights", "protection")


def disclosure_turn(text: str, ranking: list[tuple[str, float]], told: bool = False) -> Turn:
    state = turn("disclose_exploitation", [], risk=DOCUMENTS, told=told)
    state.text, state.intent_ranking = text, ranking
    return state


@pytest.mark.parametrize("text, ranking, expected", [
    # Read as the disclosure at once, going home a close second, and asked: going home is answered too.
    ("my boss keeps my passport, can I still go home?",
     [("disclose_exploitation", 0.56), ("ask_voluntary_return", 0.43)], "ask_voluntary_return"),
    # Contrasts: nothing asked; the topic far behind; no topic behind.
    ("my boss keeps my passport and I want to go home", [("disclose_exploitation", 0.56), ("ask_voluntary_return", 0.43)],
     None),
    ("my boss keeps my passport, what now?", [("disclose_exploitation", 0.9), ("ask_voluntary_return", 0.05)], None),
    ("my boss keeps my passport, can you help?", [("disclose_exploitation", 0.6), ("request_human", 0.35)], None),
])
def test_a_first_disclosure_that_asks_a_topic_answers_it(text: str, ranking: list[tuple[str, float]],
                                                         expected: str | None) -> None:
    assert topic_asked_in_disclosure(disclosure_turn(text, ranking)) == expected


def test_a_disclosure_told_again_is_not_taken_for_a_first_one() -> None:
    state = disclosure_turn("he still keeps my passport, can I go home?",
                            [("disclose_exploitation", 0.56), ("ask_voluntary_return", 0.43)], told=True)
    assert topic_asked_in_disclosure(state) is None
