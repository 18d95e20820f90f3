"""Risk cues found with evaluation/conversations_dev_v10: a spouse who writes for the other in arabizi ("my wife is not
paid, does she have the right?") tells of their family, as the same words in Arabic script do; not paying him or her
in arabizi; "الدري الصغير" (the little boy) at work."""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk


@pytest.mark.parametrize(("told", "general"), [
    ("mrati katkhdem f ferma w ma kaykhlsouhach, wach 3ndha l7e9 tchki?",
     "wach lkhddama 3ndha l7e9 tchki ila ma khalsouhach?"),
    ("rajli kaykhdem f lbni w ma khalsouhch, wach 3ndo l7e9?", "wach l3amel 3ndo l7e9 f conge?"),
    ("khoya makaykhlsouhch f chantier, wach 3ndo l7e9?", "wach 3ndo l7e9 yakhod conge?"),
])
def test_a_spouse_writing_for_the_other_in_arabizi_tells_of_their_family(told: str, general: str) -> None:
    assert assess_risk(told, "ary", None, 0.0).indicators == ["withholding_of_wages"], told
    assert not assess_risk(general, "ary", None, 0.0).escalate, general


def test_the_same_question_in_arabic_script_was_already_heard() -> None:
    assert assess_risk("راجلي كيخدم فالبني وما خلصوهش، واش عندو الحق؟", "ary", None, 0.0).escalate


@pytest.mark.parametrize(("child", "calm"), [
    ("كاين واحد الدري صغير كيخدم عند ميكانيسيان بلا قراية", "كاين واحد الراجل كيخدم عند ميكانيسيان"),
    ("الدري الصغير ديال الجيران كيخدم فالحمام", "ما دريتش فين نخدم"),
])
def test_a_little_boy_at_work_is_a_child(child: str, calm: str) -> None:
    assert "minor" in assess_risk(child, "ary", None, 0.0).indicators, child
    assert "minor" not in assess_risk(calm, "ary", None, 0.0).indicators, calm
