"""Outbox throughput: 3-part replies of N conversations through the real worker and WhatsApp client to a fake Graph
API on 127.0.0.1 that answers after a configurable latency. Prints, per database (SQLite, PostgreSQL), the time from
enqueue to the first part's arrival at the provider and to the last part's (p50/p95), the gap between a reply's
first and last part, and rows sent per second.

    .venv/bin/python bench/outbox_throughput.py [--conversations 60] [--latency-ms 150] [--parts 3] [--rate 100]
        [--postgres postgresql://postgres@127.0.0.1:5432/test]

Target (issue 13): first part p95 <= 500 ms; every part within 300 ms of the first.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.channels.whatsapp.send import WhatsAppClient, build_payloads  # noqa: E402
from bot.messaging.inbox import Inbox  # noqa: E402
from bot.messaging.messages import OutgoingMessage, SendResult  # noqa: E402
from bot.messaging.outbox import Outbox, enqueue  # noqa: E402
from bot.messaging.worker import DeliveryWorker  # noqa: E402
from bot.settings import get_settings  # noqa: E402
from bot.store import Conversation, create_schema, session_scope  # noqa: E402
from bot.store.db import get_engine  # noqa: E402
from bot.store.sealing import Sealer, new_key  # noqa: E402


class FakeGraph:
    """A minimal HTTP/1.1 server (keep-alive) in its own thread: every POST is answered 200 after `latency` seconds;
    the arrival time of each message's text is recorded."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.arrivals: dict[str, float] = {}
        self.port = 0
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._count = 0

    def start(self) -> FakeGraph:
        threading.Thread(target=self._run, daemon=True).start()
        self._ready.wait(10)
        return self

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        server = self._loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.decode("latin-1").split("\r\n"):
                    if line.lower().startswith("content-length:"):
                        length = int(line.split(":", 1)[1])
                body = json.loads(await reader.readexactly(length)) if length else {}
                self.arrivals[body.get("text", {}).get("body", "")] = time.monotonic()
                await asyncio.sleep(self.latency)
                self._count += 1
                reply = json.dumps({"messages": [{"id": f"wamid.{self._count}"}]}).encode()
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                             + str(len(reply)).encode() + b"\r\n\r\n" + reply)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()


class BenchAdapter:
    """WhatsApp as the outbox sees it, with the real Cloud API client, against the fake."""

    name = "whatsapp"
    window_hours: int | None = 24

    def __init__(self, http: httpx.AsyncClient, base_url: str) -> None:
        self.client = WhatsAppClient(http, base_url, "v21.0", "100000000000002", "bench-token")

    def build(self, address: str, message: OutgoingMessage) -> list[dict]:
        return build_payloads(address, message, "Menu")

    async def send(self, request: dict) -> SendResult:
        return await self.client.send(request)

    def send_blocking(self, request: dict) -> SendResult:   # as WhatsApp's adapter: a run's parts go from a thread
        return self.client.send_blocking(request)

    def reengagement(self, address: str) -> dict | None:
        return None


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def run_once(database_url: str, conversations: int, parts: int, rate: float, graph: FakeGraph) -> dict:
    settings = get_settings()
    create_schema(database_url)
    sealer = Sealer([new_key()])
    async with httpx.AsyncClient(timeout=30) as http:
        adapter = BenchAdapter(http, f"http://127.0.0.1:{graph.port}")
        adapters: dict[str, Any] = {"whatsapp": adapter}
        outbox = Outbox(settings, sealer, adapters)
        worker = DeliveryWorker(Inbox(settings, sealer, adapters), outbox)
        # The whole worker (its inbox is empty): stopping it stops its senders too, before the client closes.
        running = asyncio.ensure_future(worker.run_forever(agent=None))
        enqueued: dict[int, float] = {}
        run = uuid.uuid4().hex[:6]
        texts = {n: [f"{run}-{n}-{p}" for p in range(parts)] for n in range(conversations)}
        for n in range(conversations):
            conversation_id = f"bench-{run}-{n}"
            with session_scope(database_url) as session:
                session.add(Conversation(id=conversation_id, channel="whatsapp", language="fr",
                                         sealed_address=sealer.seal(f"2126{n:08d}")))
                session.flush()
                enqueue(session, sealer, adapter, conversation_id, f"2126{n:08d}",
                        [OutgoingMessage(t) for t in texts[n]], reply_to=1)
            enqueued[n] = time.monotonic()
            worker.poke()   # as the inbox does once a reply is queued
            await asyncio.sleep(1.0 / rate)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not all(t in graph.arrivals for ts in texts.values() for t in ts):
            await asyncio.sleep(0.02)
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
    first = [1000 * (graph.arrivals[texts[n][0]] - enqueued[n]) for n in texts]
    last = [1000 * (graph.arrivals[texts[n][-1]] - enqueued[n]) for n in texts]
    spread = [1000 * (graph.arrivals[texts[n][-1]] - graph.arrivals[texts[n][0]]) for n in texts]
    elapsed = max(graph.arrivals[texts[n][-1]] for n in texts) - min(enqueued.values())
    return {"first_p50": statistics.median(first), "first_p95": percentile(first, 0.95),
            "last_p50": statistics.median(last), "last_p95": percentile(last, 0.95),
            "spread_max": max(spread), "rows_per_s": conversations * parts / elapsed}


def postgres_database(admin_url: str) -> tuple[str, str] | None:
    name = f"amane_bench_{uuid.uuid4().hex[:8]}"
    try:
        with create_engine(admin_url, isolation_level="AUTOCOMMIT").connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 (no PostgreSQL here: the SQLite figures alone)
        print(f"postgresql: skipped ({type(error).__name__})")
        return None
    return name, make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=60)
    parser.add_argument("--parts", type=int, default=3)
    parser.add_argument("--latency-ms", type=float, default=150.0)
    parser.add_argument("--rate", type=float, default=100.0, help="replies queued per second")
    parser.add_argument("--postgres", default=os.environ.get("AMANE_TEST_POSTGRES_URL",
                                                            "postgresql://postgres@127.0.0.1:5432/test"))
    args = parser.parse_args()
    graph = FakeGraph(args.latency_ms / 1000).start()
    data_dir = tempfile.mkdtemp(prefix="amane-bench-")
    os.environ["AMANE_DATA_DIR"] = data_dir
    targets: list[tuple[str, str, str | None]] = [("sqlite", f"sqlite:///{data_dir}/bench.db", None)]
    made = postgres_database(args.postgres)
    if made:
        targets.append(("postgresql", made[1], made[0]))
    print(f"{args.conversations} conversations x {args.parts} parts, provider latency {args.latency_ms:.0f} ms, "
          f"{args.rate:.0f} replies queued per second")
    for label, url, database in targets:
        os.environ["AMANE_DATABASE_URL"] = url
        get_settings.cache_clear()
        figures = asyncio.run(run_once(url, args.conversations, args.parts, args.rate, graph))
        print(f"{label:10s} first part p50 {figures['first_p50']:6.0f} ms  p95 {figures['first_p95']:6.0f} ms | "
              f"last part p50 {figures['last_p50']:6.0f} ms  p95 {figures['last_p95']:6.0f} ms | "
              f"first-to-last max {figures['spread_max']:5.0f} ms | {figures['rows_per_s']:6.1f} rows/s")
        get_engine(url).dispose()
        if database:
            with create_engine(args.postgres, isolation_level="AUTOCOMMIT").connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
