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
