"""Classes found on conversations_dev_v11, through the trained agent and the real pipeline, in other words than the
set's lines and the training lines: the return office asked with "where ... go", papers asked bare after health,
wanting to go home said without any question (then the ticket asked), "marhaban" in Latin letters, "à plus" as a
goodbye against "plus" as more, "and after?" in arabizi after a topic, thanks and a question in one message."""
from __future__ import annotations

from typing import Any

import pytest

from tests.actions.agent_harness import Conversation, say, texts

pytestmark = pytest.mark.model


async def test_where_to_go_for_the_office_after_going_home_is_the_offices_answer(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("i would like to return to my country, sierra leone")
    reply = texts(await person.say("the office i need to go to, where is it"))
    assert reply[0] == say("questions.ask_voluntary_return.offices.answer", "en")[0]


async def test_papers_asked_bare_after_health_stay_on_health(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("i have a strong toothache for days")
    reply = texts(await person.say("and what if i have got no papers"))
    assert reply[0] == say("questions.ask_health.no_papers.answer", "en")[0]


async def test_wanting_to_go_home_gets_the_short_answer_then_the_ticket_its_own(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    first = texts(await person.say("bonjour, je voudrais bien rentrer au pays"))
    assert first[0] == say("answers.ask_voluntary_return", "fr")[0]
    second = texts(await person.say("et le billet, qui le paye ?"))
    assert second[0] == say("questions.ask_voluntary_return.who_pays.answer", "fr")[0]


async def test_marhaban_alone_is_greeted_in_latin_darija_and_after_hello_it_is_no_bare_ok(actions_agent: Any) -> None:
    first = Conversation(actions_agent)
    reply = texts(await first.say("marhaban"))
    assert reply == say("greet", "ary_latn") + say("menu_prompt", "ary_latn")
    second = Conversation(actions_agent)
    await second.say("hi")
    again = texts(await second.say("marhaban"))
    assert again and again[0] != say("affirm", "en")[0]


@pytest.mark.parametrize(("message", "key"), [("allez, à plus tard alors", "goodbye"),
                                              ("j'en veux plus, dites-moi", "details.ask_shelter")])
async def test_a_plus_is_a_goodbye_and_plus_asked_is_more(actions_agent: Any, message: str, key: str) -> None:
    person = Conversation(actions_agent)
    await person.say("je cherche un foyer pour dormir")
    reply = texts(await person.say(message))
    assert reply[0] == say(key, "fr")[0]


async def test_and_after_in_arabizi_after_a_topic_is_more_not_a_bed_for_men(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("bghit n3ref l7o9o9 dyali f lkhdma")
    reply = texts(await person.say("ok, w mn ba3d?"))
    assert reply[0] == say("details.ask_rights", "ary_latn")[0]


@pytest.mark.parametrize(("language", "opening", "thanks_and_question", "key"), [
    ("fr", "je veux repartir chez moi au burkina", "merci bien. et ça prend combien de semaines ?",
     "questions.ask_voluntary_return.how_long.answer"),
    ("en", "i need a lawyer for my case against my boss", "thank you. and is the lawyer free of charge?",
     "questions.ask_legal_aid.free.answer"),
])
async def test_thanks_and_a_question_in_one_message_gets_the_question_s_answer(
        actions_agent: Any, language: str, opening: str, thanks_and_question: str, key: str) -> None:
    person = Conversation(actions_agent)
    await person.say(opening)
    reply = texts(await person.say(thanks_and_question))
    assert reply[0] == say(key, language)[0]
