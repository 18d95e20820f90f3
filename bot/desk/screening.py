"""The screening's answers as the desk shows them: each question beside its answer, read from the tracker.

The form (actions/screening_answers.py) keeps the answers in slots, and the tracker keeps every SlotSet:
the desk reads them back from there, so an officer sees "Is your pay kept from you? — no" rather than a
bare "no". The questions' own words come from content/<lang>.yml, in the officer's language.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

# (slot, content key under screening.questions, the answer that shows an indicator), in the order asked.
# The same as actions/screening_answers.QUESTIONS (tests/desk/test_desk_screening.py compares them).
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("screening_documents", "documents", "yes"),
    ("screening_wages", "wages", "yes"),
    ("screening_debt", "debt", "yes"),
    ("screening_free_to_leave", "free_to_leave", "no"),
    ("screening_threats", "threats", "yes"),
    ("screening_minor", "minor", "yes"),
)
ANSWERS = ("yes", "no", "skip")
_BY_SLOT = {slot: (key, showing) for slot, key, showing in QUESTIONS}
_ORDER = {slot: position for position, (slot, _, _) in enumerate(QUESTIONS)}


@dataclass(frozen=True)
class ScreeningAnswer:
    key: str            # documents, wages, ...: the question
    answer: str         # yes | no | skip
    concerning: bool    # the answer that adds an indicator to the case


@dataclass
class ScreeningRun:
    """One pass through the questions (a person may be asked again later)."""

    at: datetime                                  # the last answer
    answers: list[ScreeningAnswer] = field(default_factory=list)


def screening_runs(events: Iterable[Any]) -> list[ScreeningRun]:
    """The answers found in a tracker's events, oldest run first.

    An answer is a SlotSet of a question slot to yes, no or skip (the form may set a slot again on a later
    turn: the last value counts); a run ends when the form empties the question slots (it does when the
    screening ends, and before it starts again). A run still going on is shown as it stands.
    """
    runs: list[ScreeningRun] = []
    current: dict[str, str] = {}
    last_at: datetime | None = None

    def finish() -> None:
        if current and last_at is not None:
            answers = [ScreeningAnswer(_BY_SLOT[slot][0], answer, answer == _BY_SLOT[slot][1])
                       for slot, answer in sorted(current.items(), key=lambda item: _ORDER[item[0]])]
            runs.append(ScreeningRun(last_at, answers))

    for event in events:
        slot, value = getattr(event, "key", None), getattr(event, "value", None)
        if getattr(event, "type_name", None) != "slot" or slot not in _BY_SLOT:
            continue
        if value is None:
            finish()
            current, last_at = {}, None
        elif value in ANSWERS:
            if current.get(slot) != value:
                last_at = datetime.fromtimestamp(event.timestamp, tz=timezone.utc)
            current[slot] = value
    finish()
    return runs


__all__ = ["ANSWERS", "QUESTIONS", "ScreeningAnswer", "ScreeningRun", "screening_runs"]
