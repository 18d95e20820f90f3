""""Is this normal?" after telling of one's situation is a rights question (issue 11, items 3 and 4): it was read as
a greeting, "OK" or a question about the bot. Through the trained agent and the real pipeline."""
from __future__ import annotations

from typing import Any

import pytest

from tests.actions.agent_harness import Conversation, say, texts

pytestmark = pytest.mark.model


@pytest.mark.parametrize("language, told, normal", [
    ("fr", "on est 20 dans une chambre, le patron nous laisse pas sortir le soir", "c'est normal ?"),
    ("en", "we are 20 in one room and the boss does not let us go out at night", "is this normal?"),
    ("ar", "نحن عشرون في غرفة واحدة وصاحب العمل لا يسمح لنا بالخروج في الليل", "هل هذا طبيعي؟"),
    ("ary", "حنا عشرين فبيت وحدة والباطرون ما كيخليناش نخرجو فالليل", "واش هادشي عادي؟"),
    ("ary_latn", "7na 3echrin f bit wa7da w lpatron ma kaykhellinach nkhrjo f lil", "wach hadchi normal?"),
])
async def test_is_this_normal_after_telling_gets_the_rights_answer(actions_agent: Any, language: str, told: str,
                                                                    normal: str) -> None:
    person = Conversation(actions_agent)
    reply = await person.say(told)
    assert texts(reply)[0] == say("disclosure", language)[0]
    answer = texts(await person.say(normal))
    assert answer[0] == say("answers.ask_rights", language)[0]


@pytest.mark.parametrize("language, normal", [("fr", "c'est normal ?"), ("en", "is this normal?"),
                                              ("ary_latn", "wach hadchi normal?")])
async def test_is_this_normal_as_a_first_message_is_about_rights(actions_agent: Any, language: str,
                                                                 normal: str) -> None:
    person = Conversation(actions_agent)
    assert texts(await person.say(normal))[0] == say("answers.ask_rights", language)[0]
