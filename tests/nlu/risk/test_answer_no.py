"""A "no" that opens the message, then a subject, answers a pending question ("delete your data?" "no he is hitting
me now"): what follows is a statement, not denied. Negations that deny stay negations. Rules only; contrast pairs."""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk


@pytest.mark.parametrize("answer_then_statement, denial, language", [
    ("no he is hitting me now", "no one is hitting me now", "en"),
    ("no no, she locked me in the room", "nobody locked me in the room", "en"),
    ("non il me frappe maintenant", "non personne ne me frappe", "fr"),
    ("لا هو كيضربني دابا", "لا حتى واحد ما كيضربني", "ary"),
])
def test_an_opening_no_does_not_deny_what_follows(answer_then_statement: str, denial: str, language: str) -> None:
    assert assess_risk(answer_then_statement, language, None, 0.0).escalate, answer_then_statement
    assert not assess_risk(denial, language, None, 0.0).escalate, denial


def test_a_negation_inside_the_statement_still_denies() -> None:
    assert not assess_risk("no he did not take my passport", "en", None, 0.0).escalate
