"""The cost named inside a topic's question ("my son has had a fever for days, where can I have him treated for
free?"): that topic's cost question, when the sub-question classifier read none.

A long first message tells its situation at length, and the classifier reads its one detail as no sub-question at all
(the general words weigh more). The words that ask about paying are few in each language we read
(actions/cost_words.py).
"""
from __future__ import annotations

from actions.cost_words import names_cost
from actions.subquestions import SAME_QUESTION, Asked, sub_questions
from actions.topic_words import names_in_words
from actions.turn import Turn

# The topic's own cost question, from the same question of several topics ("is it free?").
COST_QUESTIONS = {label.partition("/")[0]: label.partition("/")[2] for label in SAME_QUESTION[0]}
# Topics with no cost question, of whose cost no fact is known (a bed) or whose answer says it (the free line): "is it
# free?" right after them asks about them.
COSTLESS_TOPICS = frozenset({"ask_shelter", "ask_hotline"})
# A follow-up this short asks about what was just answered; a longer message says more of its own.
SHORT_FOLLOW_UP = 6


def cost_asked(turn: Turn, topic: str) -> Asked | None:
    """The topic's cost question, when the message names the cost and the topic has one."""
    sub = COST_QUESTIONS.get(topic)
    if not sub or sub not in sub_questions(topic, turn.language) or not names_cost(turn):
        return None
    return Asked(topic, sub)


def cost_of_last_topic(turn: Turn, topic: str) -> Asked | None:
    """"Is it free?" right after a bed or the numbers, read as health's, legal aid's or the ticket's cost for its cost
    words alone: the topic answered last (its short answer), not another topic's cost. Not when the words name the
    other topic ("is the doctor free?"), nor with anything told of danger or exploitation."""
    last = turn.last_topic
    if last not in COSTLESS_TOPICS or topic == last or topic not in COST_QUESTIONS:
        return None
    if turn.word_count > SHORT_FOLLOW_UP or turn.danger or turn.risk.get("indicators"):
        return None
    if not names_cost(turn) or names_in_words(turn, topic):
        return None
    return Asked(last, "")
