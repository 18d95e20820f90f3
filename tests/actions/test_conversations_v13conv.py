"""Classes found on evaluation/conversations_dev_v13 (no model), in other words than the set's: "is that legal?"
right after telling that the passport is kept, read under 0.4 as the unpaid wages' question, is the passport's; a
wages question read surer, or wages told in the message itself, stays the wages'. Going home "with my children" gets
the short answer then the family's; going home to them does not. In Arabic, Darija and English."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.subquestions import Asked, told_over_unsure
from actions.turn import Turn
from tests.actions.test_context import run, say, topic_action, tracker

KEPT = ["retention_of_documents", "restriction_of_movement"]
UNPAID = ["withholding_of_wages"]


def rights_turn(language: str, ranking: list[tuple[str, float]], told_before: list[str],
                told_here: list[str] | None = None) -> Turn:
    return Turn(language=language, intent="ask_rights", foreign_language=False,
                risk={"indicators": told_here or []}, pending_question=None, human_offered=True, safe_to_talk=True,
                dispatcher=CollectingDispatcher(), last_topic=None, sub_question_ranking=ranking,
                intent_ranking=[("ask_rights", 0.95)], previous_indicators=told_before)


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(("told_before", "ranking", "guessed", "expected"), [
    # The passport was just told; the guess of wages is unsure: the passport's answer.
    (KEPT, [("ask_rights/unpaid_wages", 0.33), ("none", 0.24), ("ask_rights/passport_kept", 0.15)], "unpaid_wages",
     "passport_kept"),
    # The same words after unpaid wages were told: the wages' answer (the guess agrees).
    (UNPAID, [("ask_rights/unpaid_wages", 0.33), ("none", 0.24), ("ask_rights/passport_kept", 0.15)], "unpaid_wages",
     "unpaid_wages"),
    # Wages were told, the guess leans to the passport unsure: the wages'.
    (UNPAID, [("ask_rights/passport_kept", 0.35), ("none", 0.3)], "passport_kept", "unpaid_wages"),
    # A wages question read at 0.4 or more after the passport was told: the wages'.
    (KEPT, [("ask_rights/unpaid_wages", 0.45), ("none", 0.3)], "unpaid_wages", "unpaid_wages"),
    # Both told before: nothing to choose between them, the guess stays.
    (KEPT + UNPAID, [("ask_rights/unpaid_wages", 0.33), ("none", 0.3)], "unpaid_wages", "unpaid_wages"),
])
def test_the_detail_just_told_decides_an_unsure_guess(language: str, told_before: list[str],
                                                      ranking: list[tuple[str, float]], guessed: str,
                                                      expected: str) -> None:
    turn = rights_turn(language, ranking, told_before)
    assert told_over_unsure(turn, "ask_rights", Asked("ask_rights", guessed)) == Asked("ask_rights", expected)


def test_wages_told_in_the_message_itself_keep_their_question() -> None:
    turn = rights_turn("ar", [("ask_rights/unpaid_wages", 0.4), ("none", 0.3)], KEPT, told_here=UNPAID)
    assert told_over_unsure(turn, "ask_rights", Asked("ask_rights", "unpaid_wages")) == Asked("ask_rights",
                                                                                              "unpaid_wages")


def test_other_topics_and_no_question_are_left_alone() -> None:
    turn = rights_turn("ar", [("ask_legal_aid/free", 0.4)], KEPT)
    assert told_over_unsure(turn, "ask_legal_aid", Asked("ask_legal_aid", "free")) == Asked("ask_legal_aid", "free")
    assert told_over_unsure(turn, "ask_rights", None) is None
    assert told_over_unsure(turn, "ask_rights", Asked("ask_rights", "lawyer")) == Asked("ask_rights", "lawyer")


# -- going home with a relative named in the words: the short answer, then the family's; going home to them, or alone,
# keeps the short answer only

@pytest.mark.parametrize(("language", "text", "with_family"), [
    ("ar", "مساء النور، أنوي الرجوع إلى غينيا مع أطفالي الاثنين", True),
    ("ar", "مساء النور، أنوي الرجوع إلى غينيا حيث ينتظرني أطفالي الاثنين", False),
    ("ary", "بغيت نرجع لمالي أنا و مراتي", True),
    ("ary", "بغيت نرجع لمالي عند مراتي", False),
    ("en", "good evening, I plan to go back to Guinea with my kids", True),
    ("en", "good evening, I plan to go back to Guinea where my kids are", False),
])
async def test_going_home_with_a_relative_gets_the_family_answer(language: str, text: str, with_family: bool) -> None:
    state = tracker(text, "ask_voluntary_return", language=language, confidence=0.99)
    state.latest_message["sub_question_ranking"] = [{"name": "none", "confidence": 0.96}]
    reply, _, _, _ = await run(topic_action("ask_voluntary_return"), state)
    assert reply[0] == say("answers.ask_voluntary_return", language)[0]
    family = say("questions.ask_voluntary_return.family.answer", language)[0]
    assert (family in reply) is with_family
