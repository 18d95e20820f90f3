"""Actions run on real rasa_sdk Trackers built from saved JSON; exact messages and events are checked."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import TOPIC_ACTIONS, ActionFallback
from actions.conversation import ActionAffirm, ActionDeny
from actions.escalation import ActionDisclosure, ActionEmergency
from bot.conversation.content import content_for
from bot.settings import ROOT, get_settings

TRACKERS = Path(__file__).parent.parent / "data" / "trackers"


def load_tracker(name: str) -> Tracker:
    return Tracker.from_dict(json.loads((TRACKERS / f"{name}.json").read_text(encoding="utf-8")))


async def run(action: Any, tracker_name: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, load_tracker(tracker_name), {})
    return dispatcher.messages, events


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m["text"] for m in messages if m.get("text")]


def last_buttons(messages: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for b in [m for m in messages if m.get("text")][-1]["buttons"]]


def controls(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m["custom"] for m in messages if m.get("custom")]


def content():  # type: ignore[no-untyped-def]
    return content_for(get_settings())


def topic_action(intent: str) -> Any:
    return next(a for a in TOPIC_ACTIONS if a.topic == intent)()


async def test_disclosure_is_calm_and_first_asks_whether_it_is_safe_to_write() -> None:
    messages, events = await run(ActionDisclosure(), "disclosure_fr")
    c = content()
    assert texts(messages) == c.messages("disclosure", "fr") + c.messages("safe_to_talk", "fr")
    assert [b["title"] for b in [m for m in messages if m.get("text")][-1]["buttons"]] == ["Oui", "Plus tard"]
    assert events == [SlotSet("pending_question", "safe_to_talk"), SlotSet("safety_asked", True)]
    # Quietly, for the pipeline: open a case with what the risk logic found.
    [escalation] = controls(messages)
    # The payload the pipeline reads, written out (not built with bot.conversation.control, which the action uses).
    assert escalation == {"amane_control": "escalate", "intent": "disclose_exploitation",
                          "risk": {"escalate": True, "priority": "high", "danger": False,
                                   "indicators": ["retention_of_documents", "withholding_of_wages"]}}
    assert not any("signal" in t.lower() for t in texts(messages))  # never "vous avez été signalé"


async def test_emergency_numbers_come_first_in_darija() -> None:
    messages, _ = await run(ActionEmergency(), "danger_ary")
    first = texts(messages)[0]
    assert first == content().messages("emergency", "ary")[0]
    for number in ("19", "112", "177", "15"):
        assert number in first


async def test_danger_cue_puts_emergency_before_any_other_answer() -> None:
    messages, _ = await run(topic_action("ask_shelter"), "shelter_with_danger_en")
    c = content()
    emergency = c.messages("emergency", "en")
    assert texts(messages)[: len(emergency)] == emergency
    # "Where can I sleep tonight": tonight's bed, named in the words (actions/named_details.py, session 18).
    assert c.messages("questions.ask_shelter.tonight.answer", "en")[0] in texts(messages)


async def test_plain_topic_answer_in_arabic_without_offer() -> None:
    messages, events = await run(topic_action("ask_shelter"), "shelter_plain_ar")
    c = content()
    # "Where can I sleep tonight?": tonight's bed, named in the words (actions/named_details.py, session 18).
    assert texts(messages)[0] == c.messages("questions.ask_shelter.tonight.answer", "ar")[0]
    assert SlotSet("last_topic", "ask_shelter") in events and controls(messages) == []  # no risk: no case


async def test_safe_to_write_then_the_offer_of_a_person() -> None:
    messages, events = await run(ActionAffirm(), "affirm_after_safe_check_fr")
    assert texts(messages) == content().messages("offer_human", "fr")
    assert last_buttons(messages) == ["/affirm", "/deny"]
    assert events == [SlotSet("safe_to_talk", True), SlotSet("pending_question", None),
                      SlotSet("pending_question", "offer_human"), SlotSet("human_offered", True)]


async def test_later_is_honoured_and_recorded() -> None:
    messages, events = await run(ActionDeny(), "later_after_safe_check_ary")
    # "la", in Latin letters: Darija answered in Latin letters.
    assert texts(messages) == content().messages("safe_later", "ary_latn")
    assert "0000" in texts(messages)[0]
    assert controls(messages) == [{"amane_control": "consent", "value": "later"}]
    assert events == [SlotSet("pending_question", None)]


async def test_yes_to_the_offer_accepts_and_clears_the_question() -> None:
    messages, events = await run(ActionAffirm(), "affirm_after_offer_fr")
    assert texts(messages) == content().messages("human_accepted", "fr")
    assert events == [SlotSet("pending_question", None)]
    assert controls(messages) == [{"amane_control": "consent", "value": "yes"}]


async def test_yes_to_deletion_asks_the_pipeline_to_erase() -> None:
    messages, events = await run(ActionAffirm(), "affirm_after_delete_en")
    assert texts(messages) == content().messages("deleted", "en")
    assert {"amane_control": "erase_conversation"} in controls(messages)
    assert events == [SlotSet("pending_question", None)]


async def test_no_without_a_question_shows_the_menu_in_darija() -> None:
    messages, _ = await run(ActionDeny(), "deny_no_question_ary")   # after a hello: not the first message
    assert texts(messages) == content().messages("deny", "ary_latn")   # "la", in Latin letters
    assert last_buttons(messages)[0] == "/ask_rights"


async def test_language_from_the_nlu_when_no_pipeline_metadata() -> None:
    messages, _ = await run(topic_action("ask_rights"), "rights_no_metadata_en")
    assert texts(messages)[0] == content().messages("answers.ask_rights", "en")[0]


async def test_unknown_language_is_told_which_languages_we_read() -> None:
    messages, _ = await run(ActionFallback(), "fallback_unknown_language")
    c = content()
    assert texts(messages) == c.messages("unsupported_language", "fr") + c.messages("fallback", "fr")


async def test_operator_contact_line_only_when_configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    messages, _ = await run(topic_action("ask_voluntary_return"), "voluntary_return_fr")
    assert not any("OIM-TEST-CONTACT" in t for t in texts(messages))
    contacts = (ROOT / "content" / "contacts.yml").read_text(encoding="utf-8")
    configured = tmp_path / "contacts.yml"
    configured.write_text(contacts.replace('iom_contact: ""', 'iom_contact: "OIM-TEST-CONTACT"'), encoding="utf-8")
    monkeypatch.setenv("AMANE_CONTACTS_FILE", str(configured))
    get_settings.cache_clear()
    messages, _ = await run(topic_action("ask_voluntary_return"), "voluntary_return_fr")
    assert any("OIM-TEST-CONTACT" in t for t in texts(messages))
