"""Start-up time of the processes that load the model, and what the import order of skops costs.

skops (which Rasa's LogisticRegressionClassifier, our linear classifiers and the sub-question model load and save
with) lists numpy's and scipy's ufuncs when first imported by scanning every module already loaded for each of them;
after Rasa and TensorFlow are loaded that scan is many times longer. This prints, side by side in one run and
alternating so the machine's load falls on both alike:
- importing skops.io before and after rasa.core.agent, each in a fresh interpreter;
- the seconds `python -m bot serve` takes to answer /readyz (as every end-to-end test and `make serve` start it).
Usage: .venv/bin/python bench/startup.py [--rounds 3] [--servers 2]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.settings import ROOT
from tests.e2e.server import start_server, stop_server

# Each prints the seconds its two imports took, in its order.
ORDERS = {
    "skops first": "import skops.io\nt1 = time.monotonic()\nimport rasa.core.agent",
    "rasa first": "import rasa.core.agent\nt1 = time.monotonic()\nimport skops.io",
}


def import_seconds(order: str) -> tuple[float, float]:
    code = ("import time\nt0 = time.monotonic()\n" + ORDERS[order]
            + "\nprint(t1 - t0, time.monotonic() - t1)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    first, second = done.stdout.split()
    return float(first), float(second)


def server_ready_seconds() -> float:
    with tempfile.TemporaryDirectory() as folder:
        started = time.monotonic()
        server = start_server(Path(folder), ROOT / "config.yml")
        ready = time.monotonic() - started
        stop_server(server)
    return ready


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--servers", type=int, default=2, help="server starts to time (0: none)")
    args = parser.parse_args()
    totals: dict[str, list[float]] = {order: [] for order in ORDERS}
    for _ in range(args.rounds):
        for order in ORDERS:
            first, second = import_seconds(order)
            totals[order].append(first + second)
            print(f"{order:12s}: {first:5.1f} s then {second:5.1f} s", flush=True)
    for order, seconds in totals.items():
        if seconds:
            print(f"{order:12s}: both imports, median {statistics.median(seconds):.1f} s of {len(seconds)}")
    if args.servers:
        ready = [server_ready_seconds() for _ in range(args.servers)]
        print(f"bot serve ready: median {statistics.median(ready):.1f} s "
              f"({', '.join(f'{value:.1f}' for value in ready)})")


if __name__ == "__main__":
    main()
