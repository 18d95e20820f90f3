"""Classes found on evaluation/conversations_dev_v11 (no model), in other words than the set's: a goodbye that shares
a word with "more" ("à plus", see you) against "more" asked."""
from __future__ import annotations

import pytest

from actions.answers import ActionGoodbye, ActionShowMenu
from tests.actions.test_context import EARLIER_TURN, answered_before, run, say, tracker
from tests.actions.test_conversations_v7conv import ranked

MORE_READ = [("ask_menu/more", 0.85), ("none", 0.1)]


def after_shelter(text: str, intent: str, confidence: float) -> object:
    state = tracker(text, intent, language="fr", confidence=confidence,
                    ranking=[(intent, confidence), ("ask_menu", 0.15)],
                    before=EARLIER_TURN + answered_before("ask_shelter", "fr"), last_topic="ask_shelter")
    state.latest_message["sub_question_ranking"] = ranked(*MORE_READ)
    return state


# -- "à plus tard" (see you later) is a goodbye though its "plus" reads as "more"; "plus" asked is more

@pytest.mark.parametrize("text", ["bon, à plus tard", "ok a plus"])
async def test_a_sure_goodbye_with_plus_is_a_goodbye(text: str) -> None:
    texts, _, _, _ = await run(ActionGoodbye(), after_shelter(text, "goodbye", 0.8))
    assert texts == say("goodbye", "fr")


async def test_an_unsure_goodbye_read_as_more_is_more() -> None:
    texts, _, _, _ = await run(ActionGoodbye(), after_shelter("plus stp, au revoir", "goodbye", 0.4))
    assert texts == say("details.ask_shelter", "fr")


async def test_more_asked_in_its_own_words_is_more() -> None:
    texts, _, _, _ = await run(ActionShowMenu(), after_shelter("dites-m'en plus", "ask_menu", 0.7))
    assert texts == say("details.ask_shelter", "fr")
