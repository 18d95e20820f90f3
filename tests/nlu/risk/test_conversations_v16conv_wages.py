"""Risk rule from conversations_dev_v16 (fr), session 18: wages told as stolen ("on m'a volé mon salaire", "he stole
my wages") are withholding of wages, a disclosure heard before the question that comes with it; money stolen in the
street, a stolen phone and a stolen passport (going home's lost passport) stay calm. Contrast pairs; the messages are
written for this test, apart from the set's lines.

Rules only, as in tests/nlu/risk/test_dev_v10.py.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk


@pytest.mark.parametrize("told, calm, language", [
    ("le gerant du chantier m a vole trois mois de salaire", "un voleur m a vole trois cents dirhams au marche", "fr"),
    ("ils ont volé nos salaires de l hiver, je peux faire quoi ?", "ils ont volé mon téléphone dans le bus", "fr"),
    ("mon salaire vole par le patron, c est normal ?", "mon passeport vole dans la foret, je fais comment ?", "fr"),
    ("the farm owner stole four months of my wages", "a boy stole my money at the bus station", "en"),
    ("my salary was stolen by the agency, what can i do?", "my phone was stolen at the market", "en"),
])
def test_wages_told_as_stolen_are_withheld_wages(told: str, calm: str, language: str) -> None:
    risk = assess_risk(told, language, None, 0.0)
    assert risk.escalate and "withholding_of_wages" in risk.indicators, (told, risk)
    assert not assess_risk(calm, language, None, 0.0).escalate, calm
