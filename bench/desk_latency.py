"""Time from a disclosure in the web chat to the case showing in an officer's open desk page (real Chromium).

The officer's queue page stays open (live updates by server-sent events); each round a new person
writes a disclosure through the web chat endpoint, and the clock stops when the new case's row is in
the page. Prints median, p95 and max.

Usage: .venv/bin/python bench/desk_latency.py [rounds]   (trains first if there is no model; needs chromium)
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from bot.nlu.training import ensure_model
from bot.settings import get_settings
from tests.desk.harness import PASSWORD, add_officer
from tests.e2e.browser import CHROMIUM_ARGS, find_chromium
from tests.e2e.server import start_server, stop_server

DISCLOSURES = [
    "my boss took my passport and does not pay me",
    "le patron garde mon passeport et ne me paie pas",
    "الباطرون شد ليا الباسبور وما كيخلصنيش",
    "صاحب العمل أخذ جواز سفري ولا يدفع لي",
]


def main(rounds: int) -> None:
    settings = get_settings()
    ensure_model(settings.rasa_config, settings.models_dir)
    server = start_server(Path(tempfile.mkdtemp(prefix="amane-bench-desk-")), settings.rasa_config)
    try:
        add_officer(server, "bench")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(server.base_url + "/desk/login")
            page.fill("#username", "bench")
            page.fill("#password", PASSWORD)
            page.click("form button[type=submit]")
            page.wait_for_url("**/desk/")
            timings = []
            for index in range(rounds):
                rows_before = page.locator("tr.case-row").count()
                text = DISCLOSURES[index % len(DISCLOSURES)]
                started = time.perf_counter()
                # The user's side runs beside the page: the web chat answers after the case is stored.
                writer = threading.Thread(target=server.say, args=(uuid.uuid4().hex, text))
                writer.start()
                page.wait_for_function("n => document.querySelectorAll('tr.case-row').length > n", arg=rows_before,
                                       timeout=30_000, polling="raf")
                timings.append(time.perf_counter() - started)
                writer.join()
            browser.close()
        timings.sort()
        print(f"disclosure -> case in the open desk page: n={len(timings)}; "
              f"median {statistics.median(timings) * 1000:.0f} ms; p95 {timings[int(len(timings) * 0.95)] * 1000:.0f} ms; "
              f"max {timings[-1] * 1000:.0f} ms")
    finally:
        stop_server(server)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
