"""Danger is answered on evidence: an unsure guess is asked about, a "yes" is an urgent case, self-harm gets
its own words with the emergency numbers."""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ActionAffirm, ActionDeny
from actions.escalation import ActionEmergency
from bot.conversation.content import content_for
from bot.settings import get_settings

TRACKERS = Path(__file__).parent.parent / "data" / "trackers"
NO_RISK = {"escalate": False, "priority": "none", "indicators": [], "danger": False}


def tracker(text: str, intent: str, confidence: float, risk: dict[str, Any], language: str = "en",
            **slots: Any) -> Tracker:
    """The saved Darija danger tracker, with this turn's message, intent, risk, language and slots."""
    data = json.loads((TRACKERS / "danger_ary.json").read_text(encoding="utf-8"))
    latest = copy.deepcopy(data["latest_message"])
    latest.update(text=text, intent={"name": intent, "confidence": confidence}, risk=risk, language=language)
    latest["metadata"].update(language=language, detected_language=language)
    data["latest_message"] = latest
    data["slots"].update(slots)
    return Tracker.from_dict(data)


async def run(action: Any, state: Tracker) -> tuple[list[str], list[dict], list[Any], list[str]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, state, {})
    texts = [m["text"] for m in dispatcher.messages if m.get("text")]
    controls = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    buttons = [b["payload"] for b in [m for m in dispatcher.messages if m.get("text")][-1].get("buttons") or []]
    return texts, controls, events, buttons


def say(key: str, language: str = "en") -> list[str]:
    return content_for(get_settings()).messages(key, language)


async def test_an_unsure_danger_guess_with_no_sign_of_danger_is_asked_about_not_escalated() -> None:
    texts, controls, events, buttons = await run(ActionEmergency(), tracker(
        "daba", "immediate_danger", 0.41, {**NO_RISK, "ask_danger": True}))
    assert texts == say("danger_check")
    assert buttons == ["/affirm", "/deny"]
    assert controls == []  # no case, no red banner on the officers' desks
    # Asked about danger: "I can't call", "where do I go?" now get silent options (actions/danger_followup.py).
    assert events == [SlotSet("pending_question", "danger_check"), SlotSet("danger_seen", True)]
    assert not any("19" in text for text in texts)


async def test_yes_to_the_danger_question_gives_the_numbers_and_an_urgent_case() -> None:
    texts, controls, events, _ = await run(ActionAffirm(), tracker(
        "yes", "affirm", 0.97, NO_RISK, pending_question="danger_check", safe_to_talk=True))
    assert texts[: len(say("emergency"))] == say("emergency")
    assert texts[len(say("emergency")):] == say("offer_human")
    [case] = controls
    assert (case["risk"]["priority"], case["risk"]["danger"], case["reason"]) == ("urgent", True, "danger_confirmed")
    assert SlotSet("pending_question", None) in events


async def test_no_to_the_danger_question_is_a_calm_answer_with_the_menu() -> None:
    texts, controls, events, buttons = await run(ActionDeny(), tracker(
        "no", "deny", 0.97, NO_RISK, language="fr", pending_question="danger_check"))
    assert texts == say("danger_check_no", "fr")
    assert controls == []
    assert "/ask_rights" in buttons
    assert SlotSet("pending_question", None) in events


async def test_danger_shown_by_the_words_still_gives_the_numbers_first() -> None:
    risk = {"escalate": True, "priority": "urgent", "indicators": ["physical_sexual_violence"], "danger": True}
    texts, controls, _, _ = await run(ActionEmergency(), tracker("he is beating me now", "immediate_danger", 0.93,
                                                                 risk, safe_to_talk=True))
    assert texts[: len(say("emergency"))] == say("emergency")
    assert [c["risk"]["priority"] for c in controls] == ["urgent"]


async def test_self_harm_gets_its_own_words_with_the_ambulance_number_and_a_person() -> None:
    risk = {"escalate": True, "priority": "urgent", "indicators": ["self_harm"], "danger": True}
    for language in ("en", "fr", "ar", "ary"):
        texts, controls, _, _ = await run(ActionEmergency(), tracker("x", "immediate_danger", 0.9, risk,
                                                                     language=language, safe_to_talk=True))
        assert texts[: len(say("self_harm", language))] == say("self_harm", language)
        assert "15" in texts[0] and "19" in texts[0]
        assert texts[len(say("self_harm", language)):] == say("offer_human", language)
        assert [c["risk"]["indicators"] for c in controls] == [["self_harm"]]


def shelter_tonight(text: str, **slots: Any) -> Tracker:
    """An unsure danger guess (0.51) with nothing behind it in the words, which the sub-question classifier reads as
    shelter tonight ("ce soir")."""
    state = tracker(text, "immediate_danger", 0.51, {**NO_RISK, "ask_danger": True}, language="fr", **slots)
    state.latest_message["intent_ranking"] = [{"name": "immediate_danger", "confidence": 0.51},
                                              {"name": "ask_shelter", "confidence": 0.3}]
    state.latest_message["sub_question_ranking"] = [{"name": "ask_shelter/tonight", "confidence": 0.8}]
    return state


async def test_tonight_told_after_the_situation_is_asked_about_not_answered_with_a_bed() -> None:
    # "he locks me in the room when he goes out", the safety question asked, then: "he comes back tonight".
    texts, controls, events, buttons = await run(ActionEmergency(), shelter_tonight(
        "il revient ce soir", safety_asked=True, safe_to_talk=True))
    assert texts == say("danger_check", "fr")
    assert buttons == ["/affirm", "/deny"]
    assert controls == []
    assert SlotSet("pending_question", "danger_check") in events


async def test_a_bed_tonight_asked_after_the_situation_is_still_answered() -> None:
    # The same context, but the message asks: shelter's answer, not "are you in danger?".
    texts, _, events, _ = await run(ActionEmergency(), shelter_tonight(
        "où dormir ce soir ?", safety_asked=True, safe_to_talk=True))
    assert texts != say("danger_check", "fr")
    assert "réserver de place" in texts[0]  # shelter tonight's answer
    assert SlotSet("pending_question", "danger_check") not in events


async def test_tonight_as_a_first_message_keeps_the_clear_question_of_a_topic() -> None:
    # Nothing told before: an unsure guess that reads as shelter tonight gets shelter's answer, as before.
    _, _, events, _ = await run(ActionEmergency(), shelter_tonight("il revient ce soir"))
    assert SlotSet("pending_question", "danger_check") not in events
