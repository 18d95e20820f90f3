"""Parse time per message, and where it goes: the whole NLU graph with the linear models' weights laid out for
one message (bot/nlu/linear.py) against the same weights in scikit-learn's own layout, side by side in one run.

Messages: the development set evaluation/dev_v2 (any realistic text does; nothing is judged here). Each round
parses every message once per layout, alternating, so that the machine's load falls on both alike; the intent
and sub-question probabilities of the two layouts must be identical.
Usage: .venv/bin/python bench/parse_speed.py [--rounds 3] [model.tar.gz]   (default: the latest model)
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasa.core.agent import Agent

from bot.logs import configure_logging
from bot.nlu.parse import parse_text
from bot.nlu.risk.pipeline import preload
from bot.nlu.training import latest_model
from bot.settings import ROOT, get_settings
from tests.nlu.blind import load_blind


def linear_models(agent: Agent) -> list[Any]:
    """The fitted scikit-learn models inside the loaded graph (intent and sub-question classifiers)."""
    runner = agent.processor.graph_runner  # Rasa keeps its components in the runner's nodes
    models = []
    for node in runner._instantiated_nodes.values():
        component = node._component
        for name in ("clf", "model"):
            model = getattr(component, name, None)
            if model is not None and hasattr(model, "coef_"):
                models.append(model)
    return models


def set_layout(models: list[Any], fortran: bool) -> None:
    for model in models:
        model.coef_ = np.asfortranarray(model.coef_) if fortran else np.ascontiguousarray(model.coef_)


async def timed_parses(agent: Agent, texts: list[str]) -> tuple[list[float], list[Any]]:
    times, outputs = [], []
    for text in texts:
        start = time.perf_counter()
        parsed = await parse_text(agent, text)
        times.append((time.perf_counter() - start) * 1000)
        outputs.append((parsed["intent"], parsed["confidence"], parsed["sub_question"]))
    return times, outputs


async def main(model: Path, rounds: int) -> None:
    configure_logging("WARNING")
    agent = Agent.load(str(model))
    preload()
    texts = [row.text for row in load_blind(ROOT / "evaluation" / "dev_v2")]
    models = linear_models(agent)
    shapes = ", ".join(f"{m.coef_.shape[0]}×{m.coef_.shape[1]}" for m in models)
    await timed_parses(agent, texts[:50])  # warm-up: caches, first allocations
    laid_out: list[float] = []
    sklearn_order: list[float] = []
    for _ in range(rounds):
        set_layout(models, fortran=True)
        fast, fast_out = await timed_parses(agent, texts)
        set_layout(models, fortran=False)
        slow, slow_out = await timed_parses(agent, texts)
        if fast_out != slow_out:
            sys.exit("the two layouts gave different intents or probabilities")
        laid_out += fast
        sklearn_order += slow
    set_layout(models, fortran=True)

    def line(name: str, times: list[float]) -> str:
        q = statistics.quantiles(times, n=20)
        return f"  {name:<28} median {statistics.median(times):6.1f} ms   p95 {q[18]:6.1f} ms   n={len(times)}"

    print(f"model: {model.name}; linear models (classes × features): {shapes}")
    print(line("weights laid out (Amane)", laid_out))
    print(line("scikit-learn's layout", sklearn_order))
    print(f"  ratio of medians: {statistics.median(laid_out) / statistics.median(sklearn_order):.2f}; "
          f"identical outputs in every round")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    chosen = args.model or latest_model(get_settings().models_dir)
    if chosen is None:
        sys.exit("no trained model: run `python -m bot train` first")
    asyncio.run(main(chosen, args.rounds))
