"""The words that ask about paying ("is it free?", "sans argent", "fabor"), for actions/cost.py and for
actions/subquestions.py (which actions/cost.py imports: hence a module of its own).

Compared on the lowercased words, punctuation removed, as whole words or phrases (actions/phrases.py).
"""
from __future__ import annotations

from actions.phrases import says_phrase_in_either_form
from actions.turn import Turn

COST_PHRASES = (
    # English ("free" alone is also "free to leave": only phrases that ask about paying)
    "for free", "free of charge", "is it free", "is the doctor free", "free doctor", "free clinic", "free hospital",
    "free care", "free treatment", "free lawyer", "without paying", "without money", "no money", "cant pay",
    "cannot pay", "dont have money", "do not have money", "dont have any money", "how much does it cost",
    "how much is it", "how much it cost", "how much will it cost", "cost", "costs",
    "have to pay", "need to pay", "must pay", "do i pay", "do we pay", "pay anything",
    # French
    "gratuit", "gratuite", "gratuits", "gratuites", "gratuitement", "sans payer", "sans argent", "pas d argent",
    "pas dargent", "pas de sous", "combien ça coûte", "combien ca coute", "ça coûte combien", "ca coute combien",
    "faut payer", "dois payer", "peux pas payer", "payant", "payante", "coûte cher", "coute cher",
    # Arabic
    "مجانا", "مجاني", "مجانية", "بالمجان", "بدون مال", "بدون فلوس", "ليس لدي مال", "لا أملك المال", "كم يكلف",
    # Darija, Arabic script
    "فابور", "بلا فلوس", "ما عنديش الفلوس", "ماعنديش الفلوس", "ما عنديش فلوس", "ماعنديش فلوس", "بشحال",
    # Darija, Latin letters
    "fabor", "fabour", "b fabor", "bla flous", "bla flouss", "ma3ndich flous", "ma3ndich lflous", "makaynch flous",
    "bch7al", "bchhal", "blach", "b blach", "bla walou",
)


def names_cost(turn: Turn) -> bool:
    """The message asks about paying in its words (COST_PHRASES): "can't" read as "cant", "d'argent" as "d argent"."""
    return says_phrase_in_either_form(turn.text, COST_PHRASES)
