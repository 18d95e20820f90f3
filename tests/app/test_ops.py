"""The operations endpoints: what /metrics counts (and never shows), who may read it, /readyz's reasons, and the
gate that answers 503 while the model loads, on a real Sanic server in this process."""
from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
from sanic import Sanic, response

from bot.app.ops import Readiness, collect_metrics, metrics_refusal, ops_blueprint, readiness_report, starting_gate
from bot.store import Case, Conversation, InboundMessage, OutboundMessage, create_schema, session_scope
from tests.e2e.server import free_ports
from tests.fakes.graph_api import unused_port

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc)
CANARY = "opscanary-passport-212600001111"
SAMPLE = re.compile(r'^([a-z_]+)(?:\{([^}]*)\})? (-?[0-9.]+)$')


class ReadyAgent:
    def is_ready(self) -> bool:
        return True


def parse_exposition(body: str) -> dict[tuple[str, str], float]:
    """Every sample as (name, labels) -> value; fails on a line that is not a comment or a sample, and on a
    sample whose family has no HELP and TYPE line before it."""
    samples: dict[tuple[str, str], float] = {}
    helped, typed = set(), set()
    for line in body.splitlines():
        if line.startswith("# HELP "):
            helped.add(line.split()[2])
        elif line.startswith("# TYPE "):
            assert line.split()[3] == "gauge", line
            typed.add(line.split()[2])
        else:
            match = SAMPLE.match(line)
            assert match, f"not an exposition line: {line!r}"
            name, labels, value = match.groups()
            assert name in helped and name in typed, name
            samples[(name, labels or "")] = float(value)
    return samples


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'ops.db'}"
    create_schema(url)
    return url


def fill(database: str) -> None:
    """A deployment's rows: each kind of message and case once or twice, with a canary in every text column."""
    ago = lambda seconds: NOW - timedelta(seconds=seconds)  # noqa: E731
    with session_scope(database) as session:
        session.add(Conversation(id=CANARY, channel="whatsapp", language="fr", sealed_address=CANARY))
        inbound = [("webchat", "done", None, 10), ("webchat", "done", None, 9), ("whatsapp", "pending", CANARY, 90),
                   ("whatsapp", "working", CANARY, 40), ("whatsapp", "done", None, 300), ("telegram", "failed", CANARY, 5),
                   ("telegram", "edited", CANARY, 4), ("telegram", "pending", None, 1000)]   # no message: not pending
        for index, (channel, status, sealed, age) in enumerate(inbound):
            session.add(InboundMessage(channel=channel, external_id=f"x{index}", conversation_id=CANARY, status=status,
                                       sealed_message=sealed, received_at=ago(age)))
        outbound = [("whatsapp", "sent", 100), ("whatsapp", "sent", 50), ("whatsapp", "pending", 30),
                    ("telegram", "failed", 20), ("webchat", "pending", 12)]
        for channel, status, age in outbound:
            session.add(OutboundMessage(channel=channel, conversation_id=CANARY, sealed_message=CANARY, status=status,
                                        reply_to=1, last_error="131047", created_at=ago(age)))
        for priority, status in [("normal", "new"), ("urgent", "claimed"), ("urgent", "closed")]:
            session.add(Case(conversation_id=CANARY, channel="whatsapp", language="fr", priority=priority, status=status,
                             indicators='["retention_of_documents"]'))


def test_metrics_count_the_deployments_rows_by_channel_and_priority(database: str) -> None:
    fill(database)
    body = collect_metrics(database, ready=True, now=NOW)
    metrics = parse_exposition(body)
    assert metrics[("amane_ready", "")] == 1
    assert metrics[("amane_messages_received", 'channel="webchat"')] == 2
    assert metrics[("amane_messages_received", 'channel="whatsapp"')] == 3
    assert metrics[("amane_messages_received", 'channel="telegram"')] == 2     # the edit is not a message
    assert metrics[("amane_messages_sent", 'channel="whatsapp"')] == 2
    assert metrics[("amane_messages_sent", 'channel="telegram"')] == 0
    assert metrics[("amane_inbox_pending", 'channel="whatsapp"')] == 2          # pending and working
    assert metrics[("amane_inbox_pending", 'channel="telegram"')] == 0          # a row without its message is done
    assert metrics[("amane_outbox_pending", 'channel="whatsapp"')] == 1
    assert metrics[("amane_outbox_pending", 'channel="webchat"')] == 1
    assert metrics[("amane_inbox_oldest_pending_seconds", "")] == 90
    assert metrics[("amane_outbox_oldest_pending_seconds", "")] == 30
    assert metrics[("amane_send_failures", 'channel="telegram"')] == 1
    assert metrics[("amane_inbox_unprocessed", 'channel="telegram"')] == 1
    assert metrics[("amane_cases_opened", 'priority="urgent"')] == 2
    assert metrics[("amane_cases_opened", 'priority="high"')] == 0
    assert metrics[("amane_cases_open", 'priority="urgent"')] == 1
    # Counts only: no text, address, conversation id, error code or indicator.
    for secret in (CANARY, "passport", "212600001111", "131047", "retention_of_documents"):
        assert secret not in body


def test_metrics_of_an_empty_database_show_every_series_at_zero(database: str) -> None:
    metrics = parse_exposition(collect_metrics(database, ready=False, now=NOW))
    assert metrics[("amane_ready", "")] == 0
    assert metrics[("amane_inbox_oldest_pending_seconds", "")] == 0
    for channel in ("webchat", "whatsapp", "telegram"):
        assert metrics[("amane_messages_received", f'channel="{channel}"')] == 0
    for priority in ("normal", "high", "urgent"):
        assert metrics[("amane_cases_opened", f'priority="{priority}"')] == 0


@pytest.mark.parametrize("peer, headers, token, expected", [
    ("127.0.0.1", {}, "", None),
    ("::1", {}, "", None),
    ("127.0.0.1", {"x-forwarded-for": "203.0.113.9"}, "", 403),    # through the proxy on this host
    ("127.0.0.1", {"forwarded": "for=203.0.113.9"}, "", 403),
    ("127.0.0.1", {"x-real-ip": "203.0.113.9"}, "", 403),
    ("10.0.0.7", {}, "", 403),
    ("", {}, "", 403),
    ("10.0.0.7", {"authorization": "Bearer s3cret-token"}, "s3cret-token", None),
    ("127.0.0.1", {}, "s3cret-token", 401),                        # with a token, loopback needs it too
    ("10.0.0.7", {"authorization": "Bearer wrong"}, "s3cret-token", 401),
    ("10.0.0.7", {"authorization": "s3cret-token"}, "s3cret-token", 401),
])
def test_who_may_read_metrics(peer: str, headers: dict[str, str], token: str, expected: int | None) -> None:
    assert metrics_refusal(peer, headers, token) == expected


async def test_not_ready_while_the_model_loads_or_the_database_or_redis_is_away(database: str) -> None:
    readiness = Readiness(database)
    assert await readiness_report(readiness) == (503, {"status": "not_ready", "reasons": ["model_loading"]})
    readiness.agent = ReadyAgent()
    assert await readiness_report(readiness) == (200, {"status": "ready"})
    readiness.redis_url = f"redis://127.0.0.1:{unused_port()}/0"
    assert await readiness_report(readiness) == (503, {"status": "not_ready", "reasons": ["redis_unreachable"]})
    away = Readiness(f"postgresql://postgres@127.0.0.1:{unused_port()}/nothing", agent=None, model_failed=True)
    status, body = await readiness_report(away)
    assert status == 503 and body["reasons"] == ["model_failed", "database_unreachable"]


@pytest.fixture
async def served(database: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[tuple[str, Readiness, Any]]:
    """A Sanic server on 127.0.0.1 with the ops routes, the gate, and two stand-in channel routes."""
    # Sanic rewrites its own request handling once per process, and fails at a second app's start unless in
    # test mode (which rewrites the original each time).
    monkeypatch.setattr(Sanic, "test_mode", True)
    readiness = Readiness(database)
    app = Sanic(f"ops_test_{uuid.uuid4().hex[:8]}")
    app.blueprint(ops_blueprint(readiness, ""))
    app.register_middleware(starting_gate(readiness), "request")
    received: list[str] = []

    @app.post("/webhooks/<channel>/webhook")
    async def webhook(_request, channel: str):  # type: ignore[no-untyped-def]
        received.append(channel)
        return response.json({"status": "ok"})

    port = free_ports(1)[0]
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    assert server is not None
    await server.startup()
    yield f"http://127.0.0.1:{port}", readiness, received
    server.close()
    await server.wait_closed()


async def test_while_the_model_loads_only_probes_and_provider_webhooks_are_answered(
        served: tuple[str, Readiness, list[str]]) -> None:
    base, readiness, received = served
    async with httpx.AsyncClient(base_url=base) as client:
        assert (await client.get("/healthz")).json() == {"status": "up"}
        ready = await client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["reasons"] == ["model_loading"]
        chat = await client.post("/webhooks/webchat/webhook", json={"sender": "s" * 10, "message": "hi"})
        assert chat.status_code == 503 and chat.json()["error"] == "starting" and chat.headers["retry-after"] == "5"
        # A provider's message is stored before its 200 (answered once the model is loaded): no retry needed.
        assert (await client.post("/webhooks/whatsapp/webhook", json={})).status_code == 200
        assert (await client.get("/metrics")).status_code == 200
        readiness.agent = ReadyAgent()
        assert (await client.get("/readyz")).json() == {"status": "ready"}
        assert (await client.post("/webhooks/webchat/webhook", json={})).status_code == 200
    assert received == ["whatsapp", "webchat"]


async def test_metrics_over_http_are_text_for_a_direct_local_scraper_only(
        served: tuple[str, Readiness, list[str]]) -> None:
    base, _readiness, _received = served
    async with httpx.AsyncClient(base_url=base) as client:
        direct = await client.get("/metrics")
        proxied = await client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert direct.status_code == 200 and direct.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert parse_exposition(direct.text)[("amane_ready", "")] == 0
    assert proxied.status_code == 403 and proxied.json() == {"error": "metrics_from_loopback_only"}
