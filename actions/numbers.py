"""A number asked for by whom it serves: "and the one for children?" right after the numbers, "who do I call for her?"
right after a child was spoken of. The answer is that line, not another topic's block the words look like."""
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
# What a short message right after the numbers may be taken for ("and for women" read as a bed, at 0.81): a topic
# named less surely than this is the number asked for. A topic named this surely is its own question.
SURE_TOPIC = 0.9
# Intents a number asked for is mistaken for: the topics, and "not understood".
MISREAD_AS = frozenset(TOPIC_CONTACTS) | {"out_of_scope", "nlu_fallback"}
# A follow-up of the numbers is short ("and for women?", "w dyal drari sghar?"); a longer message says more.
MAX_WORDS = 6


def right_after_numbers(turn: Turn) -> bool:
    """The previous answer was the numbers themselves (not "that is just above"), or one of them asked for."""
    said = {turn.messages(NUMBERS)[0], *turn.messages("child.line")}
    return turn.last_topic == HOTLINE and bool(said & set(turn.previous_texts))


def asks_for_children(turn: Turn) -> bool:
    return turn.minor or any(label in CHILDREN_QUESTIONS and confidence >= CHILDREN_MIN
                             for label, confidence in turn.sub_question_ranking[:3])


def number_asked(turn: Turn) -> bool:
    """A short message right after the numbers that asks for one of them ("and for women?", "and the children?"):
    the children's line, or the numbers' message again (it names each line by whom it serves). True if answered."""
    if turn.risky or not right_after_numbers(turn) or turn.word_count > MAX_WORDS or turn.intent not in MISREAD_AS:
        return False
    if turn.intent != HOTLINE and turn.intent_confidence >= SURE_TOPIC:
        return False
    if asks_for_children(turn):
        say_children_line(turn)
    else:
        turn.say_texts(turn.messages(NUMBERS)[:1])
    return True


def number_for_the_child(turn: Turn, topic: str) -> bool:
    """"Who do I call for her?" right after a child was spoken of: the children's line first, then the other numbers
    (the police, if it comes to that). True if answered."""
    if topic != HOTLINE or not turn.child_continues:
        return False
    say_children_line(turn)
    turn.say_texts(turn.messages(NUMBERS)[:1])
    return True


def say_children_line(turn: Turn) -> None:
    turn.say("child.line")
    turn.child_line_said = True
    if turn.last_topic != HOTLINE:
        turn.events.append(SlotSet("last_topic", HOTLINE))
        turn.last_topic = HOTLINE
