"""The screening's actions on real rasa_sdk Trackers: answers, stop, danger, indicators, priority, start and end."""
from __future__ import annotations

from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecutionRejected, ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ActionAffirm, ActionDeleteMyData, ActionDeny
from actions.escalation import ActionEmergency
from actions.screening import ASK_ACTIONS, ActionScreeningDone, ActionStartScreening, ValidateScreeningForm
from actions.screening_answers import QUESTION_SLOTS, indicators, priority, screening_risk
from bot.conversation.content import content_for
from bot.settings import ROOT, get_settings

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
NO_RISK = {"escalate": False, "priority": "none", "indicators": [], "danger": False}
# The six questions' slots, written out here (QUESTION_SLOTS is what the actions are built from).
SLOTS = ["screening_documents", "screening_wages", "screening_debt", "screening_free_to_leave", "screening_threats",
         "screening_minor"]
RESET = [SlotSet(slot, None) for slot in SLOTS] + [SlotSet("screening_stopped", False), SlotSet("requested_slot", None)]


def escalation(risk: dict[str, Any], intent: str, reason: str | None = None) -> dict[str, Any]:
    """The control payload the pipeline reads, written out rather than built with bot.conversation.control."""
    return {"amane_control": "escalate", "risk": risk, "intent": intent, **({"reason": reason} if reason else {})}


def content():  # type: ignore[no-untyped-def]
    return content_for(get_settings())


def tracker(intent: str, language: str = "en", slots: dict[str, Any] | None = None,
            risk: dict[str, Any] | None = None, active: bool = False,
            extracted: dict[str, Any] | None = None) -> Tracker:
    """A tracker as the action server receives it; `extracted` are the slots the form passes to validate."""
    message = {"text": "...", "intent": {"name": intent, "confidence": 0.9}, "entities": [],
               "metadata": {"language": language}, "language": language, "risk": risk or NO_RISK}
    events: list[dict[str, Any]] = [{"event": "action", "name": "action_listen"},
                                    {"event": "user", "text": "...", "parse_data": message}]
    if extracted is not None:
        # What Rasa's FormAction hands its validation action: the form, then the slot candidates.
        events.append({"event": "action", "name": "screening_form"})
        events += [{"event": "slot", "name": name, "value": value} for name, value in extracted.items()]
    all_slots = {"pending_question": None, "safe_to_talk": True, "human_offered": True, **(slots or {})}
    all_slots.update(extracted or {})
    return Tracker("scr", all_slots, message, events, False, None,
                   {"name": "screening_form"} if active else {}, "action_listen")


async def run(action: Any, the_tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, the_tracker, DOMAIN)
    return dispatcher.messages, events


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m["text"] for m in messages if m.get("text")]


def controls(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m["custom"] for m in messages if m.get("custom")]


def last_buttons(messages: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for b in [m for m in messages if m.get("text")][-1]["buttons"]]


# -- what the answers mean

@pytest.mark.parametrize(
    "answers, codes, expected_priority",
    [
        ({"screening_documents": "yes"}, ["retention_of_documents"], "normal"),
        ({"screening_documents": "yes", "screening_wages": "yes"},
         ["retention_of_documents", "withholding_of_wages"], "high"),
        ({"screening_debt": "yes", "screening_free_to_leave": "no"}, ["debt_bondage", "restriction_of_movement"],
         "high"),
        ({"screening_free_to_leave": "yes"}, [], None),  # free to leave: nothing to add
        ({"screening_minor": "yes"}, ["minor"], "urgent"),
        ({"screening_threats": "yes"}, ["intimidation_threats", "physical_sexual_violence"], "urgent"),
        ({slot: "skip" for slot in QUESTION_SLOTS}, [], None),
        ({slot: "no" for slot in QUESTION_SLOTS}, ["restriction_of_movement"], "normal"),
    ],
)
def test_answers_become_indicators_and_priority(answers: dict[str, str], codes: list[str],
                                                expected_priority: str | None) -> None:
    assert indicators(answers) == codes
    risk = screening_risk(answers)
    if expected_priority is None:
        assert risk is None  # nothing shown: the case gets nothing from the screening
    else:
        assert risk == {"escalate": True, "priority": expected_priority, "indicators": codes, "danger": False}
        assert priority(codes) == expected_priority


# -- the validation action, one message at a time

@pytest.mark.parametrize("intent, value", [("affirm", "yes"), ("deny", "no"), ("skip_question", "skip")])
async def test_an_answer_is_taken_and_the_form_asks_the_next(intent: str, value: str) -> None:
    messages, events = await run(ValidateScreeningForm(), tracker(
        intent, slots={"requested_slot": "screening_wages", "screening_documents": "yes"}, active=True,
        extracted={"screening_wages": value}))
    assert events == [SlotSet("screening_wages", value)]
    assert messages == []  # the next question is asked by the form's ask action


async def test_stop_ends_the_form_at_once() -> None:
    messages, events = await run(ValidateScreeningForm(), tracker(
        "stop_screening", language="fr", slots={"requested_slot": "screening_debt"}, active=True, extracted={}))
    assert events == [SlotSet("screening_stopped", True), SlotSet("requested_slot", None)]
    assert messages == []


async def test_danger_gives_the_message_to_the_rules_even_in_a_yes() -> None:
    danger = {"escalate": True, "priority": "urgent", "indicators": [], "danger": True}
    messages, events = await run(ValidateScreeningForm(), tracker(
        "affirm", slots={"requested_slot": "screening_threats"}, risk=danger, active=True,
        extracted={"screening_threats": "yes"}))
    # The taken answer is dropped and the form rejects: the rule's action says the numbers first.
    assert events == [SlotSet("screening_threats", None), ActionExecutionRejected("screening_form")]
    assert messages == []


@pytest.mark.parametrize("intent", ["delete_my_data", "immediate_danger", "ask_rights", "request_human"])
async def test_another_request_is_left_to_the_rules(intent: str) -> None:
    messages, events = await run(ValidateScreeningForm(), tracker(
        intent, slots={"requested_slot": "screening_documents"}, active=True, extracted={}))
    assert (messages, events) == ([], [])  # Rasa rejects the form when nothing was validated


async def test_no_answer_gets_a_hint_and_the_same_question_again() -> None:
    messages, events = await run(ValidateScreeningForm(), tracker(
        "nlu_fallback", language="ary", slots={"requested_slot": "screening_documents"}, active=True,
        extracted={}))
    assert texts(messages) == content().messages("screening.not_understood", "ary")
    assert events == [SlotSet("screening_documents", None)]


async def test_cues_in_an_answer_reach_the_case() -> None:
    risk = {"escalate": True, "priority": "normal", "indicators": ["excessive_overtime"], "danger": False}
    messages, events = await run(ValidateScreeningForm(), tracker(
        "affirm", slots={"requested_slot": "screening_wages"}, risk=risk, active=True,
        extracted={"screening_wages": "yes"}))
    assert controls(messages) == [escalation(risk, "affirm")]
    assert events == [SlotSet("screening_wages", "yes")]


async def test_nothing_to_validate_when_the_form_starts() -> None:
    messages, events = await run(ValidateScreeningForm(), tracker("affirm", active=True, extracted={}))
    assert (messages, events) == ([], [])


# -- the questions

@pytest.mark.parametrize("language", ["fr", "en", "ar", "ary"])
async def test_each_question_in_the_persons_language_with_four_buttons(language: str) -> None:
    for action_class in ASK_ACTIONS:
        action = action_class()
        question = action.name().removeprefix("action_ask_screening_")
        messages, events = await run(action, tracker("affirm", language=language, active=True))
        assert texts(messages) == content().messages(f"screening.questions.{question}", language)
        assert last_buttons(messages) == ["/affirm", "/deny", "/skip_question", "/stop_screening"]
        assert events == []
    assert [a().name() for a in ASK_ACTIONS] == ["action_ask_screening_documents", "action_ask_screening_wages",
                                                 "action_ask_screening_debt", "action_ask_screening_free_to_leave",
                                                 "action_ask_screening_threats", "action_ask_screening_minor"]


# -- how it starts

async def test_asking_for_it_first_asks_whether_it_is_safe_to_write() -> None:
    messages, events = await run(ActionStartScreening(), tracker("start_screening", slots={"safe_to_talk": False}))
    assert texts(messages) == content().messages("safe_to_talk", "en")
    assert events == [SlotSet("pending_question", "safe_to_talk"), SlotSet("safety_asked", True),
                      SlotSet("screening_requested", True)]


async def test_safe_now_the_requested_screening_starts() -> None:
    messages, events = await run(ActionAffirm(), tracker(
        "affirm", language="fr", slots={"safe_to_talk": False, "human_offered": False,
                                        "pending_question": "safe_to_talk", "screening_requested": True}))
    assert texts(messages) == content().messages("screening.intro", "fr")
    assert events[:2] == [SlotSet("safe_to_talk", True), SlotSet("pending_question", None)]
    assert SlotSet("screening_offered", True) in events and SlotSet("screening_requested", False) in events
    assert events[-1] == FollowupAction("screening_form")  # the form asks its first question next


async def test_asked_for_when_safe_it_starts_at_once() -> None:
    messages, events = await run(ActionStartScreening(), tracker("start_screening", language="ar"))
    assert texts(messages) == content().messages("screening.intro", "ar")
    assert events[-1] == FollowupAction("screening_form")
    assert all(SlotSet(slot, None) in events for slot in SLOTS)  # a new screening asks again


async def test_offered_after_the_person_accepted_a_trained_person() -> None:
    messages, events = await run(ActionAffirm(), tracker("affirm", slots={"pending_question": "offer_human"}))
    c = content()
    assert texts(messages) == c.messages("human_accepted", "en") + c.messages("screening.offer", "en")
    assert last_buttons(messages) == ["/affirm", "/deny"]
    assert controls(messages) == [{"amane_control": "consent", "value": "yes"}]
    assert events == [SlotSet("pending_question", None), SlotSet("pending_question", "screening_offer"),
                      SlotSet("screening_offered", True)]


async def test_yes_to_the_offer_starts_it_and_no_is_respected() -> None:
    _, events = await run(ActionAffirm(), tracker("affirm", slots={"pending_question": "screening_offer"}))
    assert events[-1] == FollowupAction("screening_form")
    messages, events = await run(ActionDeny(), tracker("deny", language="ary",
                                                       slots={"pending_question": "screening_offer"}))
    assert texts(messages) == content().messages("screening.declined", "ary")
    assert last_buttons(messages)[0] == "/ask_rights"  # the menu
    assert events == [SlotSet("pending_question", None)]


async def test_never_offered_twice_nor_before_it_is_safe() -> None:
    _, events = await run(ActionAffirm(), tracker("affirm", slots={"pending_question": "offer_human",
                                                                   "screening_offered": True}))
    assert events == [SlotSet("pending_question", None)]
    _, events = await run(ActionAffirm(), tracker("affirm", slots={"pending_question": "offer_human",
                                                                   "safe_to_talk": False}))
    assert events == [SlotSet("pending_question", None)]


# -- how it ends

ANSWERS = {"screening_documents": "yes", "screening_wages": "skip", "screening_debt": "no",
           "screening_free_to_leave": "no", "screening_threats": "no", "screening_minor": "yes"}


async def test_the_end_adds_the_answers_to_the_case_and_closes_calmly() -> None:
    messages, events = await run(ActionScreeningDone(), tracker("affirm", language="fr", slots=ANSWERS))
    assert controls(messages) == [escalation(
        {"escalate": True, "priority": "urgent", "danger": False,
         "indicators": ["minor", "restriction_of_movement", "retention_of_documents"]}, "affirm", reason="screening")]
    assert texts(messages) == content().messages("screening.done", "fr")
    assert last_buttons(messages)[0] == "/ask_rights"
    assert events == RESET  # the answers were counted; only the sealed tracker keeps them


async def test_stopped_says_so_and_counts_what_was_answered() -> None:
    answered = {"screening_documents": "no", "screening_wages": "yes"}
    messages, events = await run(ActionScreeningDone(), tracker("stop_screening", language="ar",
                                                                slots={**answered, "screening_stopped": True}))
    c = content()
    assert texts(messages) == c.messages("screening.stopped", "ar") + c.messages("screening.done", "ar")
    assert controls(messages) == [escalation(
        {"escalate": True, "priority": "normal", "indicators": ["withholding_of_wages"], "danger": False},
        "stop_screening", reason="screening")]
    assert events == RESET


async def test_the_last_answers_cues_are_not_reported_twice() -> None:
    risk = {"escalate": True, "priority": "normal", "indicators": ["excessive_overtime"], "danger": False}
    messages, _ = await run(ActionScreeningDone(), tracker("affirm", slots={"screening_minor": "yes"}, risk=risk))
    # The validation reported this message's cues when it took the answer; here only the answers count.
    assert controls(messages) == [escalation(
        {"escalate": True, "priority": "urgent", "indicators": ["minor"], "danger": False}, "affirm", reason="screening")]


async def test_nothing_shown_nothing_escalated() -> None:
    messages, _ = await run(ActionScreeningDone(), tracker("deny", slots={s: "no" for s in QUESTION_SLOTS[:3]}))
    assert controls(messages) == []


async def test_deleting_data_mid_form_ends_the_form_first() -> None:
    messages, events = await run(ActionDeleteMyData(), tracker(
        "delete_my_data", slots={"requested_slot": "screening_debt", "screening_documents": "yes"}, active=True))
    assert texts(messages) == content().messages("delete_confirm", "en")
    assert controls(messages) == [escalation(
        {"escalate": True, "priority": "normal", "indicators": ["retention_of_documents"], "danger": False},
        "delete_my_data", reason="screening")]
    # The form is off, so the next "yes" confirms the deletion instead of answering a question.
    assert events == RESET + [ActiveLoop(None), SlotSet("pending_question", "delete_confirm")]


async def test_danger_mid_form_numbers_first_and_no_more_questions() -> None:
    danger = {"escalate": True, "priority": "urgent", "indicators": ["physical_sexual_violence"], "danger": True}
    messages, events = await run(ActionEmergency(), tracker(
        "immediate_danger", language="ary", slots={"requested_slot": "screening_threats"}, risk=danger,
        active=True))
    assert texts(messages) == content().messages("emergency", "ary")  # and nothing else: no offer, no question
    assert ActiveLoop(None) in events
    assert controls(messages) == [escalation(danger, "immediate_danger")]
