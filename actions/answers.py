"""Information answers: greeting and menu, the topic answers, small talk, out of scope and fallback."""
from __future__ import annotations

from abc import abstractmethod

from actions.away import says_away, waits_for_safe
from actions.base import STICKY_QUESTIONS, AmaneAction
from actions.context import answer_later, away_now, followed_up, safe_now, says_later, understood_first
from actions.fitted_answers import fitted_answer
from actions.jest_words import laughs_off
from actions.named_questions import understood_by_words
from actions.numbers import number_asked
from actions.plea import plea_heard
from actions.subquestions import MORE, asked, names_topic
from actions.told_more import hear_more_told
from actions.topics import TOPIC_CONTACTS, answer_topic, conversation_topic, exploitation_shown
from actions.turn import Turn, topic_action_name


class ActionGreet(AmaneAction):
    action_name = "action_greet"

    def respond(self, turn: Turn) -> None:
        if understood_first(turn):  # "Hello, my boss took my passport" is a disclosure
            return
        turn.say("greet")
        turn.say("menu_prompt", turn.menu())


class ActionShowMenu(AmaneAction):
    action_name = "action_show_menu"

    def respond(self, turn: Turn) -> None:
        if turn.pending_question in STICKY_QUESTIONS and says_later(turn):
            answer_later(turn)  # "later, he is here" to "is it safe to write now?", read as the menu
            return
        if away_now(turn) or understood_by_words(turn):   # "bghit nsowl 3la l'oim" read as the menu
            return
        if plea_heard(turn):   # "help us please" after telling: a person, not the options again
            return
        if options_after_telling(turn):
            return
        # "More" after a topic is its details; a follow-up the classifier took for the menu is answered.
        if followed_up(turn):
            return
        if turn.first_user_turn:
            # "Good evening, please I need help" opens the conversation: who Amane is (and the exit word) before the
            # menu, as a greeting would have it.
            turn.say("greet")
        turn.say("menu_prompt", turn.menu())


def options_after_telling(turn: Turn) -> bool:
    """"What should I do?" after the person told of their own situation: what they can do, the choice left to them
    (not the menu again, nor a detail of a topic nobody asked about). "More", a tapped button or a follow-up of the
    topic answered last keep their own answers; after danger, its follow-ups answer (actions/danger_followup.py).
    True if answered."""
    if not turn.situation_told or turn.danger_seen or turn.sub_question_entity:
        return False
    question = asked(turn, None)
    if question is not None and (question.sub == MORE or question.topic == turn.last_topic):
        return False
    turn.say("what_now", turn.menu())
    if turn.child_continues:   # about a child told of just before: the children's line too
        turn.say("child.line")
    return True


class ActionAnswerTopic(AmaneAction):
    """Answer one topic of the menu; if the message also showed risk, offer a person."""

    @property
    @abstractmethod
    def topic(self) -> str:
        """The intent this action answers (abstract, so rasa_sdk registers only the concrete topics)."""

    def respond(self, turn: Turn) -> None:
        if names_topic(turn, self.topic) and waits_for_safe(turn) and says_away(turn):
            # "He left. Is there a place for women like me": safe now, and a question the words surely name; its answer,
            # then the offer of a person that waited.
            answer_topic(turn, self.topic)
            safe_now(turn)
            return
        if away_now(turn) or number_asked(turn):   # "it's ok, she went to the market", read as a bed
            return
        if laughs_off(turn, self.topic):   # "this job is a zoo 😂" read as rights: small talk
            turn.say("out_of_scope", turn.menu())
            return
        if fitted_answer(turn):   # "is it safe there?" after a bed; "can I work without papers?"
            return
        if not exploitation_shown(turn) and understood_by_words(turn):
            # "He comes back tonight" after "he locks me in", read as a bed tonight; "can I leave?" read as safety.
            return
        if not says_later(turn) and hear_more_told(turn, self.topic):   # "and he comes in at night", read as a bed
            return
        answer_topic(turn, conversation_topic(turn, self.topic))


def _topic_action(intent: str) -> type:
    name = intent.removeprefix("ask_")
    return type(
        f"ActionAnswer{name.title().replace('_', '')}",
        (ActionAnswerTopic,),
        {"action_name": topic_action_name(intent), "topic": intent, "__module__": __name__},
    )


TOPIC_ACTIONS = [_topic_action(intent) for intent in TOPIC_CONTACTS]


class ActionSay(AmaneAction):
    """An action that says one content key, with the menu or not."""

    with_menu = False
    # Small talk: a message classified so may say more (a disclosure, a question, nothing at all).
    understands_first = False

    @property
    @abstractmethod
    def key(self) -> str:
        """The content key to say."""

    def respond(self, turn: Turn) -> None:
        if self.understands_first and understood_first(turn):
            return
        turn.say(self.key, turn.menu() if self.with_menu else None)


class ActionBotChallenge(ActionSay):
    # "thanks, and what happens to those people?" read as "are you a bot?": the question is answered first.
    action_name, key, understands_first = "action_bot_challenge", "bot_challenge", True


class ActionGoodbye(ActionSay):
    action_name, key, understands_first = "action_goodbye", "goodbye", True


class ActionThank(ActionSay):
    action_name, key, understands_first = "action_thank", "thank", True


class ActionOutOfScope(ActionSay):
    action_name, key, with_menu, understands_first = "action_out_of_scope", "out_of_scope", True, True


class ActionFallback(AmaneAction):
    """Not understood: say so plainly (and which languages we read), then show the menu."""

    action_name = "action_fallback"

    def respond(self, turn: Turn) -> None:
        if understood_first(turn):  # a disclosure the classifier did not place, or a first "…"
            return
        if turn.foreign_language:
            turn.say("unsupported_language")
        turn.say("fallback", turn.menu())
