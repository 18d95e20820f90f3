"""Answers at the grain of the question, through the trained agent and the real pipeline: whole conversations."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from actions.subquestions import MORE, payload
from bot.conversation.content import content_for
from bot.settings import get_settings
from tests.actions.agent_harness import Conversation, buttons, load_agent, texts

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def actions_agent(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield load_agent(trained_model, tmp_path_factory.mktemp("subquestions_agent"))


def say(key: str, language: str) -> list[str]:
    return content_for(get_settings()).messages(key, language)


def sub(topic: str, question: str, language: str) -> str:
    return say(f"questions.{topic}.{question}.answer", language)[0]


async def test_short_first_then_follow_ups_get_their_own_answer(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    reply = await person.say("I want to go back to my country")
    first = texts(reply)[0]
    assert first == say("answers.ask_voluntary_return", "en")[0] and len(first) <= 320
    assert payload("ask_voluntary_return", "who_pays") in buttons(reply)
    assert payload("ask_voluntary_return", MORE) in buttons(reply)
    # Follow-ups, also without the topic's words.
    assert texts(await person.say("who pays the ticket?")) == [sub("ask_voluntary_return", "who_pays", "en")]
    assert texts(await person.say("how long does it take?")) == [sub("ask_voluntary_return", "how_long", "en")]
    assert texts(await person.say("I lost my passport")) == [sub("ask_voluntary_return", "lost_passport", "en")]
    # Details on request.
    reply = await person.say("tell me more")
    assert texts(reply) == say("details.ask_voluntary_return", "en")
    assert payload("ask_voluntary_return", MORE) not in buttons(reply)


async def test_a_repeated_topic_offers_its_sub_questions_instead_of_the_same_block(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("what are my rights")
    reply = await person.say("what are my rights")
    assert texts(reply) == say("answer_again", "en")
    assert payload("ask_rights", "domestic_contract") in buttons(reply) and "/request_human" in buttons(reply)
    # A tapped sub-question, then the same one again: not sent twice in a row either.
    tapped = payload("ask_rights", "domestic_contract")
    assert texts(await person.say(tapped)) == [sub("ask_rights", "domestic_contract", "en")]
    reply = await person.say(tapped)
    assert texts(reply) == say("answer_again", "en") and tapped not in buttons(reply)


@pytest.mark.parametrize("language, topic_message, follow_up, topic, question", [
    ("en", "what are my rights", "does a maid get a contract?", "ask_rights", "domestic_contract"),
    ("en", "I need legal help", "is the lawyer free?", "ask_legal_aid", "free"),
    ("fr", "je veux rentrer chez moi", "qui paie le billet ?", "ask_voluntary_return", "who_pays"),
    ("fr", "quels sont mes droits", "une bonne a droit à un contrat ?", "ask_rights", "domestic_contract"),
    ("ar", "أريد العودة إلى بلدي", "كم من الوقت يستغرق ذلك؟", "ask_voluntary_return", "how_long"),
    ("ary", "بغيت نرجع لبلادي", "شكون كيخلص التذكرة؟", "ask_voluntary_return", "who_pays"),
    ("ary_latn", "bghit nrje3 l bladi", "ch7al kayakhod dlwa9t?", "ask_voluntary_return", "how_long"),
    ("ary_latn", "bghit n3ref l7o9o9 dyali", "wach lkhdama 3ndha l7e9 f contrat?", "ask_rights", "domestic_contract"),
])
async def test_follow_ups_in_every_language(actions_agent: Any, language: str, topic_message: str, follow_up: str,
                                            topic: str, question: str) -> None:
    person = Conversation(actions_agent)
    assert texts(await person.say(topic_message))[0] == say(f"answers.{topic}", language)[0]
    assert texts(await person.say(follow_up)) == [sub(topic, question, language)]


async def test_a_disclosure_after_a_topic_keeps_priority(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("I want to go back to my country")
    reply = await person.say("my boss took my passport and has not paid me for 4 months")
    assert texts(reply)[: len(say("disclosure", "en"))] == say("disclosure", "en")
    assert "retention_of_documents" in person.case()["indicators"]


async def test_danger_during_a_follow_up_gets_the_numbers_first(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("how can I stay safe")
    reply = await person.say("help he is beating me now, I am locked in")
    assert texts(reply)[0] == say("emergency", "en")[0]
