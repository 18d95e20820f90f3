"""Follow-ups of the shelter's answer that the classifiers place elsewhere (issue 11, found in the web chat).

"Is it safe there?" right after a place to stay was answered asks about that place, not how to stay safe (the safety
block): no confirmed information on each place, a person can tell more and look for a safe one. Only right after the
shelter's answer (the topic answered last), never for words that show danger or exploitation. A child named right after
it, "bnti 3ndha 3 snin", with nothing told of exploitation, is the bed with the children (actions/named_details.py;
tried in session 16 on the age alone and dropped for a measuring set, tried again in session 17 on one's own child
named).
Compared on the lowercased words, punctuation removed, as whole words (actions/phrases.py).
"""
from __future__ import annotations

from actions.named_details import child_for_the_bed
from actions.phrases import padded_words, says_phrase
from actions.topics import answer_asked, answered
from actions.turn import Turn

SHELTER = "ask_shelter"
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


def shelter_followup(turn: Turn) -> bool:
    """Answer a follow-up of the shelter's answer; True if answered."""
    if asks_if_place_safe(turn):
        turn.say(SAFE_KEY, turn.menu())
        answered(turn, SHELTER)
        return True
    child = child_for_the_bed(turn)   # "bnti 3ndha 3 snin" read as not understood
    if child is not None:
        answer_asked(turn, child)
        return True
    return False
