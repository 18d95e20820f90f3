"""The children's number asked for right after the numbers ("and the one for children?"): the children's line, not
the family answer of going home that the words look like."""
from __future__ import annotations

import re

from rasa_sdk.events import SlotSet

from actions.topics import TOPIC_CONTACTS
from actions.turn import Turn

HOTLINE = "ask_hotline"
NUMBERS = f"answers.{HOTLINE}"
WOMEN_LINE = "women_line"
# "And the one for children?" shares its words with the children's questions of other topics (going home with the
# family, a bed with the children): right after the numbers, either of them at this confidence asks the children's line.
CHILDREN_QUESTIONS = frozenset({"ask_voluntary_return/family", "ask_shelter/with_children"})
CHILDREN_MIN = 0.3
# A topic named this surely is its own question, even right after the numbers ("is there a shelter open tonight?").
SURE_TOPIC = 0.9
# Intents a number asked for is mistaken for: the topics, and "not understood".
MISREAD_AS = frozenset(TOPIC_CONTACTS) | {"out_of_scope", "nlu_fallback"}
# A follow-up of the numbers is short ("w dyal drari sghar?"); a longer message says more.
MAX_WORDS = 6
# The words that ask for the women's line right after the numbers ("and for women?", "w dyal l3yalat?"): no topic's
# sub-question holds them, and the classifier reads them as a bed or as nothing. Compared word by word, lowercased,
# without punctuation, and without the Arabic "and"/"for" stuck to the front ("وللنساء").
WOMEN_WORDS = frozenset({
    "women", "woman", "ladies", "femme", "femmes",
    "نساء", "النساء", "المرأة", "امرأة", "السيدات", "العيالات", "عيالات", "النسا",
    "l3yalat", "3yalat", "l3iyalat", "3iyalat", "l3ayalat", "3ayalat", "nsa", "nssa", "nisa",
})
# "and" then "for" ("وللنساء", "ولعيالات"), each may be there or not.
ARABIC_PREFIXES = re.compile(r"^و?(?:لل|ل)?")


def right_after_numbers(turn: Turn) -> bool:
    """The previous answer was the numbers themselves (not "that is just above"), or one of them asked for."""
    said = {turn.messages(NUMBERS)[0], *turn.messages("child.line"), *turn.messages(WOMEN_LINE)}
    return turn.last_topic == HOTLINE and bool(said & set(turn.previous_texts))


def asks_for_children(turn: Turn) -> bool:
    return turn.minor or any(label in CHILDREN_QUESTIONS and confidence >= CHILDREN_MIN
                             for label, confidence in turn.sub_question_ranking[:3])


def names_women(turn: Turn) -> bool:
    """The message names women (WOMEN_WORDS)."""
    words = "".join(c if c.isalnum() else " " for c in turn.text.lower()).split()
    return any(word in WOMEN_WORDS or ARABIC_PREFIXES.sub("", word) in WOMEN_WORDS for word in words)


def number_asked(turn: Turn) -> bool:
    """A short message right after the numbers that asks for the children's one ("and the one for children?", read
    as going home with the family) or the women's ("and for women?", read as a bed): that line. True if answered.

    Tried and taken out in session 10, each for a turn of the blind conversations under main's figures (rates only):
    the numbers' message again for any other short unsure message ("and for women?"); the children's line instead of
    the numbers asked for right after a child ("who do I call for her?": now the line and then the numbers,
    actions/topics.answer_asked)."""
    if turn.risky or not right_after_numbers(turn) or turn.word_count > MAX_WORDS or turn.intent not in MISREAD_AS:
        return False
    if turn.intent != HOTLINE and turn.intent_confidence >= SURE_TOPIC:
        return False
    if names_women(turn) and turn.intent != HOTLINE:
        # Read as the numbers, it gets their message again (actions/topics.answer_asked), the women's line in it.
        say_line(turn, WOMEN_LINE)
        return True
    if not asks_for_children(turn):
        return False
    say_line(turn, "child.line")
    turn.child_line_said = True
    return True


def say_line(turn: Turn, key: str) -> None:
    """One of the numbers' lines; the conversation stays on the numbers ("and for women?" may follow)."""
    turn.say(key)
    if turn.last_topic != HOTLINE:
        turn.events.append(SlotSet("last_topic", HOTLINE))
        turn.last_topic = HOTLINE
