"""The cost named inside a topic's question ("my son has had a fever for days, where can I have him treated for
free?"): that topic's cost question, when the sub-question classifier read none.

A long first message tells its situation at length, and the classifier reads its one detail as no sub-question at all
(the general words weigh more). The words that ask about paying are few in each language we read: compared on the
lowercased words, punctuation removed, as whole words or phrases (actions/phrases.py).
"""
from __future__ import annotations

from actions.phrases import padded_words, says_phrase
from actions.subquestions import SAME_QUESTION, Asked, sub_questions
from actions.turn import Turn

# The topic's own cost question, from the same question of several topics ("is it free?").
COST_QUESTIONS = {label.partition("/")[0]: label.partition("/")[2] for label in SAME_QUESTION[0]}
COST_PHRASES = (
    # English ("free" alone is also "free to leave": only phrases that ask about paying)
    "for free", "free of charge", "is it free", "is the doctor free", "free doctor", "free clinic", "free hospital",
    "free care", "free treatment", "free lawyer", "without paying", "without money", "no money", "cant pay",
    "cannot pay", "dont have money", "do not have money", "dont have any money", "how much does it cost",
    "how much is it",
    # French
    "gratuit", "gratuite", "gratuits", "gratuites", "gratuitement", "sans payer", "sans argent", "pas d argent",
    "pas dargent", "pas de sous", "combien ça coûte", "combien ca coute", "ça coûte combien", "ca coute combien",
    "faut payer", "dois payer", "peux pas payer",
    # Arabic
    "مجانا", "مجاني", "مجانية", "بالمجان", "بدون مال", "بدون فلوس", "ليس لدي مال", "لا أملك المال", "كم يكلف",
    # Darija, Arabic script
    "فابور", "بلا فلوس", "ما عنديش الفلوس", "ماعنديش الفلوس", "ما عنديش فلوس", "ماعنديش فلوس", "بشحال",
    # Darija, Latin letters
    "fabor", "fabour", "b fabor", "bla flous", "bla flouss", "ma3ndich flous", "ma3ndich lflous", "makaynch flous",
    "bch7al", "bchhal",
)


def names_cost(turn: Turn) -> bool:
    """The message asks about paying in its words (COST_PHRASES): "can't" read as "cant", "d'argent" as "d argent"."""
    text = turn.text.replace("\u2019", "'")  # a typographic apostrophe as a plain one
    return any(says_phrase(padded_words(text, apostrophe), COST_PHRASES) for apostrophe in ("", " "))


def cost_asked(turn: Turn, topic: str) -> Asked | None:
    """The topic's cost question, when the message names the cost and the topic has one."""
    sub = COST_QUESTIONS.get(topic)
    if not sub or sub not in sub_questions(topic, turn.language) or not names_cost(turn):
        return None
    return Asked(topic, sub)
