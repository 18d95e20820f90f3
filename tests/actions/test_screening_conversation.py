"""The screening through the trained agent and the real pipeline: whole conversations, then the case officers see."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from actions.screening_answers import QUESTION_SLOTS
from bot.conversation.content import content_for
from bot.settings import get_settings
from tests.actions.agent_harness import Conversation, buttons, load_agent, texts

pytestmark = pytest.mark.model
FOUR_BUTTONS = ["/affirm", "/deny", "/skip_question", "/stop_screening"]


# The session's `agent` only parses; this one also runs the actions (in this process, see agent_harness).
@pytest.fixture(scope="module")
def actions_agent(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield load_agent(trained_model, tmp_path_factory.mktemp("screening_agent"))


def say(key: str, language: str) -> list:
    return content_for(get_settings()).messages(key, language)


def question(name: str, language: str) -> list:
    return say(f"screening.questions.{name}", language)


async def test_after_accepting_a_person_the_questions_add_indicators_to_the_case(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    reply = await person.say("my boss took my passport")
    assert texts(reply)[-1:] == say("safe_to_talk", "en")  # is it safe to write? comes first
    assert texts(await person.say("/affirm")) == say("offer_human", "en")
    reply = await person.say("yes")
    # Nobody is on duty in the desk here: no promise of an answer soon.
    assert texts(reply) == say("human_accepted_off_duty", "en") + say("screening.offer", "en")
    reply = await person.say("yes")
    assert texts(reply) == say("screening.intro", "en") + question("documents", "en")
    assert buttons(reply) == FOUR_BUTTONS
    assert texts(await person.say("yes")) == question("wages", "en")
    assert texts(await person.say("/skip_question")) == question("debt", "en")   # skip moves on
    assert texts(await person.say("no")) == question("free_to_leave", "en")
    assert texts(await person.say("no")) == question("threats", "en")          # not free to leave
    assert texts(await person.say("/deny")) == question("minor", "en")
    reply = await person.say("/deny")
    assert texts(reply) == say("screening.done", "en")
    assert buttons(reply)[0] == "/ask_rights"  # the menu
    # The case officers see: the disclosure's indicators and the screening's, with the consent.
    case = person.case()
    assert case["indicators"] == ["restriction_of_movement", "retention_of_documents"]
    assert (case["priority"], case["consent"]) == ("high", "yes")
    tracker = await person.tracker()
    assert tracker.active_loop_name is None
    assert all(tracker.get_slot(slot) is None for slot in QUESTION_SLOTS)  # counted, then emptied


async def test_asked_for_in_french_safe_first_then_stop_ends_it_at_once(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("bonjour")
    reply = await person.say("posez-moi les questions")
    assert texts(reply) == say("safe_to_talk", "fr")
    reply = await person.say("oui")
    assert texts(reply) == say("screening.intro", "fr") + question("documents", "fr")
    assert texts(await person.say("je ne sais pas")) == question("wages", "fr")  # typed skip
    assert texts(await person.say("oui")) == question("debt", "fr")
    reply = await person.say("stop")
    assert texts(reply) == say("screening.stopped", "fr") + say("screening.done", "fr")
    assert person.case()["indicators"] == ["withholding_of_wages"]
    # The form is over: a "yes" now is small talk, not an answer.
    assert texts(await person.say("oui")) == say("affirm", "fr")


async def test_danger_in_the_middle_gets_the_emergency_numbers_first_in_darija(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("salam, kidayr labas?")   # arabizi: answered in Latin letters
    assert texts(await person.say("/start_screening")) == say("safe_to_talk", "ary_latn")
    reply = await person.say("/affirm")
    assert texts(reply) == say("screening.intro", "ary_latn") + question("documents", "ary_latn")
    assert texts(await person.say("ah")) == question("wages", "ary_latn")
    reply = await person.say("3tiwni lbolis daba rah kaydrebni b mous")
    assert texts(reply)[0] == say("emergency", "ary_latn")[0]
    assert not any(t in texts(reply) for name in ("debt", "wages") for t in question(name, "ary_latn"))
    tracker = await person.tracker()
    assert tracker.active_loop_name is None  # no more questions after danger
    case = person.case()
    assert case["priority"] == "urgent" and "retention_of_documents" in case["indicators"]


async def test_deleting_my_data_in_the_middle_in_arabic(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("مرحبا")
    await person.say("/start_screening")
    reply = await person.say("/affirm")
    assert texts(reply) == say("screening.intro", "ar") + question("documents", "ar")
    assert texts(await person.say("لا")) == question("wages", "ar")
    assert texts(await person.say("أريد حذف كل رسائلي")) == say("delete_confirm", "ar")
    # The form gave way: this "yes" confirms the deletion, it does not answer a question.
    assert texts(await person.say("نعم")) == say("deleted", "ar")
    assert await person.tracker() is None


async def test_the_exit_word_in_the_middle_wipes_everything(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("hello")
    await person.say("/start_screening")
    await person.say("/affirm")
    assert texts(await person.say("yes")) == question("wages", "en")
    assert texts(await person.say("0000")) == say("exit_reply", "en")
    assert await person.tracker() is None and person.case() == {}
    # A new start: no form waiting for an answer.
    assert texts(await person.say("hello"))[0] == say("greet", "en")[0]
