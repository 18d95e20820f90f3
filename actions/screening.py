"""The optional screening form: its questions, the validation of each answer, how it starts and ends.

A Rasa form (`screening_form`, domain.yml) asks the questions of actions/screening_answers.py one by one.
The domain's slot mappings turn yes / no / skip (typed or tapped) into the asked question's answer; the
validation below decides everything else about the message: "stop" ends the form at once, danger and
any other request leave the form to the rules (the emergency numbers come first, and the action that
answers ends the form, see actions/base.py), and a message that is no answer gets the question again.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecutionRejected, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.base import AmaneAction, ask_safe_to_talk, end_screening, start_screening
from actions.screening_answers import ANSWERS, FORM, QUESTION_SLOTS, REQUESTED_SLOT, STOPPED_SLOT
from actions.turn import Turn
from bot.conversation import control

# Messages that are no answer and no request either: the question is asked again.
NOT_AN_ANSWER = frozenset({"nlu_fallback", "out_of_scope"})


class ValidateScreeningForm(FormValidationAction):
    """Decides what each message during the screening is: an answer, "stop", or something for the rules."""

    def name(self) -> str:
        return f"validate_{FORM}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
                  ) -> list[dict[str, Any]]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        if not requested:
            return []  # the form is starting: nothing was asked yet, it asks the first question
        turn = Turn.of(tracker, dispatcher)
        if turn.danger:
            # Danger in any message, even a "yes": the form gives the message up, so the rules answer it
            # and the emergency numbers come first; the answer taken from it is dropped.
            return [SlotSet(requested, None), ActionExecutionRejected(FORM)]
        answer = tracker.slots_to_validate().get(requested)
        stopping = turn.intent == "stop_screening"
        if turn.risky and answer not in ANSWERS and not stopping:
            # Not an answer, but it tells of exploitation or a child ("I am 15", "he took my papers"):
            # it is understood first, by the rules' answer, rather than met with "I did not understand".
            return [ActionExecutionRejected(FORM)]
        if answer not in ANSWERS and not stopping and turn.intent not in NOT_AN_ANSWER:
            # Another request (a question, deleting data, a person...): returning nothing lets Rasa
            # reject the form, and the rule for that intent answers.
            return []
        if turn.escalate:
            # Cues in an answer count too, as in every other turn (the form answers this one).
            dispatcher.utter_message(json_message=control.escalation(turn.risk, turn.intent))
        if stopping:
            # At once: no more questions; the form ends and action_screening_done closes it.
            return [SlotSet(STOPPED_SLOT, True), SlotSet(REQUESTED_SLOT, None)]
        if answer not in ANSWERS:
            turn.say("screening.not_understood")
            return [SlotSet(requested, None)]  # still unanswered: the form asks it again
        # The answer is taken; Rasa's form then asks the next unanswered question, or ends.
        return await super().run(dispatcher, tracker, domain)

    @staticmethod
    def _answer(value: Any) -> str | None:
        return value if value in ANSWERS else None

    def validate_screening_documents(self, value: Any, *_: Any) -> dict[str, Any]:
        return {"screening_documents": self._answer(value)}

    def validate_screening_wages(self, value: Any, *_: Any) -> dict[str, Any]:
        return {"screening_wages": self._answer(value)}

    def validate_screening_debt(self, value: Any, *_: Any) -> dict[str, Any]:
        return {"screening_debt": self._answer(value)}

    def validate_screening_free_to_leave(self, value: Any, *_: Any) -> dict[str, Any]:
        return {"screening_free_to_leave": self._answer(value)}

    def validate_screening_threats(self, value: Any, *_: Any) -> dict[str, Any]:
        return {"screening_threats": self._answer(value)}

    def validate_screening_minor(self, value: Any, *_: Any) -> dict[str, Any]:
        return {"screening_minor": self._answer(value)}


class ActionAskScreeningQuestion(Action, ABC):
    """Asks one question of the form, with yes / no / skip / stop buttons, in the person's language."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The slot this question fills (abstract, so rasa_sdk registers only the concrete questions)."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
                  ) -> list[dict[str, Any]]:
        turn = Turn.of(tracker, dispatcher)
        question = self.slot.removeprefix("screening_")
        turn.say(f"screening.questions.{question}", turn.screening_buttons())
        return []


ASK_ACTIONS = [
    type(f"ActionAsk{slot.title().replace('_', '')}", (ActionAskScreeningQuestion,),
         {"slot": slot, "__module__": __name__})
    for slot in QUESTION_SLOTS
]


class ActionStartScreening(AmaneAction):
    """The person asked for the questions: first, is it safe to write now? Then the form starts."""

    action_name = "action_start_screening"

    def respond(self, turn: Turn) -> None:
        if turn.danger:
            return  # the emergency numbers were said; questions can wait
        if not turn.safe_to_talk:
            if turn.pending_question != "safe_to_talk":  # already on the screen: not asked twice in a row
                ask_safe_to_talk(turn)
            turn.events.append(SlotSet("screening_requested", True))
            return
        start_screening(turn)


class ActionScreeningDone(AmaneAction):
    """The form ended, answered or stopped: the answers become indicators, then a calm closing and the menu."""

    action_name = "action_screening_done"
    reports_risk = False  # the validation reported the last answer's cues already

    def respond(self, turn: Turn) -> None:
        stopped = turn.intent == "stop_screening"
        end_screening(turn, deactivate=False)
        if stopped:
            turn.say("screening.stopped")
        turn.say("screening.done", turn.menu())
