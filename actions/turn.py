"""What every action needs to know about the current turn: reply language, risk, pending question."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.screening_answers import FORM, answered
from bot.conversation.content import Button, Content, content_for, reply_form
from bot.nlu.language.script import message_script
from bot.settings import get_settings

# What makes a message a question, in Latin and Arabic script.
QUESTION_MARKS = ("?", "؟")


def content() -> Content:
    return content_for(get_settings())


def topic_action_name(topic: str) -> str:
    """The action that answers a topic's intent: "ask_shelter" -> "action_answer_shelter" (actions/answers.py)."""
    return f"action_answer_{topic.removeprefix('ask_')}"


# Actions that are not an answer to the person (listening, starting a session, the form's own steps).
NOT_AN_ANSWER_ACTIONS = frozenset({"action_listen", "action_session_start", "action_unlikely_intent", None})


def previous_answer(events: list[dict[str, Any]]) -> tuple[str | None, list[str]]:
    """The action that answered the person's previous message (before the latest one), and its texts."""
    seen_latest_message = False
    texts: list[str] = []
    for event in reversed(events):
        if event.get("event") == "user":
            if seen_latest_message:
                return None, texts  # the previous message got no answer we know of
            seen_latest_message = True
        elif seen_latest_message and event.get("event") == "bot" and event.get("text"):
            texts.insert(0, str(event["text"]))
        elif seen_latest_message and event.get("event") == "action" and event.get("name") not in NOT_AN_ANSWER_ACTIONS:
            return str(event.get("name")), texts
    return None, texts


def previous_message_indicators(events: list[dict[str, Any]]) -> list[str]:
    """The risk indicators of the person's message before the latest one: what "is that allowed?" refers to."""
    messages = _user_messages(events)
    if len(messages) < 2:
        return []
    return indicators_of(messages[-2])


def indicators_told_before(events: list[dict[str, Any]]) -> set[str]:
    """The risk indicators of the person's earlier messages: a message that shows another one tells more."""
    return {code for message in _user_messages(events)[:-1] for code in indicators_of(message)}


def _user_messages(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [event for event in events if event.get("event") == "user"]


def indicators_of(message: dict[str, Any]) -> list[str]:
    """The risk indicators the pipeline found in a stored user message (its parse data's `risk`)."""
    risk = (message.get("parse_data") or {}).get("risk") or {}
    return [str(code) for code in risk.get("indicators") or []]


def darija_script(events: list[dict[str, Any]]) -> str | None:
    """The script Darija replies are written in: the pipeline's choice for the latest message; for a message that
    did not come through it (`rasa test`, `rasa shell`), the script of the person's last message with words."""
    for event in reversed(events):
        if event.get("event") != "user":
            continue
        metadata = event.get("metadata") or {}
        if "script" in metadata:
            return metadata["script"]
        text = str(event.get("text") or "")
        script = None if text.startswith("/") else message_script(text)
        if script:
            return script
    return None


@dataclass
class Turn:
    language: str              # the content form: a language, or "ary_latn" (Darija in Latin letters)
    intent: str | None
    foreign_language: bool     # written in a language we do not read
    risk: dict[str, Any]
    pending_question: str | None
    human_offered: bool
    safe_to_talk: bool          # the user said it is safe to write now
    dispatcher: CollectingDispatcher
    screening_active: bool = False        # the screening form is asking its questions
    screening_offered: bool = False       # offered (or started) once already
    screening_requested: bool = False     # asked for before it was safe to write
    screening_answers: dict[str, str] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    # Someone is on duty in the officer desk (the pipeline asks each turn): only then may the bot say that a
    # person will answer soon. Unknown (a turn that did not come through the pipeline) counts as on duty.
    officer_on_duty: bool = True
    # Why this turn's case is opened or raised, for the desk, when it is not the message's own risk.
    escalation_reason: str | None = None
    # "Is it safe to write now?" was asked once already in this conversation (it is not asked again
    # after every disclosure; only when the person comes back after "later").
    safety_asked: bool = False
    text: str = ""
    # The classifier's guesses, best first (a second, topic guess for "thanks, and who pays the ticket?").
    intent_ranking: list[tuple[str, float]] = field(default_factory=list)
    first_user_turn: bool = False         # the conversation's first message from the person
    previous_action: str | None = None    # the action that answered the person's previous message
    previous_texts: list[str] = field(default_factory=list)  # what it said
    last_topic: str | None = None         # the topic answered last (a follow-up often drops its words)
    # The NLU's guesses of the sub-question asked ("ask_voluntary_return/who_pays", or "none"), best first.
    sub_question_ranking: list[tuple[str, float]] = field(default_factory=list)
    sub_question_entity: str | None = None  # the sub-question of a tapped button
    # The emergency numbers were said, or danger asked about, in this conversation (actions/danger_followup.py).
    danger_seen: bool = False
    child_line_said: bool = False         # the children's line was said in this turn (actions/children.py)
    # The classifier's own first guess when it was changed to agree with the risk decision (bot/nlu/reconcile.py):
    # "my boss keeps my passport, can I still go home?" is a disclosure, and its question is still asked.
    classifier_intent: str | None = None
    previous_indicators: list[str] = field(default_factory=list)  # the risk cues of the person's previous message
    indicators_told: set[str] = field(default_factory=set)  # the risk cues of all the person's earlier messages

    @property
    def intent_confidence(self) -> float:
        """The classifier's confidence in its best guess; 1.0 with no guesses (a tapped button is sure)."""
        return self.intent_ranking[0][1] if self.intent_ranking else 1.0

    @property
    def best_sub_question(self) -> tuple[str, float] | None:
        """The sub-question classifier's best guess (label, confidence), or None without guesses."""
        return self.sub_question_ranking[0] if self.sub_question_ranking else None

    @classmethod
    def of(cls, tracker: Tracker, dispatcher: CollectingDispatcher) -> Turn:
        latest = tracker.latest_message or {}
        metadata = latest.get("metadata") or {}
        # The pipeline's choice (conversation history, explicit requests) comes first; the NLU
        # annotator's detection covers messages that did not come through the pipeline.
        language = metadata.get("language") or latest.get("language") or get_settings().default_language
        # Darija is answered in the script the person writes it in: "ary_latn" is its Latin-letter content.
        language = reply_form(language, darija_script(tracker.events) if language == "ary" else None)
        answered_by, answer_texts = previous_answer(tracker.events)
        return cls(
            language=language,
            intent=(latest.get("intent") or {}).get("name"),
            foreign_language=bool(metadata.get("foreign_language")),
            risk=latest.get("risk") or {},
            pending_question=tracker.get_slot("pending_question"),
            human_offered=bool(tracker.get_slot("human_offered")),
            safe_to_talk=bool(tracker.get_slot("safe_to_talk")),
            dispatcher=dispatcher,
            screening_active=tracker.active_loop_name == FORM,
            screening_offered=bool(tracker.get_slot("screening_offered")),
            screening_requested=bool(tracker.get_slot("screening_requested")),
            screening_answers=answered(tracker.slots),
            officer_on_duty=metadata.get("officer_on_duty", True) is not False,
            safety_asked=bool(tracker.get_slot("safety_asked"))
            or tracker.get_slot("pending_question") == "safe_to_talk",
            text=str(latest.get("text") or ""),
            intent_ranking=[(str(guess.get("name")), float(guess.get("confidence") or 0.0))
                            for guess in latest.get("intent_ranking") or []],
            first_user_turn=sum(1 for event in tracker.events if event.get("event") == "user") <= 1,
            previous_action=answered_by,
            previous_texts=answer_texts,
            last_topic=tracker.get_slot("last_topic"),
            sub_question_ranking=[(str(guess.get("name")), float(guess.get("confidence") or 0.0))
                                  for guess in latest.get("sub_question_ranking") or []],
            sub_question_entity=next((str(entity.get("value")) for entity in latest.get("entities") or []
                                      if entity.get("entity") == "sub_question"), None),
            danger_seen=bool(tracker.get_slot("danger_seen")),
            classifier_intent=latest.get("classifier_intent"),
            previous_indicators=previous_message_indicators(tracker.events),
            indicators_told=indicators_told_before(tracker.events),
        )

    @property
    def risky(self) -> bool:
        """The words show exploitation, danger or a child: this is understood before anything else."""
        return self.escalate or self.danger

    @property
    def says_nothing(self) -> bool:
        """Only emoji, punctuation or nothing: no word to understand ("😢", "?", "…")."""
        return not any(character.isalnum() for character in self.text)

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @property
    def asks(self) -> bool:
        """The message asks something: it holds a question mark (Latin or Arabic)."""
        return any(mark in self.text for mark in QUESTION_MARKS)

    @property
    def offer_deferred(self) -> bool:
        """The person answered "later" to "is it safe to write now?" and the offer of a person waits."""
        return (self.safety_asked and not self.safe_to_talk and not self.human_offered
                and self.pending_question is None)

    @property
    def danger(self) -> bool:
        return bool(self.risk.get("danger"))

    @property
    def escalate(self) -> bool:
        return bool(self.risk.get("escalate"))

    @property
    def minor(self) -> bool:
        """The message shows a child: the writer or someone else (the risk cues' `minor`)."""
        return "minor" in (self.risk.get("indicators") or [])

    @property
    def child_told(self) -> bool:
        """An earlier message of this conversation showed a child (the risk cues' `minor`): "a bed for me and him" may
        be about them."""
        return "minor" in self.indicators_told

    @property
    def tells_more(self) -> bool:
        """The words show exploitation not told before in this conversation ("no, he took my phone, this is a
        friend's" after "she beats me"): a new disclosure, heard as one though the person told of their situation."""
        return any(code != "minor" and code not in self.indicators_told for code in self.risk.get("indicators") or [])

    @property
    def situation_told(self) -> bool:
        """The person told of their own situation already: the safety question or the offer of a person followed."""
        return self.safety_asked or self.human_offered

    def just_said(self, *keys: str) -> bool:
        """The previous answer held a message of one of these content keys."""
        said = set(self.previous_texts)
        return any(text in said for key in keys for text in self.messages(key))

    @property
    def child_continues(self) -> bool:
        """The previous answer was for a child ("she sleeps on the floor and they beat her" right after "a girl of
        12 works next door"): what follows is still about that child, though this message names no age."""
        return self.just_said("child.disclosure", "child.line")

    @property
    def just_after_danger(self) -> bool:
        """The previous answer was the emergency numbers (for an attack, or the words for someone who may harm
        themselves) or a follow-up of danger: this message answers it ("i have nobody to call" after either)."""
        return self.just_said("emergency", "self_harm", "danger_followup.numbers")

    @property
    def self_harm(self) -> bool:
        return "self_harm" in (self.risk.get("indicators") or [])

    def say_emergency(self) -> None:
        """The numbers first: for someone who may harm themselves, with words for them rather than for an attack."""
        self.say("self_harm" if self.self_harm else "emergency")
        self.mark_danger_seen()
        # Danger and a child: the emergency numbers, then the children's line.
        self.say_child_line()

    def mark_danger_seen(self) -> None:
        """The numbers were said or danger asked about: what follows may be a follow-up of danger."""
        if not self.danger_seen:
            self.danger_seen = True
            self.events.append(SlotSet("danger_seen", True))

    def say_person_asked(self) -> None:
        """A person asked for: one answers here when an officer is on duty; otherwise the messages are kept for the
        team's return, with the numbers for danger now (issue 11's honest promise)."""
        self.say("human_requested" if self.officer_on_duty else "human_requested_off_duty")

    def say_child_line(self, about_a_child: bool | None = None) -> None:
        """The children's line, once a turn, when the message shows a child (or `about_a_child` says so)."""
        if (self.minor if about_a_child is None else about_a_child) and not self.child_line_said:
            self.say("child.line")
            self.child_line_said = True

    def messages(self, key: str) -> list[str]:
        return content().messages(key, self.language)

    def say(self, key: str, buttons: list[Button] | None = None) -> None:
        """Send a content key's messages; buttons go with the last one."""
        self.say_texts(self.messages(key), buttons)

    def say_texts(self, messages: list[str], buttons: list[Button] | None = None) -> None:
        for index, text in enumerate(messages):
            last = index == len(messages) - 1
            self.dispatcher.utter_message(
                text=text,
                buttons=[{"title": b.title, "payload": b.payload} for b in buttons] if last and buttons else [],
            )

    def menu(self) -> list[Button]:
        return content().menu(self.language)

    def yes_no(self) -> list[Button]:
        return content().yes_no(self.language)

    def yes_later(self) -> list[Button]:
        return content().yes_later(self.language)

    def screening_buttons(self) -> list[Button]:
        """Yes / no / skip / stop: payloads, so that every channel can answer a question with one tap."""
        raw = content().raw
        return self.yes_no() + [Button(raw("buttons.skip", self.language), "/skip_question"),
                                Button(raw("buttons.stop", self.language), "/stop_screening")]
