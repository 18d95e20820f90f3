"""Classes found on conversations_dev_v15 (issue 11), without a model (the classifiers' guesses are given), in other
words than the set's lines: a message not understood right after the numbers is news of the danger; a plea for help
after telling asks for a person; sub-questions their own words name (not a victim, the office, followed, cannot
call, the trafficker punished, papers kept, papers after health); a child named in an escalated message; thanks read as
a no; a bed asked for after danger. Each with a contrast that keeps the other answer."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionOutOfScope, ActionShowMenu
from actions.child_words import note_child_named
from actions.conversation import ActionDeny
from actions.escalation import ActionDisclosure
from actions.named_questions import named_question
from actions.subquestions import Asked, kept_not_lost
from actions.turn import Turn
from tests.actions.test_context import EARLIER_TURN, NO_RISK, escalations, run, say, topic_action, tracker

RETURN, RIGHTS, SAFETY = "ask_voluntary_return", "ask_rights", "ask_safety"
TOLD = {"escalate": True, "priority": "high", "indicators": ["physical_sexual_violence"], "danger": False}
TOLD_NO_CUES = {"escalate": True, "priority": "normal", "indicators": [], "danger": False}


def answered_with(key: str, language: str, action: str = "action_emergency") -> list[dict[str, Any]]:
    """The conversation's events before this message: the previous message answered with this key's texts."""
    return [{"event": "user", "text": "...", "parse_data": {"intent": {"name": "immediate_danger", "confidence": 0.9}}},
            {"event": "action", "name": action},
            *({"event": "bot", "text": text} for text in say(key, language)),
            {"event": "action", "name": "action_listen"}]


def ranked(state: Tracker, sub_question: str, confidence: float = 0.9) -> Tracker:
    state.latest_message["sub_question_ranking"] = [{"name": sub_question, "confidence": confidence},
                                                    {"name": "none", "confidence": 1 - confidence}]
    return state


def turn(text: str, intent: str, last_topic: str | None = None, language: str = "en", confidence: float = 0.8,
         danger_seen: bool = False, risk: dict[str, Any] | None = None) -> Turn:
    return Turn(language=language, intent=intent, foreign_language=False, risk=risk or {}, pending_question=None,
                human_offered=False, safe_to_talk=False, dispatcher=CollectingDispatcher(), text=text,
                last_topic=last_topic, intent_ranking=[(intent, confidence)], danger_seen=danger_seen,
                sub_question_ranking=[("none", 0.9)])


# -- right after the numbers, a message the intent classifier does not place: who reads it, and the numbers again

@pytest.mark.parametrize(("language", "text"), [("fr", "la voiture part vers la gare"),
                                                ("en", "the car is going towards the station"),
                                                ("ary", "الطوموبيل مشات جهة المحطة")])
async def test_a_message_not_placed_right_after_the_numbers_keeps_the_numbers_in_reach(language: str,
                                                                                     text: str) -> None:
    state = ranked(tracker(text, "out_of_scope", NO_RISK, language, confidence=0.6, danger_seen=True,
                           before=answered_with("emergency", language)), "none", 0.9)
    state.latest_message["metadata"]["officer_on_duty"] = False
    texts, _, _, _ = await run(ActionOutOfScope(), state)
    assert texts == say("danger_followup.off_duty", language) + say("danger_followup.numbers", language)


async def test_a_message_not_placed_with_no_danger_before_is_out_of_scope() -> None:
    state = ranked(tracker("la voiture part vers la gare", "out_of_scope", NO_RISK, "fr", confidence=0.6,
                           before=EARLIER_TURN), "none", 0.9)
    texts, _, _, _ = await run(ActionOutOfScope(), state)
    assert texts == say("out_of_scope", "fr")


# -- a plea for help after telling: a person is asked for, and the case hears it

@pytest.mark.parametrize(("language", "text"), [("en", "can someone help her"), ("fr", "aidez-nous s'il vous plaît"),
                                                ("ar", "ساعدونا من فضلكم"), ("ary", "عاونونا عافاكم")])
async def test_a_plea_for_help_after_telling_asks_for_a_person(language: str, text: str) -> None:
    state = ranked(tracker(text, "ask_menu", NO_RISK, language, confidence=0.8, safety_asked=True,
                           before=EARLIER_TURN), "none", 0.9)
    texts, controls, _, _ = await run(ActionShowMenu(), state)
    assert texts[0] == say("human_requested", language)[0]
    assert [c["intent"] for c in escalations(controls)] == ["request_human"]


async def test_a_plea_for_help_before_anything_was_told_gets_the_menu() -> None:
    state = ranked(tracker("can someone help me", "ask_menu", NO_RISK, confidence=0.8, before=EARLIER_TURN),
                   "none", 0.9)
    texts, controls, _, _ = await run(ActionShowMenu(), state)
    assert texts == say("menu_prompt")
    assert escalations(controls) == []


# -- sub-questions their own words name

@pytest.mark.parametrize(("language", "text", "intent", "last_topic", "expected"), [
    ("en", "i want to go home, nobody is forcing me", RETURN, None, Asked(RETURN, "not_victim")),
    ("fr", "personne m'a forcé, je veux juste rentrer", RETURN, None, Asked(RETURN, "not_victim")),
    ("ar", "لم يجبرني احد، اريد العودة فقط", RETURN, None, Asked(RETURN, "not_victim")),
    ("ary_latn", "7ta 7ed ma jbrni, bghit nrje3 l bladi", RETURN, None, Asked(RETURN, "not_victim")),
    ("en", "where is their office?", "ask_shelter", RETURN, Asked(RETURN, "offices")),
    ("ary", "فين كاين المكتب ديالهم؟", "ask_shelter", RETURN, Asked(RETURN, "offices")),
    ("en", "a man from the factory followed me yesterday", "out_of_scope", None, Asked(SAFETY, "followed")),
    ("fr", "un homme me suit quand je sors", "out_of_scope", None, Asked(SAFETY, "followed")),
    ("fr", "je peux pas téléphoner, on est 8 dans la chambre", SAFETY, None, Asked(SAFETY, "cant_call")),
    ("en", "and will the boss go to jail?", "thank", RIGHTS, Asked(RIGHTS, "traffickers")),
    ("ar", "هل سيعاقب الرجل الذي شغلني؟", RIGHTS, None, Asked(RIGHTS, "traffickers")),
    ("fr", "elle a le droit de garder mon passeport ?", RIGHTS, None, Asked(RIGHTS, "passport_kept")),
    ("en", "thanks, and will they want my papers?", RETURN, "ask_health", Asked("ask_health", "no_papers")),
    ("fr", "et ils demandent les papiers ?", RETURN, "ask_legal_aid", Asked("ask_legal_aid", "no_papers")),
])
def test_a_sub_question_its_words_name(language: str, text: str, intent: str, last_topic: str | None,
                                       expected: Asked) -> None:
    assert named_question(turn(text, intent, last_topic, language)) == expected


@pytest.mark.parametrize(("text", "intent", "last_topic", "danger_seen"), [
    ("i want to go home", RETURN, None, False),                                 # no word of force
    ("will they arrest me if i go to the office?", RETURN, RETURN, False),   # the papers feared, not the address
    ("is the office open on saturday?", RETURN, RETURN, False),               # no "where"
    ("i can't call, he will hear me", SAFETY, None, True),                    # after danger: its follow-ups
    ("will i go to jail?", RIGHTS, None, False),                               # the writer's own fear
    ("what are my rights without papers?", RIGHTS, None, False),             # no word of keeping
    ("and do they ask for papers?", RETURN, None, False),                     # no topic answered before
    ("do they ask for papers to go back home?", RETURN, "ask_health", False),  # going home named in words
])
def test_no_sub_question_without_its_words(text: str, intent: str, last_topic: str | None, danger_seen: bool) -> None:
    assert named_question(turn(text, intent, last_topic, danger_seen=danger_seen)) is None


# -- a child named in the words of an escalated message

@pytest.mark.parametrize("text", [
    "two boys maybe 8 years beg at the lights, a man takes the money and slaps them",
    "there is a girl 14 who cleans here all day",
    "une petite fille travaille chez eux jour et nuit",
    "kayn drari sghar kaykhdmo f lmo9ef o kaydrbhom",
    "كاين أطفال كيخدمو عندو بلا خلصة",
])
def test_a_child_named_in_an_escalated_message_is_heard(text: str) -> None:
    state = turn(text, "disclose_exploitation", risk=dict(TOLD))
    note_child_named(state)
    assert state.minor and state.risk["priority"] == "urgent"


@pytest.mark.parametrize(("text", "risk"), [
    ("a girl 25 from my village works here with no pay", TOLD),   # an adult
    ("is there a bed for me and my children?", NO_RISK),            # a child named in a question: no case
    ("he keeps my passport and my kids are back home", TOLD),       # the writer's own children named as family
    ("il garde mon passeport, mes enfants sont au pays", TOLD),
])
def test_no_child_without_a_child_or_without_a_case(text: str, risk: dict[str, Any]) -> None:
    state = turn(text, "disclose_exploitation", risk=dict(risk))
    note_child_named(state)
    assert not state.minor


async def test_a_child_named_gets_the_child_s_words_and_an_urgent_case() -> None:
    state = tracker("two boys maybe 8 years beg at the lights, a man slaps them", "disclose_exploitation",
                    dict(TOLD_NO_CUES), confidence=0.99, before=EARLIER_TURN)
    texts, controls, _, _ = await run(ActionDisclosure(), state)
    assert texts[:2] == say("child.disclosure")[:2]
    assert [(c["risk"]["priority"], c["risk"]["indicators"]) for c in escalations(controls)] == [("urgent", ["minor"])]


# -- thanks read as a no

@pytest.mark.parametrize(("language", "text"), [("fr", "merci d'être là"), ("en", "thank you for being here"),
                                                ("ary", "شكرا بزاف")])
async def test_thanks_read_as_a_no_is_a_thanks_and_the_question_waits(language: str, text: str) -> None:
    state = tracker(text, "deny", NO_RISK, language, confidence=0.72, pending_question="safe_to_talk",
                    safety_asked=True, before=EARLIER_TURN)
    texts, _, events, _ = await run(ActionDeny(), state)
    assert texts == say("thank", language)
    assert not [e for e in events if e.get("name") == "pending_question"]


@pytest.mark.parametrize("text", ["non merci", "no thanks", "la choukran"])
async def test_no_thanks_stays_a_no(text: str) -> None:
    state = tracker(text, "deny", NO_RISK, confidence=0.9, pending_question="safe_to_talk", safety_asked=True,
                    before=EARLIER_TURN)
    texts, _, _, _ = await run(ActionDeny(), state)
    assert texts == say("safe_later")


# -- a bed asked for after danger: the shelter's answer for tonight, not where to go

@pytest.mark.parametrize(("language", "text"), [("en", "i am out now, where can i sleep tonight"),
                                                ("fr", "c'est bon il est parti, je dors où ce soir ?"),
                                                ("ar", "خرجت، اين انام الليلة؟"),
                                                ("ary", "خرجت، فين نبات الليلة؟")])
async def test_a_bed_asked_for_after_danger_gets_the_shelter_for_tonight(language: str, text: str) -> None:
    state = ranked(tracker(text, "ask_shelter", NO_RISK, language, danger_seen=True,
                           before=answered_with("emergency", language)), "ask_shelter/tonight", 0.9)
    texts, _, _, _ = await run(topic_action("ask_shelter"), state)
    assert texts[0] == say("questions.ask_shelter.tonight.answer", language)[0]


# -- "later" in its own words while "is it safe to write now?" waits, read as a request for more

@pytest.mark.parametrize(("language", "text"), [("ary", "mn ba3d, jat"), ("fr", "plus tard, il arrive"),
                                                ("en", "later, she came in")])
async def test_later_in_words_while_is_it_safe_waits_is_later(language: str, text: str) -> None:
    state = ranked(tracker(text, "ask_menu", NO_RISK, language, confidence=0.84, pending_question="safe_to_talk",
                           safety_asked=True, before=EARLIER_TURN), "ask_menu/more", 0.6)
    texts, _, _, _ = await run(ActionShowMenu(), state)
    assert texts == say("safe_later", language)


async def test_and_after_that_with_nothing_waiting_is_a_request_for_more() -> None:
    state = ranked(tracker("and later?", "ask_menu", NO_RISK, confidence=0.84, before=EARLIER_TURN,
                           last_topic=RETURN), "ask_menu/more", 0.9)
    texts, _, _, _ = await run(ActionShowMenu(), state)
    assert texts == say("details.ask_voluntary_return")


# -- a passport stolen is lost, though the risk cues read a passport taken

@pytest.mark.parametrize(("text", "expected"), [
    ("سرق جوازي في المحطة، هل استطيع العودة؟", Asked(RETURN, "lost_passport")),
    ("on m'a volé mon passeport, je peux rentrer ?", Asked(RETURN, "lost_passport")),
    # Contrast: kept by the boss, not lost: the documents' answer (the consulate's travel document).
    ("my boss keeps my passport, can i go back?", Asked(RETURN, "documents")),
])
def test_a_passport_stolen_is_lost_one_kept_is_not(text: str, expected: Asked) -> None:
    state = turn(text, RETURN, risk={"escalate": True, "indicators": ["retention_of_documents"]})
    assert kept_not_lost(state, Asked(RETURN, "lost_passport")) == expected
