"""What the screening's answers mean: its questions in order, the indicator codes and priority they add.

The screening orients, it does not identify (CONTENT_FACTS.md): an answer adds an ILO indicator code to
the case, and an officer reads the conversation. The answers themselves live only in the tracker's slots.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasa_sdk.events import ActiveLoop, SlotSet

FORM = "screening_form"
REQUESTED_SLOT = "requested_slot"
STOPPED_SLOT = "screening_stopped"

YES, NO, SKIP = "yes", "no", "skip"
ANSWERS = (YES, NO, SKIP)

# question slot -> (the answer that shows the indicators, the indicator codes), in the order asked.
# Most questions are "has this happened to you"; being free to leave is the one where "no" counts.
QUESTIONS: dict[str, tuple] = {
    "screening_documents": (YES, ("retention_of_documents",)),
    "screening_wages": (YES, ("withholding_of_wages",)),
    "screening_debt": (YES, ("debt_bondage",)),
    "screening_free_to_leave": (NO, ("restriction_of_movement",)),
    # One question for both keeps the form short; it asks about now, so a "yes" is violence now.
    "screening_threats": (YES, ("intimidation_threats", "physical_sexual_violence")),
    "screening_minor": (YES, ("minor",)),
}
QUESTION_SLOTS = tuple(QUESTIONS)

# A child, or violence going on now, cannot wait for the next working day (as for danger in bot/risk).
URGENT_INDICATORS = frozenset({"minor", "physical_sexual_violence"})


def answered(slots: Mapping[str, Any]) -> dict[str, str]:
    """The questions answered so far (yes, no or skip), from the tracker's slots."""
    return {slot: slots[slot] for slot in QUESTION_SLOTS if slots.get(slot) in ANSWERS}


def indicators(answers: Mapping[str, str]) -> list[str]:
    """Sorted indicator codes shown by the answers; "skip" and the other answer add nothing."""
    codes = set()
    for slot, (showing, found) in QUESTIONS.items():
        if answers.get(slot) == showing:
            codes.update(found)
    return sorted(codes)


def priority(codes: list[str]) -> str:
    if URGENT_INDICATORS.intersection(codes):
        return "urgent"
    # Indicators are rarely conclusive alone (ILO): several together make a likely case.
    return "high" if len(codes) >= 2 else "normal"


def screening_risk(answers: Mapping[str, str]) -> dict[str, Any] | None:
    """The risk the answers add to the case, in the shape of the NLU's risk; None when they show none."""
    codes = indicators(answers)
    if not codes:
        return None
    return {"escalate": True, "priority": priority(codes), "indicators": codes, "danger": False}


def reset_events(deactivate: bool) -> list[dict[str, Any]]:
    """Empty the answers (they were counted) so that a new screening asks again; end the form if asked."""
    events = [SlotSet(slot, None) for slot in QUESTION_SLOTS]
    events += [SlotSet(STOPPED_SLOT, False), SlotSet(REQUESTED_SLOT, None)]
    if deactivate:
        events.append(ActiveLoop(None))
    return events
