"""Contrast pairs: the same words escalate when the writer states a danger or an indicator, and stay calm when they
deny, imagine, ask in general, check an offer, joke, forward spam or use a figure of speech (tests/nlu/risk/cases.py)."""
from __future__ import annotations

from collections import Counter

import pytest

from bot.nlu.risk import RiskAssessment, assess_risk
from tests.nlu.risk.cases import CONTRAST_PAIRS, EXPECT, FRAMED_CLASSES, GROUPS, LANGUAGE, SINGLE_CASES

PAIRS = [(group, cls, hot, calm) for group, pairs in CONTRAST_PAIRS.items() for cls, hot, calm in pairs]
CALM = RiskAssessment(escalate=False, priority="none", indicators=[], danger=False)


def pair_id(value: object) -> str:
    return str(value)[:40]


@pytest.mark.parametrize("group, cls, hot, calm", PAIRS, ids=pair_id)
def test_stated_side_escalates(group: str, cls: str, hot: str, calm: str) -> None:
    priority, danger, indicators = EXPECT[cls]
    assessment = assess_risk(hot, LANGUAGE[group], None, 0.0)
    assert assessment.escalate, assessment
    if priority is not None:
        assert assessment.priority == priority, assessment
    if danger is not None:
        assert assessment.danger is danger, assessment
    assert indicators <= set(assessment.indicators), assessment


@pytest.mark.parametrize("group, cls, hot, calm", PAIRS, ids=pair_id)
def test_calm_side_raises_nothing(group: str, cls: str, hot: str, calm: str) -> None:
    assert assess_risk(calm, LANGUAGE[group], None, 0.0) == CALM


@pytest.mark.parametrize("group, cls, hot, calm", [p for p in PAIRS if p[1] in FRAMED_CLASSES], ids=pair_id)
def test_framing_overrules_a_confused_classifier(group: str, cls: str, hot: str, calm: str) -> None:
    """The classifier often reads exploitation into the framed side; the framing says the guess is unsafe."""
    language = LANGUAGE[group]
    assert not assess_risk(calm, language, "disclose_exploitation", 0.9).escalate
    assert assess_risk(hot, language, "disclose_exploitation", 0.9).escalate


@pytest.mark.parametrize("group, text, expected, intent, confidence", SINGLE_CASES, ids=pair_id)
def test_single_messages(group: str, text: str, expected: str, intent: str | None, confidence: float) -> None:
    assessment = assess_risk(text, LANGUAGE[group], intent, confidence)
    if expected == "urgent":
        assert assessment.priority == "urgent" and assessment.escalate, assessment
    elif expected == "escalate":
        assert assessment.escalate, assessment
    else:
        assert not assessment.escalate and assessment.priority == "none", assessment


def test_enough_pairs_in_every_group_and_class() -> None:
    assert set(CONTRAST_PAIRS) == set(GROUPS)
    for group, pairs in CONTRAST_PAIRS.items():
        assert len(pairs) >= 15, group
        # Every class in every language and script, both directions.
        assert {cls for cls, _, _ in pairs} == set(EXPECT), (group, set(EXPECT) - {cls for cls, _, _ in pairs})
    per_group = Counter(group for group, *_ in SINGLE_CASES)
    assert all(per_group[group] >= 20 for group in GROUPS), per_group
