"""Classes found on evaluation/conversations_dev_v7 (no model): the children's number asked for right after the
numbers, a bed asked for after a child was spoken of, "later" that is not a dead end, a "no" right after a child."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import SlotSet

from actions.answers import ActionOutOfScope, ActionShowMenu
from actions.conversation import ActionAffirm, ActionDeny
from actions.subquestions import Asked
from actions.turn import indicators_told_before
from tests.actions.test_context import EARLIER_TURN, MINOR, answered_before, run, say, topic_action, tracker

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
                    before=answered_before("ask_hotline", language), last_topic="ask_hotline")
    state.latest_message["sub_question_ranking"] = ranked(("ask_voluntary_return/family", 0.85), ("none", 0.07))
    texts, _, events, _ = await run(topic_action("ask_shelter"), state)
    assert texts == say("child.line", language)
    assert SlotSet("last_topic", "ask_shelter") not in events   # still the numbers: "and for women?" may follow


async def test_the_same_words_after_going_home_are_the_familys_question() -> None:
    state = tracker("and the one for children?", "ask_shelter", confidence=0.56,
                    ranking=[("ask_shelter", 0.56), ("ask_voluntary_return", 0.2)],
                    before=answered_before("ask_voluntary_return", "en"), last_topic="ask_voluntary_return")
    state.latest_message["sub_question_ranking"] = ranked(("ask_voluntary_return/family", 0.85), ("none", 0.07))
    texts, _, _, _ = await run(topic_action("ask_shelter"), state)
    assert texts[0] == say("questions.ask_voluntary_return.family.answer")[0]


@pytest.mark.parametrize(("text", "confidence", "before"), [
    ("is there a shelter open tonight for me", 0.97, answered_before("ask_hotline", "en")),  # named surely
    ("and for my brother", 0.81, answered_before("ask_hotline", "en")),     # neither children nor women (v9conv)
    ("and for women", 0.81, answered_before("ask_health", "en")),                            # not after the numbers
])
async def test_a_bed_asked_for_surely_or_not_after_the_numbers_is_the_shelter(
        text: str, confidence: float, before: list[dict[str, Any]]) -> None:
    state = tracker(text, "ask_shelter", confidence=confidence, before=before, last_topic="ask_hotline")
    state.latest_message["sub_question_ranking"] = ranked(("none", 0.9))
    texts, _, _, _ = await run(topic_action("ask_shelter"), state)
    # The shelter's answer (tonight's when the words name tonight: actions/named_details.py, session 18); for women,
    # after the line that says what is known of places for women (actions/women.py).
    assert {say("answers.ask_shelter")[0], say("questions.ask_shelter.tonight.answer")[0]} & set(texts[:2])
    assert not set(texts) & set(numbers_message("en"))


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
    assert "minor" not in indicators_told_before([{"event": "user", "parse_data": {"risk": MINOR}}])
    assert "minor" in indicators_told_before(CHILD_TOLD + [{"event": "user", "parse_data": {"risk": {}}}])


# -- "later" is not a dead end

def with_sub(state: Any, *pairs: tuple[str, float]) -> Any:
    state.latest_message["sub_question_ranking"] = ranked(*pairs)
    return state


async def test_a_no_to_is_it_safe_is_later() -> None:
    """"No, he is here" and "no, she is not here now" read alike to the classifiers (tried: a `deny/safe_now` label
    took "non il est là" for safe at 0.97): a no stays "later", the harmless reading."""
    state = with_sub(tracker("no she is here", "deny", confidence=1.0, pending_question="safe_to_talk",
                             safety_asked=True), ("deny/later", 0.9))
    texts, _, events, _ = await run(ActionDeny(), state)
    assert texts == say("safe_later")
    assert SlotSet("safe_to_talk", True) not in events


@pytest.mark.parametrize(("language", "text"), [("en", "im alone now"), ("ary", "ok daba")])
async def test_a_sure_yes_after_later_is_coming_back_even_with_now_in_it(language: str, text: str) -> None:
    """"now" is a word of "not now" too: the sub-question classifier's "later" at 0.55 gives way to a yes at 0.96."""
    state = with_sub(tracker(text, "affirm", language=language, confidence=0.96, before=EARLIER_TURN,
                             safety_asked=True, safe_to_talk=False), ("deny/later", 0.55), ("none", 0.3))
    texts, _, events, _ = await run(ActionAffirm(), state)
    assert texts == say("offer_human", language)
    assert SlotSet("safe_to_talk", True) in events


async def test_an_unsure_yes_that_says_later_is_later() -> None:
    state = with_sub(tracker("ok later", "affirm", confidence=0.6, before=EARLIER_TURN, safety_asked=True,
                             safe_to_talk=False), ("deny/later", 0.8))
    texts, _, _, _ = await run(ActionAffirm(), state)
    assert texts == say("safe_later")


@pytest.mark.parametrize(("pending", "expected"), [("safe_to_talk", "safe_later"), (None, "menu_prompt")])
async def test_a_weak_later_read_as_the_menu_is_later_only_while_is_it_safe_waits(
        pending: str | None, expected: str) -> None:
    # Mid-conversation (a first message asking for the menu gets the greeting first: test_conversations_v10conv.py).
    state = with_sub(tracker("من بعد هو هنا", "ask_menu", language="ary", confidence=0.31, pending_question=pending,
                             before=EARLIER_TURN),
                     ("deny/later", 0.4), ("ask_voluntary_return/after_return", 0.32))
    texts, _, _, _ = await run(ActionShowMenu(), state)
    assert texts[0] == say(expected, "ary")[0]


@pytest.mark.parametrize(("ranking", "expected"), [
    ([("affirm", 0.55), ("delete_my_data", 0.41)], "delete_confirm"),   # "ok delete now"
    ([("affirm", 0.99)], "offer_human"),                                # a plain yes
])
async def test_a_yes_that_asks_to_delete_asks_the_deletion(ranking: list[tuple[str, float]], expected: str) -> None:
    state = tracker("ok delete now", "affirm", confidence=ranking[0][1], ranking=ranking,
                    pending_question="safe_to_talk", safety_asked=True)
    texts, controls, events, _ = await run(ActionAffirm(), state)
    assert texts == say(expected)
    assert {"amane_control": "erase_conversation"} not in controls


@pytest.mark.parametrize(("text", "ranking", "expected"), [
    ("لا تذهب إلى المدرسة", [("none", 0.71), ("deny/later", 0.2)], "child.line"),  # more about the child
    ("لا، ليس الآن", [("deny/later", 0.9)], "safe_later"),                             # later
    ("لا", [("none", 0.8)], "safe_later"),                                             # a bare no answers it
])
async def test_a_no_right_after_a_child_that_says_more_about_her_is_not_not_safe(
        text: str, ranking: list[tuple[str, float]], expected: str) -> None:
    state = with_sub(tracker(text, "deny", language="ar", confidence=0.9, pending_question="safe_to_talk",
                             safety_asked=True,
                             before=answered_before("disclose_exploitation", "ar", say("child.disclosure", "ar")
                                                    + say("safe_to_talk", "ar"))), *ranking)
    texts, _, events, _ = await run(ActionDeny(), state)
    assert texts == say(expected, "ar")
    assert (SlotSet("pending_question", None) in events) == (expected == "safe_later")


async def test_the_childrens_number_not_understood_right_after_the_numbers_is_the_childrens_line() -> None:
    state = with_sub(tracker("w dyal drari sghar?", "out_of_scope", language="ary", confidence=0.4,
                             before=answered_before("ask_hotline", "ary"), last_topic="ask_hotline"),
                     ("ask_shelter/with_children", 0.35), ("none", 0.3))
    texts, _, _, _ = await run(ActionOutOfScope(), state)
    assert texts == say("child.line", "ary")
