"""Starts the real server and prints how long its event loop stalls while the web chat is sent big bodies.

A probe asks for a small static file every 20 ms; its slowest answer while a body is posted is the worst stall
the event loop went through (every other conversation waits that long). Bodies: 1 MB (refused: 413 before it
is read), a text of the longest allowed length (max_message_chars) in Latin and in Arabic script, which goes
through the language detection and the NLU, and a quiet baseline.

Usage: .venv/bin/python bench/webchat_abuse.py [rounds]   (trains first if there is no model)
"""
from __future__ import annotations

import json
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.nlu.training import ensure_model
from bot.settings import get_settings
from tests.e2e.server import RunningServer, start_server, stop_server

PROBE_EVERY = 0.02


def probe(server: RunningServer, stop: threading.Event, worst: list) -> None:
    while not stop.is_set():
        begin = time.perf_counter()
        with urllib.request.urlopen(server.base_url + "/webhooks/webchat/static/style.css", timeout=60) as reply:
            reply.read()
        worst.append(time.perf_counter() - begin)
        time.sleep(PROBE_EVERY)


def post(server: RunningServer, body: bytes) -> int:
    request = urllib.request.Request(server.base_url + "/webhooks/webchat/webhook", data=body,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as reply:
            reply.read()
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def stall_during(server: RunningServer, body: bytes | None) -> tuple[int, float, float]:
    """(status, seconds the post took, the probe's slowest answer meanwhile)."""
    stop, timings = threading.Event(), []
    thread = threading.Thread(target=probe, args=(server, stop, timings))
    thread.start()
    time.sleep(0.3)
    begin = time.perf_counter()
    status = post(server, body) if body is not None else (time.sleep(1.0) or 0)
    took = time.perf_counter() - begin
    time.sleep(0.1)
    stop.set()
    thread.join()
    return status, took, max(timings)


def main(rounds: int) -> None:
    settings = get_settings()
    ensure_model(settings.rasa_config, settings.models_dir)
    server = start_server(Path(tempfile.mkdtemp(prefix="amane-bench-")), settings.rasa_config)
    limit = settings.max_message_chars
    try:
        server.say(uuid.uuid4().hex, "bonjour")   # warm
        cases = {
            "quiet (no post)": None,
            "1 MB body": json.dumps({"sender": uuid.uuid4().hex, "message": "x" * 1_000_000}).encode(),
            f"{limit} chars, Latin": json.dumps(
                {"sender": uuid.uuid4().hex, "message": ("my boss took my passport " * 400)[:limit]}).encode(),
            f"{limit} chars, Arabic": json.dumps(
                {"sender": uuid.uuid4().hex, "message": ("الباطرون شد ليا الباسبور " * 400)[:limit]}).encode(),
        }
        print(f"{'body':<24} {'status':>6} {'post s':>8} {'worst loop stall s':>20}")
        for name, body in cases.items():
            for _ in range(rounds):
                status, took, worst = stall_during(server, body)
                print(f"{name:<24} {status:>6} {took:>8.3f} {worst:>20.3f}")
    finally:
        stop_server(server)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
