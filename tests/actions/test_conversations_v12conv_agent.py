"""Classes found on conversations_dev_v12 and noticed by the lead (issue 11), through the trained agent and the real
pipeline, in other words than the set's lines: a place for women after the shelter's answer, a man's question stays
the men's, a cough and "where can I see a doctor" (the free doctor asked in words keeps the cost's answer)."""
from __future__ import annotations

from typing import Any

import pytest

from tests.actions.agent_harness import Conversation, say, texts

pytestmark = pytest.mark.model


async def test_a_place_for_women_after_the_shelter_answer_is_not_the_men_s_answer(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("bonsoir, je cherche un endroit où dormir")
    reply = texts(await person.say("merci, et il y a un foyer pour les femmes ?"))
    assert reply[0] == say("shelter_for_women", "fr")[0]
    assert not set(reply) & set(say("questions.ask_shelter.for_men.answer", "fr"))


async def test_a_man_asking_about_a_place_for_men_still_gets_the_men_s_answer(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("bonsoir, je cherche un endroit où dormir")
    reply = texts(await person.say("et pour un homme seul, il y a un foyer ?"))
    assert reply[0] == say("questions.ask_shelter.for_men.answer", "fr")[0]


async def test_a_cough_and_where_to_see_a_doctor_is_the_health_answer_not_free_care(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    reply = texts(await person.say("bad cough since a week, where can i see a doctor?"))
    assert reply[0] == say("answers.ask_health", "en")[0]


async def test_a_cough_and_a_free_doctor_is_the_free_care_answer(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    reply = texts(await person.say("bad cough since a week, where can i see a doctor for free?"))
    assert reply[0] == say("questions.ask_health.free_care.answer", "en")[0]
