"""Through the trained agent (issue 11, classes found on evaluation/conversations_dev_v6, in other words): a passport
kept is not a lost one when going home is asked; a number asked right after the numbers gets them again; being sent
back, asked after telling of one's situation, is the victim's protection."""
from __future__ import annotations

from typing import Any

import pytest

from tests.actions.agent_harness import Conversation, say, texts

DOCUMENTS = "questions.ask_voluntary_return.documents.answer"
LOST = "questions.ask_voluntary_return.lost_passport.answer"


async def test_a_passport_kept_and_going_home_in_one_message_gets_the_disclosure_and_the_documents(
        actions_agent: Any) -> None:
    reply = texts(await Conversation(actions_agent).say("my boss keeps my passport, can I still go home?"))
    assert say("disclosure", "en")[0] in reply
    assert say(DOCUMENTS, "en")[0] in reply and say(LOST, "en")[0] not in reply


async def test_a_lost_passport_is_still_lost(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("I want to go back to Ghana")
    assert say(LOST, "en")[0] in texts(await person.say("but my passport got lost last year"))


@pytest.mark.parametrize(("language", "told", "question"), [
    ("fr", "mon patron a confisqué mon passeport", "si je le dénonce, je risque d'être expulsée du Maroc ?"),
    ("en", "my boss took my papers and doesn't pay me", "if I report them, could I be deported?"),
])
async def test_being_sent_back_asked_after_telling_is_the_victims_protection(
        actions_agent: Any, language: str, told: str, question: str) -> None:
    person = Conversation(actions_agent)
    await person.say(told)
    assert say("questions.ask_rights.protection.answer", language)[0] in texts(await person.say(question))


async def test_a_number_asked_right_after_the_numbers_gets_them_again(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    first = texts(await person.say("which numbers can I call for help?"))
    assert first[0] == say("answers.ask_hotline", "en")[0]
    assert texts(await person.say("is there a number for women?")) == say("answers.ask_hotline", "en")[:1]
