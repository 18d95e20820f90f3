"""Answer what was asked, in context (issue 11, classes found on evaluation/conversations_dev_v3), with contrast pairs:
- "later" with nothing pending is "write again when safe", a plain "no" is not; "not now" to the offer of a person
  is a later, a plain "no" a no;
- after danger, a question of the topic just answered gets that topic's answer, right after the numbers the silent
  options;
- words that name a new topic count only that topic's sub-questions, an unsure guess keeps the last topic's;
- an unsure "talk to a person" that asks a clear question gets the answer and the person, a sure one the person only.
No model: real rasa_sdk Trackers and the real actions."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.answers import ActionGoodbye
from actions.conversation import ActionDeny
from actions.escalation import ActionRequestHuman
from actions.subquestions import Asked, asked
from tests.actions.test_context import run, say, topic_action, tracker
from tests.actions.test_followups_in_context import turn


def with_sub_questions(state: Tracker, ranking: list[tuple[str, float]]) -> Tracker:
    state.latest_message["sub_question_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    return state


def answered_by(action: str, text: str = "...") -> list[dict[str, Any]]:
    """The events of an earlier turn that `action` answered."""
    return [{"event": "user", "text": "earlier", "parse_data": {"intent": {"name": "greet", "confidence": 0.9}}},
            {"event": "action", "name": action}, {"event": "bot", "text": text},
            {"event": "action", "name": "action_listen"}]


LATER = [("deny/later", 0.93), ("none", 0.05)]
NOTHING_ASKED = [("none", 0.97), ("ask_menu/more", 0.01)]


# -- "later" with nothing pending, and "not now" to the offer of a person

@pytest.mark.parametrize(("action", "intent", "ranking", "expected"), [
    (ActionDeny, "deny", LATER, "safe_later"),          # "not now, someone came in"
    (ActionDeny, "deny", NOTHING_ASKED, "deny"),        # "no" with nothing asked: the short answer
    (ActionGoodbye, "goodbye", LATER, "safe_later"),    # "I'll write again tonight" guessed as a goodbye
    (ActionGoodbye, "goodbye", NOTHING_ASKED, "goodbye"),
])
async def test_later_with_nothing_pending_is_write_again_when_safe(action: Any, intent: str, ranking: list,
                                                                   expected: str) -> None:
    state = with_sub_questions(tracker("...", intent, language="en", before=answered_by("action_answer_safety")),
                               ranking)
    texts, _, events, _ = await run(action(), state)
    assert texts == say(expected)
    assert (SlotSet("safety_asked", True) in events) is (expected == "safe_later")


@pytest.mark.parametrize(("ranking", "expected", "consent"), [
    (LATER, "human_later", "later"),
    (NOTHING_ASKED, "human_declined", "no"),
])
async def test_not_now_to_the_offer_of_a_person_is_later_and_no_is_no(ranking: list, expected: str,
                                                                      consent: str) -> None:
    state = with_sub_questions(tracker("...", "deny", language="fr", pending_question="offer_human",
                                       human_offered=True, safe_to_talk=True), ranking)
    texts, controls, _, _ = await run(ActionDeny(), state)
    assert texts == say(expected, "fr")
    assert [c["value"] for c in controls if c.get("amane_control") == "consent"] == [consent]


# -- after danger: the topic just answered, or the silent options right after the numbers

@pytest.mark.parametrize(("previous", "expected"), [
    ("action_answer_shelter", say("questions.ask_shelter.tonight.answer")),   # "tonight?" after the shelter answer
    ("action_emergency", say("danger_followup.where_to_go")),                 # "where do I go tonight?" after 19
])
async def test_after_danger_a_question_of_the_topic_just_answered_gets_its_answer(previous: str,
                                                                                  expected: list[str]) -> None:
    state = with_sub_questions(tracker("...", "ask_shelter", language="en", confidence=0.55,
                                       before=answered_by(previous), danger_seen=True, last_topic="ask_shelter"),
                               [("ask_shelter/tonight", 0.85), ("none", 0.08)])
    texts, _, _, _ = await run(topic_action("ask_shelter"), state)
    assert texts[:len(expected)] == expected


# -- words that name a new topic count only its own sub-questions

@pytest.mark.parametrize(("confidence", "expected"), [
    (0.94, None),                               # "who can I call for her?": the numbers to call, named this surely
    (0.6, Asked("ask_safety", "cant_call")),    # an unsure guess: the last topic's question, as before
])
def test_a_named_new_topic_counts_only_its_own_sub_questions(confidence: float, expected: Asked | None) -> None:
    state = turn("ask_hotline", confidence, [("ask_safety/cant_call", 0.83), ("none", 0.07),
                                             ("ask_shelter/for_men", 0.03)], last_topic="ask_safety")
    assert asked(state, "ask_hotline") == expected


# -- an unsure "talk to a person" that asks a clear question

@pytest.mark.parametrize(("confidence", "family_answered"), [(0.54, True), (0.95, False)])
async def test_an_unsure_request_for_a_person_that_asks_a_question_gets_both(confidence: float,
                                                                           family_answered: bool) -> None:
    state = with_sub_questions(
        tracker("can he take his wife and son with him", "request_human", language="en", confidence=confidence,
                ranking=[("request_human", confidence), ("ask_voluntary_return", 1 - confidence)],
                last_topic="ask_voluntary_return"),
        [("ask_voluntary_return/family", 0.86), ("none", 0.1)])
    texts, _, _, _ = await run(ActionRequestHuman(), state)
    family = say("questions.ask_voluntary_return.family.answer")
    assert (texts[:len(family)] == family) is family_answered
    assert texts[-1] in say("human_requested") + say("human_requested_off_duty")


# -- a topic named surely together with one of its details: the detail's answer

@pytest.mark.parametrize(("confidence", "none", "expected"), [
    (0.99, 0.65, Asked("ask_voluntary_return", "lost_passport")),  # "I want to go home but my passport is gone"
    (0.6, 0.65, None),      # the topic itself unsure: its short answer, as before
    (0.99, 0.8, None),      # "none" this sure: a general question of the topic
])
def test_a_sure_topic_with_a_detail_answers_the_detail(confidence: float, none: float,
                                                       expected: Asked | None) -> None:
    state = turn("ask_voluntary_return", confidence, [("none", none), ("ask_voluntary_return/lost_passport", 0.32),
                                                      ("ask_legal_aid/no_papers", 0.01)], last_topic="ask_shelter")
    assert asked(state, "ask_voluntary_return") == expected


def test_a_sure_topic_with_a_faint_detail_gets_its_short_answer() -> None:
    state = turn("ask_health", 0.99, [("none", 0.6), ("ask_health/free_care", 0.2), ("ask_health/no_papers", 0.2)])
    assert asked(state, "ask_health") is None


def test_a_named_new_topic_keeps_the_same_question_of_the_last_topic() -> None:
    # "is it free?" after health, guessed surely as the return: still the same question, health's (SAME_QUESTION).
    state = turn("ask_voluntary_return", 0.97, [("ask_voluntary_return/who_pays", 0.36), ("ask_health/free_care", 0.3),
                                                ("none", 0.05)], last_topic="ask_health")
    assert asked(state, "ask_voluntary_return") == Asked("ask_health", "free_care")


@pytest.mark.parametrize(("intent", "ranking", "expected"), [
    # A topic with details of its own, guessed surely after rights: the neighbour's detail stays rights' own.
    ("ask_legal_aid", [("ask_rights/unpaid_wages", 0.53), ("none", 0.25)], Asked("ask_rights", "unpaid_wages")),
    # A topic without details (the numbers to call): the last topic's look-alike does not count.
    ("ask_hotline", [("ask_rights/unpaid_wages", 0.53), ("none", 0.25)], None),
])
def test_only_a_topic_without_details_drops_the_last_topics(intent: str, ranking: list,
                                                            expected: Asked | None) -> None:
    assert asked(turn(intent, 0.91, ranking, last_topic="ask_rights"), intent) == expected


@pytest.mark.parametrize(("runner_up", "expected"), [
    ("ask_rights", Asked("ask_rights", "lawyer")),   # "can I get a lawyer?": legal aid 0.7, rights 0.3, rights' lawyer
    ("ask_health", None),                            # the runner-up is not the sub-question's topic: legal aid's answer
])
def test_a_clear_sub_question_of_the_intents_runner_up_is_answered(runner_up: str, expected: Asked | None) -> None:
    state = turn("ask_legal_aid", 0.7, [("ask_rights/lawyer", 0.62), ("ask_legal_aid/free", 0.2), ("none", 0.1)])
    state.intent_ranking = [("ask_legal_aid", 0.7), (runner_up, 0.29)]
    assert asked(state, "ask_legal_aid") == expected
