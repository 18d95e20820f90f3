"""assess_risk: the one place that turns cues and the NLU intent into escalate / priority / indicators / danger."""
from __future__ import annotations

from dataclasses import dataclass

from bot.nlu.risk.cues import DANGER, find_cues

# Below this the intent is a guess; the cues still count on their own.
INTENT_CONFIDENCE = 0.5
# Asking for a person or telling of exploitation is enough to open a case, even with no cue recognised.
ESCALATING_INTENTS = frozenset({"disclose_exploitation", "request_human"})
# Violence and sexual exploitation need an officer quickly even as the only indicator.
SEVERE_INDICATORS = frozenset({"physical_sexual_violence", "sexual_exploitation"})


@dataclass(frozen=True)
class RiskAssessment:
    """What the referral queue needs to know about one message."""

    escalate: bool
    priority: str  # none | normal | high | urgent
    indicators: list[str]  # sorted unique codes, never "danger"
    danger: bool


def assess_risk(text: str, language: str, intent: str | None, confidence: float) -> RiskAssessment:
    cues = find_cues(text, language)
    sure_intent = intent if intent is not None and confidence >= INTENT_CONFIDENCE else None
    indicators = sorted({c.indicator for c in cues if c.indicator != DANGER})

    # Danger now is decided by either side: the classifier can see "come quickly" phrased in ways no rule
    # knows, and a rule can catch "he has a knife" inside a long message the classifier files elsewhere.
    danger = sure_intent == "immediate_danger" or any(c.indicator == DANGER for c in cues)
    escalate = danger or bool(indicators) or sure_intent in ESCALATING_INTENTS

    # A child together with any sign of exploitation is treated like danger now: the law and the referral
    # mechanism put children first, and a child cannot wait for the next working day.
    child_at_risk = "minor" in indicators and (len(indicators) > 1 or sure_intent == "disclose_exploitation")
    if danger or child_at_risk:
        priority = "urgent"
    elif len(indicators) >= 2 or SEVERE_INDICATORS.intersection(indicators):
        # Indicators are rarely conclusive alone (ILO): several together, or violence, make a likely case.
        priority = "high"
    elif escalate:
        priority = "normal"
    else:
        priority = "none"
    return RiskAssessment(escalate=escalate, priority=priority, indicators=indicators, danger=danger)
