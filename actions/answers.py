"""Information answers: greeting and menu, the topic answers, small talk, out of scope and fallback."""
from __future__ import annotations

from abc import abstractmethod

from actions.base import AmaneAction, offer_human
from actions.turn import Turn, content

# Topic -> the operator contacts worth adding to its answer when the operator configured them.
TOPIC_CONTACTS = {
    "ask_rights": (),
    "ask_safety": (),
    "ask_voluntary_return": ("iom_contact",),
    "ask_shelter": ("shelter_contact",),
    "ask_legal_aid": ("legal_aid_contact",),
    "ask_health": ("health_contact",),
    "ask_hotline": (),
}
# Answers about a person's own situation end with the tip on deleting the chat (the safety
# answer already says it).
SENSITIVE_TOPICS = {"ask_rights", "ask_voluntary_return", "ask_shelter", "ask_legal_aid"}


class ActionGreet(AmaneAction):
    action_name = "action_greet"

    def respond(self, turn: Turn) -> None:
        turn.say("greet")
        turn.say("menu_prompt", turn.menu())


class ActionShowMenu(AmaneAction):
    action_name = "action_show_menu"

    def respond(self, turn: Turn) -> None:
        turn.say("menu_prompt", turn.menu())


class ActionAnswerTopic(AmaneAction):
    """Answer one topic of the menu; if the message also showed risk, offer a person."""

    @property
    @abstractmethod
    def topic(self) -> str:
        """The intent this action answers (abstract, so rasa_sdk registers only the concrete topics)."""

    def respond(self, turn: Turn) -> None:
        messages = content().messages(f"answers.{self.topic}", turn.language)
        messages += content().operator_lines(turn.language, TOPIC_CONTACTS[self.topic])
        if self.topic in SENSITIVE_TOPICS:
            messages += content().messages("safe_phone_tip", turn.language)
        turn.say_texts(messages)
        if turn.escalate:
            offer_human(turn)


def _topic_action(intent: str) -> type:
    name = intent.removeprefix("ask_")
    return type(
        f"ActionAnswer{name.title().replace('_', '')}",
        (ActionAnswerTopic,),
        {"action_name": f"action_answer_{name}", "topic": intent, "__module__": __name__},
    )


TOPIC_ACTIONS = [_topic_action(intent) for intent in TOPIC_CONTACTS]


class ActionSay(AmaneAction):
    """An action that says one content key, with the menu or not."""

    with_menu = False

    @property
    @abstractmethod
    def key(self) -> str:
        """The content key to say."""

    def respond(self, turn: Turn) -> None:
        turn.say(self.key, turn.menu() if self.with_menu else None)


class ActionBotChallenge(ActionSay):
    action_name, key = "action_bot_challenge", "bot_challenge"


class ActionGoodbye(ActionSay):
    action_name, key = "action_goodbye", "goodbye"


class ActionThank(ActionSay):
    action_name, key = "action_thank", "thank"


class ActionOutOfScope(ActionSay):
    action_name, key, with_menu = "action_out_of_scope", "out_of_scope", True


class ActionFallback(AmaneAction):
    """Not understood: say so plainly (and which languages we read), then show the menu."""

    action_name = "action_fallback"

    def respond(self, turn: Turn) -> None:
        if turn.foreign_language:
            turn.say("unsupported_language")
        turn.say("fallback", turn.menu())
        if turn.escalate:
            offer_human(turn)
