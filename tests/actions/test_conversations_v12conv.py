"""Classes found on conversations_dev_v12 and noticed by the lead (issue 11), without a model (the classifiers' guesses
are given), in other words than the set's lines: a place for women asked is not the men's question, the cost detail
of a sure health question needs words that name the cost, a detail named in words (children, a pregnancy) is
answered over the general question, and "he left, is there a place ...?" answered while "is it
safe to write now?" waits. Each with a contrast that keeps the other answer."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.named_details import named_detail
from actions.subquestions import Asked, asked
from actions.turn import Turn
from actions.women import place_for_women
from tests.actions.test_context import run, say, topic_action, tracker


def turn(text: str, language: str = "en") -> Turn:
    return Turn(language=language, intent="ask_shelter", foreign_language=False, risk={}, pending_question=None,
                human_offered=False, safe_to_talk=False, dispatcher=CollectingDispatcher(), text=text)


@pytest.mark.parametrize(("language", "text", "detail", "for_women"), [
    ("en", "any shelter for women here?", "for_men", True),
    ("en", "is it only for women?", "for_men", False),                     # a man's question
    ("en", "a shelter for my husband and me, women only?", "for_men", False),
    ("fr", "et un foyer pour les femmes, ça existe ?", "for_men", True),
    ("fr", "c'est seulement pour les femmes ?", "for_men", False),
    ("fr", "ma femme et moi on dort dehors", "", False),                   # "femme" is a wife here
    ("ary_latn", "wach kayna chi dar l l3yalat f casa?", "", True),
    ("ary_latn", "ghir l l3yalat? ana rajel", "for_men", False),
    ("ary", "واش كاينة شي دار للعيالات؟", "", True),
    ("ar", "هل يوجد مأوى للنساء فقط؟", "for_men", False),
    ("en", "any shelter for women here?", "tonight", False),               # tonight's own question keeps its answer
])
def test_a_place_for_women_is_not_the_men_s_question(language: str, text: str, detail: str, for_women: bool) -> None:
    assert place_for_women(turn(text, language), "ask_shelter", detail) is for_women
    assert not place_for_women(turn(text, language), "ask_health", detail)


async def test_a_place_for_women_gets_the_women_s_line_then_the_shelter_answer() -> None:
    state = tracker("hi, is there a shelter for women in rabat", "ask_shelter", confidence=0.99)
    state.latest_message["sub_question_ranking"] = [{"name": "ask_shelter/for_men", "confidence": 0.9}]
    texts, _, _, _ = await run(topic_action("ask_shelter"), state)
    assert texts[0] == say("shelter_for_women")[0]
    assert texts[1] == say("answers.ask_shelter")[0]
    assert not set(texts) & set(say("questions.ask_shelter.for_men.answer"))


async def test_a_man_asking_whether_it_is_only_for_women_gets_the_men_s_answer() -> None:
    state = tracker("is it only for women? i am a man", "ask_shelter", confidence=0.99)
    state.latest_message["sub_question_ranking"] = [{"name": "ask_shelter/for_men", "confidence": 0.9}]
    texts, _, _, _ = await run(topic_action("ask_shelter"), state)
    assert texts[0] == say("questions.ask_shelter.for_men.answer")[0]


def health(text: str, ranking: list[tuple[str, float]]) -> Turn:
    return Turn(language="en", intent="ask_health", foreign_language=False, risk={}, pending_question=None,
                human_offered=False, safe_to_talk=False, dispatcher=CollectingDispatcher(), text=text,
                intent_ranking=[("ask_health", 0.99)], sub_question_ranking=ranking)


@pytest.mark.parametrize(("text", "expected"), [
    ("my knee hurts since the fall, which clinic can i go to", None),                      # where, not the cost
    ("my knee hurts since the fall, which clinic can i go to for free", Asked("ask_health", "free_care")),
])
def test_the_cost_detail_of_a_sure_health_question_needs_the_cost_in_words(text: str, expected: Asked | None) -> None:
    state = health(text, [("none", 0.6), ("ask_health/free_care", 0.38)])
    assert asked(state, "ask_health") == expected


def test_a_clear_cost_question_needs_no_cost_word() -> None:
    """The classifier sure of the cost question ("do I have to pay?" reads none under a half): its answer stays."""
    state = health("do i have to pay for the clinic", [("ask_health/free_care", 0.8), ("none", 0.1)])
    assert asked(state, "ask_health") == Asked("ask_health", "free_care")


async def test_away_and_a_sure_question_while_is_it_safe_waits_gets_the_answer_then_the_offer() -> None:
    state = tracker("she went out. where can i sleep tonight", "ask_shelter", confidence=0.99,
                    pending_question="safe_to_talk", safety_asked=True)
    state.latest_message["sub_question_ranking"] = [{"name": "ask_shelter/tonight", "confidence": 0.9}]
    texts, _, events, _ = await run(topic_action("ask_shelter"), state)
    assert texts[0] == say("questions.ask_shelter.tonight.answer")[0]
    assert texts[-1] == say("offer_human")[0]
    assert {"event": "slot", "name": "safe_to_talk", "value": True, "timestamp": None} in events


async def test_away_alone_while_is_it_safe_waits_is_safe_now_not_a_bed() -> None:
    state = tracker("she went to the market", "ask_shelter", confidence=0.55,
                    pending_question="safe_to_talk", safety_asked=True)
    texts, _, _, _ = await run(topic_action("ask_shelter"), state)
    assert texts == say("offer_human")


@pytest.mark.parametrize(("language", "topic", "text", "read", "expected"), [
    ("en", "ask_shelter", "my wife and our two kids have nowhere to sleep", None, Asked("ask_shelter", "with_children")),
    ("en", "ask_shelter", "my wife and me have nowhere to sleep", None, None),                         # no child named
    ("fr", "ask_shelter", "avec mon bébé on dort à la gare", None, Asked("ask_shelter", "with_children")),
    ("ary_latn", "ask_shelter", "ana w drari dyali fin nbato", None, Asked("ask_shelter", "with_children")),
    ("en", "ask_shelter", "a bed tonight for me and my kids", Asked("ask_shelter", "tonight"),
     Asked("ask_shelter", "tonight")),                                                                 # asked clearly
    ("en", "ask_health", "i am pregnant and have no papers, can i see a doctor", Asked("ask_health", "no_papers"),
     Asked("ask_health", "pregnancy")),
    ("ary_latn", "ask_health", "ana 7amla w bla wra9, sbitar?", Asked("ask_health", "no_papers"),
     Asked("ask_health", "pregnancy")),
    ("en", "ask_health", "i have no papers, can i see a doctor", Asked("ask_health", "no_papers"),
     Asked("ask_health", "no_papers")),                                                                # no pregnancy
    ("en", "ask_health", "i am pregnant, is the doctor free", Asked("ask_health", "free_care"),
     Asked("ask_health", "free_care")),                                                                # the cost asked
])
def test_a_detail_named_in_words_is_answered_over_the_general_question(
        language: str, topic: str, text: str, read: Asked | None, expected: Asked | None) -> None:
    assert named_detail(turn(text, language), topic, read) == expected
