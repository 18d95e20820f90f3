"""A message that laughs and asks nothing, read as a topic its words do not name ("this job is a zoo 😂" read as a
rights question): small talk, not the topic's answer. The risk cues read jokes themselves (bot/nlu/risk/framing.py);
this is for the topic guesses they never see.

Laughter is an emoji or a written laugh as a whole word (lol, mdr, hhhh, haha); a question in words or a "?", words
of the topic, or anything the risk cues answer keep the topic's answer ("lol i need a doctor" names health).
"""
from __future__ import annotations

import re

from actions.topic_words import asks_in_words, names_in_words
from actions.turn import Turn

LAUGHTER = re.compile(
    r"[😂🤣😆😹😅]|(?<![^\W_])(?:lo+l+|lmf?ao+|mdr+|ptdr+|xd+|(?:ha){2,}h?|(?:he){2,}h?|h{3,})(?![^\W_])",
    re.IGNORECASE,
)


def laughs_off(turn: Turn, topic: str) -> bool:
    """The message laughs, asks nothing, names nothing of `topic` in its words, and shows nothing the risk cues
    answer, and no button was tapped."""
    return (not turn.risky and not turn.sub_question_entity and bool(LAUGHTER.search(turn.text))
            and not asks_in_words(turn) and not names_in_words(turn, topic))
