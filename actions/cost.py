"""The cost named inside a topic's question ("my son has had a fever for days, where can I have him treated for
free?"): that topic's cost question, when the sub-question classifier read none.

A long first message tells its situation at length, and the classifier reads its one detail as no sub-question at all
(the general words weigh more). The words that ask about paying are few in each language we read
(actions/cost_words.py).
"""
from __future__ import annotations

from actions.cost_words import names_cost
from actions.subquestions import SAME_QUESTION, Asked, sub_questions
from actions.turn import Turn

# The topic's own cost question, from the same question of several topics ("is it free?").
COST_QUESTIONS = {label.partition("/")[0]: label.partition("/")[2] for label in SAME_QUESTION[0]}


def cost_asked(turn: Turn, topic: str) -> Asked | None:
    """The topic's cost question, when the message names the cost and the topic has one."""
    sub = COST_QUESTIONS.get(topic)
    if not sub or sub not in sub_questions(topic, turn.language) or not names_cost(turn):
        return None
    return Asked(topic, sub)
