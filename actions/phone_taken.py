"""The phone taken, not checked ("the boss took my phone"): the phone's tip fits someone writing from another phone.

The answer to "my phone is checked" says to write from a safe phone and delete the chat; with the phone taken, the
person writes from someone else's (a friend's, a borrowed one): the tip is to delete the chat on that phone. The words
name a phone and its taking, in each language we read. Compared on the lowercased words, punctuation removed, as
whole words (actions/phrases.py).
"""
from __future__ import annotations

from actions.phrases import padded_words
from actions.turn import Turn

PHONE_CHECKED = ("ask_safety", "phone_checked")
TAKEN_KEY = "questions.ask_safety.phone_checked.answer_taken"
PHONE_WORDS = frozenset({
    "phone", "phones", "mobile", "telephone", "cellphone", "cell",
    "téléphone", "portable", "tel", "tél",
    "هاتفي", "هاتف", "الهاتف", "هواتفنا", "جوالي", "الجوال", "موبايلي", "تلفوني", "تليفوني",
    "التيليفون", "تيليفون", "التلفون", "البورطابل", "بورطابل",
    "tilifoun", "tilifon", "telifon", "tilfon", "ltilifoun", "portabl", "lportable", "tilifoni", "tilifouni",
    "telephoni", "tilifoun dyali",
})
TAKING_WORDS = frozenset({
    "took", "taken", "takes", "take", "keeps", "kept", "confiscated", "grabbed", "has",
    "pris", "prise", "prend", "garde", "gardé", "confisqué", "confisque",
    "أخذ", "اخذ", "أخذت", "اخذت", "أخذوا", "اخذوا", "يأخذ", "ياخذ", "صادر", "صادروا", "سحب", "يحتفظ",
    "دا", "داو", "دات", "خدا", "خداو", "خدات", "شد", "شدو", "شدات", "داولي", "دالي", "داتلي", "حيد", "حيدو",
    "dda", "da", "daw", "dat", "khda", "khdaw", "khdat", "ched", "chedd", "cheddo", "chedat", "dawli", "dali",
    "datli", "7ayed", "7aydo", "hayd", "5da", "5dat", "5daw", "5dawli", "5dali",
})


def phone_taken(turn: Turn) -> bool:
    """The words name a phone and its taking ("the boss took my phone", "dawli tilifoun")."""
    words = set(padded_words(turn.text, " ").split())
    return bool(words & PHONE_WORDS) and bool(words & TAKING_WORDS)


def phone_answer_key(turn: Turn, topic: str, sub: str) -> str:
    """The content key of a sub-question's answer: the phone's, for a phone taken, is the one for another phone."""
    if (topic, sub) == PHONE_CHECKED and phone_taken(turn):
        return TAKEN_KEY
    return f"questions.{topic}.{sub}.answer"
