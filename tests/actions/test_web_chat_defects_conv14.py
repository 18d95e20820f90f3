"""Defects found talking to the web chat as a new user (issue 11), without a model (the classifiers' guesses are given),
in other words than the lead's where a rule is general: "is it safe there?" right after the shelter's
answer; working without papers; a crossing offered for money, then "and if I don't pay?"; "no, I am alone" to "is it
safe to write now?"; another person's case told; the phone taken, not checked. Each with a contrast that keeps the
other answer."""
from __future__ import annotations

from typing import Any

import pytest

from actions.answers import ActionOutOfScope
from actions.conversation import ActionDeny
from actions.escalation import ActionDisclosure
from tests.actions.test_context import DOCUMENTS, EARLIER_TURN, run, say, topic_action, tracker
from tests.actions.test_conversations_v9conv import with_sub

ISOLATION = {"escalate": True, "priority": "normal", "indicators": ["isolation"], "danger": False}


def answered_with(texts: list[str], language: str) -> list[dict[str, Any]]:
    """The conversation's events before this message: a message answered with these texts."""
    return [{"event": "user", "text": "...", "parse_data": {"intent": {"name": "out_of_scope", "confidence": 0.5}}},
            {"event": "action", "name": "action_out_of_scope"},
            *({"event": "bot", "text": text} for text in texts),
            {"event": "action", "name": "action_listen"}]


# -- item 3: "is it safe there?" right after the shelter's answer is about the shelter

SAFE_THERE = "followups.shelter_safe"


@pytest.mark.parametrize(("language", "text", "intent", "expected"), [
    ("en", "is it safe there?", "ask_safety", SAFE_THERE), ("fr", "c'est sûr là-bas ?", "ask_safety", SAFE_THERE),
    ("ar", "هل المكان آمن هناك؟", "ask_safety", SAFE_THERE), ("ary", "واش آمن تما؟", "ask_safety", SAFE_THERE),
    ("en", "is it safe?", "ask_safety", SAFE_THERE),
])
async def test_a_follow_up_right_after_the_shelter_is_about_the_shelter(language: str, text: str, intent: str,
                                                                        expected: str) -> None:
    state = tracker(text, intent, language=language, confidence=0.5, before=EARLIER_TURN, last_topic="ask_shelter")
    if language == "ary_latn":
        state.latest_message["metadata"]["script"] = "latn"
    texts, _, _, _ = await run(topic_action(intent), state)
    assert texts[0] == say(expected, language)[0]


@pytest.mark.parametrize(("text", "last_topic"), [
    ("is it safe there?", "ask_health"),                  # not after the shelter's answer: the safety answer
    ("is it safe to write to you about my boss?", "ask_shelter"),   # a longer question of safety, no place named
])
async def test_a_question_of_safety_otherwise_keeps_the_safety_answer(text: str, last_topic: str) -> None:
    state = tracker(text, "ask_safety", confidence=0.45, before=EARLIER_TURN, last_topic=last_topic)
    texts, _, _, _ = await run(topic_action("ask_safety"), state)
    assert texts[0] == say("answers.ask_safety")[0]


# -- item 2: working without papers is a rights question, not going home's

@pytest.mark.parametrize(("language", "text"), [
    ("ar", "هل يمكنني العمل في المغرب بدون أوراق؟"), ("en", "can I work here without papers?"),
    ("fr", "est-ce que je peux travailler sans papiers ?"), ("ary_latn", "wach n9der nkhdem bla wra9?"),
])
async def test_working_without_papers_is_answered_honestly(language: str, text: str) -> None:
    state = with_sub(tracker(text, "ask_voluntary_return", language=language, confidence=0.26),
                     ("ask_voluntary_return/no_papers", 0.7), ("none", 0.2))
    texts, _, _, _ = await run(topic_action("ask_voluntary_return"), state)
    assert texts == say("followups.work_no_papers", language)


async def test_going_home_without_papers_keeps_going_home_s_answer() -> None:
    state = with_sub(tracker("هل يمكنني العودة إلى بلدي بدون أوراق؟", "ask_voluntary_return", language="ar",
                             confidence=0.9), ("ask_voluntary_return/no_papers", 0.9), ("none", 0.05))
    texts, _, _, _ = await run(topic_action("ask_voluntary_return"), state)
    assert texts[0] == say("questions.ask_voluntary_return.no_papers.answer", "ar")[0]


# -- item 5: a crossing offered for money, then "and if I don't pay?"

@pytest.mark.parametrize(("language", "text"), [
    ("ary_latn", "wa7d bgha ydini f lbato b 2000 euro"), ("en", "a man says he can take me on a boat for 2000 euros"),
    ("fr", "un passeur veut me faire traverser pour 2000 euros"), ("ary", "واحد بغا يديني فالباطو ب 2000 أورو"),
])
async def test_a_crossing_offered_for_money_gets_the_debt_warning(language: str, text: str) -> None:
    texts, _, _, _ = await run(ActionOutOfScope(), tracker(text, "out_of_scope", language=language, confidence=0.48,
                                                           before=EARLIER_TURN))
    assert texts == say("followups.crossing_offer", language)


@pytest.mark.parametrize(("language", "text"), [("ary_latn", "o ila ma khlsthch?"), ("en", "and if I don't pay?")])
async def test_not_paying_right_after_the_crossing_s_answer_is_the_debt_s_answer(language: str, text: str) -> None:
    state = tracker(text, "ask_health", language=language, confidence=0.29,
                    before=answered_with(say("followups.crossing_offer", language), language))
    texts, _, _, _ = await run(topic_action("ask_health"), state)
    assert texts == say("followups.crossing_unpaid", language)


async def test_not_paying_elsewhere_is_not_the_crossing_s_answer() -> None:
    state = tracker("and if I don't pay?", "ask_health", confidence=0.29, before=EARLIER_TURN, last_topic="ask_health")
    texts, _, _, _ = await run(topic_action("ask_health"), state)
    assert texts != say("followups.crossing_unpaid")


# -- item 4: "no, I am alone" to "is it safe to write now?" says it is safe

@pytest.mark.parametrize(("language", "text"), [
    ("en", "no i am alone"), ("fr", "non je suis seule"), ("ary_latn", "la rani bo7di"), ("ar", "لا، أنا وحدي"),
])
async def test_no_i_am_alone_to_is_it_safe_goes_on(language: str, text: str) -> None:
    state = tracker(text, "deny", language=language, confidence=0.6, before=EARLIER_TURN,
                    pending_question="safe_to_talk", safety_asked=True)
    texts, _, _, _ = await run(ActionDeny(), state)
    assert texts == say("offer_human", language)


async def test_no_i_am_not_alone_stays_later() -> None:
    state = tracker("no i am not alone", "deny", confidence=0.6, before=EARLIER_TURN,
                    pending_question="safe_to_talk", safety_asked=True)
    texts, _, _, _ = await run(ActionDeny(), state)
    assert texts == say("safe_later")


# -- item 7: another person's case gets words for the one asking

@pytest.mark.parametrize(("language", "text", "expected"), [
    ("en", "my friend in Libya, they keep her passport", "disclosure_someone_else"),
    ("fr", "mon amie en Libye, ils gardent son passeport", "disclosure_someone_else"),
    ("ar", "صديقتي في ليبيا يحتجزون جواز سفرها", "disclosure_someone_else"),
    ("ary_latn", "sa7bti f libya cheddo liha lpaspor", "disclosure_someone_else"),
    # Contrast: the writer's own case (their passport, taken by a friend or the boss) keeps the disclosure.
    ("en", "my friend took my passport", "disclosure"),
    ("en", "my boss keeps my passport", "disclosure"),
    ("ary_latn", "sa7bti cheddat liya lpaspor", "disclosure"),
])
async def test_another_person_s_case_gets_words_for_the_one_asking(language: str, text: str, expected: str) -> None:
    texts, _, _, _ = await run(ActionDisclosure(), tracker(text, "disclose_exploitation", DOCUMENTS, language=language,
                                                           before=EARLIER_TURN))
    assert texts[:2] == say(expected, language)


# -- item 10: the phone taken, not checked: the tip for someone writing from another phone

@pytest.mark.parametrize(("language", "text"), [
    ("en", "the boss took my phone"), ("fr", "le patron a pris mon téléphone"), ("ar", "أخذ المدير هاتفي"),
    ("ary_latn", "lpatron dawli tilifoun"),
])
async def test_a_phone_taken_gets_the_tip_for_another_phone(language: str, text: str) -> None:
    state = with_sub(tracker(text, "ask_safety", ISOLATION, language=language, confidence=0.8, before=EARLIER_TURN,
                             safety_asked=True, safe_to_talk=True, human_offered=True),
                     ("ask_safety/phone_checked", 0.9))
    texts, _, _, _ = await run(topic_action("ask_safety"), state)
    assert say("questions.ask_safety.phone_checked.answer_taken", language)[0] in texts
    assert say("questions.ask_safety.phone_checked.answer", language)[0] not in texts


async def test_a_phone_checked_keeps_the_watched_phone_s_tip() -> None:
    state = with_sub(tracker("my boss checks my phone every night", "ask_safety", confidence=0.8, before=EARLIER_TURN),
                     ("ask_safety/phone_checked", 0.9))
    texts, _, _, _ = await run(topic_action("ask_safety"), state)
    assert texts[0] == say("questions.ask_safety.phone_checked.answer")[0]
