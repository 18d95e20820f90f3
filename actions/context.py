"""Context that never traps: what a short or small-talk message really says is understood first.

The classifier gives one intent a message, but people write several things at once ("hello, my boss took
my passport", "thanks, and who pays the ticket?"), answer a question with something else ("yes he took my
papers" to "is it safe to write now?"), or come back after "later". The small-talk actions (greet, thank,
yes, no, goodbye, not understood, out of scope) ask `understood_first` before their own short answer.
"""
from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.away import says_away, waits_for_safe
from actions.base import STICKY_QUESTIONS, ask_safe_to_talk, offer_human, start_screening
from actions.children import say_disclosure
from actions.fitted_answers import fitted_answer
from actions.later_words import later_in_words
from actions.named_questions import understood_by_words
from actions.numbers import number_asked
from actions.plea import plea_heard
from actions.subquestions import LATER, MORE_LABEL, asked
from actions.told_more import hear_more_told
from actions.topic_words import TOPIC_PHRASES, asks_in_words, names_in_words
from actions.topics import TOPIC_CONTACTS, answer_asked, answer_topic
from actions.turn import Turn

# Intents whose short answer would hide a question asked in the same message.
SMALL_TALK_WITH_QUESTION = frozenset({"greet", "thank", "affirm"})
# A message that says nothing at the first turn: the greeting and the menu, never "OK." (a guess of
# yes / no / thanks this unsure on a first message is no answer to anything).
EMPTY_FIRST_INTENTS = frozenset({"affirm", "deny", "thank", "out_of_scope", "nlu_fallback", "goodbye"})
# A yes, no or thanks as the very first message answers nothing that was said: "ok" opens a conversation.
BARE_FIRST_INTENTS = frozenset({"affirm", "deny", "thank"})
UNSURE = 0.5
# After "later", these messages are the person coming back: "I'm alone now", "c bon je suis seule", "salam".
COMEBACK_INTENTS = frozenset({"affirm", "greet", "nlu_fallback", "out_of_scope"})
# "Not now, someone came in", "I'll write tonight": the confidence the sub-question classifier's label for "later"
# (LATER; nlu_data/*/conversation.yml and followups_v3.yml) needs when nothing was asked.
LATER_MIN = 0.5
LATER_ANSWERING_MIN = 0.35
# A yes or a thanks the intent classifier is surer of than of "later" is what it says ("merci d'être là", thanks for
# being there, is no "later" for its "là").
SURER_THAN_LATER = frozenset({"affirm", "thank"})
# Intents that say the classifier found nothing of ours in the message: a topic named in a question still is.
OUT_OF_SCOPE_INTENTS = frozenset({"out_of_scope", "nlu_fallback"})
# A goodbye the intent classifier is this sure of is no request for more, whatever the sub-question classifier reads:
# "à plus" (see you) shares "plus" with "more" ("dites-m'en plus").
SURE_GOODBYE = 0.6


def answer_risk(turn: Turn, offer: bool = True) -> None:
    """The message shows exploitation, danger or a child: answer it as the disclosure it is.

    On danger the numbers were said already (AmaneAction.run); the disclosure's words follow otherwise.
    """
    if not turn.danger:
        say_disclosure(turn)
    if offer:
        offer_human(turn)


def topic_asked_too(turn: Turn) -> str | None:
    """A topic question after the thanks or the hello, as the classifier's best topic guess."""
    if turn.intent not in SMALL_TALK_WITH_QUESTION or turn.word_count < 3:
        return None
    if not turn.asks:
        return None
    topics = [name for name, confidence in turn.intent_ranking if name in TOPIC_CONTACTS and confidence > 0]
    return topics[0] if topics else None


def topic_named_out_of_scope(turn: Turn) -> str | None:
    """A message read as out of scope (or not understood) that asks a question naming one topic in its words: "lol my
    boss is a slave driver today haha. anyway where can i see a doctor for free" (a joke, then the question). The
    classifier reads the whole message as the joke; the question is what needs an answer."""
    if turn.intent not in OUT_OF_SCOPE_INTENTS or not asks_in_words(turn):
        return None
    named = [topic for topic in TOPIC_PHRASES if names_in_words(turn, topic)]
    return named[0] if len(named) == 1 else None


def says_nothing_first(turn: Turn) -> bool:
    """The conversation's first message, with nothing in it to answer ("😢", "?", "…", "ok", an unsure guess)."""
    if not turn.first_user_turn or turn.foreign_language or turn.intent not in EMPTY_FIRST_INTENTS:
        return False
    return (turn.says_nothing or turn.intent == "nlu_fallback" or turn.intent_confidence < UNSURE
            or turn.intent in BARE_FIRST_INTENTS)


def greet_with_menu(turn: Turn) -> None:
    turn.say("greet")
    turn.say("menu_prompt", turn.menu())


def coming_back(turn: Turn) -> bool:
    """After "later", the person writes again: the offer comes back.

    A yes with words ("I'm alone now", "c bon je suis seule") says it is safe now: the offer of a person.
    A hello or another message: is it safe to write now? once more. A bare "ok" right after "later" is not
    a return.
    """
    if not turn.offer_deferred or turn.intent not in COMEBACK_INTENTS:
        return False
    if turn.intent == "affirm":
        if turn.word_count < 2:
            return False
        turn.safe_to_talk = True
        turn.events.append(SlotSet("safe_to_talk", True))
        offer_human(turn)
        return True
    ask_safe_to_talk(turn)
    return True


def followed_up(turn: Turn) -> bool:
    """A sub-question the classifier did not place in its topic ("and how long does it take?", "is it free?",
    "more"): its own answer. One word ("ok", "yes") is never taken for one. True if answered."""
    if turn.word_count < 2 and not turn.sub_question_entity and not asks_for_more(turn):
        return False
    if more_in_a_goodbye(turn):
        return False
    question = asked(turn, None)
    if question is None:
        return False
    answer_asked(turn, question)
    return True


def more_in_a_goodbye(turn: Turn) -> bool:
    """"À plus" (see you): a goodbye the intent classifier is sure of, which the sub-question classifier reads as
    "more" for its word "plus". The goodbye is what it says; a button tapped still counts."""
    best = turn.best_sub_question
    return (turn.intent == "goodbye" and turn.intent_confidence >= SURE_GOODBYE and not turn.sub_question_entity
            and best is not None and best[0] == MORE_LABEL)


def asks_for_more(turn: Turn) -> bool:
    """"More", "plus", "المزيد", "zid": one word, but no "ok" or "yes": the menu's own "more", and nothing else."""
    best = turn.best_sub_question
    return turn.intent == "ask_menu" and best is not None and best[0] == MORE_LABEL


def says_later(turn: Turn) -> bool:
    """The message says "not now, later" (someone is near, they will write again), whatever the intent guessed.

    A yes (or thanks) the intent classifier is surer of than of "later" is what it says ("I'm alone now", "ok daba":
    "now" is a word of both; "merci d'être là"). While "is it safe to write now?" or the offer of a person waits,
    "later" is an expected answer: a weaker guess of it is enough ("من بعد هو هنا", "later, he is here", read as the
    menu at 0.31)."""
    if turn.pending_question in STICKY_QUESTIONS and later_in_words(turn):
        return True   # "mn ba3d, jat" (later, she came), read as "and after that?" (actions/later_words.py)
    best = turn.best_sub_question
    if best is None or best[0] != LATER:
        return False
    if turn.intent in SURER_THAN_LATER and turn.intent_confidence > best[1]:
        return False
    return best[1] >= (LATER_ANSWERING_MIN if turn.pending_question in STICKY_QUESTIONS else LATER_MIN)


def safe_now(turn: Turn) -> None:
    """Safe to write now: the question that was waiting for it comes next (the screening asked for, or a person)."""
    turn.safe_to_talk = True
    turn.pending_question = None
    turn.events += [SlotSet("safe_to_talk", True), SlotSet("pending_question", None)]
    if turn.screening_requested:
        start_screening(turn)
    else:
        offer_human(turn)


def answer_later(turn: Turn) -> None:
    """"Later" with nothing asked: write again when safe (and how to erase); when they come back, "is it safe to
    write now?" comes first (the same as "later" to that question)."""
    turn.say("safe_later")
    turn.events += [SlotSet("safe_to_talk", False), SlotSet("safety_asked", True)]
    turn.safe_to_talk, turn.safety_asked = False, True


def away_now(turn: Turn) -> bool:
    """"No, she is not here now" while "is it safe to write now?" waits (or after "later"): safe now, whatever the
    intent guessed (actions/away.py). True if answered."""
    if not waits_for_safe(turn) or not says_away(turn):
        return False
    safe_now(turn)
    return True


def understood_first(turn: Turn) -> bool:
    """Answer what the message really says, when the small-talk intent would miss it; True if answered."""
    if turn.risky:
        answer_risk(turn)
        return True
    if away_now(turn):
        return True
    if fitted_answer(turn):   # "is it safe there?" after a bed, a crossing offered, working without papers
        return True
    if understood_by_words(turn):   # "can I leave?", "how many hours", "l'oim", "he comes back tonight"
        return True
    if number_asked(turn):   # "and for women?" right after the numbers, taken for something else
        return True
    if plea_heard(turn):   # "please help us" after telling, read as small talk or not understood: a person
        return True
    topic = topic_asked_too(turn) or topic_named_out_of_scope(turn)
    if topic:
        answer_topic(turn, topic)
        return True
    if followed_up(turn):
        return True
    if says_later(turn):
        answer_later(turn)
        return True
    if turn.intent in OUT_OF_SCOPE_INTENTS and hear_more_told(turn, ""):   # more told, right after a disclosure
        return True
    if says_nothing_first(turn):
        greet_with_menu(turn)
        return True
    return coming_back(turn)
