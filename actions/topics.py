"""The topic answers of the menu, and the short line instead of the same block twice in a row."""
from __future__ import annotations

from actions.base import offer_human
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


def topic_action_name(topic: str) -> str:
    return f"action_answer_{topic.removeprefix('ask_')}"


def answer_topic(turn: Turn, topic: str) -> None:
    """The topic's answer; if the message also showed risk, the offer of a person.

    When the previous answer was this very block, it is not sent again: a short line says it is just
    above and what else can help (a person, another topic), with the menu.
    """
    again = content().messages("answer_again", turn.language)
    if turn.previous_action == topic_action_name(topic) and not turn.risky and turn.previous_texts != again:
        turn.say("answer_again", turn.menu())
        return
    messages = content().messages(f"answers.{topic}", turn.language)
    messages += content().operator_lines(turn.language, TOPIC_CONTACTS[topic])
    if topic in SENSITIVE_TOPICS:
        messages += content().messages("safe_phone_tip", turn.language)
    turn.say_texts(messages)
    if turn.escalate:
        offer_human(turn)
