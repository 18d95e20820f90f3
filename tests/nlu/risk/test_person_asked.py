"""The risk logic says when a person was asked for explicitly (RiskAssessment.person_asked), which bot/nlu/reconcile.py
reads to make the intent the request however the classifier ranked it."""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk


@pytest.mark.parametrize("text, language", [
    ("oui je veux bien parler à une personne", "fr"),
    ("yes I want to talk to a person", "en"),
])
def test_an_explicit_request_for_a_person_is_said(text: str, language: str) -> None:
    assert assess_risk(text, language, "affirm", 0.71).person_asked


@pytest.mark.parametrize("text, language", [
    ("oui merci", "fr"),
    ("are you a real person?", "en"),
])
def test_a_yes_or_a_question_about_the_bot_is_no_request(text: str, language: str) -> None:
    assert not assess_risk(text, language, "affirm", 0.71).person_asked
