"""Starts the real server and prints the time of one reply through the local web chat (median, p95).

Usage: .venv/bin/python bench/webchat_latency.py [rounds]   (trains first if there is no model)
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.nlu.training import ensure_model
from bot.settings import get_settings
from tests.e2e.server import start_server, stop_server

MESSAGES = [
    "bonjour", "bghit nrje3 l bladi", "what are my rights", "أين يمكنني أن أنام الليلة",
    "الباطرون شد ليا الباسبور", "my boss took my passport and does not pay me", "merci", "3tini numero dyal lbolis",
]


def main(rounds: int) -> None:
    settings = get_settings()
    ensure_model(settings.rasa_config, settings.models_dir)
    started = time.perf_counter()
    server = start_server(Path(tempfile.mkdtemp(prefix="amane-bench-")), settings.rasa_config)
    print(f"server start: {time.perf_counter() - started:.1f} s")
    try:
        timings = []
        for _ in range(rounds):
            sender = uuid.uuid4().hex
            for message in MESSAGES:
                begin = time.perf_counter()
                server.say(sender, message)
                timings.append(time.perf_counter() - begin)
        timings.sort()
        print(f"replies: {len(timings)}; median {statistics.median(timings) * 1000:.0f} ms; "
              f"p95 {timings[int(len(timings) * 0.95)] * 1000:.0f} ms; max {timings[-1] * 1000:.0f} ms")
    finally:
        stop_server(server)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
