"""Fixtures of the WhatsApp tests: a fake Graph API checked at the end of each test, and a client aimed at it."""
from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from bot.channels.whatsapp import WhatsAppClient
from tests.channels.whatsapp.harness import (
    ACCESS_TOKEN,
    API_VERSION,
    PHONE_NUMBER_ID,
    check_all_replies_used,
    local_http_client,
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
