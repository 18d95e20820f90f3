"""How calibrated a trained model's intent confidences are on hand-written lines it never trained on, side by side for
several models: accuracy, mean top confidence, and the temperature that would fit them best (bot/nlu/calibration.py).

Why: training on the development sets' lines (sessions 9 to 12) lowers the classifier's confidence on some short
messages, which then fall under the fixed bars of the risk logic and the actions. Whether that is a flattening of the
whole model (which one temperature would undo) or of a few messages (which it would not) is what this prints.

Reads evaluation/heldout (a development set: its lines are never trained on, see evaluation/README.md); prints rates
and temperatures only. Usage: .venv/bin/python bench/intent_calibration.py MODEL.tar.gz [MODEL.tar.gz ...]
"""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasa.core.agent import Agent

from bot.nlu.calibration import fit_temperature, scaled_probabilities
from tests.nlu.heldout import heldout_examples

# Confidences of 0 (never given by a softmax) read as this, so that their logarithm stays finite.
FLOOR = 1e-12


def full_ranking(agent: Agent) -> None:
    """Every intent in the ranking (the classifier keeps ten by default): the temperature is fitted over all."""
    for node in agent.processor.graph_runner._instantiated_nodes.values():
        component = node._component
        if hasattr(component, "clf") and "ranking_length" in getattr(component, "config", {}):
            component.config["ranking_length"] = 0


def measure(model: Path) -> str:
    agent = Agent.load(str(model))
    full_ranking(agent)
    rows, truth, names = [], [], None
    for examples in heldout_examples().values():
        for text, intent in examples:
            ranking = asyncio.run(agent.parse_message(text))["intent_ranking"]
            confidence = {entry["name"]: entry["confidence"] for entry in ranking}
            names = names or sorted(confidence)
            rows.append([confidence.get(name, FLOOR) for name in names])
            truth.append(names.index(intent) if intent in names else -1)
    probabilities, labels = np.array(rows), np.array(truth)
    known = labels >= 0
    # The log of a softmax is its scores up to a constant per row: a temperature on them is one on the scores.
    scores = np.log(np.clip(probabilities[known], FLOOR, None))
    temperature = fit_temperature(scores, labels[known])
    return (f"{model.name}: n {int(known.sum())}  accuracy {(probabilities.argmax(axis=1) == labels).mean():.3f}  "
            f"mean top confidence {probabilities.max(axis=1).mean():.3f}  best temperature {temperature:.3f} "
            f"(mean top confidence at it {scaled_probabilities(scores, temperature).max(axis=1).mean():.3f})")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for path in sys.argv[1:]:
        print(measure(Path(path)))
