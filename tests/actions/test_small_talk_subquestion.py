"""A message of small talk (no topic, no disclosure: "how many hours", read as a greeting) in a conversation about
one topic asks another topic's question only when the intent classifier guesses that topic too: the sub-question
classifier alone reads "how many" as going home's "how long", a wrong answer (2 to 8 weeks) to a question about
working hours after the domestic workers' rights. No model: the real action code on Turns."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.subquestions import Asked, asked
from actions.turn import Turn

HOW_LONG = [("ask_voluntary_return/how_long", 0.81), ("none", 0.11), ("ask_rights/traffickers", 0.02)]


def turn(intents: list[tuple[str, float]], ranking: list[tuple[str, float]], last_topic: str | None) -> Turn:
    return Turn(language="en", intent=intents[0][0], foreign_language=False, risk={}, pending_question=None,
                human_offered=False, safe_to_talk=False, dispatcher=CollectingDispatcher(),
                last_topic=last_topic, sub_question_ranking=ranking, intent_ranking=intents)


@pytest.mark.parametrize(("intents", "last_topic", "expected"), [
    # "how many hours" after rights, read as a greeting: not going home's "how long".
    ([("greet", 0.39), ("out_of_scope", 0.22)], "ask_rights", None),
    # The same words with going home guessed second ("thanks, and how long to go home?"): its answer.
    ([("thank", 0.5), ("ask_voluntary_return", 0.3)], "ask_rights", Asked("ask_voluntary_return", "how_long")),
    # After going home itself, the short follow-up is its own.
    ([("greet", 0.39), ("out_of_scope", 0.22)], "ask_voluntary_return", Asked("ask_voluntary_return", "how_long")),
    # With no topic before, a clear sub-question is answered, as before.
    ([("greet", 0.39), ("out_of_scope", 0.22)], None, Asked("ask_voluntary_return", "how_long")),
])
def test_small_talk_asks_another_topics_question_only_with_the_intent_classifiers_support(
        intents: list[tuple[str, float]], last_topic: str | None, expected: Asked | None) -> None:
    assert asked(turn(intents, HOW_LONG, last_topic), None) == expected


@pytest.mark.parametrize("intent", ["disclose_exploitation", "deny", "affirm", "thank"])
def test_a_message_that_may_carry_the_question_keeps_the_rules_for_another_topics_question(intent: str) -> None:
    # A disclosure, or a no with words ("لا نملك جوازات سفر", we have no passports, after shelter, read as a no at
    # 0.64): another topic's clear question is still answered.
    lost = [("ask_voluntary_return/lost_passport", 0.72), ("none", 0.16)]
    state = turn([(intent, 0.64), ("ask_voluntary_return", 0.19)], lost, "ask_shelter")
    assert asked(state, None) == Asked("ask_voluntary_return", "lost_passport")


MORE_GUESSED = [("ask_menu/more", 0.43), ("none", 0.19), ("ask_safety/phone_checked", 0.05)]


@pytest.mark.parametrize(("topic", "last_topic", "expected"), [
    # "wach hadchi mzyan?" read as "more", rights guessed among the topics, after safety: rights' short answer first.
    ("ask_rights", "ask_safety", Asked("ask_rights", "")),
    # "More about going home" as a first question: its short answer, the details on request.
    ("ask_voluntary_return", None, Asked("ask_voluntary_return", "")),
    # "More" right after the topic's answer: its details.
    ("ask_rights", "ask_rights", Asked("ask_rights", "more")),
    # "More" read as small talk after a topic: that topic's details.
    (None, "ask_shelter", Asked("ask_shelter", "more")),
])
def test_more_of_a_topic_not_answered_yet_is_its_short_answer(
        topic: str | None, last_topic: str | None, expected: Asked) -> None:
    intents = [(topic, 0.8)] if topic else [("ask_menu", 0.9)]
    assert asked(turn(intents, MORE_GUESSED, last_topic), topic) == expected
