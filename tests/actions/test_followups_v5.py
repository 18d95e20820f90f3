"""Answer what was asked, in context (issue 11, classes found on evaluation/conversations_dev_v5), with contrast pairs:
- "more" in one word ("more", "plus", "zid") after a sub-question's answer is that topic's details; another one-word
  message ("ok", "menu") is not taken for it;
- an unsure topic guess that ties with the topic answered last is that topic's; a sure guess, or the last topic far
  behind, keeps the intent's topic;
- a rights question that names no detail, right after the person told of unpaid wages (or of documents kept), is
  about that; after a message that told of both, or of neither, it gets the rights' general answer.
No model: real rasa_sdk Trackers and the real actions."""
from __future__ import annotations

from typing import Any

import pytest

from actions.answers import ActionShowMenu
from tests.actions.test_context import NO_RISK, run, say, topic_action, tracker
from tests.actions.test_followups_v3 import answered_by, with_sub_questions

MORE = [("ask_menu/more", 0.9), ("none", 0.08)]
NOTHING_ASKED = [("none", 0.95), ("ask_menu/more", 0.03)]
# "does he have the right to do that?": no detail of its own, the classifier's guesses spread thin.
NO_DETAIL = [("none", 0.47), ("ask_voluntary_return/not_victim", 0.26), ("ask_rights/unpaid_wages", 0.05)]


def told(indicators: list[str], language: str = "en") -> list[dict[str, Any]]:
    """An earlier turn: the person told of their situation with these risk cues, and the disclosure's answer."""
    risk = {**NO_RISK, "escalate": bool(indicators), "indicators": indicators}
    events = answered_by("action_disclosure", say("disclosure", language)[0])
    user = {**events[0], "parse_data": {"intent": {"name": "disclose_exploitation", "confidence": 0.9}, "risk": risk}}
    return [user, *events[1:]]


# -- "more" in one word

@pytest.mark.parametrize(("language", "text"), [("en", "more"), ("fr", "plus"), ("ar", "المزيد")])
async def test_more_in_one_word_after_a_sub_questions_answer_is_the_topics_details(language: str, text: str) -> None:
    state = with_sub_questions(tracker(text, "ask_menu", language=language, last_topic="ask_health",
                                       before=answered_by("action_answer_health")), MORE)
    texts, _, _, _ = await run(ActionShowMenu(), state)
    assert texts[:len(say("details.ask_health", language))] == say("details.ask_health", language)


@pytest.mark.parametrize("intent", ["ask_menu", "affirm"])
async def test_another_one_word_message_is_not_taken_for_more(intent: str) -> None:
    state = with_sub_questions(tracker("ok", intent, last_topic="ask_health",
                                       before=answered_by("action_answer_health")), NOTHING_ASKED)
    texts, _, _, _ = await run(ActionShowMenu(), state)
    assert not set(texts) & set(say("details.ask_health"))
    assert texts == say("menu_prompt")


# -- a rights question about what was just told

@pytest.mark.parametrize(("indicators", "expected"), [
    (["withholding_of_wages"], "questions.ask_rights.unpaid_wages.answer"),
    (["retention_of_documents"], "questions.ask_rights.passport_kept.answer"),
    (["withholding_of_wages", "excessive_overtime"], "questions.ask_rights.unpaid_wages.answer"),
])
async def test_is_that_allowed_right_after_telling_is_about_what_was_told(indicators: list[str], expected: str) -> None:
    state = with_sub_questions(tracker("does he have the right to do that?", "ask_rights", confidence=0.57,
                                       before=told(indicators), safety_asked=True), NO_DETAIL)
    texts, _, _, _ = await run(topic_action("ask_rights"), state)
    assert texts[0] == say(expected)[0]


@pytest.mark.parametrize("indicators", [["withholding_of_wages", "retention_of_documents"], []])
async def test_the_same_question_after_both_or_neither_gets_the_rights_general_answer(indicators: list[str]) -> None:
    state = with_sub_questions(tracker("does he have the right to do that?", "ask_rights", confidence=0.57,
                                       before=told(indicators), safety_asked=True), NO_DETAIL)
    texts, _, _, _ = await run(topic_action("ask_rights"), state)
    assert texts[0] == say("answers.ask_rights")[0]


async def test_a_rights_question_with_its_own_detail_keeps_it_after_a_disclosure() -> None:
    state = with_sub_questions(tracker("will they send me back home if i complain?", "ask_rights",
                                       before=told(["withholding_of_wages"]), safety_asked=True),
                               [("ask_rights/protection", 0.8), ("none", 0.15)])
    texts, _, _, _ = await run(topic_action("ask_rights"), state)
    assert texts[0] == say("questions.ask_rights.protection.answer")[0]


# -- an unsure topic guess that ties with the conversation's topic

TIED = [("ask_voluntary_return", 0.22), ("ask_legal_aid", 0.22), ("ask_health", 0.21)]


@pytest.mark.parametrize(("ranking", "expected"), [
    (TIED, "answers.ask_health"),
    ([("ask_voluntary_return", 0.8), ("ask_health", 0.1)], "answers.ask_voluntary_return"),
    ([("ask_voluntary_return", 0.4), ("ask_legal_aid", 0.3), ("ask_health", 0.2)], "answers.ask_voluntary_return"),
])
async def test_an_unsure_guess_tied_with_the_last_topic_is_the_last_topic(ranking: list[tuple[str, float]],
                                                                         expected: str) -> None:
    state = with_sub_questions(tracker("no residence card here, is that a problem", "ask_voluntary_return",
                                       confidence=ranking[0][1], ranking=ranking, last_topic="ask_health",
                                       before=answered_by("action_answer_health")), NOTHING_ASKED)
    texts, _, _, _ = await run(topic_action("ask_voluntary_return"), state)
    assert texts[0] == say(expected)[0]
