""""Later" said in its own words while "is it safe to write now?" or the offer of a person waits ("mn ba3d, jat",
later, she came): the sub-question classifier reads "mn ba3d" (after) as "and after that?", a request for more.

A short message, asking nothing, with a word of later, answers the question that waits: not now. Compared on the
lowercased words, punctuation removed, as whole words (actions/phrases.py).
"""
from __future__ import annotations

from actions.phrases import says_phrase_in_either_form
from actions.turn import Turn

LATER_PHRASES = (
    "later", "not now", "another time",
    "plus tard", "pas maintenant", "tout à l heure", "tout a l heure",
    "لاحقا", "لاحقاً", "فيما بعد", "ليس الآن", "ليس الان", "بعدين",
    "من بعد", "ماشي دابا", "موراها",
    "mn ba3d", "mn b3d", "men ba3d", "mnb3d", "mba3d", "machi daba", "mashi daba", "moraha",
)
# A reply to the question is short; a longer message says more and is answered as such.
MAX_WORDS = 6


def later_in_words(turn: Turn) -> bool:
    """A short message that asks nothing and says "later" in words (LATER_PHRASES)."""
    return (not turn.asks and not turn.risky and turn.word_count <= MAX_WORDS
            and says_phrase_in_either_form(turn.text, LATER_PHRASES))
