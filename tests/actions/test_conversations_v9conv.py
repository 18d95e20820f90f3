"""Classes found on evaluation/conversations_dev_v9 (no model): a question read as a yes or a no while a question
waits, something new told after the first disclosure, a rights question about what the message itself tells, the
numbers asked for after a child, and the women's line asked for right after the numbers."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import SlotSet

from actions.answers import ActionOutOfScope
from actions.away import says_away
from actions.conversation import ActionAffirm, ActionDeny
from actions.escalation import ActionDisclosure
from actions.turn import Turn
from tests.actions.test_context import EARLIER_TURN, answered_before, run, say, topic_action, tracker
from tests.actions.test_conversations_v7conv import CHILD_TOLD, numbers_message, ranked

VIOLENCE_TOLD = [{"event": "user", "text": "x", "parse_data": {
                     "intent": {"name": "disclose_exploitation"},
                     "risk": {"escalate": True, "indicators": ["physical_sexual_violence"]}}},
                 {"event": "action", "name": "action_disclosure"},
                 {"event": "action", "name": "action_listen"}]
PHONE_TAKEN = {"escalate": True, "priority": "normal", "indicators": ["isolation"], "danger": False}
PASSPORT_KEPT = {"escalate": True, "priority": "normal", "indicators": ["retention_of_documents"], "danger": False}


def with_sub(state: Any, *pairs: tuple[str, float]) -> Any:
    state.latest_message["sub_question_ranking"] = ranked(*pairs)
    return state


# -- a question read as a yes or a no is the question; the question about talking stays open

@pytest.mark.parametrize(("text", "confidence", "expected"), [
    ("how long does it take?", 0.48, "questions.ask_voluntary_return.how_long.answer"),  # a question, unsure yes
    ("how long does it take", 0.48, "human_accepted"),                                   # no question mark
    ("yes how long does it take?", 0.9, "human_accepted"),                               # a yes surer than the question
])
async def test_a_question_read_as_a_yes_to_the_offer_of_a_person_is_the_question(
        text: str, confidence: float, expected: str) -> None:
    state = with_sub(tracker(text, "affirm", confidence=confidence, before=EARLIER_TURN, pending_question="offer_human",
                             human_offered=True, safe_to_talk=True, last_topic="ask_voluntary_return"),
                     ("ask_voluntary_return/how_long", 0.76), ("none", 0.1))
    texts, controls, events, _ = await run(ActionAffirm(), state)
    assert texts[0] == say(expected)[0]
    accepted = expected == "human_accepted"
    assert ({"amane_control": "consent", "value": "yes"} in controls) == accepted
    assert (SlotSet("pending_question", None) in events) == accepted   # the offer stays open when not answered


@pytest.mark.parametrize(("text", "ranking", "expected"), [
    ("and if they don't pay her?", [("ask_rights/unpaid_wages", 0.67), ("none", 0.06)],
     "questions.ask_rights.unpaid_wages.answer"),
    ("no not now?", [("deny/later", 0.9)], "safe_later"),                 # "later" is no topic's question
    ("and if they don't pay her", [("ask_rights/unpaid_wages", 0.67)], "safe_later"),  # no question mark
])
async def test_a_question_read_as_a_no_to_is_it_safe_is_the_question(
        text: str, ranking: list[tuple[str, float]], expected: str) -> None:
    state = with_sub(tracker(text, "deny", language="en", confidence=0.65, before=EARLIER_TURN,
                             pending_question="safe_to_talk", safety_asked=True, last_topic="ask_rights"), *ranking)
    texts, _, _, _ = await run(ActionDeny(), state)
    assert texts[0] == say(expected)[0]


async def test_a_question_read_as_a_yes_to_delete_does_not_delete_and_drops_the_question() -> None:
    state = with_sub(tracker("how long does it take?", "affirm", confidence=0.45, before=EARLIER_TURN,
                             pending_question="delete_confirm", last_topic="ask_voluntary_return"),
                     ("ask_voluntary_return/how_long", 0.8))
    texts, controls, events, _ = await run(ActionAffirm(), state)
    assert texts[0] == say("questions.ask_voluntary_return.how_long.answer")[0]
    assert {"amane_control": "erase_conversation"} not in controls
    assert SlotSet("pending_question", None) in events


# -- something new told after the first disclosure is heard, in one short line

@pytest.mark.parametrize(("language", "text"), [("ary", "la, 5dat liya tilifoni, hada dyal sa7bti"),
                                                ("ar", "لا، أخذت هاتفي، هذا هاتف صديقتي")])
async def test_a_phone_taken_told_after_a_disclosure_is_heard_before_the_phone_answer(language: str, text: str) -> None:
    state = with_sub(tracker(text, "ask_safety", PHONE_TAKEN, language=language, confidence=0.44, before=VIOLENCE_TOLD,
                             pending_question="safe_to_talk", safety_asked=True), ("ask_safety/phone_checked", 0.93))
    texts, _, _, _ = await run(topic_action("ask_safety"), state)
    # The phone taken, the person writes from a friend's: the tip for another phone (actions/phone_taken.py).
    assert texts[:2] == say("disclosure_more", language) + say("questions.ask_safety.phone_checked.answer_taken",
                                                                language)[:1]


async def test_the_same_thing_told_again_gets_the_answer_alone() -> None:
    told = [{**VIOLENCE_TOLD[0], "parse_data": {"risk": PHONE_TAKEN}}, *VIOLENCE_TOLD[1:]]
    state = with_sub(tracker("he took my phone, can he read it?", "ask_safety", PHONE_TAKEN, confidence=0.8,
                             before=told, safety_asked=True), ("ask_safety/phone_checked", 0.93))
    texts, _, _, _ = await run(topic_action("ask_safety"), state)
    assert texts[0] == say("questions.ask_safety.phone_checked.answer_taken")[0]   # taken: the tip for another phone
    assert not set(texts) & set(say("disclosure_more"))


def test_a_message_tells_more_only_with_an_indicator_not_told_before() -> None:
    def turn(indicators: list[str], told: set[str]) -> Turn:
        return Turn(language="en", intent="x", foreign_language=False, risk={"indicators": indicators},
                    pending_question=None, human_offered=False, safe_to_talk=False, dispatcher=None,  # type: ignore[arg-type]
                    indicators_told=told)
    assert turn(["isolation"], {"physical_sexual_violence"}).tells_more
    assert not turn(["isolation"], {"isolation"}).tells_more
    assert not turn(["minor"], set()).tells_more          # a child is answered by the children's words


# -- a rights question about what the message itself tells (a husband asking for his wife)

@pytest.mark.parametrize(("text", "risk", "expected"), [
    ("my wife's boss keeps her passport, has he the right?", PASSPORT_KEPT, "questions.ask_rights.passport_kept.answer"),
    ("my wife's boss keeps her passport and her pay, has he the right?",        # two things told: the general answer
     {**PASSPORT_KEPT, "indicators": ["retention_of_documents", "withholding_of_wages"]}, "answers.ask_rights"),
])
async def test_a_rights_question_about_what_the_message_tells_gets_that_answer(
        text: str, risk: dict[str, Any], expected: str) -> None:
    state = with_sub(tracker(text, "ask_rights", risk, confidence=0.72), ("none", 0.71),
                     ("ask_rights/passport_kept", 0.21))
    texts, _, _, _ = await run(topic_action("ask_rights"), state)
    # Asked for his wife: the disclosure's words for the one asking (actions/someone_else.py), then the answer.
    assert texts[:len(say("disclosure_someone_else"))] == say("disclosure_someone_else")
    assert texts[len(say("disclosure_someone_else"))] == say(expected)[0]


async def test_told_without_a_question_it_is_the_disclosure_and_the_offer() -> None:
    state = with_sub(tracker("my boss keeps my passport", "ask_rights", PASSPORT_KEPT, confidence=0.72),
                     ("none", 0.71), ("ask_rights/passport_kept", 0.21))
    texts, _, _, _ = await run(topic_action("ask_rights"), state)
    assert texts == say("disclosure") + say("safe_to_talk")


# -- the numbers asked for after a child: the children's line first

@pytest.mark.parametrize(("before", "first"), [(CHILD_TOLD, "child.numbers_first"), (EARLIER_TURN, None)])
async def test_the_numbers_asked_for_after_a_child_start_with_the_childrens_line(
        before: list[dict[str, Any]], first: str | None) -> None:
    state = with_sub(tracker("who can i call for her", "ask_hotline", confidence=0.98, before=before), ("none", 0.95))
    texts, _, _, _ = await run(topic_action("ask_hotline"), state)
    numbers = say("answers.ask_hotline")
    assert texts == (say(first) if first else []) + numbers


def test_the_childrens_line_before_the_numbers_is_not_more_about_the_child() -> None:
    """What follows the numbers is not taken for more about the child (its own words, not child.line's)."""
    assert not set(say("child.numbers_first")) & set(say("child.line") + say("child.disclosure"))


# -- the women's line asked for right after the numbers

@pytest.mark.parametrize(("text", "language", "intent"), [
    ("w dyal l3yalat?", "ary", "ask_shelter"),
    ("وللنساء؟", "ar", "ask_shelter"),
    ("و ديال العيالات؟", "ary", "out_of_scope"),
])
async def test_the_womens_number_asked_right_after_the_numbers_is_the_womens_line(
        text: str, language: str, intent: str) -> None:
    state = with_sub(tracker(text, intent, language=language, confidence=0.4,
                             before=answered_before("ask_hotline", language), last_topic="ask_hotline"), ("none", 0.4))
    action = ActionOutOfScope() if intent == "out_of_scope" else topic_action(intent)
    texts, _, events, _ = await run(action, state)
    assert texts == say("women_line", language)
    assert not any(isinstance(e, dict) and e.get("name") == "last_topic" for e in events)   # still the numbers


@pytest.mark.parametrize(("intent", "before", "expected"), [
    ("ask_shelter", answered_before("ask_health", "en"), "answers.ask_shelter"),   # not right after the numbers
    ("ask_hotline", answered_before("ask_hotline", "en"), "answers.ask_hotline"),  # read as the numbers: them again
])
async def test_women_named_elsewhere_or_read_as_the_numbers_is_not_the_womens_line(
        intent: str, before: list[dict[str, Any]], expected: str) -> None:
    state = with_sub(tracker("and for women?", intent, confidence=0.6, before=before, last_topic="ask_hotline"),
                     ("none", 0.8))
    texts, _, _, _ = await run(topic_action(intent), state)
    # As a shelter question, the shelter's answer after the line on places for women (actions/women.py).
    assert say(expected)[0] in texts[:2]
    assert texts[0] not in numbers_message("en") or intent == "ask_hotline"
    assert not set(texts) & set(say("women_line"))


# -- "no, she is not here now" to "is it safe to write now?" says it is safe

@pytest.mark.parametrize(("text", "language", "intent", "expected"), [
    ("لا، هي ماشي هنا دابا", "ary", "deny", "offer_human"),             # away: safe now
    ("its ok she went to the market", "en", "ask_shelter", "offer_human"),  # away, read as a bed
    ("machi daba hiya hna", "ary", "deny", "safe_later"),                 # not now, she is here: later
    ("no he is here", "en", "deny", "safe_later"),
])
async def test_the_other_one_away_to_is_it_safe_is_safe_now(text: str, language: str, intent: str,
                                                               expected: str) -> None:
    state = with_sub(tracker(text, intent, language=language, confidence=0.5 if intent == "deny" else 0.23,
                             before=VIOLENCE_TOLD, pending_question="safe_to_talk", safety_asked=True),
                     ("deny/later", 0.79), ("none", 0.2))
    action = ActionDeny() if intent == "deny" else topic_action(intent)
    texts, _, events, _ = await run(action, state)
    assert texts == say(expected, language)
    assert (SlotSet("safe_to_talk", True) in events) == (expected == "offer_human")


async def test_the_other_one_away_with_nothing_waiting_is_not_an_answer() -> None:
    state = with_sub(tracker("she went to the market", "ask_shelter", confidence=0.6, before=EARLIER_TURN),
                     ("none", 0.9))
    texts, _, events, _ = await run(topic_action("ask_shelter"), state)
    assert texts[0] == say("answers.ask_shelter")[0]
    assert SlotSet("safe_to_talk", True) not in events


@pytest.mark.parametrize(("text", "away"), [
    ("no she is not here now", True), ("non elle est sortie", True), ("la makaynach daba", True),
    ("ليست هنا الآن", True), ("not now she is here", False), ("ce n'est pas la peine", False),
    ("she is not here, where can I sleep tonight?", False),   # asks something: answered as the question
])
def test_away_phrases(text: str, away: bool) -> None:
    turn = Turn(language="en", intent="deny", foreign_language=False, risk={}, pending_question="safe_to_talk",
                human_offered=False, safe_to_talk=False, dispatcher=None, text=text)  # type: ignore[arg-type]
    assert says_away(turn) == away


RIGHTS_GUESS = ("ask_rights/passport_kept", 0.09)


@pytest.mark.parametrize(("text", "before", "guess", "with_answer"), [
    ("my husband's boss keeps his passport, is he allowed to?", None, RIGHTS_GUESS, True),  # a first one that asks
    ("my husband's boss keeps his passport", None, RIGHTS_GUESS, False),                     # tells, asks nothing
    ("and he keeps his passport, is he allowed to?", VIOLENCE_TOLD, RIGHTS_GUESS, False),   # told before (v4conv)
    ("my boss keeps my passport, can I still go home?", None, ("ask_voluntary_return/lost_passport", 0.3), False),
])
async def test_a_first_disclosure_that_asks_about_what_it_tells_gets_that_answer(
        text: str, before: list[dict[str, Any]] | None, guess: tuple[str, float], with_answer: bool) -> None:
    state = with_sub(tracker(text, "disclose_exploitation", PASSPORT_KEPT, confidence=1.0, before=before,
                             safety_asked=before is not None), ("none", 0.9), guess)
    texts, _, _, _ = await run(ActionDisclosure(), state)
    assert (say("questions.ask_rights.passport_kept.answer")[0] in texts) == with_answer


# -- a phone told of, without a risk cue, in answer to "is it safe to write now?" just asked

def safety_just_asked(language: str) -> list[dict[str, Any]]:
    return answered_before("disclose_exploitation", language, say("disclosure", language) + say("safe_to_talk",
                                                                                               language))


@pytest.mark.parametrize(("text", "pending", "before", "heard"), [
    ("la dali telephone hada dyal sa7bti", "safe_to_talk", "just asked", True),       # told, right after the question
    ("can he read my messages on the phone?", "safe_to_talk", "just asked", False),   # asked: the answer alone
    ("la dali telephone hada dyal sa7bti", None, "just asked", False),                # nothing waits
    ("la dali telephone hada dyal sa7bti", "safe_to_talk", "earlier", False),          # not right after the question
])
async def test_a_phone_told_in_answer_to_is_it_safe_is_heard(text: str, pending: str | None, before: str,
                                                             heard: bool) -> None:
    events = safety_just_asked("ary") if before == "just asked" else answered_before("ask_health", "ary")
    state = with_sub(tracker(text, "ask_safety", language="ary", confidence=0.4, before=events,
                             pending_question=pending, safety_asked=True), ("ask_safety/phone_checked", 0.79))
    texts, _, _, _ = await run(topic_action("ask_safety"), state)
    # "dali telephone" (he took the phone) writes from a friend's phone: the tip for another phone.
    answer = say("questions.ask_safety.phone_checked." + ("answer_taken" if "dali" in text else "answer"), "ary")[0]
    assert texts[:2] == (say("disclosure_more", "ary") + [answer] if heard else [answer, *texts[1:2]])


# -- a spouse's passport, the classifier's own guess a rights question, without "?"

@pytest.mark.parametrize(("classifier_intent", "expected"), [
    ("ask_rights", "questions.ask_rights.passport_kept.answer"),   # its words asked about rights
    (None, "safe_to_talk"),                                        # read as the disclosure at once: heard, offered
])
async def test_a_rights_question_made_the_disclosure_answers_what_it_tells(classifier_intent: str | None,
                                                                          expected: str) -> None:
    state = with_sub(tracker("my wife works in a house and the madam keeps her passport is that legal",
                             "disclose_exploitation", PASSPORT_KEPT, confidence=0.9), ("none", 0.64),
                     ("ask_rights/passport_kept", 0.36))
    state.latest_message["classifier_intent"] = classifier_intent
    texts, _, _, _ = await run(ActionDisclosure(), state)
    assert texts[:2] == say("disclosure_someone_else")   # asked for his wife (actions/someone_else.py)
    assert texts[2] == say(expected)[0]
