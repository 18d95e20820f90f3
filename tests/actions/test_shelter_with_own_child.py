"""A place to stay asked with one's own son or daughter named ("fin nbat lyoum, ana o bnti": where do I sleep today, me
and my daughter) gets the answer for parents with children (actions/named_details.py), not the general one; with a
friend, tonight's (the day is named). No model: the real action on a tracker."""
from __future__ import annotations

import pytest

from tests.actions.test_context import run, say, topic_action, tracker

SHELTER = "ask_shelter"


def answered(state):  # type: ignore[no-untyped-def]
    state.latest_message["sub_question_ranking"] = [{"name": "none", "confidence": 0.9}]
    return run(topic_action(SHELTER), state)


@pytest.mark.parametrize(("language", "text", "with_child"), [
    ("ary", "3afak bghit n3ref wach kayn chi blasa fin nbat lyoum, ana o bnti", True),
    ("ary", "3afak bghit n3ref wach kayn chi blasa fin nbat lyoum, ana o sa7bi", False),
    ("en", "is there a place to sleep tonight for me and my daughter", True),
    ("en", "is there a place to sleep tonight for me and my friend", False),
    ("fr", "je cherche un endroit pour dormir avec ma fille", True),
    ("ary", "فين نقدر نبات أنا و بنتي", True),
    ("fr", "je cherche un endroit pour dormir avec mes enfants", True),
    ("ar", "أبحث عن مكان للمبيت مع أطفالي", True),
    ("ary", "فين نقدر نبات أنا و ولادي", True),
])
async def test_a_bed_asked_with_ones_child_gets_the_answer_for_parents_with_children(
        language: str, text: str, with_child: bool) -> None:
    reply, _, _, _ = await answered(tracker(text, SHELTER, language=language, confidence=0.99))
    children = say(f"questions.{SHELTER}.with_children.answer", language)[0]
    assert (children in reply) is with_child
    if not with_child:
        # With a friend, the bed for the day the words name ("lyoum", "tonight": actions/named_details.py, session 18).
        assert reply[0] == say(f"questions.{SHELTER}.tonight.answer", language)[0]

