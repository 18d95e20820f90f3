"""Operations endpoints: /healthz (the process is up), /readyz (model loaded, database and Redis answering) and
/metrics (Prometheus text format), and the gate that answers 503 while the model is still loading.

The figures of /metrics are counted from the database at scrape time: they are the deployment's (every replica
shares the database), not this process's, so scraping one replica is enough and nothing in the message path keeps
counters. They are counts, ages and codes only: never a text, an address or a conversation id.
"""
from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy import func, text

from bot.store import Case, InboundMessage, OutboundMessage, session_scope
from bot.store.db import get_engine

logger = logging.getLogger(__name__)

# Answered while the model loads: the probes, and the providers' webhooks, which only store the message (sealed,
# in the inbox) before their 200: the worker answers it once the model is loaded, and the provider need not retry.
OPEN_WHILE_STARTING = ("/healthz", "/readyz", "/metrics", "/webhooks/whatsapp/", "/webhooks/telegram/")
# A probe must answer quickly even when the database hangs (a lost connection can block for minutes).
CHECK_TIMEOUT_SECONDS = 3.0
# Always shown, at zero too, so that a dashboard's series exist before the first message.
CHANNELS = ("webchat", "whatsapp", "telegram")
PRIORITIES = ("normal", "high", "urgent")
# Headers a reverse proxy adds: a request carrying one came through it, whatever the socket's peer says.
FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


@dataclass
class Readiness:
    """What /readyz looks at; `agent` is set once the model is loaded and everything that needs it has started."""

    database_url: str
    redis_url: str = ""
    agent: Any = None
    model_failed: bool = False

    @property
    def model_ready(self) -> bool:
        return self.agent is not None and bool(self.agent.is_ready())


async def readiness_report(readiness: Readiness) -> tuple[int, dict[str, Any]]:
    """(200, ready) or (503, the reasons): the model, the database, Redis when configured."""
    reasons = []
    if not readiness.model_ready:
        reasons.append("model_failed" if readiness.model_failed else "model_loading")
    if not await _answers(_database_answers, readiness.database_url):
        reasons.append("database_unreachable")
    if readiness.redis_url and not await _answers(_redis_answers, readiness.redis_url):
        reasons.append("redis_unreachable")
    if reasons:
        return 503, {"status": "not_ready", "reasons": reasons}
    return 200, {"status": "ready"}


async def _answers(check: Any, url: str) -> bool:
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait_for(loop.run_in_executor(None, check, url), timeout=CHECK_TIMEOUT_SECONDS)
        return True
    except Exception as error:  # noqa: BLE001 (any failure means "not ready"; the type is enough to log)
        logger.warning("readiness check failed: %s %s", check.__name__, type(error).__name__)
        return False


def _database_answers(database_url: str) -> None:
    with get_engine(database_url).connect() as connection:
        connection.execute(text("SELECT 1"))


def _redis_answers(redis_url: str) -> None:
    import redis  # Rasa's lock store dependency; imported only where Redis is configured

    client = redis.Redis.from_url(redis_url, socket_connect_timeout=CHECK_TIMEOUT_SECONDS,
                                  socket_timeout=CHECK_TIMEOUT_SECONDS)
    try:
        client.ping()
    finally:
        client.close()


def metrics_refusal(peer: str, headers: Mapping[str, str], token: str) -> int | None:
    """None when the caller may read /metrics, else the HTTP status to answer.

    With a token (AMANE_METRICS_TOKEN), any caller that presents it: a scraper on another host or container.
    Without one, only a direct request from this host: behind nginx on the same host every proxied request
    comes from 127.0.0.1 too, so a request that carries a forwarding header is refused (and deploy/'s nginx
    site does not pass /metrics at all). `headers` must have lower-case names (Sanic's do).
    """
    if token:
        given = headers.get("authorization", "")
        return None if hmac.compare_digest(given.encode(), f"Bearer {token}".encode()) else 401
    try:
        loopback = ipaddress.ip_address(peer).is_loopback
    except ValueError:
        loopback = False
    if loopback and not any(name in headers for name in FORWARDING_HEADERS):
        return None
    return 403


@dataclass
class Family:
    """One metric family of the exposition format: a name, its help line, a type, and labelled samples."""

    name: str
    help: str
    kind: str = "gauge"
    samples: list[tuple[dict[str, str], float]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} {self.kind}"]
        for labels, value in self.samples:
            label_text = ",".join(f'{key}="{_escape(str(val))}"' for key, val in labels.items())
            series = f"{self.name}{{{label_text}}}" if label_text else self.name
            out.append(f"{series} {_number(value)}")
        return out


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}"


def _by(label: str, counts: Iterable[tuple[Any, Any]], always: Iterable[str]) -> list[tuple[dict[str, str], float]]:
    """Samples per label value: the usual values at zero too, then any other value the database holds."""
    found = {str(key): float(value or 0) for key, value in counts if key is not None}
    keys = list(always) + sorted(set(found) - set(always))
    return [({label: key}, found.get(key, 0.0)) for key in keys]


def _age_seconds(oldest: datetime | None, now: datetime) -> float:
    if oldest is None:
        return 0.0
    if oldest.tzinfo is None:   # SQLite gives back naive datetimes; every row is written in UTC
        oldest = oldest.replace(tzinfo=timezone.utc)
    return max(0.0, (now - oldest).total_seconds())


def collect_metrics(database_url: str, ready: bool, now: datetime | None = None) -> str:
    """The exposition text: a few grouped counts over indexed-enough tables, read in one transaction."""
    now = now or datetime.now(timezone.utc)
    inbound, outbound = InboundMessage, OutboundMessage
    pending_in = (inbound.sealed_message.isnot(None)) & inbound.status.in_(("pending", "working"))
    # "sending": a sender holds the row (with leased sends); it is still waiting for the provider's answer.
    outbound_waiting = outbound.status.in_(("pending", "sending"))
    with session_scope(database_url) as session:
        def grouped(column: Any, *conditions: Any) -> list[tuple[Any, Any]]:
            return [tuple(row) for row in session.query(column, func.count()).filter(*conditions).group_by(column)]

        received = grouped(inbound.channel, inbound.status != "edited")
        sent = grouped(outbound.channel, outbound.status == "sent")
        inbox_pending = grouped(inbound.channel, pending_in)
        outbox_pending = grouped(outbound.channel, outbound_waiting)
        send_failures = grouped(outbound.channel, outbound.status == "failed")
        unprocessed = grouped(inbound.channel, inbound.status == "failed")
        cases = grouped(Case.priority)
        open_cases = grouped(Case.priority, Case.status != "closed")
        oldest_in = session.query(func.min(inbound.received_at)).filter(pending_in).scalar()
        oldest_out = session.query(func.min(outbound.created_at)).filter(outbound_waiting).scalar()
    scope = "(the deployment's, counted from the database at scrape time)"
    families = [
        Family("amane_ready", "1 when this process has its model loaded (this process's own figure)",
               samples=[({}, 1.0 if ready else 0.0)]),
        Family("amane_messages_received", f"messages received and still kept, by channel {scope}; retention "
               "deletes old rows, so use delta() over short ranges", samples=_by("channel", received, CHANNELS)),
        Family("amane_messages_sent", f"messages the outbox delivered and still kept, by channel {scope}; the web "
               "chat's bot replies are answered in the request and not counted",
               samples=_by("channel", sent, CHANNELS)),
        Family("amane_inbox_pending", f"received messages waiting to be answered, by channel {scope}",
               samples=_by("channel", inbox_pending, CHANNELS)),
        Family("amane_outbox_pending", f"replies waiting to be sent (web chat: to be collected), by channel {scope}",
               samples=_by("channel", outbox_pending, CHANNELS)),
        Family("amane_inbox_oldest_pending_seconds", f"age of the oldest message waiting to be answered {scope}",
               samples=[({}, _age_seconds(oldest_in, now))]),
        Family("amane_outbox_oldest_pending_seconds", f"age of the oldest reply waiting to be sent {scope}",
               samples=[({}, _age_seconds(oldest_out, now))]),
        Family("amane_send_failures", f"replies the provider refused for good, by channel {scope}",
               samples=_by("channel", send_failures, CHANNELS)),
        Family("amane_inbox_unprocessed", f"messages that failed processing and went to the desk, by channel {scope}",
               samples=_by("channel", unprocessed, CHANNELS)),
        Family("amane_cases_opened", f"cases opened, by current priority {scope}",
               samples=_by("priority", cases, PRIORITIES)),
        Family("amane_cases_open", f"cases not closed yet, by priority {scope}",
               samples=_by("priority", open_cases, PRIORITIES)),
    ]
    return "\n".join(line for family in families for line in family.lines()) + "\n"


def ops_blueprint(readiness: Readiness, metrics_token: str) -> Blueprint:
    """/healthz, /readyz and /metrics."""
    ops = Blueprint("amane_ops")

    @ops.get("/healthz")
    async def healthz(_request: Request) -> HTTPResponse:
        return response.json({"status": "up"})

    @ops.get("/readyz")
    async def readyz(_request: Request) -> HTTPResponse:
        status, body = await readiness_report(readiness)
        return response.json(body, status=status)

    @ops.get("/metrics")
    async def metrics(request: Request) -> HTTPResponse:
        refusal = metrics_refusal(request.ip, request.headers, metrics_token)
        if refusal is not None:
            error = "metrics_token_required" if refusal == 401 else "metrics_from_loopback_only"
            return response.json({"error": error}, status=refusal,
                                 headers={"WWW-Authenticate": "Bearer"} if refusal == 401 else None)
        loop = asyncio.get_running_loop()
        body = await loop.run_in_executor(None, collect_metrics, readiness.database_url, readiness.model_ready)
        return response.text(body, content_type="text/plain; version=0.0.4; charset=utf-8")

    return ops


def starting_gate(readiness: Readiness) -> Any:
    """A request middleware: 503 (JSON, Retry-After) for what needs the model while it loads."""

    async def gate(request: Request) -> HTTPResponse | None:
        if readiness.agent is not None or request.path.startswith(OPEN_WHILE_STARTING):
            return None
        return response.json({"error": "starting", "detail": "the server is loading its model; try again shortly"},
                             status=503, headers={"Retry-After": "5"})

    return gate
