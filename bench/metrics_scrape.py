"""How long one /metrics scrape takes (bot/app/ops.collect_metrics) on a busy deployment's tables.

    .venv/bin/python bench/metrics_scrape.py [--postgres postgresql://postgres@127.0.0.1:5432/test] [--rows 100000]

Fills a fresh database (SQLite in a temporary folder, or a new PostgreSQL database that is dropped afterwards) with
`--rows` inbound and outbound messages of the three channels in every status, and a case per 20 messages, then
prints the median and worst of ten scrapes. The figures are counted at scrape time, so this is the price of each
scrape (Prometheus scrapes every 15 to 60 s).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app.ops import collect_metrics
from bot.store import Case, InboundMessage, OutboundMessage, create_schema
from bot.store.db import get_engine

CHANNELS = ("webchat", "whatsapp", "telegram")


def fill(url: str, rows: int) -> None:
    now = datetime.now(timezone.utc)
    inbound_status = ("done",) * 17 + ("pending", "working", "failed")
    outbound_status = ("sent",) * 17 + ("pending", "failed", "sent")
    with get_engine(url).begin() as connection:
        for start in range(0, rows, 5000):
            batch = range(start, min(rows, start + 5000))
            connection.execute(insert(InboundMessage), [
                {"channel": CHANNELS[i % 3], "external_id": f"x{i}", "conversation_id": f"c{i // 3}",
                 "status": inbound_status[i % 20], "sealed_message": "sealed" if i % 20 in (17, 18) else None,
                 "received_at": now - timedelta(seconds=i), "attempts": 1} for i in batch])
            connection.execute(insert(OutboundMessage), [
                {"channel": CHANNELS[i % 3], "conversation_id": f"c{i // 3}", "sealed_message": "",
                 "status": outbound_status[i % 20], "reply_to": i, "created_at": now - timedelta(seconds=i),
                 "next_attempt_at": now, "attempts": 1, "is_template": False} for i in batch])
        connection.execute(insert(Case), [
            {"conversation_id": f"c{i}", "channel": CHANNELS[i % 3], "language": "fr",
             "priority": ("normal", "high", "urgent")[i % 3], "status": ("new", "claimed", "closed")[i % 3],
             "indicators": "[]", "reasons": "[]", "consent": "unknown", "taken_over": False,
             "created_at": now, "updated_at": now} for i in range(rows // 20)])


def measure(url: str, rows: int) -> None:
    create_schema(url)
    started = time.perf_counter()
    fill(url, rows)
    filled = time.perf_counter() - started
    times = []
    for _ in range(10):
        started = time.perf_counter()
        collect_metrics(url, ready=True)
        times.append(time.perf_counter() - started)
    backend = make_url(url).get_backend_name()
    print(f"{backend}: {rows} inbound + {rows} outbound rows, {rows // 20} cases (filled in {filled:.1f} s)")
    print(f"  scrape: median {statistics.median(times) * 1000:.1f} ms, worst {max(times) * 1000:.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="a PostgreSQL server's URL: a fresh database is made there and dropped")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    if not args.postgres:
        with tempfile.TemporaryDirectory() as folder:
            measure(f"sqlite:///{folder}/bench.db", args.rows)
        return 0
    name = f"amane_bench_metrics_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = str(make_url(args.postgres).set(database=name))
        measure(url, args.rows)
        get_engine(url).dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
