"""Classes found on evaluation/conversations_dev_v11 (no model), in other words than the set's: a goodbye that shares
a word with "more" ("à plus", see you) against "more" asked."""
from __future__ import annotations

import pytest

from actions.answers import ActionGoodbye, ActionShowMenu
from tests.actions.test_context import EARLIER_TURN, answered_before, run, say, topic_action, tracker
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


# -- going home asked with a disclosure of documents kept: the documents' answer, whichever passport question the
# sub-question classifier leant to; a passport lost (nothing kept) is still the lost passport's

KEPT = {"escalate": True, "priority": "normal", "indicators": ["retention_of_documents"], "danger": False}


@pytest.mark.parametrize(("text", "risk", "sub", "expected"), [
    ("the lady i work for holds my passport, may i travel home?", KEPT,
     [("ask_rights/passport_kept", 0.5), ("ask_voluntary_return/lost_passport", 0.4)],
     "questions.ask_voluntary_return.documents.answer"),
    ("the lady i work for holds my passport, may i travel home?", KEPT, [("none", 0.8)],
     "answers.ask_voluntary_return"),   # read as asking no detail: the topic's short answer
    ("i lost my passport, may i travel home?", None,
     [("ask_voluntary_return/lost_passport", 0.8), ("ask_rights/passport_kept", 0.1)],
     "questions.ask_voluntary_return.lost_passport.answer"),
])
async def test_going_home_with_the_passport_kept_gets_the_documents(text: str, risk: dict | None,
                                                                    sub: list[tuple[str, float]],
                                                                    expected: str) -> None:
    state = tracker(text, "ask_voluntary_return", risk=risk, confidence=0.6,
                    ranking=[("ask_voluntary_return", 0.6), ("disclose_exploitation", 0.35)])
    state.latest_message["sub_question_ranking"] = ranked(*sub)
    texts, _, _, _ = await run(topic_action("ask_voluntary_return"), state)
    assert say(expected)[0] in texts
