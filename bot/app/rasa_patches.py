"""Patches to Rasa 3.6, installed when the server is built: a cost removed, a lost answer prevented.

1. The check of the action server's answer, with its behaviour kept.

Rasa's RemoteAction._validate_action_result calls `jsonschema.validate` on every action call, and
that function checks the schema itself against its meta-schema each time (about 68 ms a call against
about 1 ms with a validator built once; over half of the server's busy time in a profile). The schema
never changes, so the validator is built, and the schema checked, once. Valid answers pass and invalid
ones raise the same ValidationError, with the same message, as before.

2. A connection to the action server that fails (under load, "Cannot write to closing transport" was seen
in bench/load.py: the turn then got no answer at all) is tried again, twice, a moment later. Our actions
only read the tracker and return events (nothing is written by the action server), so running one again
is safe; a timeout is not retried (the action may still be running).

3. One aiohttp session per endpoint and event loop, kept open. Rasa 3.6 opens a new session, and so a new
TCP connection, for every call to the action server and closes it after (2.6% of the server's busy time in
creating connections, py-spy, 20 WhatsApp conversations at once). The kept session reuses its connections; one
the action server closed while idle fails at once and is tried again by patch 2. Closed when the server stops.
"""
from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

import aiohttp
from jsonschema import exceptions, validators
from jsonschema.protocols import Validator
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

_ORIGINAL = RemoteAction._validate_action_result
_ORIGINAL_REQUEST = EndpointConfig.request
_ORIGINAL_SESSION = EndpointConfig.session
ACTION_CALL_ATTEMPTS = 3


@functools.cache
def _validator() -> Validator:
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    # What jsonschema.validate does after checking the schema: the most relevant error, or none.
    error = exceptions.best_match(_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def validate_action_results_with_one_validator() -> None:
    """Install the cheaper check (idempotent). Called once when the server is built."""
    RemoteAction._validate_action_result = _validate_action_result


def restore_rasa_validation() -> None:
    """Rasa's own check again (tests compare the two)."""
    RemoteAction._validate_action_result = _ORIGINAL


async def _request_with_retries(self: EndpointConfig, *args: Any, **kwargs: Any) -> Any:
    for attempt in range(1, ACTION_CALL_ATTEMPTS + 1):
        try:
            return await _ORIGINAL_REQUEST(self, *args, **kwargs)
        except aiohttp.ServerTimeoutError:
            raise
        except aiohttp.ClientConnectionError as error:
            if attempt == ACTION_CALL_ATTEMPTS:
                raise
            logger.warning("action server connection failed (%s), trying again", type(error).__name__)
            await asyncio.sleep(0.05 * attempt)
    raise AssertionError("unreachable")


def retry_failed_action_connections() -> None:
    """Install the retries (idempotent). Called once when the server is built."""
    EndpointConfig.request = _request_with_retries


def restore_rasa_requests() -> None:
    EndpointConfig.request = _ORIGINAL_REQUEST


class _KeptSession:
    """What Rasa's `async with endpoint.session() as session` gets: the kept session, left open at the end."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(self, *exc_info: object) -> None:
        return None


# The kept sessions with their event loops, to close them at the stop (tests run several loops).
_kept: list[tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession]] = []


def _session(self: EndpointConfig) -> _KeptSession:
    loop = asyncio.get_running_loop()
    kept = getattr(self, "_amane_kept", None)
    if kept is None or kept[0] is not loop or kept[1].closed:
        kept = (loop, _ORIGINAL_SESSION(self))
        self._amane_kept = kept
        _kept[:] = [(owner, session) for owner, session in _kept if not session.closed] + [kept]
    return _KeptSession(kept[1])


def keep_action_sessions() -> None:
    """Install the kept sessions (idempotent). Called once when the server is built."""
    EndpointConfig.session = _session


async def close_kept_sessions(*_: Any) -> None:
    """Closes the sessions of the running loop (a listener of the server's stop)."""
    loop = asyncio.get_running_loop()
    mine = [session for owner, session in _kept if owner is loop]
    _kept[:] = [(owner, session) for owner, session in _kept if owner is not loop]
    for session in mine:
        await session.close()


def restore_rasa_sessions() -> None:
    EndpointConfig.session = _ORIGINAL_SESSION
