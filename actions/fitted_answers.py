"""Answers fitted to what a message's words tell or ask where a topic's block would miss it: the shelter's follow-ups
(actions/shelter_followups.py) and questions or offers no topic answers (actions/told_in_words.py). Asked before a
topic's answer and before small talk's."""
from __future__ import annotations

from actions.shelter_followups import shelter_followup
from actions.told_in_words import told_in_words
from actions.turn import Turn


def fitted_answer(turn: Turn) -> bool:
    """True if one of them answered."""
    return shelter_followup(turn) or told_in_words(turn)
