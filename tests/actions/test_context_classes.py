"""Classes of conversation mistakes found on a development set (evaluation/conversations_dev_v2), fixed in the
actions: words that show exploitation are heard first whatever topic the classifier chose, and a guess of
disclosure or danger that nothing in the words supports gives way to a clear question asked in the message."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.escalation import ActionDisclosure, ActionEmergency
from tests.actions.test_context import NO_RISK, escalations, run, say, topic_action, tracker

RESTRICTED = {"escalate": True, "priority": "normal", "indicators": ["restriction_of_movement"], "danger": False}
DEBT = {"escalate": True, "priority": "normal", "indicators": ["debt_bondage", "retention_of_documents"],
        "danger": False}
# The risk logic escalated on the classifier's guess alone: no sign in the words.
GUESS_ONLY = {"escalate": True, "priority": "normal", "indicators": [], "danger": False}
NOTHING_ASKED = [("none", 0.9), ("ask_safety/phone_checked", 0.05)]


def with_sub_questions(state: Tracker, ranking: list[tuple[str, float]]) -> Tracker:
    """The tracker with the NLU's sub-question guesses for its latest message."""
    state.latest_message["sub_question_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    return state


def answer(topic: str, sub: str, language: str = "en") -> list[str]:
    return say(f"questions.{topic}.{sub}.answer", language)


# -- words that show exploitation, taken by the classifier for a topic question

@pytest.mark.parametrize(("language", "text"), [
    ("en", "now i can write, but my madam never lets me leave the flat"),
    ("fr", "je peux parler, mais le patron m'interdit de sortir de l'atelier"),
    ("ar", "اقدر اكتب الان، لكن صاحب البيت يمنعني من الخروج"),
])
async def test_a_topic_guess_for_words_of_exploitation_is_answered_as_a_disclosure(language: str, text: str) -> None:
    texts, controls, _, _ = await run(topic_action("ask_safety"), with_sub_questions(tracker(
        text, "ask_safety", RESTRICTED, language, pending_question="safe_to_talk", safety_asked=True), NOTHING_ASKED))
    assert texts[: len(say("disclosure", language))] == say("disclosure", language)
    assert say("answers.ask_safety", language)[0] not in texts   # no safety lesson for a disclosure
    assert escalations(controls)   # the case is opened or raised, quietly


async def test_words_of_exploitation_with_a_topic_question_get_the_disclosure_then_the_answer() -> None:
    texts, _, _, _ = await run(topic_action("ask_voluntary_return"), with_sub_questions(tracker(
        "they locked my papers away and say i owe them, how can i go home?", "ask_voluntary_return", DEBT),
        NOTHING_ASKED))
    disclosure = say("disclosure")
    assert texts[: len(disclosure)] == disclosure
    assert say("answers.ask_voluntary_return")[0] in texts
    assert texts[-1] == say("safe_to_talk")[0]   # then: is it safe to write now?


@pytest.mark.parametrize(("acknowledged", "disclosed_again"), [({}, True), ({"safety_asked": True}, False),
                                                              ({"human_offered": True}, False)])
async def test_a_sub_question_with_a_first_disclosure_gets_its_words_once(acknowledged: dict[str, Any],
                                                                          disclosed_again: bool) -> None:
    texts, _, _, _ = await run(topic_action("ask_rights"), with_sub_questions(tracker(
        "the agency kept my passport, are they allowed?", "ask_rights", DEBT, **acknowledged),
        [("ask_rights/passport_kept", 0.85), ("none", 0.1)]))
    assert answer("ask_rights", "passport_kept")[0] in texts
    assert (say("disclosure")[0] in texts) is disclosed_again


# -- a guess of disclosure that nothing in the words supports, for a clear question

@pytest.mark.parametrize("risk", [NO_RISK, GUESS_ONLY])
async def test_a_disclosure_guess_that_asks_a_clear_question_gets_its_answer(risk: dict[str, Any]) -> None:
    state = with_sub_questions(tracker("and back home, is there anything to help us start again",
                                       "disclose_exploitation", risk, confidence=0.55,
                                       last_topic="ask_voluntary_return"),
                               [("ask_voluntary_return/after_return", 0.7), ("none", 0.2)])
    texts, controls, _, _ = await run(ActionDisclosure(), state)
    assert texts[0] == answer("ask_voluntary_return", "after_return")[0]
    assert say("disclosure")[0] not in texts
    # The risk logic's escalation still opens the case, and the person is asked whether it is safe to write.
    assert bool(escalations(controls)) is risk["escalate"]
    assert (say("safe_to_talk")[0] in texts) is risk["escalate"]


async def test_a_disclosure_in_the_words_stays_a_disclosure_whatever_the_sub_question_guess() -> None:
    state = with_sub_questions(tracker("he keeps my passport and says i owe him", "disclose_exploitation", DEBT,
                                       last_topic="ask_voluntary_return"),
                               [("ask_voluntary_return/lost_passport", 0.8), ("none", 0.1)])
    texts, _, _, _ = await run(ActionDisclosure(), state)
    assert texts[: len(say("disclosure"))] == say("disclosure")


async def test_a_disclosure_guess_with_nothing_clear_asked_is_still_a_disclosure() -> None:
    texts, _, _, _ = await run(ActionDisclosure(), with_sub_questions(tracker(
        "they treat me very badly there", "disclose_exploitation", GUESS_ONLY), NOTHING_ASKED))
    assert texts[: len(say("disclosure"))] == say("disclosure")


# -- a guess of danger with no danger in the words

async def test_a_danger_guess_for_words_of_exploitation_hears_the_disclosure_then_asks_about_danger() -> None:
    texts, _, _, buttons = await run(ActionEmergency(), with_sub_questions(tracker(
        "hold on, the man who brought us keeps our passports and says we owe him", "immediate_danger", DEBT,
        confidence=0.65), NOTHING_ASKED))
    assert texts[: len(say("disclosure"))] == say("disclosure")
    assert texts[-1] == say("danger_check")[0]
    assert buttons == ["/affirm", "/deny"]


@pytest.mark.parametrize(("confidence", "asked_about_danger"), [(0.55, False), (0.9, True)])
async def test_an_unsure_danger_guess_that_asks_a_clear_question_gets_its_answer(confidence: float,
                                                                                 asked_about_danger: bool) -> None:
    state = with_sub_questions(tracker("meanwhile where can she sleep, she has a toddler", "immediate_danger",
                                       NO_RISK, confidence=confidence),
                               [("ask_shelter/with_children", 0.75), ("none", 0.15)])
    texts, _, _, _ = await run(ActionEmergency(), state)
    assert (texts == say("danger_check")) is asked_about_danger
    assert (answer("ask_shelter", "with_children")[0] in texts) is not asked_about_danger
