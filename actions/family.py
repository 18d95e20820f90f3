"""Going home with one's family said in the words ("I want to go back to Sudan with my wife and my three children"):
going home's family question, when the sub-question classifier read none.

A first message that names the country and the family reads as the general wish to go home (the general words weigh
more), and the short answer leaves the family open. The words that bring the family along are few in each language:
compared as whole words (actions/phrases.py), only "with" or "me and" before a relative: "my family is waiting for me
in Dakar" is going home to them, not with them.
"""
from __future__ import annotations

from actions.phrases import padded_words, says_phrase
from actions.subquestions import Asked, sub_questions
from actions.turn import Turn

RETURN = "ask_voluntary_return"
FAMILY = "family"
FAMILY_PHRASES = (
    # English
    "with my wife", "with my husband", "with my children", "with my kids", "with my family", "with my son",
    "with my daughter", "with my baby", "me and my wife", "me and my husband", "me and my children", "me and my kids",
    "my wife and i", "my husband and i",
    # French
    "avec ma femme", "avec mon mari", "avec mes enfants", "avec ma famille", "avec mon fils", "avec ma fille",
    "avec mon bébé", "avec mon bebe", "moi et ma femme", "moi et mon mari", "moi et mes enfants", "ma femme et moi",
    "mon mari et moi",
    # Arabic (with and without the hamza)
    "مع زوجتي", "مع زوجي", "مع أولادي", "مع اولادي", "مع أطفالي", "مع اطفالي", "مع عائلتي", "مع ابني", "مع إبني",
    "مع ابنتي", "مع بنتي", "مع طفلي", "أنا وزوجتي", "انا وزوجتي", "أنا وزوجي", "انا وزوجي", "أنا وأولادي",
    "انا واولادي", "أنا وأطفالي", "انا واطفالي", "أنا وعائلتي", "انا وعائلتي",
    # Darija, Arabic script
    "مع مراتي", "مع مرتي", "مع راجلي", "مع ولادي", "مع الولاد", "مع العائلة", "مع ولدي", "معايا مراتي",
    "معايا ولادي", "أنا و مراتي", "انا و مراتي", "أنا ومراتي", "انا ومراتي", "أنا و ولادي", "انا و ولادي",
    # Darija, Latin letters
    "m3a mrati", "m3a mraty", "m3a mrti", "m3a rajli", "m3a wladi", "m3a lwlad", "m3a l3a2ila", "m3a l3aila",
    "ana o mrati", "ana w mrati", "ana o wladi", "ana w wladi",
)


def family_asked(turn: Turn, topic: str) -> Asked | None:
    """Going home's family question, when the words bring a relative along (FAMILY_PHRASES)."""
    if topic != RETURN or FAMILY not in sub_questions(topic, turn.language):
        return None
    return Asked(topic, FAMILY) if says_phrase(padded_words(turn.text), FAMILY_PHRASES) else None
