"""A plea for help after the person told of their situation ("help us please", "can someone help her", "عاونونا
عافاكم"): a request for a person, not the menu or the list of options again.

The intent classifier reads such a plea as the menu ("help"), and the options' answer (actions/answers.py
options_after_telling) names the person only as a button. Once someone told of exploitation, danger or a child, a
plea for help is what a hotline hears as "send me someone": the person is asked for, and the case says so.
Compared on the lowercased words, punctuation removed, as whole words (actions/phrases.py).
"""
from __future__ import annotations

from actions.phrases import says_phrase_in_either_form
from actions.turn import Turn
from bot.conversation import control

HELP_PHRASES = (
    # English
    "help me", "help us", "help her", "help him", "help them", "someone help", "somebody help", "please help",
    "pls help", "plz help", "i need help", "we need help", "she needs help", "he needs help", "save me", "save us",
    "save her",
    # French
    "aidez moi", "aide moi", "aidez nous", "aidez la", "aidez le", "aider", "au secours", "j ai besoin d aide",
    "besoin d aide", "on a besoin d aide", "sauvez moi", "sauvez nous", "sauvez la",
    # Arabic
    "ساعدني", "ساعدوني", "ساعدونا", "ساعدها", "ساعدوها", "ساعدوه", "أنقذوني", "انقذوني", "أنقذوها", "انقذوها",
    "أحتاج مساعدة", "احتاج مساعدة", "نحتاج مساعدة", "النجدة",
    # Darija, Arabic script
    "عاوني", "عاونوني", "عاونونا", "عاونيني", "عاونوها", "عاونوه", "عتقوني", "عتقونا", "عتقوها", "محتاج لعاونة",
    "محتاجة لعاونة", "بغيت المساعدة", "بغيت شي مساعدة",
    # Darija, Latin letters
    "3awni", "3awnouni", "3awnoni", "3awnouna", "3awnona", "3awnini", "3awnouha", "3awnoha", "3t9ouni", "3te9ni",
    "3t9ouna", "3t9ouha", "m7taj l3awn", "m7taja l3awn", "bghit l3awn", "bghit chi mosa3ada",
)
# A plea is short; a longer message tells or asks more and keeps its own answer.
MAX_WORDS = 8


def pleads_for_help(turn: Turn) -> bool:
    """A short plea for help (HELP_PHRASES), after the person told of their situation, danger or a child."""
    told = turn.situation_told or turn.danger_seen or turn.child_told or turn.child_continues
    return (told and not turn.risky and not turn.sub_question_entity and turn.word_count <= MAX_WORDS
            and says_phrase_in_either_form(turn.text, HELP_PHRASES))


def ask_for_a_person(turn: Turn) -> None:
    """The person is asked for, as "talk to a person" would (a promise of soon only when someone is on duty), and
    the case hears the request."""
    turn.say_person_asked()
    turn.say_child_line(turn.child_told or turn.child_continues)
    turn.dispatcher.utter_message(json_message=control.escalation(turn.risk, "request_human", reason="request_human"))


def plea_heard(turn: Turn) -> bool:
    """A plea for help after telling: a person asked for. True if answered."""
    if not pleads_for_help(turn):
        return False
    ask_for_a_person(turn)
    return True
