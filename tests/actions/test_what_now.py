""""What should I do?" after telling of one's situation gets the options, and "ok" as a first message opens the
conversation (issue 11, items 3 and 9), through the trained agent and the real pipeline, with contrasts."""
from __future__ import annotations

from typing import Any

import pytest

from bot.settings import get_settings
from tests.actions.agent_harness import Conversation, say, texts

pytestmark = pytest.mark.model


@pytest.mark.parametrize("language, opening, told, what_now", [
    ("en", "hello", "a woman brought me here for a salon job, now I clean her house and she says I owe her 5000 euros",
     "what should I do"),
    ("fr", "bonjour", "mon patron garde mon passeport et ne me paie pas depuis 3 mois", "que dois-je faire ?"),
    ("ar", "مرحبا", "صاحب العمل يأخذ جواز سفري ولا يدفع لي منذ أشهر", "ماذا أفعل؟"),
])
async def test_what_should_i_do_after_telling_gets_the_options(actions_agent: Any, language: str, opening: str,
                                                                 told: str, what_now: str) -> None:
    person = Conversation(actions_agent)
    await person.say(opening)
    reply = await person.say(told)
    assert texts(reply)[-1] == say("safe_to_talk", language)[0]
    assert texts(await person.say(what_now)) == say("what_now", language)
    # The question asked before is still open: a yes now answers it.
    assert texts(await person.say(say("buttons.yes", language)[0])) == say("offer_human", language)


async def test_what_can_i_do_with_nothing_told_gets_the_menu(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("hello")
    assert texts(await person.say("what can I do")) == say("menu_prompt", "en")


async def test_more_after_a_topic_keeps_its_details_after_telling(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("my boss keeps my passport")
    await person.say("yes")                               # safe to write now
    reply = await person.say("I want to go back to my country")
    assert texts(reply)[0] == say("answers.ask_voluntary_return", "en")[0]
    assert texts(await person.say("tell me more"))[0] == say("details.ask_voluntary_return", "en")[0]


async def test_what_can_i_do_about_a_child_gets_the_options_and_the_children_s_line(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("hi")
    reply = await person.say("my friend's daughter is 12 and she works as a maid in a house in casablanca")
    assert texts(reply)[: len(say("child.disclosure", "en"))] == say("child.disclosure", "en")
    assert texts(await person.say("what can I do")) == say("what_now", "en") + say("child.line", "en")


# In the likeliest language: "ok" is no language's own word (the default), "yes" and "thanks" are English.
@pytest.mark.parametrize("first, language", [("ok", get_settings().default_language), ("yes", "en"),
                                             ("thanks", "en"), ("wakha", "ary_latn")])
async def test_a_bare_yes_or_thanks_as_first_message_opens_the_conversation(actions_agent: Any, first: str,
                                                                             language: str) -> None:
    person = Conversation(actions_agent)
    reply = await person.say(first)
    assert texts(reply) == say("greet", language) + say("menu_prompt", language)


async def test_ok_after_an_answer_is_only_acknowledged(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("hello")
    await person.say("where can I see a doctor")
    assert texts(await person.say("ok")) == say("affirm", "en")
