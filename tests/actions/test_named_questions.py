"""Defects the lead found by talking to the web chat (issue 11, conv11), each with the classification main's model gave
the message: "can I leave?" after a disclosure read as a yes (or as safety, going home); "he comes back tonight" after
telling of being locked in, read as a bed tonight; "bghit nsowl 3la l'oim" read as the menu; "what are my rights as a
domestic worker" answered with rights in general; "how many hours" after rights read as a greeting; "and the wages he
still owes me" answered with the disclosure's block. Real rasa_sdk Trackers (tests/actions/test_context.py)."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.answers import ActionGreet, ActionOutOfScope, ActionShowMenu
from actions.conversation import ActionAffirm
from actions.escalation import ActionDisclosure, ActionRequestHuman
from tests.actions.test_context import run, say, topic_action, tracker

# A disclosure of confinement was told, and "is it safe to write now?" waits (main's web chat, first turn).
TOLD = {"safety_asked": True, "pending_question": "safe_to_talk"}
NO_RISK_ESCALATED = {"escalate": True, "priority": "normal", "indicators": [], "danger": False}


def latin(state: Tracker) -> Tracker:
    """Darija in Latin letters, as the pipeline marks it."""
    for metadata in (state.latest_message["metadata"], state.events[-1]["metadata"]):
        metadata["script"] = "latn"
    return state


def with_sub_questions(state: Tracker, ranking: list[tuple[str, float]]) -> Tracker:
    state.latest_message["sub_question_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    return state


def slot(events: list[Any], name: str) -> list[Any]:
    return [event["value"] for event in events if event.get("event") == "slot" and event.get("name") == name]


# -- 1. "can I leave?" after a disclosure: leaving's answer (the signs, planning, shelter, a person), not a yes

async def test_can_i_leave_read_as_a_yes_is_answered_and_the_safety_question_stays() -> None:
    state = with_sub_questions(tracker("can I leave?", "affirm", confidence=0.25, **TOLD),
                               [("ask_voluntary_return/how_long", 0.4), ("none", 0.3)])
    texts, _, events, _ = await run(ActionAffirm(), state)
    assert texts[0] == say("questions.ask_rights.leaving.answer")[0]
    assert True not in slot(events, "safe_to_talk")   # not taken for "yes, it is safe"
    assert None not in slot(events, "pending_question")


@pytest.mark.parametrize(("language", "text", "intent", "confidence", "read"), [
    ("fr", "est-ce que je peux partir ?", "ask_safety", 0.51, "ask_voluntary_return/who_pays"),
    ("ar", "هل يمكنني المغادرة؟", "ask_voluntary_return", 0.36, "ask_voluntary_return/how_long"),
    ("ary", "واش نقدر نمشي؟", "ask_safety", 0.52, "ask_voluntary_return/how_long"),
    ("ary_latn", "wach n9der nmchi?", "ask_safety", 0.45, "ask_voluntary_return/how_long"),
    ("en", "can I leave now?", "ask_safety", 0.4, "none"),
])
async def test_can_i_leave_read_as_a_topic_gets_leavings_answer(language: str, text: str, intent: str,
                                                               confidence: float, read: str) -> None:
    state = tracker(text, intent, language="ary" if language == "ary_latn" else language, confidence=confidence,
                    **TOLD)
    state = with_sub_questions(latin(state) if language == "ary_latn" else state, [(read, 0.5), ("none", 0.3)])
    texts, _, _, _ = await run(topic_action(intent), state)
    assert texts[0] == say("questions.ask_rights.leaving.answer", language)[0]


@pytest.mark.parametrize(("text", "intent"), [
    ("can I leave Morocco and go back to Guinea?", "ask_voluntary_return"),
    ("واش نقدر نمشي للسبيطار بلا وراق؟", "ask_health"),
])
async def test_going_somewhere_is_not_leaving(text: str, intent: str) -> None:
    language = "en" if text.isascii() else "ary"
    state = with_sub_questions(tracker(text, intent, language=language, confidence=0.6), [("none", 0.9)])
    texts, _, _, _ = await run(topic_action(intent), state)
    assert say("questions.ask_rights.leaving.answer", language)[0] not in texts


# -- 2. "he comes back tonight" after telling of the situation: are you in danger right now? (as in French)

@pytest.mark.parametrize(("language", "text", "intent"), [
    ("en", "he comes back tonight", "ask_shelter"),
    ("ar", "سيعود الليلة", "ask_shelter"),
    ("ary", "غادي يرجع الليلة", "ask_shelter"),
])
async def test_he_comes_back_tonight_after_telling_asks_about_danger(language: str, text: str, intent: str) -> None:
    state = with_sub_questions(tracker(text, intent, language=language, confidence=0.44, **TOLD),
                               [("ask_shelter/tonight", 0.7), ("none", 0.2)])
    texts, _, events, _ = await run(topic_action(intent), state)
    assert texts == say("danger_check", language)
    assert slot(events, "pending_question") == ["danger_check"]


async def test_he_comes_back_tonight_read_as_out_of_scope_in_arabizi_asks_about_danger() -> None:
    state = latin(tracker("ghadi yrje3 lyouma f lil", "out_of_scope", language="ary", confidence=0.51, **TOLD))
    texts, _, _, _ = await run(ActionOutOfScope(), state)
    assert texts == say("danger_check", "ary_latn")


@pytest.mark.parametrize(("text", "slots"), [
    ("where can I sleep tonight? he comes back", TOLD),   # a question: its answer
    ("he comes back tonight", {}),                         # nothing told before: the bed tonight, as before
])
async def test_a_question_or_nothing_told_keeps_the_bed_tonight(text: str, slots: dict[str, Any]) -> None:
    state = with_sub_questions(tracker(text, "ask_shelter", confidence=0.44, **slots),
                               [("ask_shelter/tonight", 0.7), ("none", 0.2)])
    texts, _, _, _ = await run(topic_action("ask_shelter"), state)
    assert texts[0] == say("questions.ask_shelter.tonight.answer")[0]


# -- 3. IOM named (OIM, l'oim, iom): going home's answer

@pytest.mark.parametrize(("action", "text", "intent"), [
    (ActionShowMenu, "bghit nsowl 3la l'oim", "ask_menu"),
    (ActionGreet, "3la oim", "greet"),
    (ActionShowMenu, "bghit nsowl 3la l’OIM", "ask_menu"),
    (ActionGreet, "salam, IOM", "greet"),
])
async def test_iom_named_gets_going_homes_answer(action: type, text: str, intent: str) -> None:
    state = latin(tracker(text, intent, language="ary", confidence=0.67))
    texts, _, _, _ = await run(action(), state)
    assert texts[0] == say("answers.ask_voluntary_return", "ary_latn")[0]


# -- 4. rights as a domestic worker: Law 19-12's contract

@pytest.mark.parametrize(("language", "text"), [
    ("en", "what are my rights as a domestic worker"),
    ("fr", "quels sont mes droits comme employée de maison"),
    ("ar", "ما هي حقوقي كعاملة منزلية"),
    ("ary", "شنو هوما الحقوق ديالي كخدامة فالديور"),
])
async def test_rights_of_a_domestic_worker_get_the_contracts_answer(language: str, text: str) -> None:
    state = with_sub_questions(tracker(text, "ask_rights", language=language, confidence=1.0), [("none", 0.9)])
    texts, _, _, _ = await run(topic_action("ask_rights"), state)
    assert texts[0] == say("questions.ask_rights.domestic_contract.answer", language)[0]


async def test_rights_in_general_keep_the_general_answer() -> None:
    state = with_sub_questions(tracker("what are my rights", "ask_rights", confidence=1.0), [("none", 0.9)])
    texts, _, _, _ = await run(topic_action("ask_rights"), state)
    assert texts[0] == say("answers.ask_rights")[0]


# -- 5. "how many hours" after rights: an honest short answer (no figure in the facts) and a person

@pytest.mark.parametrize(("language", "text"), [
    ("en", "how many hours"), ("fr", "combien d'heures ?"), ("ar", "كم ساعة؟"), ("ary", "شحال من ساعة؟"),
])
async def test_how_many_hours_after_rights_gets_the_working_hours_answer(language: str, text: str) -> None:
    state = with_sub_questions(tracker(text, "greet", language=language, confidence=0.39, last_topic="ask_rights"),
                               [("ask_voluntary_return/how_long", 0.6), ("none", 0.3)])
    texts, _, _, buttons = await run(ActionGreet(), state)
    assert texts == say("questions.ask_rights.working_hours.answer", language)
    assert "/request_human" in buttons


async def test_how_many_hours_after_going_home_is_not_working_hours() -> None:
    state = with_sub_questions(tracker("how many hours", "greet", confidence=0.39, last_topic="ask_voluntary_return"),
                               [("ask_voluntary_return/how_long", 0.6), ("none", 0.3)])
    texts, _, _, _ = await run(ActionGreet(), state)
    assert say("questions.ask_rights.working_hours.answer")[0] not in texts


# -- 6. the wages still owed, after rights or after telling: unpaid wages' answer, not the disclosure's block

async def test_the_wages_still_owed_after_telling_get_the_unpaid_wages_answer() -> None:
    state = with_sub_questions(tracker("and the wages he still owes me", "disclose_exploitation",
                                       risk=NO_RISK_ESCALATED, confidence=0.68, safety_asked=True,
                                       human_offered=True), [("none", 0.8)])
    texts, _, _, _ = await run(ActionDisclosure(), state)
    assert texts[:2] == say("disclosure_more") + say("questions.ask_rights.unpaid_wages.answer")
    assert not set(say("disclosure")) & set(texts)


async def test_the_wages_still_owed_after_the_rights_answer_in_arabizi() -> None:
    state = latin(tracker("o lflous li kaysal liya", "disclose_exploitation", risk=NO_RISK_ESCALATED, language="ary",
                          confidence=0.7, last_topic="ask_rights"))
    state = with_sub_questions(state, [("ask_voluntary_return/who_pays", 0.5), ("none", 0.4)])
    texts, _, _, _ = await run(ActionDisclosure(), state)
    # Told for the first time (after the rights answer only): the disclosure's words, then the wages' answer.
    assert texts[:3] == say("disclosure", "ary_latn") + say("questions.ask_rights.unpaid_wages.answer", "ary_latn")
    # Escalated: the offer of a person follows (first, is it safe to write now?).
    assert {say("offer_human", "ary_latn")[0], say("safe_to_talk", "ary_latn")[0]} & set(texts)


async def test_a_first_disclosure_of_unpaid_wages_keeps_the_disclosure() -> None:
    state = tracker("my boss never paid my salary", "disclose_exploitation",
                    risk={**NO_RISK_ESCALATED, "indicators": ["withholding_of_wages"]}, confidence=0.9)
    texts, _, _, _ = await run(ActionDisclosure(), state)
    assert texts[:2] == say("disclosure")


# -- found talking to the web chat after the fixes above

async def test_can_i_go_read_as_a_yes_is_leaving() -> None:
    state = with_sub_questions(tracker("can I go?", "affirm", confidence=0.4, **TOLD), [("none", 0.6)])
    texts, _, _, _ = await run(ActionAffirm(), state)
    assert texts == say("questions.ask_rights.leaving.answer")


async def test_she_will_come_back_tonight_read_as_a_greeting_asks_about_danger() -> None:
    state = tracker("elle va revenir ce soir", "greet", language="fr", confidence=0.3, safety_asked=True,
                    human_offered=True, pending_question="offer_human")
    texts, _, _, _ = await run(ActionGreet(), state)
    assert texts == say("danger_check", "fr")


async def test_a_domestic_worker_read_as_unpaid_wages_with_nothing_told_gets_the_contract() -> None:
    state = with_sub_questions(tracker("I am a domestic worker, what are my rights?", "ask_rights", confidence=0.95),
                               [("ask_rights/unpaid_wages", 0.5), ("none", 0.4)])
    texts, _, _, _ = await run(topic_action("ask_rights"), state)
    assert texts[0] == say("questions.ask_rights.domestic_contract.answer")[0]


async def test_wages_told_by_a_domestic_worker_keep_the_wages_answer() -> None:
    state = with_sub_questions(tracker("I am a maid and they don't pay my wages, what are my rights?", "ask_rights",
                                       risk={**NO_RISK_ESCALATED, "indicators": ["withholding_of_wages"]},
                                       confidence=0.95), [("ask_rights/unpaid_wages", 0.7), ("none", 0.2)])
    texts, _, _, _ = await run(topic_action("ask_rights"), state)
    assert say("questions.ask_rights.unpaid_wages.answer")[0] in texts
    assert say("questions.ask_rights.domestic_contract.answer")[0] not in texts


async def test_my_wages_read_as_the_menu_after_telling_get_the_unpaid_wages_answer() -> None:
    state = latin(tracker("o lkhelsa dyali?", "ask_menu", language="ary", confidence=0.5, safety_asked=True,
                          human_offered=True, pending_question="offer_human"))
    texts, _, _, _ = await run(ActionShowMenu(), state)
    assert texts == say("questions.ask_rights.unpaid_wages.answer", "ary_latn")


async def test_a_request_to_talk_to_iom_gets_the_person_and_where_iom_is_met() -> None:
    state = tracker("I want to talk to IOM", "request_human", confidence=0.83)
    texts, _, events, _ = await run(ActionRequestHuman(), state)
    assert texts == say("human_requested") + say("questions.ask_voluntary_return.offices.answer")
    assert slot(events, "last_topic") == ["ask_voluntary_return"]


@pytest.mark.parametrize("text", [
    "he is coming back, later",                                  # read as "later": the person must stop now
    "he comes back at night and I need somewhere safe to sleep",  # news and a need: not news alone
])
async def test_news_that_says_later_or_more_is_not_asked_about(text: str) -> None:
    state = with_sub_questions(tracker(text, "ask_shelter", confidence=0.44, **TOLD),
                               [("deny/later", 0.6) if "later" in text else ("ask_shelter/tonight", 0.7),
                                ("none", 0.2)])
    texts, _, _, _ = await run(topic_action("ask_shelter"), state)
    assert texts != say("danger_check")


async def test_leaving_said_in_a_message_that_leans_to_going_home_is_going_homes() -> None:
    state = with_sub_questions(tracker("je veux rentrer au pays, je peux partir", "ask_voluntary_return",
                                       language="fr", confidence=0.8), [("none", 0.9)])
    texts, _, _, _ = await run(topic_action("ask_voluntary_return"), state)
    assert texts[0] == say("answers.ask_voluntary_return", "fr")[0]
