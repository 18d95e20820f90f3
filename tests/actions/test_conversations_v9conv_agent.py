"""The classes of conversations_dev_v9 through the trained agent and the real pipeline, in other words than the set's:
the other one away to "is it safe?", the numbers after a child, the women's line, a phone taken told after a
disclosure, a rights question about a spouse."""
from __future__ import annotations

from typing import Any

import pytest

from tests.actions.agent_harness import Conversation, say, texts

pytestmark = pytest.mark.model


@pytest.mark.parametrize(("language", "disclosure", "away"), [
    ("en", "my madam slaps me and locks the door when she goes out", "its fine she is not at home"),
    ("ary_latn", "l m3alem kaydrebni w makaykhlesnich", "la, hiya makaynach daba"),
    ("ar", "المشغلة تضربني وتغلق الباب علي", "لا، ليست في البيت الآن"),
])
async def test_the_other_one_away_to_is_it_safe_brings_the_offer(actions_agent: Any, language: str, disclosure: str,
                                                                 away: str) -> None:
    person = Conversation(actions_agent)
    assert texts(await person.say(disclosure)) == say("disclosure", language) + say("safe_to_talk", language)
    assert texts(await person.say(away)) == say("offer_human", language)


@pytest.mark.parametrize(("language", "child", "who"), [
    ("en", "the boy next door is 11 and he works all day in a garage, they beat him", "who should i phone for him"),
    ("ar", "ابن جيراننا عمره 11 سنة يعمل في ورشة ويضربونه", "بمن أتصل من أجله؟"),
    ("ary_latn", "wld jarna 3ndo 11 3am kaykhdem f garage w kaydrbouh", "chkoun n3iyet lih 3lih?"),
])
async def test_the_numbers_asked_for_after_a_child_start_with_the_childrens_line(
        actions_agent: Any, language: str, child: str, who: str) -> None:
    person = Conversation(actions_agent)
    await person.say(child)
    reply = texts(await person.say(who))
    assert reply[0] == say("child.numbers_first", language)[0]
    assert say("answers.ask_hotline", language)[0] in reply


@pytest.mark.parametrize(("language", "numbers", "women"), [
    ("en", "which numbers can i call", "and for women?"),
    ("ar", "ما هي أرقام المساعدة؟", "وللنساء؟"),
])
async def test_the_womens_number_right_after_the_numbers(actions_agent: Any, language: str, numbers: str,
                                                         women: str) -> None:
    person = Conversation(actions_agent)
    assert texts(await person.say(numbers))[0] == say("answers.ask_hotline", language)[0]
    assert texts(await person.say(women)) == say("women_line", language)


async def test_a_phone_taken_told_after_the_disclosure_is_heard_not_the_same_block_again(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("المعلم كيضربني و ما كيخلصنيش")
    reply = texts(await person.say("لا، شد ليا التيليفون، هادا ديال صاحبتي"))
    assert reply[0] == say("disclosure_more", "ary")[0]
    assert not set(reply) & set(say("disclosure", "ary"))
    assert "isolation" in person.case()["indicators"]


@pytest.mark.parametrize(("language", "text"), [
    ("en", "my husband works on a farm and the boss keeps his passport, is he allowed to?"),
    ("ary", "راجلي خدام ف الفيرمة، الباطرون شد ليه الباسبور، واش عندو الحق؟"),
])
async def test_a_spouse_asking_whether_they_may_keep_the_passport_gets_that_answer(actions_agent: Any, language: str,
                                                                                   text: str) -> None:
    person = Conversation(actions_agent)
    reply = texts(await person.say(text))
    # Asked for a spouse: the disclosure's words for the one asking (actions/someone_else.py), then the answer.
    assert reply[:2] == say("disclosure_someone_else", language)
    assert say("questions.ask_rights.passport_kept.answer", language)[0] in reply


async def test_a_phone_taken_told_in_arabizi_after_the_disclosure_is_heard_in_one_line(actions_agent: Any) -> None:
    person = Conversation(actions_agent)
    await person.say("kankhdem 14 sa3a f nhar w lpatron ma kaykhlesnich")
    reply = texts(await person.say("la, dda lia tilifoni, hada dyal khti"))
    assert reply[0] == say("disclosure_more", "ary_latn")[0]
    assert not set(reply) & set(say("disclosure", "ary_latn"))
