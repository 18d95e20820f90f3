"""Prints intent and detected-language accuracy per language on the held-out set, and parse speed.

Also on evaluation/fresh_v1/, a second set written later by someone who never saw the training
data, which no one tuned anything on (it is only measured here).
Usage: .venv/bin/python bench/nlu_heldout.py [model.tar.gz]   (default: the latest model)
"""
from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage

from bot.logs import configure_logging
from bot.nlu.training import latest_model
from bot.settings import get_settings
from tests.nlu.heldout import heldout_examples

FRESH_DIR = Path(__file__).resolve().parents[1] / "evaluation" / "fresh_v1"


async def main(model: Path) -> None:
    configure_logging("WARNING")
    agent = Agent.load(str(model))
    print(f"model: {model.name}")
    timings: list = []
    print("held-out set (evaluation/heldout):")
    await evaluate(agent, heldout_examples(), timings)
    if FRESH_DIR.exists():
        print("fresh set (evaluation/fresh_v1):")
        await evaluate(agent, heldout_examples(FRESH_DIR), timings)
    timings.sort()
    print(f"parse time: median {statistics.median(timings) * 1000:.1f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)] * 1000:.1f} ms")


async def evaluate(agent: Agent, examples: dict, timings: list) -> None:
    for language, pairs in sorted(examples.items()):
        intent_ok = language_ok = 0
        confusions: Counter = Counter()
        for text, expected in pairs:
            started = time.perf_counter()
            parsed = await agent.processor.parse_message(UserMessage(text))
            timings.append(time.perf_counter() - started)
            got = parsed["intent"]["name"]
            intent_ok += got == expected
            language_ok += parsed.get("language") == language
            if got != expected:
                confusions[(expected, got)] += 1
        print(f"  {language}: intent {intent_ok / len(pairs):.3f}  language {language_ok / len(pairs):.3f}"
              f"  (n={len(pairs)})")
        for (expected, got), count in confusions.most_common(4):
            print(f"      {expected} -> {got}: {count}")


if __name__ == "__main__":
    chosen = Path(sys.argv[1]) if len(sys.argv) > 1 else latest_model(get_settings().models_dir)
    asyncio.run(main(chosen))
