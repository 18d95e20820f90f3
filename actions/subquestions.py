"""Which sub-question a message asks ("who pays the ticket?" after the voluntary return answer), and its buttons.

Two sources: a tapped button carries its sub-question as an entity (`/ask_voluntary_return{"sub_question":
"who_pays"}`); a typed message has the NLU's sub-question ranking (bot/nlu/subquestions.py). A follow-up often
drops the topic's words ("how long does it take?", "is it free?"), so the topic answered last weighs more.
"""
from __future__ import annotations

from dataclasses import dataclass

from actions.turn import Turn, content
from bot.conversation.content import Button

MORE = "more"            # the topic's details, on request
MORE_LABEL = "ask_menu/more"   # "more", "tell me more" typed: a sub-question of the menu in nlu_data
NONE = "none"
# The last topic's sub-questions count this many times more: "is it free?" after legal aid is about legal aid.
CONTEXT_WEIGHT = 3.0
# The share of the (weighted) guesses a sub-question needs to be answered rather than the topic's short answer.
# Measured on the scripted conversations of bench/conversation_replay.py.
MIN_SHARE = 0.45
# WhatsApp shows at most 10 choices in a list.
MAX_BUTTONS = 10


@dataclass(frozen=True)
class Asked:
    topic: str
    sub: str            # a key of questions.<topic>, or MORE


def sub_questions(topic: str, language: str) -> list[str]:
    """The topic's sub-questions, in the content's order (none for a topic without)."""
    node = content().raw("questions", language).get(topic) or {}
    return list(node)


def tapped(turn: Turn, topic: str | None) -> Asked | None:
    """A sub-question button (or "More") tapped for a topic."""
    topic = topic or turn.last_topic
    if not turn.sub_question_entity or not topic:
        return None
    if turn.sub_question_entity == MORE or turn.sub_question_entity in sub_questions(topic, turn.language):
        return Asked(topic, turn.sub_question_entity)
    return None


def asked(turn: Turn, topic: str | None) -> Asked | None:
    """The sub-question the turn asks, for a topic intent (`topic`) or for another intent (None), or None.

    For a topic intent, only that topic's sub-questions and the last topic's count (the intent classifier
    knows the topic better than a guess about the details); for another intent (not understood, small talk
    with a question), any sub-question as clear as MIN_SHARE.
    """
    button = tapped(turn, topic)
    if button:
        return button
    scores: dict[str, float] = {}
    for label, confidence in turn.sub_question_ranking:
        owner = label.partition("/")[0]
        weight = CONTEXT_WEIGHT if turn.last_topic and owner == turn.last_topic else 1.0
        scores[label] = confidence * weight
    total = sum(scores.values())
    if not total:
        return None
    best = max(scores, key=lambda label: scores[label])
    if best == NONE or scores[best] / total < MIN_SHARE:
        return None
    if best == MORE_LABEL:
        about = topic or turn.last_topic
        return Asked(about, MORE) if about else None
    owner, _, sub = best.partition("/")
    if topic and owner not in (topic, turn.last_topic):
        return None
    if sub not in sub_questions(owner, turn.language):
        return None
    return Asked(owner, sub)


def buttons(turn: Turn, topic: str, answered: str | None = None, more: bool = True) -> list[Button]:
    """The topic's other sub-questions, "More" (unless the details were just sent) and a person, as buttons.

    Payloads are `/<intent>{"sub_question": "<key>"}` (under Telegram's 64 bytes: tests/unit/test_content_questions.py).
    """
    raw = content().raw
    chosen = [Button(raw(f"questions.{topic}.{sub}.button", turn.language), payload(topic, sub))
              for sub in sub_questions(topic, turn.language) if sub != answered]
    if more:
        chosen.append(Button(raw("buttons.more", turn.language), payload(topic, MORE)))
    if len(chosen) < MAX_BUTTONS:
        chosen.append(Button(raw("menu.request_human", turn.language), "/request_human"))
    return chosen[:MAX_BUTTONS]


def payload(topic: str, sub: str) -> str:
    return f'/{topic}{{"sub_question":"{sub}"}}'
