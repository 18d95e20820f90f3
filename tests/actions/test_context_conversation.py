"""Context that never traps, through the trained agent and the real pipeline: whole conversations."""
from __future__ import annotations

from typing import Any

import pytest

from bot.settings import get_settings
from tests.actions.agent_harness import Conversation, buttons, say, texts

pytestmark = pytest.mark.model


async def test_a_first_message_that_says_nothing_gets_the_greeting_and_the_menu(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    reply = await person.say("😢")
    language = get_settings().default_language
    assert texts(reply) == say("greet", language) + say("menu_prompt", language)
    assert buttons(reply)[0] == "/ask_rights"


async def test_later_then_back_the_safety_question_once_and_the_offer_returns(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("hello")
    reply = await person.say("my boss took my passport and has not paid me for 4 months")
    assert texts(reply) == say("disclosure", "en") + say("safe_to_talk", "en")
    assert texts(await person.say("not now")) == say("safe_later", "en")
    # Another disclosure: heard in one short line with the answer for what it tells (wages kept back, since session
    # 15), and not the safety question again.
    reply = await person.say("and he keeps all my money")
    assert texts(reply) == say("disclosure_more", "en") + say("questions.ask_rights.unpaid_wages.answer", "en")
    # Back, and alone: the offer of a person comes back.
    reply = await person.say("I'm alone now")
    assert texts(reply) == say("offer_human", "en")
    assert texts(await person.say("yes"))[0] == say("human_accepted_off_duty", "en")[0]  # nobody on duty here
    assert person.case()["consent"] == "yes"


async def test_a_disclosure_while_deletion_is_asked_deletes_nothing(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("bonjour")
    assert texts(await person.say("effacer mes données")) == say("delete_confirm", "fr")
    reply = await person.say("oui, et mon patron a pris mon passeport")
    assert texts(reply)[: len(say("disclosure", "fr"))] == say("disclosure", "fr")
    assert await person.tracker() is not None                  # nothing was erased
    assert "retention_of_documents" in person.case()["indicators"]
    # The deletion question was left behind: this "yes" answers "is it safe to write now?".
    assert texts(await person.say("oui")) == say("offer_human", "fr")
    assert await person.tracker() is not None


async def test_the_same_topic_twice_in_a_row_gets_a_short_line_then_thanks_with_a_question(
        actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("salam")
    reply = await person.say("بغيت نرجع لبلادي")
    assert texts(reply)[0] == say("answers.ask_voluntary_return", "ary")[0]
    reply = await person.say("بغيت نرجع لبلادي")
    assert texts(reply) == say("answer_again", "ary")
    assert "/request_human" in buttons(reply)
    # Thanks, with a question in the same message: the question is answered, with its own answer.
    reply = await person.say("شكرا، وشكون كيخلص التذكرة؟")
    assert texts(reply)[0] == say("questions.ask_voluntary_return.who_pays.answer", "ary")[0]


async def test_after_the_numbers_i_cannot_call_gets_silent_options_then_where_to_go(actions_agent: Any) -> None:
    # Issue 11 item 6, through the trained model: nobody is on duty in this test's desk.
    person = Conversation(actions_agent)
    reply = await person.say("help me he is beating me right now")
    assert texts(reply)[: len(say("emergency", "en"))] == say("emergency", "en")
    reply = await person.say("I can't call, he will hear me")
    assert texts(reply) == (say("danger_followup.cant_call", "en") + say("danger_followup.off_duty", "en")
                            + say("danger_followup.numbers", "en"))
    reply = await person.say("where do I go?")
    assert texts(reply)[0] == say("danger_followup.where_to_go", "en")[0]
    assert person.case()["priority"] == "urgent"


async def test_a_child_in_darija_gets_the_children_s_line(actions_agent: Any) -> None:
    # Issue 11 items 5 and 8, Darija in Latin letters: the child's words, in Latin letters too.
    person = Conversation(actions_agent)
    reply = await person.say("3andi 15 3am o lm3alem kaydrebni")
    assert texts(reply)[: len(say("child.disclosure", "ary_latn"))] == say("child.disclosure", "ary_latn")
    assert "minor" in person.case()["indicators"]
