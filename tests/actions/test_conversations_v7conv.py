"""Classes found on evaluation/conversations_dev_v7 (no model): a number asked for by whom it serves right after the
numbers, "who do I call for her?" right after a child, and a bed asked for after a child was spoken of."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import SlotSet

from actions.answers import ActionOutOfScope
from actions.subquestions import Asked
from actions.turn import child_told_before
from tests.actions.test_context import MINOR, answered_before, run, say, topic_action, tracker

CHILD_TOLD = [{"event": "user", "text": "x", "parse_data": {"intent": {"name": "disclose_exploitation"},
                                                            "risk": {"indicators": ["minor"]}}},
              {"event": "action", "name": "action_disclosure"},
              {"event": "action", "name": "action_listen"}]


def ranked(*pairs: tuple[str, float]) -> list[dict[str, Any]]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def numbers_message(language: str) -> list[str]:
    return say("answers.ask_hotline", language)[:1]


@pytest.mark.parametrize("language", ["en", "ary"])
async def test_the_childrens_number_asked_right_after_the_numbers_is_the_childrens_line(language: str) -> None:
    """"and the one for children?" read as a bed (0.56) with the family's question of going home (0.85)."""
    state = tracker("and the one for children?", "ask_shelter", language=language, confidence=0.56,
                    ranking=[("ask_shelter", 0.56), ("ask_voluntary_return", 0.2)],
                    before=answered_before("ask_hotline", language))
    state.latest_message["sub_question_ranking"] = ranked(("ask_voluntary_return/family", 0.85), ("none", 0.07))
    texts, _, events, _ = await run(topic_action("ask_shelter"), state)
    assert texts == say("child.line", language)
    assert SlotSet("last_topic", "ask_hotline") in events


async def test_the_same_words_after_going_home_are_the_familys_question() -> None:
    state = tracker("and the one for children?", "ask_shelter", confidence=0.56,
                    ranking=[("ask_shelter", 0.56), ("ask_voluntary_return", 0.2)],
                    before=answered_before("ask_voluntary_return", "en"), last_topic="ask_voluntary_return")
    state.latest_message["sub_question_ranking"] = ranked(("ask_voluntary_return/family", 0.85), ("none", 0.07))
    texts, _, _, _ = await run(topic_action("ask_shelter"), state)
    assert texts[0] == say("questions.ask_voluntary_return.family.answer")[0]


@pytest.mark.parametrize(("intent", "confidence", "action"), [
    ("ask_shelter", 0.81, topic_action("ask_shelter")),     # "and for women" read as a bed
    ("out_of_scope", 0.6, ActionOutOfScope()),              # or not understood
])
async def test_another_number_asked_right_after_the_numbers_gets_the_numbers_again(
        intent: str, confidence: float, action: Any) -> None:
    state = tracker("and for women", intent, confidence=confidence, before=answered_before("ask_hotline", "en"))
    state.latest_message["sub_question_ranking"] = ranked(("ask_shelter/for_men", 0.54), ("none", 0.2))
    texts, _, _, _ = await run(action, state)
    assert texts == numbers_message("en")


@pytest.mark.parametrize(("text", "confidence", "before"), [
    ("is there a shelter open tonight for me", 0.97, answered_before("ask_hotline", "en")),  # named surely
    ("and for women", 0.81, answered_before("ask_health", "en")),                            # not after the numbers
])
async def test_a_bed_asked_for_surely_or_not_after_the_numbers_is_the_shelter(
        text: str, confidence: float, before: list[dict[str, Any]]) -> None:
    state = tracker(text, "ask_shelter", confidence=confidence, before=before)
    state.latest_message["sub_question_ranking"] = ranked(("none", 0.9))
    texts, _, _, _ = await run(topic_action("ask_shelter"), state)
    assert texts[0] == say("answers.ask_shelter")[0]
    assert not set(texts) & set(numbers_message("en"))


@pytest.mark.parametrize("language", ["en", "fr", "ary"])
async def test_who_to_call_right_after_a_child_is_the_childrens_line_then_the_numbers(language: str) -> None:
    state = tracker("who do i call for her", "ask_hotline", language=language,
                    before=answered_before("disclose_exploitation", language, say("child.disclosure", language)))
    texts, _, _, _ = await run(topic_action("ask_hotline"), state)
    assert texts == say("child.line", language) + numbers_message(language)


async def test_who_to_call_with_no_child_before_is_the_numbers() -> None:
    state = tracker("who do i call", "ask_hotline", before=answered_before("disclose_exploitation", "en",
                                                                            say("disclosure")))
    texts, _, _, _ = await run(topic_action("ask_hotline"), state)
    assert texts == say("answers.ask_hotline")
    assert not set(texts) & set(say("child.line"))


@pytest.mark.parametrize(("ranking", "child", "expected"), [
    ([("none", 0.43), ("ask_shelter/for_men", 0.39)], True, Asked("ask_shelter", "with_children")),
    ([("none", 0.43), ("ask_shelter/for_men", 0.39)], False, None),                      # no child spoken of
    ([("ask_shelter/for_men", 0.9)], True, Asked("ask_shelter", "for_men")),             # clearly for a man
    ([("ask_shelter/tonight", 0.9)], True, Asked("ask_shelter", "tonight")),             # another clear question
])
async def test_a_bed_after_a_child_was_spoken_of_is_with_the_children(
        ranking: list[tuple[str, float]], child: bool, expected: Asked | None) -> None:
    state = tracker("can we get a place to sleep me and him", "ask_shelter",
                    before=CHILD_TOLD if child else None)
    state.latest_message["sub_question_ranking"] = ranked(*ranking)
    texts, _, _, _ = await run(topic_action("ask_shelter"), state)
    key = f"questions.ask_shelter.{expected.sub}.answer" if expected else "answers.ask_shelter"
    assert texts[0] == say(key)[0]


def test_a_child_in_this_message_only_is_not_a_child_told_before() -> None:
    assert not child_told_before([{"event": "user", "parse_data": {"risk": MINOR}}])
    assert child_told_before(CHILD_TOLD + [{"event": "user", "parse_data": {"risk": {}}}])
