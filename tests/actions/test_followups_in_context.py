"""Follow-ups understood in context (issue 11, classes found on the Darija development conversations, both scripts):
the same question of several topics counts as one right after one of them; an unsure topic guess gives way to a
clear sub-question of another topic; "are you a bot?" guessed for a thanks with a question answers the question.
No model: real rasa_sdk Trackers and the real actions."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionBotChallenge
from actions.subquestions import Asked, asked
from actions.turn import Turn
from tests.actions.test_context import EARLIER_TURN, run, say, topic_action, tracker


def turn(intent: str, confidence: float, ranking: list[tuple[str, float]], last_topic: str | None = None,
         text: str = "") -> Turn:
    return Turn(language="ary", intent=intent, foreign_language=False, risk={}, pending_question=None,
                human_offered=False, safe_to_talk=False, dispatcher=CollectingDispatcher(), text=text,
                last_topic=last_topic, sub_question_ranking=ranking, intent_ranking=[(intent, confidence)])


def with_sub_questions(state: Tracker, ranking: list[tuple[str, float]], **slots: Any) -> Tracker:
    state.latest_message["sub_question_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    state.slots.update(slots)
    return state


# -- "is it free?" split between the topics that have that question: one question of the topic answered last

@pytest.mark.parametrize(("intent", "confidence", "ranking", "last_topic", "expected"), [
    # After health, a short "is it paid?" that the classifiers split three ways: health's free care.
    ("ask_health", 0.32, [("ask_legal_aid/free", 0.3), ("ask_health/free_care", 0.3), ("none", 0.2),
                          ("ask_voluntary_return/who_pays", 0.1)], "ask_health", Asked("ask_health", "free_care")),
    # After legal aid, the same split read as health: legal aid's cost.
    ("ask_health", 0.4, [("ask_health/free_care", 0.35), ("ask_legal_aid/free", 0.2), ("none", 0.3)],
     "ask_legal_aid", Asked("ask_legal_aid", "free")),
    # Without a topic before, the split stays unsure: the topic's short answer.
    ("ask_health", 0.32, [("ask_legal_aid/free", 0.3), ("ask_health/free_care", 0.3), ("none", 0.2)], None, None),
    # Words that name another topic of the group ("is the doctor free?" after legal aid): that topic.
    ("ask_health", 0.95, [("ask_health/free_care", 0.7), ("ask_legal_aid/free", 0.1), ("none", 0.1)],
     "ask_legal_aid", Asked("ask_health", "free_care")),
])
def test_the_same_question_of_several_topics_counts_once_for_the_last_topic(
        intent: str, confidence: float, ranking: list, last_topic: str | None, expected: Asked | None) -> None:
    text = "is the doctor free?" if confidence > 0.9 else "is it free?"
    assert asked(turn(intent, confidence, ranking, last_topic, text), intent) == expected


# -- an unsure topic guess gives way to a clear sub-question of another topic

@pytest.mark.parametrize(("confidence", "expected"), [
    (0.43, Asked("ask_legal_aid", "no_papers")),   # "if I complain, will they jail me? I have no papers" as rights
    (0.8, None),                                   # the classifier is sure of rights: its short answer
])
def test_an_unsure_topic_gives_way_to_a_clear_sub_question_of_another(confidence: float,
                                                                      expected: Asked | None) -> None:
    state = turn("ask_rights", confidence, [("ask_legal_aid/no_papers", 0.73), ("ask_voluntary_return/no_papers",
                                                                             0.2), ("none", 0.04)])
    assert asked(state, "ask_rights") == expected


async def test_an_unsure_topic_action_answers_the_clear_sub_question_of_another() -> None:
    state = with_sub_questions(
        tracker("mazal. ila chkit, wach ghaychedouni 7it bla wra9?", "ask_rights", language="ary", confidence=0.43,
                ranking=[("ask_rights", 0.43), ("ask_legal_aid", 0.3)], before=EARLIER_TURN),
        [("ask_legal_aid/no_papers", 0.73), ("ask_voluntary_return/no_papers", 0.2), ("none", 0.04)])
    texts, _, _, _ = await run(topic_action("ask_rights"), state)
    assert texts[0] == say("questions.ask_legal_aid.no_papers.answer", "ary")[0]


# -- "thanks, and what happens to them?" guessed as "are you a bot?": the question first

async def test_a_bot_challenge_guess_with_a_clear_question_answers_the_question() -> None:
    state = with_sub_questions(
        tracker("شكرا، و شنو كيتعاقبو هادوك؟", "bot_challenge", language="ary", confidence=0.53,
                ranking=[("bot_challenge", 0.53), ("thank", 0.32)], before=EARLIER_TURN),
        [("ask_rights/traffickers", 0.65), ("none", 0.31)], last_topic="ask_rights")
    texts, _, _, _ = await run(ActionBotChallenge(), state)
    assert texts[0] == say("questions.ask_rights.traffickers.answer", "ary")[0]
    assert not set(texts) & set(say("bot_challenge", "ary"))


async def test_a_plain_bot_challenge_is_answered_as_one() -> None:
    state = with_sub_questions(
        tracker("واش نتا روبو؟", "bot_challenge", language="ary", confidence=0.99, before=EARLIER_TURN),
        [("none", 0.95), ("ask_rights/lawyer", 0.02)], last_topic="ask_rights")
    texts, _, _, _ = await run(ActionBotChallenge(), state)
    assert texts == say("bot_challenge", "ary")
