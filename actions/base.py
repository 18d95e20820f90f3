"""The base of every Amane action: emergency numbers first whenever the turn shows danger."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.turn import Turn
from bot import control


class AmaneAction(Action, ABC):
    action_name: str = ""
    # Emergency actions say the numbers themselves; every other one says them first on danger.
    handles_danger: bool = False

    def name(self) -> Text:
        return self.action_name

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        turn = Turn.of(tracker, dispatcher)
        if turn.danger and not self.handles_danger:
            # Danger found by the risk cues overrides whatever the intent was.
            turn.say("emergency")
        self.respond(turn)
        if turn.escalate:
            # Quiet: the user sees only the calm answer; the pipeline opens or raises the case.
            dispatcher.utter_message(json_message=control.escalation(turn.risk, turn.intent))
        return turn.events

    @abstractmethod
    def respond(self, turn: Turn) -> None:
        """Say this action's messages and add its events to the turn."""


def offer_human(turn: Turn) -> None:
    """Offer a confidential conversation with a trained person, once per conversation.

    It is a question about the person's situation, so first: is it safe to write now? "Later" is
    honoured (the offer waits for the next time they write about it).
    """
    if turn.human_offered:
        return
    if not turn.safe_to_talk:
        turn.say("safe_to_talk", turn.yes_later())
        turn.events.append(SlotSet("pending_question", "safe_to_talk"))
        return
    turn.say("offer_human", turn.yes_no())
    turn.events += [SlotSet("pending_question", "offer_human"), SlotSet("human_offered", True)]
