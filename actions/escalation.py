"""Answers when someone is in danger, tells of exploitation, or asks for a person."""
from __future__ import annotations

from actions.base import AmaneAction, offer_human
from actions.turn import Turn


class ActionEmergency(AmaneAction):
    action_name = "action_emergency"
    handles_danger = True

    def respond(self, turn: Turn) -> None:
        # The numbers come first, always, whatever the risk cues found.
        turn.say("emergency")
        offer_human(turn)


class ActionDisclosure(AmaneAction):
    action_name = "action_disclosure"

    def respond(self, turn: Turn) -> None:
        turn.say("disclosure")
        offer_human(turn)


class ActionRequestHuman(AmaneAction):
    action_name = "action_request_human"

    def respond(self, turn: Turn) -> None:
        turn.say("human_requested")
