"""Which sub-question a turn asks, from the NLU's guesses, a tapped button and the topic answered last (no model)."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.subquestions import MORE, Asked, asked, buttons, payload
from actions.turn import Turn


def turn(intent: str, ranking: list[tuple[str, float]], last_topic: str | None = None,
         entity: str | None = None, language: str = "en", intent_confidence: float = 0.6, text: str = "") -> Turn:
    return Turn(language=language, intent=intent, foreign_language=False, risk={}, pending_question=None,
                human_offered=False, safe_to_talk=False, dispatcher=CollectingDispatcher(), text=text,
                last_topic=last_topic, sub_question_ranking=ranking, sub_question_entity=entity,
                intent_ranking=[(intent, intent_confidence)])


@pytest.mark.parametrize("intent, ranking, last_topic, topic, expected", [
    # Clear: the topic's own sub-question.
    ("ask_voluntary_return", [("ask_voluntary_return/who_pays", 0.8), ("none", 0.1)], None,
     "ask_voluntary_return", Asked("ask_voluntary_return", "who_pays")),
    # A general question about the topic: its short answer.
    ("ask_voluntary_return", [("none", 0.7), ("ask_voluntary_return/offices", 0.2)], None, "ask_voluntary_return", None),
    # "is it free?" after legal aid: split between topics, the last topic weighs more.
    ("ask_health", [("ask_health/free_care", 0.45), ("ask_legal_aid/free", 0.42), ("none", 0.1)], "ask_legal_aid",
     "ask_health", Asked("ask_legal_aid", "free")),
    # A general question that shares words with a sub-question ("what are my rights"): the topic's answer,
    # also right after that topic (the context chooses which sub-question, never whether one).
    ("ask_rights", [("none", 0.48), ("ask_rights/unpaid_wages", 0.28), ("ask_safety/phone_checked", 0.05)],
     "ask_rights", "ask_rights", None),
    # Without that context, the same guesses are the intent's topic.
    ("ask_health", [("ask_health/free_care", 0.5), ("ask_legal_aid/free", 0.3), ("none", 0.1)], None,
     "ask_health", Asked("ask_health", "free_care")),
    # A topic intent never gets a third topic's sub-question (the intent knows the topic better).
    ("ask_shelter", [("ask_rights/lawyer", 0.9)], "ask_health", "ask_shelter", None),
    # Not a topic intent (not understood): any clear sub-question, and "more" for the last topic.
    ("nlu_fallback", [("ask_voluntary_return/how_long", 0.6), ("none", 0.3)], "ask_voluntary_return", None,
     Asked("ask_voluntary_return", "how_long")),
    ("ask_menu", [("ask_menu/more", 0.8), ("none", 0.1)], "ask_rights", None, Asked("ask_rights", MORE)),
    ("ask_menu", [("ask_menu/more", 0.8), ("none", 0.1)], None, None, None),   # "more" of nothing: the menu
    # Unsure: nothing.
    ("out_of_scope", [("ask_rights/lawyer", 0.3), ("none", 0.3), ("ask_legal_aid/free", 0.3)], None, None, None),
])
def test_the_sub_question_asked(intent: str, ranking: list, last_topic: str | None, topic: str | None,
                                expected: Asked | None) -> None:
    assert asked(turn(intent, ranking, last_topic), topic) == expected


@pytest.mark.parametrize("text, intent, confidence, best, last_topic, expected", [
    # "can my kids come with me" after going home: the family's return, not a shelter with children.
    ("can my kids come with me", "ask_shelter", 0.59, "ask_shelter/with_children", "ask_voluntary_return",
     Asked("ask_voluntary_return", "family")),
    # "do they take my children?" after a shelter, read as going home by the intent: the shelter's.
    ("do they take my children?", "ask_voluntary_return", 0.5, "ask_shelter/with_children", "ask_shelter",
     Asked("ask_shelter", "with_children")),
    # "il faut payer ?" after legal aid: legal aid's cost.
    ("il faut payer ?", "ask_voluntary_return", 0.84, "ask_voluntary_return/who_pays", "ask_legal_aid",
     Asked("ask_legal_aid", "free")),
    # "do I pay the ticket?" after legal aid, read as surely: its words name going home (actions/topic_words.py).
    ("do I pay the ticket?", "ask_voluntary_return", 0.95, "ask_voluntary_return/who_pays", "ask_legal_aid",
     Asked("ask_voluntary_return", "who_pays")),
    # "how much does it cost" after health, read surely as legal aid: no topic's words, so health's cost.
    ("how much does it cost", "ask_legal_aid", 0.97, "ask_legal_aid/free", "ask_health", Asked("ask_health", "free_care")),
    # "where can I sleep with my children" names its topic: a shelter, whatever came before.
    ("where can I sleep with my children", "ask_shelter", 1.0, "ask_shelter/with_children", "ask_voluntary_return",
     Asked("ask_shelter", "with_children")),
    # A question with no equivalent in the last topic stays what it is.
    ("is it for men too", "ask_shelter", 0.6, "ask_shelter/for_men", "ask_voluntary_return",
     Asked("ask_shelter", "for_men")),
])
def test_the_same_question_of_another_topic_is_about_the_last_one(text: str, intent: str, confidence: float, best: str,
                                                                  last_topic: str, expected: Asked) -> None:
    state = turn(intent, [(best, 0.99), ("none", 0.01)], last_topic, intent_confidence=confidence, text=text)
    assert asked(state, intent) == expected


def test_a_tapped_button_is_its_sub_question_whatever_the_guesses() -> None:
    tapped = turn("ask_voluntary_return", [("none", 1.0)], entity="lost_passport")
    assert asked(tapped, "ask_voluntary_return") == Asked("ask_voluntary_return", "lost_passport")
    unknown = turn("ask_voluntary_return", [("none", 1.0)], entity="not_a_question")
    assert asked(unknown, "ask_voluntary_return") is None


def test_buttons_offer_the_other_sub_questions_more_and_a_person_within_whatsapps_ten() -> None:
    offered = buttons(turn("ask_voluntary_return", []), "ask_voluntary_return", answered="who_pays")
    payloads = [b.payload for b in offered]
    assert payload("ask_voluntary_return", "who_pays") not in payloads
    assert payloads[-2:] == [payload("ask_voluntary_return", MORE), "/request_human"]
    assert len(offered) <= 10
    first = buttons(turn("ask_voluntary_return", []), "ask_voluntary_return")
    assert len(first) == 10 and payload("ask_voluntary_return", MORE) in [b.payload for b in first]


@pytest.mark.parametrize("ranking, last_topic, expected", [
    # "faut payer combien ?" after health: each topic's "is it free?" under the bar, together clear; health's.
    ([("ask_voluntary_return/who_pays", 0.36), ("ask_health/free_care", 0.3), ("ask_legal_aid/free", 0.24),
      ("none", 0.05)], "ask_health", Asked("ask_health", "free_care")),
    # Split between different questions: nothing clear, the topic's short answer.
    ([("ask_voluntary_return/who_pays", 0.3), ("ask_voluntary_return/how_long", 0.3),
      ("ask_voluntary_return/offices", 0.3), ("none", 0.1)], None, None),
])
def test_the_same_question_of_several_topics_counts_together(ranking: list, last_topic: str | None,
                                                             expected: Asked | None) -> None:
    assert asked(turn("ask_voluntary_return", ranking, last_topic, intent_confidence=0.97),
                 "ask_voluntary_return") == expected
