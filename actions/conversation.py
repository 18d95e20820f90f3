"""Conversation control: yes and no to a pending question, language changes, deleting data."""
from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.base import AmaneAction, offer_human
from bot import control
from bot.control import ERASE_CONVERSATION
from actions.turn import Turn

# What "yes" and "no" answer, by pending question; without one they get the short small talk.
YES_ANSWERS = {"offer_human": "human_accepted", "delete_confirm": "deleted"}
NO_ANSWERS = {"offer_human": "human_declined", "delete_confirm": "delete_cancelled", "safe_to_talk": "safe_later"}


class ActionAffirm(AmaneAction):
    action_name = "action_affirm"

    def respond(self, turn: Turn) -> None:
        if turn.pending_question == "safe_to_talk":
            # Safe now: the question that was waiting for it comes next.
            turn.safe_to_talk = True
            turn.events += [SlotSet("safe_to_talk", True), SlotSet("pending_question", None)]
            offer_human(turn)
            return
        turn.say(YES_ANSWERS.get(turn.pending_question or "", "affirm"))
        if turn.pending_question == "offer_human":
            turn.dispatcher.utter_message(json_message=control.consent("yes"))
        if turn.pending_question == "delete_confirm":
            # The pipeline keeps this payload back and erases the conversation after the turn.
            turn.dispatcher.utter_message(json_message=ERASE_CONVERSATION)
        turn.events.append(SlotSet("pending_question", None))


class ActionDeny(AmaneAction):
    action_name = "action_deny"

    def respond(self, turn: Turn) -> None:
        later = turn.pending_question == "safe_to_talk"
        turn.say(NO_ANSWERS.get(turn.pending_question or "", "deny"), None if later else turn.menu())
        if turn.pending_question in ("offer_human", "safe_to_talk"):
            turn.dispatcher.utter_message(json_message=control.consent("later" if later else "no"))
        turn.events.append(SlotSet("pending_question", None))


class ActionChangeLanguage(AmaneAction):
    """The pipeline already switched the reply language; confirm it, or list what we read."""

    action_name = "action_change_language"

    def respond(self, turn: Turn) -> None:
        turn.say("language_changed", turn.menu())


class ActionDeleteMyData(AmaneAction):
    action_name = "action_delete_my_data"

    def respond(self, turn: Turn) -> None:
        turn.say("delete_confirm", turn.yes_no())
        turn.events.append(SlotSet("pending_question", "delete_confirm"))
