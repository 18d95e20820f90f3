"""Control payloads that actions send to the pipeline through Rasa; they never reach the user."""
from __future__ import annotations

from typing import Any

KEY = "amane_control"

# Sent by the action that confirms deletion: the pipeline erases the conversation after the turn.
ERASE_CONVERSATION = {KEY: "erase_conversation"}


def escalation(risk: dict[str, Any], intent: str | None, reason: str | None = None) -> dict[str, Any]:
    """The turn showed risk, danger or a request for a person: open or raise the case quietly.

    `reason` names why for the desk when it is not the turn's own risk (e.g. "screening").
    """
    payload = {KEY: "escalate", "risk": risk, "intent": intent}
    if reason:
        payload["reason"] = reason
    return payload


def consent(value: str) -> dict[str, Any]:
    """The user's answer to the offer of a confidential conversation: yes, no or later."""
    return {KEY: "consent", "value": value}
