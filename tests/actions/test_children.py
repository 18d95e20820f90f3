"""A child in the message (issue 11 item 5): the children's line and words fit for a child, with danger the
emergency numbers first and then the children's line (real rasa_sdk Trackers, the real actions)."""
from __future__ import annotations

import pytest

from actions.answers import ActionFallback
from actions.conversation import ActionAffirm
from actions.escalation import ActionDisclosure, ActionEmergency
from tests.actions.test_context import escalations, run, say, topic_action, tracker

LANGUAGES = ("en", "fr", "ar", "ary")
CHILD = {"escalate": True, "priority": "urgent", "indicators": ["minor", "physical_sexual_violence"], "danger": False}
CHILD_IN_DANGER = {**CHILD, "danger": True}
CHILD_ASKING = {"escalate": True, "priority": "normal", "indicators": ["minor"], "danger": False}
CHILDREN_LINE = "2511"   # content/contacts.yml


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_child_who_tells_of_abuse_gets_a_child_s_words_and_the_children_s_line(language: str) -> None:
    texts, controls, _, _ = await run(ActionDisclosure(), tracker("I am 15 and my boss hits me", "disclose_exploitation",
                                                                  CHILD, language))
    assert texts == say("child.disclosure", language) + say("safe_to_talk", language)
    assert not set(texts) & set(say("disclosure", language))     # not the adult's words
    assert sum(CHILDREN_LINE in text for text in texts) == 1
    assert [c["risk"]["indicators"] for c in escalations(controls)] == [CHILD["indicators"]]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_danger_and_a_child_get_the_emergency_numbers_then_the_children_s_line(language: str) -> None:
    texts, controls, _, _ = await run(ActionEmergency(), tracker("he is hitting me now, I'm 16", "immediate_danger",
                                                                 CHILD_IN_DANGER, language))
    emergency = say("emergency", language)
    assert texts[: len(emergency)] == emergency                   # the numbers first, always
    assert texts[len(emergency)] == say("child.line", language)[0]
    assert sum(CHILDREN_LINE in text for text in texts) == 1
    assert [c["risk"]["priority"] for c in escalations(controls)] == ["urgent"]


async def test_a_child_who_tells_and_is_in_danger_hears_the_children_s_line_once() -> None:
    # Danger found by the cues in a message classified as a disclosure: the numbers, the line, then the words.
    texts, _, _, _ = await run(ActionDisclosure(), tracker("I'm 14, he beats me now", "disclose_exploitation",
                                                           CHILD_IN_DANGER))
    assert texts[: len(say("emergency"))] == say("emergency")
    assert sum(CHILDREN_LINE in text for text in texts) == 1
    assert say("child.disclosure")[0] in texts


async def test_a_child_asking_a_question_gets_the_answer_and_the_line_before_the_safety_question() -> None:
    texts, _, _, _ = await run(topic_action("ask_voluntary_return"), tracker(
        "I'm 14 and I want to go back to my country", "ask_voluntary_return", CHILD_ASKING))
    assert texts[0] == say("answers.ask_voluntary_return")[0]
    line, question = say("child.line")[0], say("safe_to_talk")[0]
    assert line in texts and question in texts
    assert texts.index(line) < texts.index(question)              # not lost below the question's buttons


async def test_a_child_the_classifier_did_not_place_is_understood_as_a_child() -> None:
    texts, _, _, _ = await run(ActionFallback(), tracker("3andi 14 3am", "nlu_fallback", CHILD_ASKING, "ary"))
    assert texts[: len(say("child.disclosure", "ary"))] == say("child.disclosure", "ary")
    assert not set(texts) & set(say("fallback", "ary"))


async def test_no_child_no_children_s_line() -> None:
    adult = {"escalate": True, "priority": "high", "indicators": ["physical_sexual_violence"], "danger": False}
    texts, _, _, _ = await run(ActionDisclosure(), tracker("my boss hits me", "disclose_exploitation", adult))
    assert texts == say("disclosure") + say("safe_to_talk")
    assert not any(CHILDREN_LINE in text for text in texts)


def child_told_before(language: str) -> list[dict]:
    """The conversation before: "my sister is 13 and they make her work in a house", answered with the child's words."""
    return [{"event": "user", "text": "my sister is 13 and they make her work in a house",
             "parse_data": {"intent": {"name": "disclose_exploitation", "confidence": 0.9}, "risk": CHILD}},
            {"event": "action", "name": "action_disclosure"},
            *({"event": "bot", "text": text} for text in say("child.disclosure", language)),
            {"event": "action", "name": "action_listen"}]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_danger_asked_about_right_after_a_child_asks_about_the_child_too(language: str) -> None:
    # "they beat her": an unsure danger guess right after the child's words: is the writer, or the child, in danger?
    texts, controls, _, buttons = await run(ActionEmergency(), tracker(
        "she cant go to school and they beat her", "immediate_danger",
        {"escalate": False, "priority": "none", "indicators": [], "danger": False, "ask_danger": True}, language,
        confidence=0.75, before=child_told_before(language), safety_asked=True, safe_to_talk=True))
    assert texts[-1] == say("danger_check_child", language)[0]
    assert say("danger_check", language)[0] not in texts
    assert buttons == ["/affirm", "/deny"]


async def test_danger_asked_about_with_no_child_asks_about_the_writer() -> None:
    texts, _, _, _ = await run(ActionEmergency(), tracker(
        "he comes back tonight", "immediate_danger",
        {"escalate": False, "priority": "none", "indicators": [], "danger": False, "ask_danger": True},
        confidence=0.75, safety_asked=True, safe_to_talk=True))
    assert texts == say("danger_check")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_yes_to_danger_after_a_child_gives_the_numbers_then_the_children_s_line(language: str) -> None:
    texts, controls, _, _ = await run(ActionAffirm(), tracker(
        "yes", "affirm", None, language, confidence=0.97, before=child_told_before(language),
        pending_question="danger_check", safety_asked=True, safe_to_talk=True))
    emergency = say("emergency", language)
    assert texts[: len(emergency)] == emergency
    assert texts[len(emergency)] == say("child.line", language)[0]
    assert [c["risk"]["priority"] for c in escalations(controls)] == ["urgent"]


async def test_yes_to_danger_with_no_child_gives_the_numbers_without_the_children_s_line() -> None:
    texts, _, _, _ = await run(ActionAffirm(), tracker(
        "yes", "affirm", None, confidence=0.97, pending_question="danger_check", safety_asked=True,
        safe_to_talk=True))
    assert not any(CHILDREN_LINE in text for text in texts)
