""""And if I have no money?" right after a topic is that topic's cost question, never unpaid wages (issue 11), through
the trained agent and the real pipeline; wording not in the training lines, with a contrast."""
from __future__ import annotations

from typing import Any

import pytest

from tests.actions.agent_harness import Conversation, say, texts

pytestmark = pytest.mark.model


@pytest.mark.parametrize("language, topic_question, topic, money, answer", [
    ("fr", "je veux rentrer chez moi au cameroun", "answers.ask_voluntary_return", "et si je n'ai pas d'argent ?",
     "questions.ask_voluntary_return.who_pays.answer"),
    ("en", "where can I see a doctor", "answers.ask_health", "and what if I don't have any money?",
     "questions.ask_health.free_care.answer"),
    ("ary_latn", "bghit nrje3 l bladi", "answers.ask_voluntary_return", "w ila makanch 3ndi lflous?",
     "questions.ask_voluntary_return.who_pays.answer"),
])
async def test_no_money_after_a_topic_is_its_cost(actions_agent: Any, language: str, topic_question: str, topic: str,
                                                 money: str, answer: str) -> None:
    person = Conversation(actions_agent)
    assert texts(await person.say(topic_question))[0] == say(topic, language)[0]
    assert texts(await person.say(money))[0] == say(answer, language)[0]


async def test_no_money_because_the_boss_does_not_pay_is_told_not_asked(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("je veux rentrer chez moi au cameroun")
    reply = await person.say("mon patron ne me paie pas depuis 4 mois, je n'ai pas d'argent")
    assert texts(reply)[: len(say("disclosure", "fr"))] == say("disclosure", "fr")
