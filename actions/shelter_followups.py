"""Follow-ups of the shelter's answer that the classifiers place elsewhere (issue 11, found in the web chat).

- "Is it safe there?" right after a place to stay was answered asks about that place, not how to stay safe (the safety
  block): no confirmed information on each place, a person can tell more and look for a safe one.
- "Bnti 3ndha 3 snin" (my daughter is 3) right after it tells that a child comes along: the shelter's answer with
  children, not health's (read for the age).
Both only right after the shelter's answer (the topic answered last), and never for words that show danger.
Compared on the lowercased words, punctuation removed, as whole words (actions/phrases.py).
"""
from __future__ import annotations

from actions.phrases import padded_words, says_phrase
from actions.subquestions import Asked, sub_questions
from actions.topics import answer_asked, answered
from actions.turn import Turn

SHELTER = "ask_shelter"
WITH_CHILDREN = Asked(SHELTER, "with_children")
SAFE_KEY = "followups.shelter_safe"
# Safe or dangerous, said of a place.
SAFE_WORDS = frozenset({
    "safe", "dangerous", "secure", "unsafe",
    "sûr", "sur", "sure", "sécurisé", "securise", "dangereux", "sécurité", "securite",
    "آمن", "امن", "آمنة", "امنة", "أمان", "امان", "خطير", "خطيرة", "الأمان", "الامان",
    "مزيان", "مزيانة", "خطر",
    "amen", "amin", "amina", "aman", "l2aman", "laman", "mezyan", "mzyan", "mzyana", "khatar", "khatir",
})
# The place named: "there", "that place" (or nothing but the question, in a message this short: "is it safe?").
PLACE_PHRASES = (
    "there", "that place", "the place", "this place", "the shelter", "là bas", "la bas", "l endroit",
    "cet endroit", "ce lieu", "le foyer", "le centre", "هناك", "هنالك", "المكان", "هذا المكان", "المركز",
    "تما", "لهيه", "لهيك", "البلاصة", "هاد البلاصة", "المركز", "temma", "tema", "tmma", "lhih", "lhik", "lblasa",
    "lblassa", "had lblasa", "had lblassa", "lmarkaz",
)
BARE_QUESTION_WORDS = 3
# A child's age told ("he is two", "عمره سنتان", "3ndha 3 snin"): an age word, with no number of an adult's years.
AGE_WORDS = frozenset({
    "years", "year", "yrs", "months", "month", "ans", "an", "mois",
    "سنة", "سنه", "سنتان", "سنتين", "سنوات", "سنين", "عام", "أعوام", "اعوام", "أشهر", "اشهر", "شهور", "شهر", "عامين",
    "snin", "sna", "3am", "3amin", "chhour", "chhor", "chhar",
})
ADULT_AGE = 18
# A message this long says more than who comes along or whether the place is safe: the classifiers' reading stands.
MAX_WORDS = 10


def after_shelter(turn: Turn) -> bool:
    """Right after the shelter's answer, a short message with nothing that shows danger."""
    return turn.last_topic == SHELTER and not turn.danger and turn.word_count <= MAX_WORDS


def asks_if_place_safe(turn: Turn) -> bool:
    """"Is it safe there?", "c'est sûr là-bas ?", "واش تما آمن؟": a question of safety about the place."""
    padded = padded_words(turn.text, " ")
    return (after_shelter(turn) and turn.asks and not turn.escalate and bool(set(padded.split()) & SAFE_WORDS)
            and (turn.word_count <= BARE_QUESTION_WORDS or says_phrase(padded, PLACE_PHRASES)))


def names_own_child(turn: Turn) -> bool:
    """"My daughter is 3", "bnti 3ndha 3 snin", "عمره سنتان": a child's age told, so a child comes along."""
    # Only an age told, and nothing the risk cues escalate (a child flagged `minor` gets the children's words first):
    # "wldi mrid" (my son is sick) after the shelter asks about health, and a child's case is no bed question.
    return after_shelter(turn) and not turn.escalate and tells_a_child_s_age(padded_words(turn.text, " "))


def tells_a_child_s_age(padded: str) -> bool:
    """An age told in a short message, under 18 when a number says it ("3ndha 3 snin", "عمره سنتان", "he is 2 years
    old"); "I am 25 years old" is an adult's."""
    words = padded.split()
    numbers = [int(word) for word in words if word.isdigit()]
    return bool(set(words) & AGE_WORDS) and all(number < ADULT_AGE for number in numbers)


def shelter_followup(turn: Turn) -> bool:
    """Answer a follow-up of the shelter's answer (the module's two); True if answered."""
    if asks_if_place_safe(turn):
        turn.say(SAFE_KEY, turn.menu())
        answered(turn, SHELTER)
        return True
    if names_own_child(turn) and WITH_CHILDREN.sub in sub_questions(SHELTER, turn.language):
        answer_asked(turn, WITH_CHILDREN)
        return True
    return False
