"""The action server's answer is still checked as Rasa checks it, with a validator built once."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot.app import rasa_patches

VALID = {"events": [{"event": "slot", "name": "pending_question", "value": "offer_human", "timestamp": None}],
         "responses": [{"text": "hello", "buttons": []}]}
INVALID = [
    {"events": "not a list", "responses": []},
    {"events": [{"event": "slot", "value": 1}], "responses": []},   # a slot event without its name
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": [], "responses": ["a string, not an object"]},
    ["not", "an", "object"],
]


@pytest.fixture
def action() -> Iterator[RemoteAction]:
    yield RemoteAction("action_greet", EndpointConfig(url="http://127.0.0.1:1/webhook"))
    rasa_patches.restore_rasa_validation()


def outcome(action: RemoteAction, result: Any) -> tuple[bool, str]:
    try:
        return action._validate_action_result(result), ""
    except jsonschema.ValidationError as error:
        return False, error.message


@pytest.mark.parametrize("result", [VALID, *INVALID])
def test_the_patched_check_answers_exactly_as_rasas_own(action: RemoteAction, result: Any) -> None:
    rasa_patches.restore_rasa_validation()
    expected = outcome(action, result)
    rasa_patches.validate_action_results_with_one_validator()
    assert outcome(action, result) == expected


@pytest.mark.parametrize("result", INVALID)
def test_a_bad_answer_is_still_refused_with_rasas_message(action: RemoteAction, result: Any) -> None:
    rasa_patches.validate_action_results_with_one_validator()
    accepted, message = outcome(action, result)
    assert not accepted and "Failed to validate Action server response from API" in message


def test_the_schema_is_checked_once_not_at_every_call(action: RemoteAction, monkeypatch: pytest.MonkeyPatch) -> None:
    rasa_patches.validate_action_results_with_one_validator()
    action._validate_action_result(VALID)  # the validator exists from here on
    # The class jsonschema picks for Rasa's schema (no "$schema": the latest draft).
    chosen = jsonschema.validators.validator_for(RemoteAction.action_response_format_spec())
    checks: list[object] = []
    monkeypatch.setattr(chosen, "check_schema", classmethod(lambda cls, s: checks.append(s)))
    for _ in range(3):
        assert action._validate_action_result(VALID)
    assert checks == []
    rasa_patches.restore_rasa_validation()
    action._validate_action_result(VALID)
    assert len(checks) == 1  # Rasa's own check does it at every call: the count above could have grown
