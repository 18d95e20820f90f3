"""Context that never traps: a pending question never swallows a message that says more, several things in one
message, a first message that says nothing, and the same block never twice in a row (real rasa_sdk Trackers)."""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecutionRejected, ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import TOPIC_ACTIONS, ActionFallback, ActionGreet, ActionThank
from actions.conversation import ActionAffirm, ActionDeny
from actions.escalation import ActionDisclosure
from actions.screening import ValidateScreeningForm
from bot.conversation.content import content_for
from bot.settings import get_settings

TRACKERS = Path(__file__).parent.parent / "data" / "trackers"
NO_RISK = {"escalate": False, "priority": "none", "indicators": [], "danger": False}
DOCUMENTS = {"escalate": True, "priority": "normal", "indicators": ["retention_of_documents"], "danger": False}
MINOR = {"escalate": True, "priority": "urgent", "indicators": ["minor"], "danger": False}
VIOLENCE = {"escalate": True, "priority": "urgent", "indicators": ["physical_sexual_violence"], "danger": True}
# Whether a saved tracker's conversation already had a turn before this message.
EARLIER_TURN = [{"event": "user", "text": "salam", "parse_data": {"intent": {"name": "greet", "confidence": 0.99}}},
                {"event": "action", "name": "action_greet"}, {"event": "bot", "text": "..."},
                {"event": "action", "name": "action_listen"}]


def tracker(text: str, intent: str, risk: dict[str, Any] | None = None, language: str = "en",
            confidence: float = 0.93, ranking: list[tuple[str, float]] | None = None,
            before: list[dict[str, Any]] | None = None, form: str | None = None, **slots: Any) -> Tracker:
    """The saved Darija danger tracker, with this turn's message, classification, risk, language, slots, and
    `before`: the conversation's events before this message (none: the conversation's first message)."""
    data = json.loads((TRACKERS / "danger_ary.json").read_text(encoding="utf-8"))
    latest = copy.deepcopy(data["latest_message"])
    latest.update(text=text, intent={"name": intent, "confidence": confidence}, risk=risk or NO_RISK,
                  language=language,
                  intent_ranking=[{"name": n, "confidence": c} for n, c in (ranking or [(intent, confidence)])])
    # As the pipeline sends it: Darija here is Darija in Arabic script, whatever letters the test's text uses.
    latest["metadata"].update(language=language, detected_language=language,
                              script="arab" if language == "ary" else None)
    data["latest_message"] = latest
    user = {**data["events"][-1], "text": text, "parse_data": latest, "metadata": latest["metadata"]}
    data["events"] = [data["events"][0], *(before or []), user]
    data["slots"].update(slots)
    if form:
        data["active_loop"] = {"name": form}
    return Tracker.from_dict(data)


async def run(action: Any, state: Tracker) -> tuple[list[str], list[dict[str, Any]], list[Any], list[str]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, state, {})
    with_text = [m for m in dispatcher.messages if m.get("text")]
    buttons = [b["payload"] for b in (with_text[-1].get("buttons") or [])] if with_text else []
    return [m["text"] for m in with_text], [m["custom"] for m in dispatcher.messages if m.get("custom")], events, buttons


def say(key: str, language: str = "en") -> list[str]:
    return content_for(get_settings()).messages(key, language)


def topic_action(intent: str) -> Any:
    return next(a for a in TOPIC_ACTIONS if a.topic == intent)()


def escalations(controls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in controls if c.get("amane_control") == "escalate"]


# -- item 3: a pending question never swallows a message that shows exploitation, danger, a child or a question

@pytest.mark.parametrize(("language", "text"), [("en", "yes he took my passport"),
                                                ("fr", "oui il a pris mon passeport")])
async def test_a_yes_to_is_it_safe_that_tells_of_exploitation_is_heard_first(language: str, text: str) -> None:
    texts, controls, events, buttons = await run(ActionAffirm(), tracker(
        text, "affirm", DOCUMENTS, language, pending_question="safe_to_talk", safety_asked=True))
    # The disclosure's answer first; the yes still says it is safe: the offer of a person follows.
    assert texts == say("disclosure", language) + say("offer_human", language)
    assert buttons == ["/affirm", "/deny"]
    assert SlotSet("safe_to_talk", True) in events and SlotSet("pending_question", "offer_human") in events
    assert [c["risk"]["indicators"] for c in escalations(controls)] == [["retention_of_documents"]]


@pytest.mark.parametrize(("action", "language", "text", "risk"), [
    (ActionAffirm, "en", "yes, my boss has my passport", DOCUMENTS),
    (ActionAffirm, "ary", "ah, الباطرون شد ليا الباسبور", DOCUMENTS),
    (ActionDeny, "fr", "non, j'ai 15 ans", MINOR),
    (ActionDeny, "ar", "لا، عمري 15 سنة", MINOR),
])
async def test_a_disclosure_while_deletion_is_asked_is_neither_yes_nor_no(action: Any, language: str, text: str,
                                                                          risk: dict[str, Any]) -> None:
    texts, controls, events, _ = await run(action(), tracker(text, action.action_name.removeprefix("action_"),
                                                             risk, language, pending_question="delete_confirm"))
    assert {"amane_control": "erase_conversation"} not in controls       # nothing is erased
    # A child (15): the child's words, with the children's line (actions/children.py).
    disclosure = "child.disclosure" if "minor" in risk["indicators"] else "disclosure"
    assert texts == say(disclosure, language) + say("safe_to_talk", language)
    assert not set(texts) & set(say("deleted", language) + say("delete_cancelled", language))
    assert events[0] == SlotSet("pending_question", None)  # a later "yes" deletes nothing either
    assert [c["risk"]["indicators"] for c in escalations(controls)] == [risk["indicators"]]


@pytest.mark.parametrize(("language", "text"), [("fr", "non, il me frappe en ce moment"),
                                                ("ar", "لا، إنه يضربني الآن")])
async def test_a_no_to_the_offer_that_shows_danger_gives_the_numbers_first(language: str, text: str) -> None:
    texts, controls, events, _ = await run(ActionDeny(), tracker(
        text, "deny", VIOLENCE, language, pending_question="offer_human", safe_to_talk=True, human_offered=True))
    assert texts == say("emergency", language) + say("human_declined", language)
    assert {"amane_control": "consent", "value": "no"} in controls
    assert [c["risk"]["priority"] for c in escalations(controls)] == ["urgent"]


@pytest.mark.parametrize(("language", "text"), [("en", "no he is hitting me"), ("ary", "la, راه كيضربني دابا")])
async def test_a_no_to_are_you_in_danger_with_words_of_danger_is_danger(language: str, text: str) -> None:
    texts, controls, events, _ = await run(ActionDeny(), tracker(
        text, "deny", VIOLENCE, language, pending_question="danger_check", safe_to_talk=True))
    assert texts == say("emergency", language) + say("offer_human", language)
    assert not set(texts) & set(say("danger_check_no", language))
    assert SlotSet("pending_question", None) in events
    assert SlotSet("danger_seen", False) not in events   # danger, whatever the "no": its follow-ups stay
    assert [c["risk"]["danger"] for c in escalations(controls)] == [True]


@pytest.mark.parametrize(("language", "text"), [("en", "I am 15"), ("ary", "عندي 15 عام")])
async def test_a_child_during_the_screening_is_understood_not_asked_again(language: str, text: str) -> None:
    during = tracker(text, "nlu_fallback", MINOR, language, form="screening_form", safe_to_talk=True,
                     screening_offered=True, requested_slot="screening_debt", screening_documents="yes")
    # The form gives the message up (not "sorry, I did not understand")...
    events = await ValidateScreeningForm().run(CollectingDispatcher(), during, {})
    assert events == [ActionExecutionRejected("screening_form")]
    # ... and the rule's answer understands it: the child's disclosure words; the questions end, their answers count.
    texts, controls, events, _ = await run(ActionFallback(), during)
    assert texts[: len(say("child.disclosure", language))] == say("child.disclosure", language)
    assert not set(texts) & set(say("fallback", language) + say("screening.not_understood", language))
    assert ActiveLoop(None) in events
    assert sorted(i for c in escalations(controls) for i in c["risk"]["indicators"]) == [
        "minor", "retention_of_documents"]


@pytest.mark.parametrize(("language", "text"), [("en", "how do I go home?"), ("fr", "comment rentrer chez moi ?")])
async def test_a_question_while_deletion_is_asked_is_answered_and_the_question_dropped(language: str,
                                                                                       text: str) -> None:
    texts, controls, events, _ = await run(topic_action("ask_voluntary_return"), tracker(
        text, "ask_voluntary_return", language=language, pending_question="delete_confirm"))
    assert texts[0] == say("answers.ask_voluntary_return", language)[0]
    # A "yes" later erases nothing; a follow-up ("who pays?") is about this topic now.
    assert events == [SlotSet("pending_question", None), SlotSet("last_topic", "ask_voluntary_return")]
    assert controls == []


async def test_a_question_while_is_it_safe_is_asked_keeps_that_question_open() -> None:
    _, _, events, _ = await run(topic_action("ask_rights"), tracker(
        "what are my rights?", "ask_rights", language="fr", pending_question="safe_to_talk", safety_asked=True))
    assert events == [SlotSet("last_topic", "ask_rights")]   # its "yes" button still answers it


@pytest.mark.parametrize(("language", "text"), [("fr", "c bon je suis seule"), ("en", "I'm alone now"),
                                                ("ary", "دابا أنا بوحدي")])
async def test_after_later_the_offer_comes_back_when_the_person_writes_again(language: str, text: str) -> None:
    texts, _, events, buttons = await run(ActionAffirm(), tracker(
        text, "affirm", language=language, before=EARLIER_TURN, safety_asked=True, safe_to_talk=False))
    assert texts == say("offer_human", language)
    assert buttons == ["/affirm", "/deny"]
    assert events == [SlotSet("safe_to_talk", True), SlotSet("pending_question", "offer_human"),
                      SlotSet("human_offered", True)]


@pytest.mark.parametrize("language", ["ary", "en"])
async def test_after_later_a_hello_asks_again_whether_it_is_safe_now(language: str) -> None:
    texts, _, events, _ = await run(ActionGreet(), tracker(
        "salam", "greet", language=language, before=EARLIER_TURN, safety_asked=True, safe_to_talk=False))
    assert texts == say("safe_to_talk", language)
    assert SlotSet("pending_question", "safe_to_talk") in events


async def test_a_bare_ok_right_after_later_is_not_taken_for_safe_now() -> None:
    texts, _, events, _ = await run(ActionAffirm(), tracker(
        "ok", "affirm", language="fr", before=EARLIER_TURN, safety_asked=True, safe_to_talk=False))
    assert texts == say("affirm", "fr")
    assert SlotSet("safe_to_talk", True) not in events


@pytest.mark.parametrize(("language", "pending"), [("en", "safe_to_talk"), ("ar", "safe_to_talk"), ("fr", None)])
async def test_the_safety_question_is_asked_once_not_after_every_disclosure(language: str,
                                                                            pending: str | None) -> None:
    # Asked and still open, or answered "later": a second disclosure gets its answer, not the question again.
    texts, controls, events, _ = await run(ActionDisclosure(), tracker(
        "he also keeps my pay", "disclose_exploitation", DOCUMENTS, language, before=EARLIER_TURN,
        pending_question=pending, safety_asked=True, safe_to_talk=False))
    assert texts == say("disclosure", language)
    assert events == []
    assert len(escalations(controls)) == 1   # the case still hears of it


# -- item 4: more than one thing in a message

@pytest.mark.parametrize(("language", "text"), [("en", "Hello, my boss took my passport"),
                                                ("fr", "Bonjour, mon patron a pris mon passeport")])
async def test_a_hello_with_a_disclosure_is_answered_as_the_disclosure(language: str, text: str) -> None:
    texts, controls, _, _ = await run(ActionGreet(), tracker(text, "greet", DOCUMENTS, language))
    assert texts == say("disclosure", language) + say("safe_to_talk", language)
    assert len(escalations(controls)) == 1


async def test_a_hello_with_danger_gives_the_numbers_and_no_greeting() -> None:
    texts, _, _, _ = await run(ActionGreet(), tracker("salam, he is hitting me now", "greet", VIOLENCE))
    assert texts == say("emergency") + say("safe_to_talk")


@pytest.mark.parametrize(("language", "text"), [
    ("en", "thanks, and who pays the ticket?"), ("fr", "merci, et qui paie le billet ?"),
    ("ary", "شكرا، وشكون كيخلص التذكرة؟")])
async def test_thanks_with_a_question_answers_the_question(language: str, text: str) -> None:
    ranking = [("thank", 0.92), ("disclose_exploitation", 0.03), ("ask_voluntary_return", 0.02), ("greet", 0.01)]
    texts, _, _, _ = await run(ActionThank(), tracker(text, "thank", language=language, ranking=ranking,
                                                      before=EARLIER_TURN))
    assert texts[: len(say("answers.ask_voluntary_return", language))] == say("answers.ask_voluntary_return",
                                                                               language)
    assert not set(texts) & set(say("thank", language))


async def test_plain_thanks_are_thanks() -> None:
    ranking = [("thank", 0.96), ("ask_voluntary_return", 0.02)]
    texts, _, _, _ = await run(ActionThank(), tracker("thank you so much", "thank", ranking=ranking,
                                                      before=EARLIER_TURN))
    assert texts == say("thank")


# -- item 9: a first message that says nothing gets the greeting and the menu, never "OK."

@pytest.mark.parametrize(("action", "intent", "text", "language", "confidence"), [
    (ActionAffirm, "affirm", "😢", "fr", 0.37), (ActionAffirm, "affirm", "…", "ary", 0.37),
    (ActionFallback, "nlu_fallback", "?", "en", 0.1), (ActionDeny, "deny", "??", "ar", 0.3)])
async def test_a_first_message_that_says_nothing_gets_the_greeting_and_the_menu(
        action: Any, intent: str, text: str, language: str, confidence: float) -> None:
    texts, controls, _, buttons = await run(action(), tracker(text, intent, language=language,
                                                              confidence=confidence))
    assert texts == say("greet", language) + say("menu_prompt", language)
    assert buttons[0] == "/ask_rights"
    assert controls == []


async def test_later_in_the_conversation_a_yes_is_a_yes() -> None:
    texts, _, _, _ = await run(ActionAffirm(), tracker("ok", "affirm", confidence=0.93, before=EARLIER_TURN))
    assert texts == say("affirm")


# -- item 2: the same block is never sent twice in a row

def answered_before(topic: str, language: str, texts: list[str] | None = None) -> list[dict[str, Any]]:
    said = texts if texts is not None else say(f"answers.{topic}", language)
    return [{"event": "user", "text": "x", "parse_data": {"intent": {"name": topic, "confidence": 0.9}}},
            {"event": "action", "name": f"action_answer_{topic.removeprefix('ask_')}"},
            *({"event": "bot", "text": text} for text in said),
            {"event": "action", "name": "action_listen"}]


@pytest.mark.parametrize("language", ["en", "ary"])
async def test_the_same_topic_again_gets_a_short_line_with_its_sub_questions(language: str) -> None:
    texts, _, _, buttons = await run(topic_action("ask_voluntary_return"), tracker(
        "and going home?", "ask_voluntary_return", language=language,
        before=answered_before("ask_voluntary_return", language)))
    assert texts == say("answer_again", language)
    assert "/request_human" in buttons and buttons[0] == '/ask_voluntary_return{"sub_question":"who_pays"}'


async def test_asked_a_third_time_the_whole_answer_comes_again() -> None:
    texts, _, _, _ = await run(topic_action("ask_voluntary_return"), tracker(
        "going home", "ask_voluntary_return", before=answered_before("ask_voluntary_return", "en",
                                                                     say("answer_again"))))
    assert texts[0] == say("answers.ask_voluntary_return")[0]


async def test_another_topic_after_an_answer_is_answered_in_full() -> None:
    texts, _, _, _ = await run(topic_action("ask_shelter"), tracker(
        "where can I sleep", "ask_shelter", language="fr", before=answered_before("ask_voluntary_return", "fr")))
    assert texts[0] == say("answers.ask_shelter", "fr")[0]


# A topic question that also tells of exploitation, made the disclosure by bot/nlu/reconcile.py: heard, then answered.
@pytest.mark.parametrize("language, text, topic", [
    ("en", "my boss keeps my passport, can I still go home?", "ask_voluntary_return"),
    ("fr", "mon patron garde mon passeport, est-ce que je peux quand même rentrer ?", "ask_voluntary_return"),
])
async def test_a_disclosure_with_a_topic_question_gets_both(language: str, text: str, topic: str) -> None:
    state = tracker(text, "disclose_exploitation", DOCUMENTS, language, before=EARLIER_TURN)
    state.latest_message["classifier_intent"] = topic
    texts, controls, _, _ = await run(ActionDisclosure(), state)
    assert texts[: len(say("disclosure", language))] == say("disclosure", language)
    assert say(f"answers.{topic}", language)[0] in texts
    assert texts[-1] == say("safe_to_talk", language)[0]
    assert escalations(controls)
    # The same disclosure the classifier read as one: its words and the offer, no topic answer.
    plain = tracker(text, "disclose_exploitation", DOCUMENTS, language, before=EARLIER_TURN)
    texts, _, _, _ = await run(ActionDisclosure(), plain)
    assert texts == say("disclosure", language) + say("safe_to_talk", language)
