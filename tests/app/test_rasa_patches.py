"""The action server's answer is still checked as Rasa checks it, with a validator built once."""
from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import aiohttp
import jsonschema
import pytest
from aiohttp import web
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


async def _flaky_action_server(refusals: int) -> tuple[asyncio.AbstractServer, list[int]]:
    """Closes its first `refusals` connections at once (as a server under load may), then answers."""
    seen: list[int] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append(1)
        if len(seen) <= refusals:
            writer.transport.abort()
            return
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
        await reader.readexactly(length)
        body = json.dumps(VALID).encode()
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                     b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        await writer.drain()
        writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0), seen


@pytest.mark.parametrize("patched", [True, False])
async def test_a_dropped_connection_to_the_action_server_is_tried_again(patched: bool) -> None:
    server, seen = await _flaky_action_server(refusals=2)
    port = server.sockets[0].getsockname()[1]
    endpoint = EndpointConfig(url=f"http://127.0.0.1:{port}/webhook")
    if patched:
        rasa_patches.retry_failed_action_connections()
    try:
        if patched:
            assert await endpoint.request(json={"next_action": "action_greet"}, method="post") == VALID
            assert len(seen) == 3
        else:
            with pytest.raises(aiohttp.ClientConnectionError):
                await endpoint.request(json={"next_action": "action_greet"}, method="post")
    finally:
        rasa_patches.restore_rasa_requests()
        server.close()
        await server.wait_closed()


async def test_a_connection_that_keeps_failing_still_fails() -> None:
    server, seen = await _flaky_action_server(refusals=10)
    port = server.sockets[0].getsockname()[1]
    rasa_patches.retry_failed_action_connections()
    try:
        with pytest.raises(aiohttp.ClientConnectionError):
            await EndpointConfig(url=f"http://127.0.0.1:{port}/webhook").request(json={}, method="post")
        assert len(seen) == rasa_patches.ACTION_CALL_ATTEMPTS
    finally:
        rasa_patches.restore_rasa_requests()
        server.close()
        await server.wait_closed()


async def _keep_alive_action_server(keepalive: float) -> tuple[web.AppRunner, int, list[Any]]:
    """An HTTP/1.1 action server that keeps connections open for `keepalive` seconds; notes each call's peer."""
    peers: list[Any] = []

    async def webhook(request: web.Request) -> web.Response:
        peers.append(request.transport.get_extra_info("peername") if request.transport else None)
        return web.json_response(VALID)

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app, keepalive_timeout=keepalive)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, runner.addresses[0][1], peers


@pytest.mark.parametrize("patched", [True, False])
async def test_calls_to_the_action_server_share_one_connection(patched: bool) -> None:
    runner, port, peers = await _keep_alive_action_server(keepalive=30)
    endpoint = EndpointConfig(url=f"http://127.0.0.1:{port}/webhook")
    if patched:
        rasa_patches.keep_action_sessions()
    try:
        for _ in range(3):
            assert await endpoint.request(json={"next_action": "action_greet"}, method="post") == VALID
        # Rasa's own: a new session, and so a new connection (another client port), for every call.
        assert len(set(peers)) == (1 if patched else 3)
    finally:
        await rasa_patches.close_kept_sessions()
        rasa_patches.restore_rasa_sessions()
        await runner.cleanup()


async def test_a_connection_the_action_server_closed_while_idle_is_replaced() -> None:
    connections: list[int] = []

    async def answer_then_hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # Answers one call without "Connection: close" (the client keeps the connection), then closes it idle.
        connections.append(1)
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
        await reader.readexactly(length)
        body = json.dumps(VALID).encode()
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                     + str(len(body)).encode() + b"\r\n\r\n" + body)
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.close()

    server = await asyncio.start_server(answer_then_hang_up, "127.0.0.1", 0)
    endpoint = EndpointConfig(url=f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/webhook")
    rasa_patches.keep_action_sessions()
    rasa_patches.retry_failed_action_connections()
    try:
        assert await endpoint.request(json={}, method="post") == VALID
        await asyncio.sleep(0.3)   # the server has closed the idle connection
        assert await endpoint.request(json={}, method="post") == VALID
        assert len(connections) == 2
        await asyncio.sleep(0.1)   # the server's handler hangs up the second connection too
    finally:
        await rasa_patches.close_kept_sessions()
        rasa_patches.restore_rasa_requests()
        rasa_patches.restore_rasa_sessions()
        server.close()
        await server.wait_closed()


async def test_the_kept_session_is_closed_at_the_stop() -> None:
    runner, port, _ = await _keep_alive_action_server(keepalive=30)
    endpoint = EndpointConfig(url=f"http://127.0.0.1:{port}/webhook")
    rasa_patches.keep_action_sessions()
    try:
        await endpoint.request(json={}, method="post")
        async with endpoint.session() as session:
            assert not session.closed
        await rasa_patches.close_kept_sessions()
        assert session.closed
        assert await endpoint.request(json={}, method="post") == VALID   # a later call opens a new one
    finally:
        await rasa_patches.close_kept_sessions()
        rasa_patches.restore_rasa_sessions()
        await runner.cleanup()
