"""The base of every Amane action: emergency numbers first whenever the turn shows danger."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.child_words import note_child_named
from actions.danger_followup import answer_follow_up, follow_up_kind
from actions.screening_answers import FORM, reset_events, screening_risk
from actions.turn import Turn
from bot.conversation import control

# Questions still worth a "yes" after the person asked something else (their buttons stay on screen):
# whether it is safe to write, and the offer of a person. Deleting the conversation, danger now and the
# screening's offer are asked again rather than answered by a "yes" meant for something else.
STICKY_QUESTIONS = frozenset({"safe_to_talk", "offer_human"})


class AmaneAction(Action, ABC):
    action_name: str = ""
    # Emergency actions say the numbers themselves; every other one says them first on danger.
    handles_danger: bool = False
    # Whether this action reports the message's own risk to the case (an action whose message was
    # already reported, by the screening's validation, does not report it twice).
    reports_risk: bool = True
    # Whether this action answers the pending question (yes, no); any other action leaves it behind.
    answers_pending: bool = False
    # Whether, after danger, this action gives way to the silent options when the message asks "I can't call",
    # "where do I go?", "should I call the police?" (actions/danger_followup.py).
    follows_up_danger: bool = True

    def name(self) -> str:
        return self.action_name

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        turn = Turn.of(tracker, dispatcher)
        note_child_named(turn)   # "two boys maybe 8 years ... slaps them": a child, though the cues saw no age
        follow_up = follow_up_kind(turn) if self.follows_up_danger else None
        if turn.danger and not self.handles_danger and not follow_up:
            # Danger found by the risk cues overrides whatever the intent was (but after the numbers were said,
            # "I can't call, he will hear me" gets silent options, not "Call now" again).
            turn.say_emergency()
        if turn.screening_active:
            # This action runs during the screening only when the form gave the message up (danger,
            # deleting data, another question...): the person turned to something else, so the
            # questions stop here, quietly, and what was answered so far still counts.
            end_screening(turn, deactivate=True)
        if follow_up:
            answer_follow_up(turn, follow_up)
        if turn.pending_question and not self.answers_pending and turn.pending_question not in STICKY_QUESTIONS:
            # The person turned to something else: a later "yes" must not delete the conversation or
            # confirm danger that the question was about.
            turn.events.append(SlotSet("pending_question", None))
            turn.pending_question = None
        if not follow_up:
            self.respond(turn)
        turn.say_child_line()   # a child in the message: the children's line, if the answer did not say it
        if turn.escalate and self.reports_risk:
            # Quiet: the user sees only the calm answer; the pipeline opens or raises the case.
            dispatcher.utter_message(json_message=control.escalation(turn.risk, turn.intent,
                                                                     reason=turn.escalation_reason))
        return turn.events

    @abstractmethod
    def respond(self, turn: Turn) -> None:
        """Say this action's messages and add its events to the turn."""


def offer_human(turn: Turn) -> None:
    """Offer a confidential conversation with a trained person, once per conversation.

    It is a question about the person's situation, so first: is it safe to write now? "Later" is
    honoured (the offer waits for the next time they write about it). Once the person was offered,
    a later disclosure gets the offer of the screening instead.
    """
    turn.say_child_line()   # before the question, so that the line is not lost below its buttons
    if turn.human_offered:
        offer_screening(turn)
        return
    if not turn.safe_to_talk:
        if not turn.safety_asked:
            ask_safe_to_talk(turn)
        # Asked once: not after every disclosure. While it waits, a "yes" still answers it; after
        # "later", the offer comes back when the person writes again (actions/context.py).
        return
    turn.say("offer_human", turn.yes_no())
    turn.events += [SlotSet("pending_question", "offer_human"), SlotSet("human_offered", True)]


def ask_safe_to_talk(turn: Turn) -> None:
    """Is it safe to write now? (buttons yes / later)"""
    turn.say("safe_to_talk", turn.yes_later())
    turn.events += [SlotSet("pending_question", "safe_to_talk"), SlotSet("safety_asked", True)]
    turn.pending_question, turn.safety_asked = "safe_to_talk", True


def ask_about_danger(turn: Turn) -> None:
    """Are you in danger right now? (buttons yes / no), asked calmly when the words leave it unsure."""
    # About a child ("they beat her" right after "my sister is 13"), the question is about the child too: "are you in
    # danger?" alone asks the writer, who may be safe while the child is not.
    about_a_child = turn.minor or turn.child_continues
    turn.say("danger_check_child" if about_a_child else "danger_check", turn.yes_no())
    turn.events.append(SlotSet("pending_question", "danger_check"))
    turn.mark_danger_seen()


def offer_screening(turn: Turn) -> None:
    """Offer the optional screening once per conversation, and only when it is safe to write."""
    if turn.screening_offered or turn.screening_active or not turn.safe_to_talk or turn.danger:
        return  # never a questionnaire while someone is in danger
    turn.say("screening.offer", turn.yes_no())
    turn.events += [SlotSet("pending_question", "screening_offer"), SlotSet("screening_offered", True)]
    turn.screening_offered = True


def start_screening(turn: Turn) -> None:
    """Start the form now: a short line on how to answer, then its first question (asked by the form)."""
    turn.say("screening.intro")
    turn.events += [SlotSet("pending_question", None), SlotSet("screening_offered", True),
                    SlotSet("screening_requested", False)]
    turn.events += reset_events(deactivate=False)
    turn.events.append(FollowupAction(FORM))


def end_screening(turn: Turn, deactivate: bool) -> None:
    """The answers so far become indicators on the case (quietly), then they are emptied."""
    risk = screening_risk(turn.screening_answers)
    if risk is not None:
        turn.dispatcher.utter_message(json_message=control.escalation(risk, turn.intent, reason="screening"))
    turn.events += reset_events(deactivate)
    turn.screening_active = False
    turn.screening_answers = {}
