"""Issue 11: a question told again after a disclosure ("and what he still owes me") is read in the conversation's
context and answered after one short line, never the disclosure's block again; a topic question that names its cost
inside a long message gets the topic's cost answer. Without a model (the classifiers' guesses are given), then through
the trained agent; wording apart from the evaluation sets' lines, each with a contrast that keeps its answer."""
from __future__ import annotations

from typing import Any

import pytest

from actions.cost import cost_asked, names_cost
from actions.escalation import ActionDisclosure, question_in_context
from actions.subquestions import Asked
from tests.actions.agent_harness import Conversation, texts
from tests.actions.test_context import run, say, topic_action, tracker
from tests.actions.test_followups_v6conv import WAGES, turn

TOLD = {"safety_asked": True, "safe_to_talk": False}


@pytest.mark.parametrize("told, ranking, expected", [
    # Unpaid wages barely ahead of free care: the rights the person's situation is about count more.
    (True, [("ask_rights/unpaid_wages", 0.45), ("ask_health/free_care", 0.42), ("none", 0.07)],
     Asked("ask_rights", "unpaid_wages")),
    (False, [("ask_rights/unpaid_wages", 0.45), ("ask_health/free_care", 0.42), ("none", 0.07)], None),  # first
    (True, [("none", 0.85), ("ask_rights/unpaid_wages", 0.1)], None),    # told, not asked
    (True, [("ask_shelter/tonight", 0.9), ("none", 0.05)], None),        # not the conversation's topics
])
def test_a_question_told_again_is_read_in_context(told: bool, ranking: list[tuple[str, float]],
                                                   expected: Asked | None) -> None:
    state = turn("disclose_exploitation", ranking, confidence=0.45, risk=WAGES, told=told)
    assert question_in_context(state) == expected


async def test_a_question_told_again_gets_one_short_line_then_its_answer() -> None:
    state = tracker("and all the months he has not paid me", "disclose_exploitation", WAGES, confidence=0.45, **TOLD)
    state.latest_message["sub_question_ranking"] = [{"name": "ask_rights/unpaid_wages", "confidence": 0.45},
                                                    {"name": "ask_health/free_care", "confidence": 0.42}]
    texts_, _, _, _ = await run(ActionDisclosure(), state)
    assert texts_[:2] == say("disclosure_more") + say("questions.ask_rights.unpaid_wages.answer")
    assert not set(texts_) & set(say("disclosure"))


async def test_told_again_without_a_question_stays_the_disclosure() -> None:
    state = tracker("he has not paid me for months either", "disclose_exploitation", WAGES, **TOLD)
    state.latest_message["sub_question_ranking"] = [{"name": "none", "confidence": 0.85},
                                                    {"name": "ask_rights/unpaid_wages", "confidence": 0.1}]
    texts_, _, _, _ = await run(ActionDisclosure(), state)
    assert texts_[:2] == say("disclosure")


@pytest.mark.parametrize("language, text, named", [
    ("en", "my back hurts since the accident, can I be seen for free", True),
    ("en", "I can't pay, where do I go to see a nurse", True),
    ("fr", "ma tante a mal au coeur, je n'ai pas d'argent pour l'hôpital", True),
    ("ary_latn", "bghit nchof tbib fabor", True),
    ("en", "I am not free to leave the house and my back hurts", False),   # "free" is not a price
    ("fr", "j'ai mal au dos depuis l'accident, où voir un médecin", False),
])
def test_the_cost_named_in_words(language: str, text: str, named: bool) -> None:
    state = turn("ask_health", [("none", 0.95)])
    state.text, state.language = text, language
    assert names_cost(state) is named
    assert (cost_asked(state, "ask_health") == Asked("ask_health", "free_care")) is named


@pytest.mark.parametrize("cost, key", [(", I have no money", "questions.ask_health.free_care.answer"),
                                       ("", "answers.ask_health")])   # no cost named: the health answer
async def test_a_long_health_message_that_names_the_cost_gets_the_free_care_answer(cost: str, key: str) -> None:
    text = f"good evening my uncle has had a swollen knee for two weeks{cost}, where can he get it checked"
    state = tracker(text, "ask_health", confidence=0.99)
    state.latest_message["sub_question_ranking"] = [{"name": "none", "confidence": 0.95}]
    reply, _, _, _ = await run(topic_action("ask_health"), state)
    assert reply[0] == say(key)[0]


@pytest.mark.model
async def test_the_agent_answers_what_is_owed_after_a_disclosure(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("the family I clean for keeps my passport and they lock the door at night")
    reply = texts(await person.say("and the money they owe me"))
    assert reply[:2] == say("disclosure_more") + say("questions.ask_rights.unpaid_wages.answer")


@pytest.mark.model
async def test_the_agent_hears_a_first_telling_of_unpaid_wages_as_the_disclosure(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    reply = texts(await person.say("the family I clean for has not paid me for five months"))
    assert reply[:2] == say("disclosure")


@pytest.mark.model
@pytest.mark.parametrize("language, text, key", [
    ("fr", "bonsoir mon petit frère vomit depuis deux jours, je cherche un docteur gratuit",
     "questions.ask_health.free_care.answer"),
    ("fr", "bonsoir mon petit frère vomit depuis deux jours, je cherche un docteur", "answers.ask_health"),
])
async def test_the_agent_answers_the_cost_named_in_a_long_first_health_message(actions_agent: Any, language: str,
                                                                              text: str, key: str) -> None:
    reply = texts(await Conversation(actions_agent).say(text))
    assert reply[0] == say(key, language)[0]
