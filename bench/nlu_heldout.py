"""Prints intent accuracy (and detected-language accuracy) per language on the held-out set, and parse speed.

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

from rasa.core.agent import Agent  # noqa: E402
from rasa.core.channels.channel import UserMessage  # noqa: E402

from bot.settings import get_settings  # noqa: E402
from bot.training import latest_model  # noqa: E402
from tests.nlu.heldout import heldout_examples  # noqa: E402


async def main(model: Path) -> None:
    agent = Agent.load(str(model))
    print(f"model: {model.name}")
    timings = []
    for language, pairs in sorted(heldout_examples().items()):
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
        print(f"{language}: intent {intent_ok / len(pairs):.3f}  language {language_ok / len(pairs):.3f}  (n={len(pairs)})")
        for (expected, got), count in confusions.most_common(6):
            print(f"    {expected} -> {got}: {count}")
    timings.sort()
    print(f"parse time: median {statistics.median(timings) * 1000:.1f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)] * 1000:.1f} ms")


if __name__ == "__main__":
    chosen = Path(sys.argv[1]) if len(sys.argv) > 1 else latest_model(get_settings().models_dir)
    asyncio.run(main(chosen))
