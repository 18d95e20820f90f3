"""Time of Rasa's check of one action server answer: Rasa's own (schema checked at every call) against
the validator built once (bot/app/rasa_patches.py), side by side in one run.
Usage: .venv/bin/python bench/action_validation.py [calls]
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot.app import rasa_patches

# A typical answer of ours: three messages with buttons, a control payload, two slots.
ANSWER = {
    "events": [{"event": "slot", "name": "pending_question", "value": "safe_to_talk", "timestamp": None},
               {"event": "slot", "name": "human_offered", "value": True, "timestamp": None}],
    "responses": [{"text": "Thank you for telling me.", "buttons": []},
                  {"text": "Help exists.", "buttons": []},
                  {"text": "Is it safe to write now?", "buttons": [{"title": "Yes", "payload": "/affirm"},
                                                                   {"title": "Later", "payload": "/deny"}]},
                  {"custom": {"amane_control": "escalate", "risk": {"escalate": True}, "intent": "x"}}],
}


def per_call(action: RemoteAction, calls: int) -> list[float]:
    timings = []
    for _ in range(calls):
        started = time.perf_counter()
        action._validate_action_result(ANSWER)
        timings.append(time.perf_counter() - started)
    return timings


def main(calls: int) -> None:
    action = RemoteAction("action_disclosure", EndpointConfig(url="http://127.0.0.1:1/webhook"))
    rasa_patches.restore_rasa_validation()
    rasa_own = per_call(action, calls)
    rasa_patches.validate_action_results_with_one_validator()
    once = per_call(action, calls)
    for name, timings in (("Rasa's own check", rasa_own), ("validator built once", once)):
        print(f"{name:<22} median {statistics.median(timings) * 1000:7.2f} ms   "
              f"p95 {sorted(timings)[int(len(timings) * 0.95)] * 1000:7.2f} ms   (n={calls})")
    print(f"ratio (median): {statistics.median(rasa_own) / statistics.median(once):.0f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
