"""Classes found on conversations_dev_v16 (ar, ary_arabic) and on turns the lead saw, without a model (the classifiers'
guesses are given), in other words than the set's lines: "I can't call" in a rights question with no danger; going home's lost passport and "is this card enough?" in words; "may I go out on
Sunday?" after rights; "is it free?" right after a bed; "my daughter is 3" right after a bed. Each with a contrast that
keeps the other answer."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.answers import ActionOutOfScope
from tests.actions.test_context import EARLIER_TURN, NO_RISK, run, say, topic_action, tracker
from tests.actions.test_conversations_v15conv import ranked


def answered_topic(topic: str, language: str) -> list[dict[str, Any]]:
    """The conversation's events before this message: the previous message was answered with this topic's short
    answer."""
    return [{"event": "user", "text": "...", "parse_data": {"intent": {"name": topic, "confidence": 0.9}}},
            {"event": "action", "name": f"action_answer_{topic.removeprefix('ask_')}"},
            *({"event": "bot", "text": text} for text in say(f"answers.{topic}", language)),
            {"event": "action", "name": "action_listen"}]


def answer(key: str, language: str) -> list[str]:
    return say(key, language)


# -- "I can't call" in a rights question with no danger: safety's answer

@pytest.mark.parametrize(("text", "cant"), [("ولا استطيع الاتصال بالشرطة لانه ليس لدي اقامة", True),
                                            ("اتصلت بالشرطة لكن ليس لدي اقامة", False)])
async def test_i_cant_call_in_a_rights_question_with_no_danger_is_safetys_answer(text: str, cant: bool) -> None:
    state = ranked(tracker(text, "ask_rights", NO_RISK, "ar", last_topic="ask_safety",
                           before=answered_topic("ask_safety", "ar")), "ask_rights/protection", 0.8)
    texts, _, _, _ = await run(topic_action("ask_rights"), state)
    assert (texts[:1] == say("questions.ask_safety.cant_call.answer", "ar")) is cant


# -- going home's papers named in the words

@pytest.mark.parametrize(("text", "sub"), [("جواز سفري ضاع في الطريق، هل استطيع العودة", "lost_passport"),
                                           ("ليس عندي اي وثيقة، هل استطيع العودة", "no_papers")])
async def test_a_lost_passport_named_is_its_question_and_no_papers_stays(text: str, sub: str) -> None:
    state = ranked(tracker(text, "ask_voluntary_return", NO_RISK, "ar", before=EARLIER_TURN),
                   "ask_voluntary_return/no_papers", 0.8)
    texts, _, _, _ = await run(topic_action("ask_voluntary_return"), state)
    assert texts[:1] == say(f"questions.ask_voluntary_return.{sub}.answer", "ar")


@pytest.mark.parametrize(("last", "documents"), [("ask_voluntary_return", True), ("ask_health", False)])
async def test_is_this_card_enough_after_going_home_asks_for_the_documents(last: str, documents: bool) -> None:
    state = ranked(tracker("عندي غير لاكارط ديال القنصلية، واش كتكفي؟", "ask_legal_aid", NO_RISK, "ary",
                           confidence=0.5, last_topic=last, before=answered_topic(last, "ary")),
                   "ask_legal_aid/no_papers", 0.6)
    texts, _, _, _ = await run(topic_action("ask_legal_aid"), state)
    assert (texts[:1] == say("questions.ask_voluntary_return.documents.answer", "ary")) is documents


# -- "may I go out on Sunday?" after rights

@pytest.mark.parametrize(("language", "text", "leaving"), [
    ("ar", "وهل يحق لي الخروج في يوم العطلة", True),
    ("ary", "واش عندي الحق نخرج نهار السبت؟", True),
    ("ary", "wach 3ndi l7a9 nkhrej f nhar l3otla", True),
    ("ar", "وما هي حقوقي الاخرى", False),
])
async def test_going_out_asked_as_a_right_after_rights_is_leaving(language: str, text: str, leaving: bool) -> None:
    state = ranked(tracker(text, "ask_rights", NO_RISK, language, last_topic="ask_rights",
                           before=answered_topic("ask_rights", language)), "none", 0.9)
    texts, _, _, _ = await run(topic_action("ask_rights"), state)
    assert (texts[:1] == say("questions.ask_rights.leaving.answer", language)) is leaving


# -- "is it free?" right after a bed

def after(topic: str, text: str, intent: str, language: str, sub: str) -> Tracker:
    return ranked(tracker(text, intent, NO_RISK, language, confidence=0.5, last_topic=topic,
                          before=answered_topic(topic, language)), sub, 0.7)


@pytest.mark.parametrize(("language", "text"), [("ar", "وهل ذلك مجاني؟"), ("ary", "واش فابور؟"), ("ary", "wach fabor")])
async def test_is_it_free_right_after_a_bed_stays_on_the_bed(language: str, text: str) -> None:
    texts, _, _, _ = await run(topic_action("ask_health"), after("ask_shelter", text, "ask_health", language,
                                                                 "ask_health/free_care"))
    assert not set(texts) & set(say("questions.ask_health.free_care.answer", language))
    assert set(texts) & set(say("answers.ask_shelter", language) + say("answer_again", language))


async def test_is_the_doctor_free_right_after_a_bed_is_healths() -> None:
    texts, _, _, _ = await run(topic_action("ask_health"), after("ask_shelter", "is the doctor free?", "ask_health",
                                                                 "en", "ask_health/free_care"))
    assert texts[:1] == say("questions.ask_health.free_care.answer", "en")


# -- "my daughter is 3" right after a bed

@pytest.mark.parametrize(("language", "text", "intent"), [("ar", "ابنتي عمرها اربع سنوات", "out_of_scope"),
                                                          ("ary", "بنتي عندها 3 سنين", "ask_health"),
                                                          ("ary", "bnti 3ndha 2 snin", "ask_health")])
async def test_ones_child_named_right_after_a_bed_is_the_bed_with_children(language: str, text: str,
                                                                           intent: str) -> None:
    action = ActionOutOfScope() if intent == "out_of_scope" else topic_action(intent)
    texts, _, _, _ = await run(action, after("ask_shelter", text, intent, language, "none"))
    assert texts[:1] == say("questions.ask_shelter.with_children.answer", language)


@pytest.mark.parametrize(("topic", "text"), [("ask_shelter", "bnti 3ndha 3 snin o 3ndha skhana, fin ndiha l tbib"),
                                             ("ask_rights", "bnti 3ndha 3 snin")])
async def test_a_child_named_with_a_health_question_or_after_rights_is_no_bed(topic: str, text: str) -> None:
    texts, _, _, _ = await run(topic_action("ask_health"), after(topic, text, "ask_health", "ary", "none"))
    assert texts[:1] != say("questions.ask_shelter.with_children.answer", "ary")
