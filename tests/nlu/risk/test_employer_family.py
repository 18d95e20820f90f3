"""Papers held by the family one works for, told with "has" (issue 10 item 4: "a phone or papers held by the
employer's family"), against one's own family keeping them at home. Rules only (no classifier guess); messages
written for this test."""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk


@pytest.mark.parametrize("held, own, language", [
    ("the family I clean for has my passport since March", "my family has my passport at home in Accra", "en"),
    ("this family where I live and work still has all my documents",
     "my family still has all my documents back in Conakry", "en"),
    ("la famille où je fais le ménage a toujours mon passeport", "ma famille a toujours mon passeport au pays", "fr"),
    ("cette famille chez qui je garde les enfants a mes papiers", "ma famille a mes papiers à Abidjan", "fr"),
])
def test_papers_held_by_the_family_one_works_for(held: str, own: str, language: str) -> None:
    assessment = assess_risk(held, language, None, 0.0)
    assert assessment.escalate and "retention_of_documents" in assessment.indicators, held
    assert not assess_risk(own, language, None, 0.0).escalate, own
