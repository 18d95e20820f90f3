"""A phone taken, said with the taking and "from me" glued in one Darija word ("dawli telephone dyali", they took my
phone; issue 11, found by the lead in the web chat): isolation, as "daw li tilifoun" already was. Rules only."""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk


@pytest.mark.parametrize("text", [
    "dawli telephone dyali",
    "lpatron dawli telephone dyali",
    "ddawli tilifoun mlli jit",
    "داولي التيليفون ديالي",
])
def test_a_phone_taken_in_one_glued_word_is_isolation(text: str) -> None:
    risk = assess_risk(text, "ary", None, 0.0)
    assert risk.escalate and "isolation" in risk.indicators


def test_a_passport_taken_so_is_kept_documents() -> None:
    assert "retention_of_documents" in assess_risk("dawli lpaspor", "ary", None, 0.0).indicators


@pytest.mark.parametrize("text", ["dawli lwlad l madrasa", "dawli chi 7aja mn l7anout"])
def test_the_same_verb_without_a_phone_or_papers_is_calm(text: str) -> None:
    assert not assess_risk(text, "ary", None, 0.0).escalate


# -- a phone taken to be repaired or charged: a service, not control (issue 11, "sa7bi dawli telephone bach ysal7o")

@pytest.mark.parametrize(("text", "language"), [
    ("sa7bi dawli telephone bach ysal7o", "ary"),
    ("khoya dda liya tilifoun bach ychargih", "ary"),
    ("صاحبي داولي التيليفون باش يصلحو", "ary"),
    ("my cousin took my phone to fix the screen", "en"),
    ("they took my phone for repair", "en"),
    ("mon voisin a pris mon portable pour le réparer", "fr"),
    ("ils ont pris mon téléphone pour le charger", "fr"),
    ("أخذ صديقي هاتفي لإصلاحه", "ar"),
    ("أخذوا هاتفي لشحنه", "ar"),
])
def test_a_phone_taken_to_be_repaired_or_charged_is_calm(text: str, language: str) -> None:
    assert not assess_risk(text, language, None, 0.0).escalate


@pytest.mark.parametrize(("text", "language"), [
    ("sa7bi dawli telephone", "ary"),
    ("lpatron dawli telephone bach mayb9ach n3iyet", "ary"),
    ("the boss took my phone", "en"),
    ("the boss took my phone to check my messages", "en"),
    ("le patron a pris mon portable", "fr"),
    ("أخذ المشغل هاتفي", "ar"),
])
def test_a_phone_taken_for_no_repair_stays_isolation(text: str, language: str) -> None:
    risk = assess_risk(text, language, None, 0.0)
    assert risk.escalate and "isolation" in risk.indicators
