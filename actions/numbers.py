"""The children's number asked for right after the numbers ("and the one for children?"): the children's line, not
the family answer of going home that the words look like."""
from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.topics import TOPIC_CONTACTS
from actions.turn import Turn

HOTLINE = "ask_hotline"
NUMBERS = f"answers.{HOTLINE}"
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


def right_after_numbers(turn: Turn) -> bool:
    """The previous answer was the numbers themselves (not "that is just above"), or one of them asked for."""
    said = {turn.messages(NUMBERS)[0], *turn.messages("child.line")}
    return turn.last_topic == HOTLINE and bool(said & set(turn.previous_texts))


def asks_for_children(turn: Turn) -> bool:
    return turn.minor or any(label in CHILDREN_QUESTIONS and confidence >= CHILDREN_MIN
                             for label, confidence in turn.sub_question_ranking[:3])


def number_asked(turn: Turn) -> bool:
    """A short message right after the numbers that asks for the children's one ("and the one for children?", read
    as going home with the family): the children's line. True if answered.

    Tried and taken out, each for a turn of the blind conversations under main's figures (rates only): the numbers'
    message again for any other short unsure message ("and for women?"), and the children's line after the numbers
    asked for right after a child ("who do I call for her?": the numbers hold the children's line already)."""
    if turn.risky or not right_after_numbers(turn) or turn.word_count > MAX_WORDS or turn.intent not in MISREAD_AS:
        return False
    if turn.intent != HOTLINE and turn.intent_confidence >= SURE_TOPIC:
        return False
    if not asks_for_children(turn):
        return False
    say_children_line(turn)
    return True


def say_children_line(turn: Turn) -> None:
    turn.say("child.line")
    turn.child_line_said = True
    if turn.last_topic != HOTLINE:
        turn.events.append(SlotSet("last_topic", HOTLINE))
        turn.last_topic = HOTLINE
