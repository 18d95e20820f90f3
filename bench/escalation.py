"""Escalation as officers meet it: recall, false escalations and false urgent cases per language.

Sets, each used as its README says:
- evaluation/blind_v1: written by someone who never saw the training data; measured only (nothing is
  tuned after looking at its misses, so this prints rates, never the messages it gets wrong).
- ../shared/data/doda_sample.jsonl: 800 everyday Darija sentences (DODa) that must not escalate;
  measured only.
Also prints intent and language accuracy on the blind set, and the parse time.
Usage: .venv/bin/python bench/escalation.py [--set evaluation/blind_v2] [model.tar.gz]   (default: blind_v1, the
latest model). Also for evaluation/check_v7 (measure only, rates only).
"""
from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasa.core.agent import Agent

from bot.logs import configure_logging
from bot.nlu.parse import parse_text
from bot.nlu.training import latest_model
from bot.settings import ROOT, get_settings
from tests.nlu.blind import load_blind

# Beside the clone (CI), or beside a folder of worktrees (/work/wt/<name> finds /work/shared).
DODA = next((d / "shared" / "data" / "doda_sample.jsonl" for d in ROOT.parents
             if (d / "shared" / "data" / "doda_sample.jsonl").exists()),
            ROOT.parent / "shared" / "data" / "doda_sample.jsonl")


def rate(hits: int, total: int) -> str:
    return f"{hits / total:.3f}" if total else "  -  "


async def main(model: Path, blind: Path) -> None:
    configure_logging("WARNING")
    agent = Agent.load(str(model))
    print(f"model: {model.name}")
    timings: list[float] = []

    async def parse(text: str) -> dict:
        started = time.perf_counter()
        result = await parse_text(agent, text)
        timings.append(time.perf_counter() - started)
        return result

    print(f"blind set ({blind.relative_to(ROOT)}), by file:")
    print("  file        n   recall  false-esc  urgent-recall  false-urgent  intent  language")
    by_file: dict[str, list] = defaultdict(list)
    for row in load_blind(blind):
        by_file[row.script].append((row, await parse(row.text)))
    totals: dict[str, int] = defaultdict(int)
    for script, pairs in sorted(by_file.items()):
        counts = tally(pairs)
        for key, value in counts.items():
            totals[key] += value
        print_row(script, len(pairs), counts)
    print_row("all", sum(len(p) for p in by_file.values()), totals)

    if DODA.exists():
        print("everyday Darija (DODa sample, must not escalate):")
        rows = [json.loads(line) for line in DODA.read_text(encoding="utf-8").splitlines() if line.strip()]
        for script in ("latn", "arab"):
            texts = [r["text"] for r in rows if r.get("script") == script]
            results = [await parse(text) for text in texts]
            escalated = sum(r["escalate"] for r in results)
            urgent = sum(r["priority"] == "urgent" for r in results)
            print(f"  {script}: n={len(texts)}  escalated {escalated} ({rate(escalated, len(texts))})  "
                  f"urgent {urgent} ({urgent / len(texts):.2%})")
    timings.sort()
    print(f"parse time: median {statistics.median(timings) * 1000:.1f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)] * 1000:.1f} ms (n={len(timings)})")


def tally(pairs: list) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row, result in pairs:
        urgent = result["priority"] == "urgent"
        counts["should"] += row.escalate
        counts["caught"] += row.escalate and result["escalate"]
        counts["should_not"] += not row.escalate
        counts["false"] += (not row.escalate) and result["escalate"]
        counts["urgent"] += row.urgent
        counts["urgent_caught"] += row.urgent and urgent
        counts["not_urgent"] += not row.urgent
        counts["false_urgent"] += (not row.urgent) and urgent
        counts["intent"] += result["intent"] == row.intent
        counts["language"] += result["language"] == row.language
    return counts


def print_row(name: str, n: int, c: dict[str, int]) -> None:
    print(f"  {name:<10} {n:>4}  {rate(c['caught'], c['should'])}   {rate(c['false'], c['should_not'])}      "
          f"{rate(c['urgent_caught'], c['urgent'])}          {rate(c['false_urgent'], c['not_urgent'])}      "
          f"{rate(c['intent'], n)}   {rate(c['language'], n)}")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    blind_set = ROOT / "evaluation" / "blind_v1"
    if "--set" in arguments:   # another blind set of the same format, e.g. --set evaluation/blind_v2
        at = arguments.index("--set")
        blind_set = (ROOT / arguments[at + 1]).resolve()
        del arguments[at:at + 2]
    chosen = Path(arguments[0]) if arguments else latest_model(get_settings().models_dir)
    if chosen is None:
        sys.exit("no trained model: run `python -m bot train` first")
    asyncio.run(main(chosen, blind_set))
