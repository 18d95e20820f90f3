"""Fixtures of the WhatsApp tests: a fake Graph API checked at the end of each test, and a client aimed at it."""
from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from bot.channels.whatsapp import WhatsAppClient
from bot.channels.whatsapp.adapter import WhatsAppAdapter
from bot.channels.whatsapp.connector import WhatsAppInput
from bot.conversation.content import content_for
from tests.channels.flow import Flow, settings_with
from tests.channels.whatsapp.harness import (
    ACCESS_TOKEN,
    API_VERSION,
    PHONE_NUMBER_ID,
    check_all_replies_used,
    local_http_client,
    sign,
    whatsapp_environment,
)
from tests.fakes.graph_api import FakeGraphAPI


@pytest.fixture
def graph() -> Iterator[FakeGraphAPI]:
    with FakeGraphAPI() as fake:
        yield fake
    check_all_replies_used(fake)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with local_http_client() as client:
        yield client


@pytest.fixture
def client(graph: FakeGraphAPI, http: httpx.AsyncClient) -> WhatsAppClient:
    return WhatsAppClient(http, graph.base_url, API_VERSION, PHONE_NUMBER_ID, ACCESS_TOKEN)


@pytest.fixture
def accepting_graph() -> Iterator[FakeGraphAPI]:
    """A fake Graph API that accepts every send (scripted replies, when any, first; all must be used)."""
    with FakeGraphAPI(accept_unscripted=True) as fake:
        yield fake
    check_all_replies_used(fake)


@pytest.fixture
def flow(accepting_graph: FakeGraphAPI, http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flow]:
    """The WhatsApp message path in-process: connector, inbox, pipeline (stand-in agent), outbox, adapter."""
    settings = settings_with(monkeypatch, whatsapp_environment(accepting_graph.base_url))
    adapter = WhatsAppAdapter(settings.whatsapp, http, content_for(settings), settings.default_language)
    made = Flow(settings, adapter)
    connector = WhatsAppInput(settings.whatsapp, made.sink)
    made.post = lambda raw: connector.receive_webhook(raw, sign(raw))
    made.connector = connector
    yield made
    made.close()
