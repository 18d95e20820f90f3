"""Classes found on conversations_dev_v14 (issue 11), without a model (the classifiers' guesses are given), in other
words than the set's lines: the same question ("is it free?", "without papers?") right after a topic is that topic's
unless the words name another one (the intent classifier's sureness alone does not: its cost words are legal aid's);
a fear of complaining without papers is legal aid's question, not the victim's protection; a lawyer asked about with
its cost is legal aid's "is it free?"; a first message read unsure as a goodbye ("good evening, ...") opens the
conversation. Each with a contrast that keeps the other answer."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionGoodbye, ActionOutOfScope
from actions.escalation import ActionDisclosure
from actions.subquestions import Asked, about_what_was_told, asked
from actions.turn import Turn
from tests.actions.test_context import EARLIER_TURN, escalations, run, say, topic_action, tracker


def turn(text: str, intent: str, confidence: float, ranking: list[tuple[str, float]], last_topic: str | None,
         told: bool = False, language: str = "en", runner_up: tuple[str, float] | None = None) -> Turn:
    return Turn(language=language, intent=intent, foreign_language=False, risk={}, pending_question=None,
                human_offered=False, safe_to_talk=False, dispatcher=CollectingDispatcher(), text=text,
                last_topic=last_topic, safety_asked=told, sub_question_ranking=ranking,
                intent_ranking=[(intent, confidence), *([runner_up] if runner_up else [])])


# -- the same question right after a topic: the words decide whether another topic is named, not the sureness alone

@pytest.mark.parametrize(("language", "text", "last_topic", "expected"), [
    ("en", "and how much will it cost me", "ask_health", Asked("ask_health", "free_care")),
    ("fr", "ça coûte combien ?", "ask_health", Asked("ask_health", "free_care")),
    ("ary_latn", "bch7al?", "ask_voluntary_return", Asked("ask_voluntary_return", "who_pays")),
    # Contrast: the words name legal aid ("the lawyer"), which keeps its own question.
    ("en", "and the lawyer, how much will it cost", "ask_health", Asked("ask_legal_aid", "free")),
    ("fr", "et l'avocat ça coûte combien ?", "ask_health", Asked("ask_legal_aid", "free")),
])
def test_a_cost_read_surely_as_legal_aid_is_the_last_topic_s_unless_words_name_legal_aid(
        language: str, text: str, last_topic: str, expected: Asked) -> None:
    state = turn(text, "ask_legal_aid", 0.97, [("ask_legal_aid/free", 0.95), ("ask_health/free_care", 0.02),
                                              ("none", 0.02)], last_topic, language=language)
    assert asked(state, "ask_legal_aid") == expected


# -- afraid to complain without papers, after telling of exploitation: legal aid's question, not protection

@pytest.mark.parametrize(("language", "text", "expected"), [
    ("en", "my brother wants to complain but he is scared, he has no papers", Asked("ask_legal_aid", "no_papers")),
    ("fr", "elle a peur de porter plainte, elle a pas de papiers", Asked("ask_legal_aid", "no_papers")),
    ("ary_latn", "khayfa tchki 7it ma3ndhach lwra9", Asked("ask_legal_aid", "no_papers")),
    # Contrast: no word of complaining or of a court: the victim's protection, in the context of rights.
    ("en", "will the police arrest him, he has no papers", Asked("ask_rights", "protection")),
    ("fr", "la police va l'arrêter ? elle a pas de papiers", Asked("ask_rights", "protection")),
])
def test_afraid_to_complain_without_papers_is_legal_aid_s_question(language: str, text: str, expected: Asked) -> None:
    state = turn(text, "ask_legal_aid", 0.51, [("ask_voluntary_return/no_papers", 0.9), ("none", 0.07),
                                              ("ask_legal_aid/no_papers", 0.02)], "ask_rights", told=True,
                 language=language, runner_up=("disclose_exploitation", 0.33))
    assert asked(state, "ask_legal_aid") == expected


# -- a lawyer asked about with its cost: legal aid's "is it free?", not the rights' lawyer and interpreter

@pytest.mark.parametrize(("text", "expected"), [
    ("and the lawyer, do we need to pay him?", Asked("ask_legal_aid", "free")),
    ("a lawyer for free, is that possible for her", Asked("ask_legal_aid", "free")),
    # Contrast: a lawyer and an interpreter, no cost: the rights' answer.
    ("can she have a lawyer and an interpreter in court", Asked("ask_rights", "lawyer")),
])
def test_a_lawyer_asked_with_its_cost_is_legal_aid_s_free_question(text: str, expected: Asked) -> None:
    state = turn(text, "ask_legal_aid", 0.84, [("ask_rights/lawyer", 0.42), ("ask_legal_aid/free", 0.36),
                                              ("none", 0.18)], "ask_rights", told=True,
                 runner_up=("ask_rights", 0.15))
    assert asked(state, "ask_legal_aid") == expected


async def test_a_cost_after_the_pregnancy_answer_gets_health_s_cost_through_the_action() -> None:
    state = tracker("and how much will it cost me", "ask_legal_aid", confidence=0.97,
                    ranking=[("ask_legal_aid", 0.97), ("out_of_scope", 0.01)], before=EARLIER_TURN,
                    last_topic="ask_health")
    state.latest_message["sub_question_ranking"] = [{"name": "ask_legal_aid/free", "confidence": 0.95},
                                                    {"name": "ask_health/free_care", "confidence": 0.02}]
    texts, _, _, _ = await run(topic_action("ask_legal_aid"), state)
    assert texts[0] == say("questions.ask_health.free_care.answer")[0]


# -- a first message read unsure as a goodbye opens the conversation

async def test_a_first_message_read_unsure_as_a_goodbye_gets_the_greeting_and_the_menu() -> None:
    state = tracker("good evening i clean offices in tangier", "goodbye", confidence=0.45,
                    ranking=[("goodbye", 0.45), ("greet", 0.2)])
    texts, _, _, buttons = await run(ActionGoodbye(), state)
    assert texts[0] == say("greet")[0]
    assert not set(texts) & set(say("goodbye"))
    assert buttons


@pytest.mark.parametrize(("confidence", "before"), [(0.45, EARLIER_TURN), (0.95, None)])
async def test_a_goodbye_later_in_the_conversation_or_sure_stays_a_goodbye(confidence: float, before: list | None) -> None:
    state = tracker("ok bye, good evening", "goodbye", confidence=confidence,
                    ranking=[("goodbye", confidence), ("greet", 0.04)], before=before)
    texts, _, _, _ = await run(ActionGoodbye(), state)
    assert texts == say("goodbye")


# -- "can he get his passport back?" right after telling of a passport kept and of unpaid wages: the passport's answer

@pytest.mark.parametrize(("language", "text", "expected"), [
    ("en", "can she get her passport back", Asked("ask_rights", "passport_kept")),
    ("fr", "il peut récupérer son passeport ?", Asked("ask_rights", "passport_kept")),
    ("ary_latn", "wach t9der trje3 lpaspor dyalha", Asked("ask_rights", "passport_kept")),
    ("en", "and can she get the money he owes", Asked("ask_rights", "unpaid_wages")),
    # Contrast: neither named ("is that legal?"): the rights' short answer, as before.
    ("en", "is that legal", None),
])
def test_after_two_details_told_the_words_choose_the_one_asked(language: str, text: str, expected: Asked | None) -> None:
    state = turn(text, "ask_rights", 0.76, [("none", 0.9), ("ask_voluntary_return/lost_passport", 0.05)], None,
                 told=True, language=language)
    state.previous_indicators = ["retention_of_documents", "withholding_of_wages"]
    assert about_what_was_told(state, "ask_rights") == expected


# -- a child named as family right after going home or a bed: the family's question, with the children's line

def family_tracker(text: str, language: str, indicators: list[str], last_topic: str, sub: str) -> Any:
    state = tracker(text, "disclose_exploitation", risk={"escalate": True, "priority": "high", "indicators": indicators,
                                                          "danger": False},
                    language=language, confidence=0.51,
                    ranking=[("disclose_exploitation", 0.51), (last_topic, 0.34)], before=EARLIER_TURN,
                    last_topic=last_topic)
    state.latest_message["sub_question_ranking"] = [{"name": sub, "confidence": 0.78}, {"name": "none", "confidence": 0.2}]
    return state


@pytest.mark.parametrize(("language", "text", "last_topic", "sub"), [
    ("fr", "mon mari et ma fille de 4 ans aussi", "ask_voluntary_return", "ask_voluntary_return/family"),
    ("en", "me and my son, he is 6, can we both come", "ask_voluntary_return", "ask_voluntary_return/family"),
    ("en", "i have my boy of 2 years with me", "ask_shelter", "ask_shelter/with_children"),
])
async def test_a_child_named_as_family_after_going_home_gets_the_family_answer_and_the_line(
        language: str, text: str, last_topic: str, sub: str) -> None:
    topic, _, detail = sub.partition("/")
    texts, controls, _, _ = await run(ActionDisclosure(), family_tracker(text, language, ["minor"], last_topic, sub))
    assert texts[0] == say(f"questions.{topic}.{detail}.answer", language)[0]
    assert say("child.line", language)[0] in texts
    assert escalations(controls)


@pytest.mark.parametrize("indicators", [["minor", "abusive_conditions"], ["minor", "physical_sexual_violence"]])
async def test_a_child_with_a_sign_of_exploitation_still_gets_the_child_s_words(indicators: list[str]) -> None:
    state = family_tracker("my daughter is 12 and they beat her, can she come", "en", indicators,
                           "ask_voluntary_return", "ask_voluntary_return/family")
    texts, _, _, _ = await run(ActionDisclosure(), state)
    assert texts[0] == say("child.disclosure")[0]


# -- the police feared for one's papers right after health (no danger): health's question without papers

@pytest.mark.parametrize(("text", "last_topic", "danger_seen", "expected"), [
    ("will the hospital call the police, my papers are expired", "ask_health", False, Asked("ask_health", "no_papers")),
    ("if i go to the police for the case they check my papers?", "ask_legal_aid", False,
     Asked("ask_legal_aid", "no_papers")),
    # Contrasts: no papers named, or after danger: whether to call the police.
    ("should i call the police", "ask_health", False, Asked("ask_safety", "call_police")),
    ("should i call the police, i have no papers", "ask_health", True, Asked("ask_safety", "call_police")),
])
def test_the_police_feared_for_papers_after_a_topic_is_its_question_without_papers(
        text: str, last_topic: str, danger_seen: bool, expected: Asked) -> None:
    state = turn(text, "disclose_exploitation", 0.91, [("ask_safety/call_police", 0.94), ("none", 0.03)], last_topic)
    state.danger_seen = danger_seen
    assert asked(state, None) == expected


# -- a joke read as out of scope, then a question that names one topic: that topic's answer

@pytest.mark.parametrize(("language", "text", "key"), [
    ("en", "haha my manager works us like robots lol. anyway where can i find a doctor for free",
     "questions.ask_health.free_care.answer"),
    ("fr", "mdr mon chef est un vrai tyran aujourd'hui. sinon y a un avocat gratuit quelque part",
     "questions.ask_legal_aid.free.answer"),
    ("ary_latn", "hhh lmodir dyali 9aso lyoum. wach kayn chi tbib fabor", "questions.ask_health.free_care.answer"),
])
async def test_a_joke_then_a_question_naming_a_topic_gets_the_question_answered(language: str, text: str,
                                                                                key: str) -> None:
    state = tracker(text, "out_of_scope", language="ary" if language == "ary_latn" else language, confidence=0.99,
                    ranking=[("out_of_scope", 0.99)])
    if language == "ary_latn":
        state.latest_message["metadata"]["script"] = "latn"
        state.events[-1]["metadata"]["script"] = "latn"
    state.latest_message["sub_question_ranking"] = [{"name": "none", "confidence": 1.0}]
    texts, _, _, _ = await run(ActionOutOfScope(), state)
    assert texts[0] == say(key, language)[0]


@pytest.mark.parametrize("text", [
    "haha my cousin is a doctor and he cant cook lol",         # names a topic, asks nothing
    "lol where is the best pizza in rabat",                    # asks, names no topic
])
async def test_out_of_scope_without_a_question_naming_a_topic_stays_out_of_scope(text: str) -> None:
    state = tracker(text, "out_of_scope", confidence=0.99, ranking=[("out_of_scope", 0.99)])
    state.latest_message["sub_question_ranking"] = [{"name": "none", "confidence": 1.0}]
    texts, _, _, _ = await run(ActionOutOfScope(), state)
    assert texts[0] == say("out_of_scope")[0]


# -- after telling of the situation, a fear of arrest asked as rights or safety: the victim's protection

@pytest.mark.parametrize(("language", "text", "topic", "told", "key"), [
    ("en", "is it true they will not arrest me if i speak?", "ask_safety", True, "questions.ask_rights.protection.answer"),
    ("fr", "est ce que je vais aller en prison pour ce qu'ils m'ont fait faire", "ask_rights", True,
     "questions.ask_rights.protection.answer"),
    ("ary_latn", "wach ghadi y9bdou 3lia ila hdert?", "ask_safety", True, "questions.ask_rights.protection.answer"),
    # Contrasts: nothing told before (the topic's answer), or no fear of arrest named.
    ("en", "is it true they will not arrest me if i speak?", "ask_safety", False, "answers.ask_safety"),
    ("en", "how do i stay safe when i go out?", "ask_safety", True, "answers.ask_safety"),
])
async def test_a_fear_of_arrest_after_telling_is_the_victim_s_protection(language: str, text: str, topic: str,
                                                                         told: bool, key: str) -> None:
    state = tracker(text, topic, language="ary" if language == "ary_latn" else language, confidence=0.91,
                    ranking=[(topic, 0.91)], before=EARLIER_TURN, safety_asked=told)
    if language == "ary_latn":
        state.latest_message["metadata"]["script"] = "latn"
        state.events[-1]["metadata"]["script"] = "latn"
    state.latest_message["sub_question_ranking"] = [{"name": "none", "confidence": 0.8},
                                                    {"name": "ask_safety/call_police", "confidence": 0.14}]
    texts, _, _, _ = await run(topic_action(topic), state)
    assert texts[0] == say(key, language)[0]
