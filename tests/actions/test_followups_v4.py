"""Answer what was asked, in context (issue 11, classes found on evaluation/conversations_dev_v4), with contrast pairs:
- right after danger, papers and the police, or a checked phone, get the silent options and the numbers; the same
  question with no danger before gets its topic's answer, and a message that also tells of violence is heard first;
- fear of arrest without papers, once the person told of their own situation, is their protection as a victim; the
  same words in a conversation about going home are the return's "no papers";
- after someone told of their situation, "does she have the right to keep my passport?" is rights', not the lost
  passport of going home; words that name legal aid surely keep legal aid's answer;
- more about a child just spoken of gets the children's line, not the words for the writer's own situation;
- an unsure yes or no with a disclosure answers no question; "yes, I'd like to talk to someone" accepts a person.
No model: real rasa_sdk Trackers and the real actions."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ActionAffirm, ActionDeny
from actions.escalation import ActionDisclosure, ActionEmergency
from actions.subquestions import Asked, asked
from actions.turn import Turn
from tests.actions.test_context import NO_RISK, escalations, run, say, topic_action, tracker
from tests.actions.test_followups_v3 import answered_by, with_sub_questions

BEATEN = {"escalate": True, "priority": "high", "indicators": ["physical_sexual_violence"], "danger": False}
NO_PAPERS_FEAR = [("ask_voluntary_return/no_papers", 0.9), ("ask_safety/call_police", 0.06), ("none", 0.04)]


def after(key: str, language: str = "en") -> list[dict[str, Any]]:
    """An earlier turn whose answer said this content key (its texts, as the tracker keeps them)."""
    events = answered_by("action_emergency" if key == "emergency" else "action_disclosure")
    bot = events[2]
    return [*events[:2], *({**bot, "text": text} for text in say(key, language)), events[-1]]


def follow_up(kind: str, language: str = "en") -> list[str]:
    first = "questions.ask_safety.phone_checked.answer" if kind == "phone_checked" else f"danger_followup.{kind}"
    return say(first, language) + say("danger_followup.on_duty", language) + say("danger_followup.numbers", language)


def told_turn(intent: str, confidence: float, ranking: list[tuple[str, float]], told: bool,
              last_topic: str | None = None, runner_up: tuple[str, float] | None = None) -> Turn:
    """A turn of a conversation where the person told of their situation (the safety question followed) or not."""
    return Turn(language="en", intent=intent, foreign_language=False, risk={}, pending_question=None,
                human_offered=False, safe_to_talk=False, dispatcher=CollectingDispatcher(), safety_asked=told,
                last_topic=last_topic, sub_question_ranking=ranking,
                intent_ranking=[(intent, confidence), *([runner_up] if runner_up else [])])


# -- right after danger: papers and the police, a checked phone

@pytest.mark.parametrize("language", ["en", "fr"])
async def test_fear_of_the_police_without_papers_right_after_danger_gets_the_silent_options(language: str) -> None:
    state = with_sub_questions(tracker("the police will ask my papers, do I call?", "ask_voluntary_return", NO_RISK,
                                       language, before=after("emergency", language), danger_seen=True),
                               NO_PAPERS_FEAR)
    texts, _, _, _ = await run(topic_action("ask_voluntary_return"), state)
    assert texts == follow_up("call_police", language)


async def test_the_same_papers_question_with_no_danger_before_is_the_returns_no_papers() -> None:
    state = with_sub_questions(tracker("the police will ask my papers, do I call?", "ask_voluntary_return", NO_RISK,
                                       before=answered_by("action_greet")), NO_PAPERS_FEAR)
    texts, _, _, _ = await run(topic_action("ask_voluntary_return"), state)
    assert texts[0] == say("questions.ask_voluntary_return.no_papers.answer")[0]
    assert not set(texts) & set(say("danger_followup.numbers"))


async def test_a_checked_phone_right_after_danger_gets_what_to_erase_and_the_numbers_in_reach() -> None:
    state = with_sub_questions(tracker("he checks my phone after, he will see I wrote", "ask_safety", NO_RISK,
                                       before=after("emergency"), danger_seen=True),
                               [("ask_safety/phone_checked", 0.95), ("none", 0.05)])
    texts, _, _, _ = await run(topic_action("ask_safety"), state)
    assert texts == follow_up("phone_checked")


async def test_a_checked_phone_told_with_violence_is_heard_as_the_disclosure_first() -> None:
    state = with_sub_questions(tracker("he reads my phone every night and he hit me last week", "ask_safety", BEATEN,
                                       before=after("emergency"), danger_seen=True),
                               [("ask_safety/phone_checked", 0.6), ("none", 0.4)])
    texts, controls, _, _ = await run(topic_action("ask_safety"), state)
    assert texts[:len(say("disclosure"))] == say("disclosure")
    assert not set(texts) & set(say("danger_followup.numbers"))
    assert len(escalations(controls)) == 1


@pytest.mark.parametrize(("before", "follows_up"), [("emergency", True), ("disclosure", False)])
async def test_a_sure_safety_question_right_after_the_numbers_is_a_follow_up(before: str, follows_up: bool) -> None:
    # "can I text the police? I can't speak": the sub-question classifier hesitates, the intent is sure.
    state = with_sub_questions(tracker("can I text the police? I can't speak", "ask_safety", NO_RISK,
                                       confidence=0.95, before=after(before), danger_seen=True),
                               [("none", 0.4), ("ask_safety/cant_call", 0.3), ("ask_voluntary_return/no_papers", 0.2)])
    texts, _, _, _ = await run(topic_action("ask_safety"), state)
    assert (texts == follow_up("cant_call")) is follows_up
    if not follows_up:
        assert texts[0] == say("answers.ask_safety")[0]


# -- papers and passports once the person told of their situation

@pytest.mark.parametrize(("told", "last_topic", "expected"), [
    (True, None, Asked("ask_rights", "protection")),       # after a disclosure: will I be punished as a victim?
    (True, "ask_rights", Asked("ask_rights", "protection")),
    (False, "ask_voluntary_return", Asked("ask_voluntary_return", "no_papers")),   # talking of going home
    (True, "ask_voluntary_return", Asked("ask_voluntary_return", "no_papers")),
    (True, "ask_legal_aid", Asked("ask_legal_aid", "no_papers")),                   # complaining without papers
])
def test_fear_of_arrest_without_papers_is_protection_once_the_person_told_of_exploitation(
        told: bool, last_topic: str | None, expected: Asked) -> None:
    state = told_turn("ask_voluntary_return", 0.69, NO_PAPERS_FEAR, told, last_topic)
    assert asked(state, "ask_voluntary_return") == expected


@pytest.mark.parametrize(("told", "expected"), [(True, Asked("ask_rights", "passport_kept")), (False, None)])
def test_the_right_to_keep_a_passport_after_a_disclosure_is_rights_not_a_lost_passport(
        told: bool, expected: Asked | None) -> None:
    ranking = [("ask_voluntary_return/lost_passport", 0.45), ("ask_rights/passport_kept", 0.42), ("none", 0.08)]
    state = told_turn("ask_voluntary_return", 0.6, ranking, told, "ask_safety", runner_up=("ask_rights", 0.4))
    assert asked(state, "ask_voluntary_return") == expected


def test_words_that_name_legal_aid_surely_keep_legal_aids_answer_after_a_disclosure() -> None:
    # "I want to complain about him, is there a lawyer?": legal aid named; rights' lawyer is no context then.
    state = told_turn("ask_legal_aid", 0.99, [("ask_rights/lawyer", 0.78), ("none", 0.19)], told=True)
    assert asked(state, "ask_legal_aid") is None


# -- more about a child just spoken of

# After the adult disclosure's words, more told is one short line (v9conv: never the same block twice in a row).
@pytest.mark.parametrize(("before", "expected"), [("child.disclosure", "child.line"), ("disclosure", "disclosure_more")])
async def test_more_about_a_child_just_spoken_of_gets_the_childrens_line(before: str, expected: str) -> None:
    state = tracker("she sleeps on the floor and they beat her", "disclose_exploitation", BEATEN,
                    before=after(before), safety_asked=True, pending_question="safe_to_talk")
    texts, controls, _, _ = await run(ActionDisclosure(), state)
    assert texts == say(expected)
    assert len(escalations(controls)) == 1


# -- an unsure yes or no with a disclosure, and "yes, I'd like to talk to someone"

@pytest.mark.parametrize(("confidence", "later_said"), [(0.3, False), (0.9, True)])
async def test_an_unsure_no_that_tells_of_violence_is_no_later(confidence: float, later_said: bool) -> None:
    state = tracker("and they beat her when she breaks something", "deny", BEATEN, confidence=confidence,
                    before=answered_by("action_disclosure"), pending_question="safe_to_talk", safety_asked=True)
    texts, _, events, _ = await run(ActionDeny(), state)
    assert texts[:len(say("disclosure"))] == say("disclosure")
    assert (say("safe_later")[0] in texts) is later_said
    assert (SlotSet("pending_question", None) in events) is later_said   # an unsure no leaves the question open


@pytest.mark.parametrize(("ranking", "expected"), [
    ([("affirm", 0.64), ("request_human", 0.35)], "human_accepted_off_duty"),   # "yes I'd like to talk to someone"
    ([("affirm", 0.98)], "offer_human"),                                        # a bare yes: the offer comes next
])
async def test_a_yes_that_asks_for_a_person_accepts_one(ranking: list[tuple[str, float]], expected: str) -> None:
    state = tracker("yes I would like to talk to a person", "affirm", NO_RISK, confidence=ranking[0][1],
                    ranking=ranking, before=answered_by("action_disclosure"), pending_question="safe_to_talk",
                    safety_asked=True)
    state.latest_message["metadata"]["officer_on_duty"] = False
    texts, controls, events, _ = await run(ActionAffirm(), state)
    assert texts[:len(say(expected))] == say(expected)
    assert SlotSet("safe_to_talk", True) in events
    assert ({"amane_control": "consent", "value": "yes"} in controls) is (expected != "offer_human")


# -- a short follow-up of the topic answered last, its confidence split between the topics that share it

@pytest.mark.parametrize(("intent_ranking", "last_topic", "expected"), [
    # "even without a residence card?" after health, read as legal aid first and health second: health's answer.
    ([("ask_legal_aid", 0.61), ("ask_health", 0.26)], "ask_health", Asked("ask_health", "no_papers")),
    # The same after legal aid: legal aid's.
    ([("ask_legal_aid", 0.61), ("ask_health", 0.26)], "ask_legal_aid", Asked("ask_legal_aid", "no_papers")),
    # After the return, which neither guess names: no guess, the short answer of the topic asked.
    ([("ask_legal_aid", 0.61), ("ask_health", 0.26)], "ask_shelter", None),
])
def test_a_split_follow_up_is_the_last_topics_when_the_intent_guesses_it_too(
        intent_ranking: list[tuple[str, float]], last_topic: str, expected: Asked | None) -> None:
    ranking = [("none", 0.58), ("ask_voluntary_return/no_papers", 0.19), ("ask_health/no_papers", 0.16),
               ("ask_legal_aid/no_papers", 0.03)]
    state = told_turn(intent_ranking[0][0], intent_ranking[0][1], ranking, False, last_topic,
                      runner_up=intent_ranking[1])
    assert asked(state, intent_ranking[0][0]) == expected


# -- "wait, she is coming" guessed as danger, with no sign of danger in the words

@pytest.mark.parametrize(("sub_questions", "expected"), [
    ([("deny/later", 0.8), ("none", 0.2)], "safe_later"),
    ([("none", 0.9), ("deny/later", 0.05)], "danger_check"),     # nothing says "later": is it danger now?
])
async def test_an_unsure_danger_guess_that_says_later_is_write_again_when_safe(sub_questions: list, expected: str
                                                                                ) -> None:
    state = with_sub_questions(tracker("wait she is coming", "immediate_danger", NO_RISK, confidence=0.62,
                                       before=answered_by("action_disclosure")), sub_questions)
    texts, _, _, _ = await run(ActionEmergency(), state)
    assert texts == say(expected)


ISOLATION = {"escalate": True, "priority": "normal", "indicators": ["isolation"], "danger": False}


async def test_they_took_my_phone_i_cant_call_right_after_danger_gets_the_silent_options() -> None:
    # The phone's question is guessed first, but the words show isolation: the next guess, "I can't call".
    state = with_sub_questions(tracker("they took my phone, I can't call, this one is hidden", "ask_safety", ISOLATION,
                                       confidence=0.79, before=after("emergency"), danger_seen=True),
                               [("ask_safety/phone_checked", 0.71), ("ask_safety/cant_call", 0.28), ("none", 0.01)])
    texts, _, _, _ = await run(topic_action("ask_safety"), state)
    assert texts == follow_up("cant_call")


@pytest.mark.parametrize(("before", "follows_up"), [("emergency", True), ("disclosure", False)])
async def test_fear_of_jail_without_papers_is_a_follow_up_only_right_after_the_numbers(before: str,
                                                                                      follows_up: bool) -> None:
    # Danger was asked about earlier in the conversation; the previous answer decides.
    state = with_sub_questions(tracker("will I go to jail, I have no papers", "ask_voluntary_return", NO_RISK,
                                       confidence=0.56, before=after(before), danger_seen=True, safety_asked=True),
                               NO_PAPERS_FEAR)
    texts, _, _, _ = await run(topic_action("ask_voluntary_return"), state)
    assert (texts == follow_up("call_police")) is follows_up
    if not follows_up:
        assert texts[0] == say("questions.ask_rights.protection.answer")[0]


@pytest.mark.parametrize(("told", "expected"), [
    (True, Asked("ask_rights", "passport_kept")),
    (False, Asked("ask_voluntary_return", "lost_passport")),   # no disclosure before: the return's lost passport
])
def test_a_detail_the_context_and_both_classifiers_agree_on_needs_less_confidence(told: bool,
                                                                                 expected: Asked | None) -> None:
    # Rights is the intent classifier's second guess and, after a disclosure, the context: its passport question.
    ranking = [("ask_voluntary_return/lost_passport", 0.51), ("ask_rights/passport_kept", 0.32),
               ("ask_voluntary_return/not_victim", 0.09), ("none", 0.05)]
    state = told_turn("ask_voluntary_return", 0.62, ranking, told, "ask_safety", runner_up=("ask_rights", 0.38))
    assert asked(state, "ask_voluntary_return") == expected
