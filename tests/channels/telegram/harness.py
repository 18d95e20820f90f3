"""One harness for the Telegram channel's tests: fixtures by scenario, the fake Bot API, local-only HTTP, clean logs.

Every client test runs against tests/fakes/telegram_api.py and fails when a scripted reply was not
used, when a request left for a host other than 127.0.0.1/localhost, or when a log line holds the
token, a chat id or a text that was sent.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from bot.channels.telegram import ParsedUpdate, TelegramClient, parse_update
from bot.channels.telegram.adapter import TelegramAdapter
from bot.channels.telegram.connector import TelegramInput
from bot.channels.telegram.threaded import ThreadedTelegramClient
from tests.channels.flow import Flow, settings_with
from tests.channels.fresh import fresh
from tests.fakes.telegram_api import FakeTelegramAPI

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "telegram"
TOKEN = "5559990000:AAFakeTokenForTestsOnly-canary0123456"
SECRET = "webhook-Secret_0123456789"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Loggers captured at DEBUG in every test that uses the fake API: the providers' and our own.
WATCHED_LOGGERS = ("", "telegram", "httpx", "httpcore", "bot")


def fixture_bytes(name: str) -> bytes:
    """A recorded update as if sent now (the webhook refuses replays of old messages)."""
    return fresh((FIXTURES / name).read_bytes())


# -- incoming


@dataclass(frozen=True)
class IncomingCase:
    """A recorded update and what parse_update must make of it; None fields are not checked."""

    fixture: str
    text: str | None = None
    media: str | None = None
    sender: str | None = None
    external_id: str | None = None
    reply_context: dict[str, Any] | None = None
    callback_query_id: str | None = None
    error: str | None = None
    chat_type: str | None = None          # of an update not answered because its chat is not private
    kind: str = "message"
    refers_to: str | None = None          # an edit's original message_id
    client_language: str | None = None

    @property
    def id(self) -> str:
        return self.fixture.rsplit(".", 1)[0]


def check_incoming(case: IncomingCase) -> ParsedUpdate:
    parsed = parse_update(fixture_bytes(case.fixture))
    assert parsed.error == case.error
    assert parsed.callback_query_id == case.callback_query_id
    assert parsed.chat_type == case.chat_type
    if case.error is not None:
        assert parsed.message is None
        return parsed
    message = parsed.message
    assert message is not None
    assert message.channel == "telegram"
    assert message.media == case.media
    assert (message.kind, message.refers_to) == (case.kind, case.refers_to)
    if case.client_language is not None:
        assert message.client_language == case.client_language
    for name in ("text", "sender", "external_id", "reply_context"):
        expected = getattr(case, name)
        if expected is not None:
            assert getattr(message, name) == expected, name
    return parsed


# -- outgoing: only local hosts


def assert_local(url: str) -> None:
    host = urlsplit(url).hostname
    assert host in LOCAL_HOSTS, f"refused: tests may only call 127.0.0.1/localhost, not {host!r}"


@dataclass
class LocalOnlyGuard:
    """An httpx request hook: records and refuses any request to a host that is not local, before it leaves."""

    refused: list[str] = field(default_factory=list)

    async def __call__(self, request: httpx.Request) -> None:
        if request.url.host not in LOCAL_HOSTS:
            self.refused.append(request.url.host)
            raise RuntimeError(f"request to {request.url.host!r} refused by the test harness")


def local_client(base_url: str, guard: LocalOnlyGuard, **timeouts: float) -> TelegramClient:
    assert_local(base_url)
    return TelegramClient(TOKEN, base_url, httpx_kwargs={"event_hooks": {"request": [guard]},
                                                         "trust_env": False}, **timeouts)


# -- logs


def capture_everything(caplog: pytest.LogCaptureFixture) -> None:
    """DEBUG on the root and on the provider loggers themselves, as an operator debugging would set it."""
    for name in WATCHED_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name or None)


def assert_logs_clean(caplog: pytest.LogCaptureFixture, secrets: Iterable[str]) -> None:
    """Every record of the test so far (setup, call, and teardown when called from a fixture's teardown)."""
    records = caplog.get_records("setup") + caplog.get_records("call") + caplog.records
    formatter = logging.Formatter("%(name)s %(message)s")
    logged = "\n".join(formatter.format(record) for record in records)
    for secret in {str(secret) for secret in secrets if str(secret)}:
        assert secret not in logged, "a secret, chat id or message text reached the logs"


def sent_values(api: FakeTelegramAPI) -> list[str]:
    """What must never be logged: the token and every chat id and text the fake received."""
    values = [TOKEN, TOKEN.split(":", 1)[1]]
    for call in api.calls:
        values += [str(call.params[key]) for key in ("chat_id", "text", "url", "secret_token", "callback_query_id")
                   if key in call.params]
    return values


# -- pytest fixtures (imported by the test modules)


@pytest.fixture
def telegram_api(caplog: pytest.LogCaptureFixture) -> Iterator[FakeTelegramAPI]:
    capture_everything(caplog)
    api = FakeTelegramAPI(TOKEN).start()
    try:
        yield api
    finally:
        api.stop()
    assert api.unused_replies() == [], "scripted replies were never requested"
    assert_logs_clean(caplog, sent_values(api))


@pytest.fixture
def local_guard() -> Iterator[LocalOnlyGuard]:
    guard = LocalOnlyGuard()
    yield guard
    assert guard.refused == [], f"requests to non-local hosts: {guard.refused}"


@pytest.fixture
async def telegram_client(telegram_api: FakeTelegramAPI, local_guard: LocalOnlyGuard):  # type: ignore[no-untyped-def]
    client = local_client(telegram_api.base_url, local_guard)
    try:
        yield client
    finally:
        await client.aclose()


# -- client cases


Call = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class ClientCase:
    """Script the fake, run one client action, compare the calls the fake received and the action's result."""

    name: str
    action: Callable[[TelegramClient], Awaitable[Any]]
    expected_calls: list[Call]
    expected_result: Any
    script: Callable[[FakeTelegramAPI], None] = lambda api: None


async def run_client_case(case: ClientCase, api: FakeTelegramAPI, client: TelegramClient) -> None:
    case.script(api)
    result = await case.action(client)
    assert [(call.method, call.params) for call in api.calls] == case.expected_calls
    assert all(call.token == TOKEN for call in api.calls)
    assert result == case.expected_result
    assert api.unused_replies() == []


# -- the message path in-process


@pytest.fixture
async def flow(telegram_api: FakeTelegramAPI, local_guard: LocalOnlyGuard,  # type: ignore[no-untyped-def]
               monkeypatch: pytest.MonkeyPatch):
    """The Telegram message path in-process: connector, inbox, pipeline (stand-in agent), outbox, adapter."""
    settings = settings_with(monkeypatch, {"AMANE_TELEGRAM_BOT_TOKEN": TOKEN, "AMANE_TELEGRAM_SECRET_TOKEN": SECRET,
                                           "AMANE_TELEGRAM_API_BASE": telegram_api.base_url})
    adapter = TelegramAdapter(settings.telegram)
    await adapter.aclose()
    adapter.client = local_client(telegram_api.base_url, local_guard)   # the same client, refusing other hosts
    adapter.threaded = ThreadedTelegramClient(lambda: local_client(telegram_api.base_url, local_guard))
    made = Flow(settings, adapter)
    connector = TelegramInput(settings.telegram, made.sink, adapter.client)
    made.post = lambda raw: connector.receive_update(raw, SECRET)
    made.connector = connector
    try:
        yield made
    finally:
        if connector.callbacks:
            await asyncio.gather(*connector.callbacks)
        made.close()
        await adapter.aclose()
