"""More of the situation, told right after a disclosure was heard, that the intent classifier took unsurely for a topic
("and he comes into our hut at night", read as a bed at 0.64 while "is it safe to write now?" waited:
conversations_dev_v17, Darija): heard as more of what they told, never a topic's block that answers nothing asked.

The class: right after the disclosure's words (or the safe-to-talk question), a message of a few words that asks
nothing (no "?" nor a word that opens a question), names no topic in its words (actions/topic_words.py), and that
neither classifier places surely (the topic under NAMED_TOPIC, no sub-question at MIN_CONFIDENCE). "And I have
nowhere to sleep" names a bed and keeps the shelter's answer; "is there a place for us?" asks and keeps it too.
"""
from __future__ import annotations

from actions.subquestions import MIN_CONFIDENCE, NONE, names_topic
from actions.topic_words import TOPIC_PHRASES, asks_in_words, names_in_words
from actions.turn import Turn

# The answers after which a message most likely goes on telling: the disclosure's words, the safe-to-talk question.
JUST_HEARD = ("disclosure", "disclosure_more", "child.disclosure", "safe_to_talk")
# Fewer words than this tell nothing new ("ok", "not now").
TELLING_WORDS = 3


def tells_more_unplaced(turn: Turn, topic: str) -> bool:
    """The message goes on telling the situation just heard, and only an unsure topic guess says otherwise."""
    if turn.risky or turn.danger_seen or turn.word_count < TELLING_WORDS or not turn.just_said(*JUST_HEARD):
        return False
    if asks_in_words(turn) or names_topic(turn, topic) or any(names_in_words(turn, name) for name in TOPIC_PHRASES):
        return False
    best = turn.best_sub_question
    return best is None or best[0] == NONE or best[1] < MIN_CONFIDENCE


def hear_more_told(turn: Turn, topic: str) -> bool:
    """More told, heard in one short line (the question that waits, if any, stays with its buttons). True if said."""
    if not tells_more_unplaced(turn, topic):
        return False
    turn.say("disclosure_more")
    return True
