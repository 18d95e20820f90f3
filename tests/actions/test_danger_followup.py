"""After danger (issue 11 item 6): "I can't call, he will hear me", "where do I go?", "should I call the police?" get
silent options and the numbers kept in reach, never "Call now" again nor a goodbye; a person is promised "soon" only
when someone is on duty (real rasa_sdk Trackers, the real actions)."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.answers import ActionGoodbye, ActionThank
from actions.conversation import ActionAffirm, ActionDeny
from actions.escalation import ActionEmergency
from tests.actions.test_context import EARLIER_TURN, NO_RISK, VIOLENCE, escalations, run, say, topic_action, tracker

LANGUAGES = ("en", "fr", "ar", "ary")


def asking(state: Tracker, sub_question: str, confidence: float = 0.9, on_duty: bool | None = None) -> Tracker:
    """The message's sub-question ranking as the NLU gives it, and whether someone is on duty in the desk."""
    state.latest_message["sub_question_ranking"] = [{"name": sub_question, "confidence": confidence},
                                                    {"name": "none", "confidence": 1 - confidence}]
    if on_duty is not None:
        state.latest_message["metadata"]["officer_on_duty"] = on_duty
    return state


def follow_up(kind: str, language: str, on_duty: bool) -> list[str]:
    duty = "danger_followup.on_duty" if on_duty else "danger_followup.off_duty"
    return say(f"danger_followup.{kind}", language) + say(duty, language) + say("danger_followup.numbers", language)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_i_cannot_call_after_the_numbers_gets_silent_options_not_call_now_again(language: str) -> None:
    # The cues see danger in "he will hear me", and the classifier says danger: still no second "Call now".
    state = asking(tracker("I can't call, he will hear me", "immediate_danger", VIOLENCE, language,
                           danger_seen=True, safe_to_talk=True, human_offered=True),
                   "ask_safety/cant_call", on_duty=False)
    texts, controls, _, _ = await run(ActionEmergency(), state)
    assert texts == follow_up("cant_call", language, on_duty=False)
    assert not set(texts) & set(say("emergency", language) + say("goodbye", language))
    assert "19" in texts[-1]                                      # the numbers, kept in reach
    assert [c["risk"]["priority"] for c in escalations(controls)] == ["urgent"]   # the case still hears it


async def test_a_person_is_promised_soon_only_when_someone_is_on_duty() -> None:
    def state(on_duty: bool) -> Tracker:
        return asking(tracker("I can't call, he will hear me", "ask_safety", NO_RISK, danger_seen=True),
                      "ask_safety/cant_call", on_duty=on_duty)
    on_duty, _, _, _ = await run(topic_action("ask_safety"), state(True))
    off_duty, _, _, _ = await run(topic_action("ask_safety"), state(False))
    assert say("danger_followup.on_duty")[0] in on_duty and say("danger_followup.off_duty")[0] not in on_duty
    assert say("danger_followup.off_duty")[0] in off_duty and say("danger_followup.on_duty")[0] not in off_duty


@pytest.mark.parametrize(("intent", "sub_question", "kind"), [
    ("ask_safety", "ask_safety/where_to_go", "where_to_go"),
    ("ask_shelter", "ask_shelter/tonight", "where_to_go"),
    ("ask_hotline", "ask_safety/call_police", "call_police"),
    ("ask_safety", "ask_safety/call_police", "call_police"),
])
async def test_where_do_i_go_and_should_i_call_the_police_after_danger(intent: str, sub_question: str,
                                                                        kind: str) -> None:
    state = asking(tracker("where do I go?", intent, NO_RISK, "fr", danger_seen=True), sub_question, on_duty=True)
    texts, _, _, _ = await run(topic_action(intent), state)
    assert texts == follow_up(kind, "fr", on_duty=True)


@pytest.mark.parametrize("action", [ActionGoodbye, ActionDeny, ActionAffirm])
async def test_a_follow_up_the_classifier_took_for_small_talk_is_not_said_goodbye(action: Any) -> None:
    # "où est-ce que je vais ?" read as a goodbye, "je ne peux pas" as a no: still the silent options.
    state = asking(tracker("où est-ce que je vais ?", action.action_name.removeprefix("action_"), NO_RISK, "fr",
                           danger_seen=True), "ask_safety/where_to_go", on_duty=False)
    texts, _, _, _ = await run(action(), state)
    assert texts == follow_up("where_to_go", "fr", on_duty=False)


async def test_a_follow_up_of_are_you_in_danger_is_a_yes_the_case_becomes_urgent() -> None:
    state = asking(tracker("I can't call, he will hear me", "immediate_danger", NO_RISK, confidence=0.7,
                           pending_question="danger_check", danger_seen=True), "ask_safety/cant_call", on_duty=True)
    texts, controls, events, _ = await run(ActionEmergency(), state)
    assert texts == follow_up("cant_call", "en", on_duty=True)
    assert not set(texts) & set(say("danger_check"))               # not asked again
    assert SlotSet("pending_question", None) in events
    assert [(c["risk"]["danger"], c["risk"]["priority"], c["reason"]) for c in escalations(controls)] == [
        (True, "urgent", "danger_confirmed")]


async def test_before_any_danger_the_same_question_gets_its_own_answer() -> None:
    state = asking(tracker("I can't call", "ask_safety", NO_RISK), "ask_safety/cant_call")
    texts, _, _, _ = await run(topic_action("ask_safety"), state)
    assert texts[0] == say("questions.ask_safety.cant_call.answer")[0]


async def test_after_danger_a_message_that_asks_nothing_of_the_kind_gets_its_usual_answer() -> None:
    state = asking(tracker("thank you", "thank", NO_RISK, danger_seen=True, before=EARLIER_TURN), "none",
                   confidence=0.95)
    texts, _, _, _ = await run(ActionThank(), state)
    assert texts == say("thank")


async def test_no_to_are_you_in_danger_ends_the_follow_ups() -> None:
    _, _, events, _ = await run(ActionDeny(), tracker("no", "deny", NO_RISK, pending_question="danger_check",
                                                      danger_seen=True))
    assert SlotSet("danger_seen", False) in events


async def test_a_child_after_danger_also_gets_the_children_s_line() -> None:
    child = {"escalate": True, "priority": "urgent", "indicators": ["minor"], "danger": False}
    state = asking(tracker("I'm 13, where do I go?", "ask_safety", child, danger_seen=True),
                   "ask_safety/where_to_go", on_duty=False)
    texts, _, _, _ = await run(topic_action("ask_safety"), state)
    assert texts == follow_up("where_to_go", "en", on_duty=False) + say("child.line")
