"""The intent agrees with the risk decision (bot/nlu/reconcile.py): contrast pairs in both directions."""
from __future__ import annotations

from typing import Any

import pytest

from bot.nlu.reconcile import reconcile

CALM: dict[str, Any] = {"escalate": False, "priority": "none", "indicators": [], "danger": False, "ask_danger": False}
TOLD: dict[str, Any] = {**CALM, "escalate": True, "priority": "normal", "indicators": ["retention_of_documents"]}
DANGER_NOW: dict[str, Any] = {**CALM, "escalate": True, "priority": "urgent", "danger": True}
ASKED: dict[str, Any] = {**CALM, "ask_danger": True}
PERSON: dict[str, Any] = {**CALM, "escalate": True, "priority": "normal"}  # a request for a person, no indicator


def ranking(*pairs: tuple[str, float]) -> list[dict[str, Any]]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def names(entries: list[dict[str, Any]]) -> list[str]:
    return [entry["name"] for entry in entries]


# "lol my cousin sold me out to grandma" (a joke) against "the man who brought me sold me" (told).
JOKE = ranking(("disclose_exploitation", 0.6), ("out_of_scope", 0.3), ("immediate_danger", 0.06), ("greet", 0.04))


def test_a_disclosure_guess_the_risk_logic_set_aside_takes_the_next_guess() -> None:
    agreed = reconcile(JOKE, CALM)
    assert names(agreed) == ["out_of_scope", "greet", "disclose_exploitation", "immediate_danger"]
    # Confidences once the alarm intents are ruled out: 0.3 and 0.04 out of 0.34.
    assert agreed[0]["confidence"] == pytest.approx(0.3 / 0.34)
    assert [entry["confidence"] for entry in agreed[2:]] == [0.0, 0.0]


def test_a_disclosure_guess_the_risk_logic_escalated_stays() -> None:
    assert reconcile(JOKE, TOLD) is JOKE


# "if Raja lose tonight I jump off the roof 😂" against "he has a knife and says he will kill me tonight".
HYPERBOLE = ranking(("immediate_danger", 0.7), ("out_of_scope", 0.2), ("disclose_exploitation", 0.1))


def test_a_danger_guess_the_risk_logic_neither_escalates_nor_asks_about_takes_the_next_guess() -> None:
    assert names(reconcile(HYPERBOLE, CALM))[0] == "out_of_scope"


@pytest.mark.parametrize("risk", [DANGER_NOW, ASKED], ids=["danger", "asked_about"])
def test_a_danger_guess_stays_when_danger_is_found_or_asked_about(risk: dict[str, Any]) -> None:
    assert reconcile(HYPERBOLE, risk) is HYPERBOLE


# "the family I work for keeps my passport, can I still go home?" against "I lost my passport, can I still go home?"
TORN = ranking(("ask_voluntary_return", 0.55), ("disclose_exploitation", 0.4), ("ask_rights", 0.05))


def test_a_topic_question_with_a_told_exploitation_becomes_the_disclosure_it_was_torn_with() -> None:
    agreed = reconcile(TORN, TOLD)
    assert names(agreed) == ["disclose_exploitation", "ask_voluntary_return", "ask_rights"]
    assert [entry["confidence"] for entry in agreed] == [0.55, 0.4, 0.05]


def test_the_same_question_with_nothing_told_stays_a_question() -> None:
    assert reconcile(TORN, CALM) is TORN


def test_a_topic_question_stays_when_the_disclosure_is_not_the_second_guess() -> None:
    far = ranking(("ask_voluntary_return", 0.8), ("ask_rights", 0.15), ("disclose_exploitation", 0.05))
    assert reconcile(far, TOLD) is far


@pytest.mark.parametrize("risk", [DANGER_NOW, PERSON], ids=["danger", "no_indicator"])
def test_a_topic_question_stays_without_a_told_indicator_or_with_danger(risk: dict[str, Any]) -> None:
    assert reconcile(TORN, risk) is TORN


def test_other_intents_and_empty_rankings_are_left_alone() -> None:
    greeting = ranking(("greet", 0.9), ("disclose_exploitation", 0.1))
    assert reconcile(greeting, TOLD) is greeting
    assert reconcile([], CALM) == []


# "oui je veux bien parler à une personne" read as a yes at 0.71, the request at 0.29; against a plain yes.
YES_AND_PERSON = ranking(("affirm", 0.71), ("request_human", 0.29), ("ask_voluntary_return", 0.0))
PERSON_ASKED: dict[str, Any] = {**PERSON, "person_asked": True}


def test_an_explicit_request_for_a_person_read_as_a_yes_becomes_the_request() -> None:
    agreed = reconcile(YES_AND_PERSON, PERSON_ASKED)
    assert names(agreed) == ["request_human", "affirm", "ask_voluntary_return"]
    assert [entry["confidence"] for entry in agreed] == [0.71, 0.29, 0.0]


def test_a_yes_stays_a_yes_when_no_person_was_asked_for() -> None:
    assert reconcile(YES_AND_PERSON, CALM) is YES_AND_PERSON


def test_a_request_for_a_person_does_not_take_over_danger_or_a_disclosure() -> None:
    alarm = ranking(("immediate_danger", 0.7), ("request_human", 0.3))
    assert reconcile(alarm, {**DANGER_NOW, "person_asked": True}) is alarm
    told = ranking(("disclose_exploitation", 0.6), ("request_human", 0.4))
    assert reconcile(told, {**TOLD, "person_asked": True}) is told


# "my wife took my phone till I do the dishes, save me 😂" (in jest, nothing asked): the safety question its words brush
# was the classifier's second guess; against the same ranking with nothing said in jest.
JEST: dict[str, Any] = {**CALM, "in_jest": True}
BRUSHES_SAFETY = ranking(("disclose_exploitation", 0.5), ("ask_safety", 0.3), ("out_of_scope", 0.15), ("greet", 0.05))


@pytest.mark.parametrize("alarm", ["disclose_exploitation", "immediate_danger"])
def test_an_alarm_set_aside_in_jest_gives_small_talk_not_the_topic_its_words_brush(alarm: str) -> None:
    guesses = [{**BRUSHES_SAFETY[0], "name": alarm}, *BRUSHES_SAFETY[1:]]
    agreed = reconcile(guesses, JEST)
    assert names(agreed)[:2] == ["out_of_scope", "ask_safety"]
    # Once the alarm is ruled out: small talk takes the first place and its confidence (0.3 of 0.5), the topic its own.
    assert agreed[0]["confidence"] == pytest.approx(0.3 / 0.5)
    assert agreed[1]["confidence"] == pytest.approx(0.15 / 0.5)


def test_an_alarm_set_aside_without_jest_takes_the_next_guess() -> None:
    assert names(reconcile(BRUSHES_SAFETY, CALM))[0] == "ask_safety"


def test_in_jest_moves_nothing_but_a_set_aside_alarm() -> None:
    question = ranking(("ask_safety", 0.7), ("out_of_scope", 0.3))
    assert reconcile(question, JEST) is question
    told = ranking(("disclose_exploitation", 0.7), ("out_of_scope", 0.3))
    assert reconcile(told, {**TOLD, "in_jest": True}) is told
