"""Escalation on the development set evaluation/dev_v2: rates per file and per class, then every message it gets
wrong, for whoever improves the risk rules and training lines (this set is for development: look at it freely).

Never point it at a measuring set (evaluation/blind_v*, evaluation/check_v*, DODa): bench/escalation.py measures
those, rates only.

Usage: .venv/bin/python bench/escalation_dev.py [--set evaluation/dev_v3] [--file NAME] [--model PATH] [--rules-only]
                                               [--quiet] [--intents]
  --set         a development set (default evaluation/dev_v2); never a measuring set (the script refuses blind_*,
                check_*, fresh_* and conversations_*)
  --file        only one file of the set (en, fr, ar, ary_arabic, ary_latin)
  --rules-only  reuse the classifier's intents from the last full run of the same model (kept in the system's temp
                folder) and run only language detection and the risk rules: seconds instead of a model load, for
                iterating on bot/nlu/risk. The figures of record come from a full run.
  --quiet       rates only, no list of misses.
  --intents     also the intent confusions (expected -> got, counted) and every message whose intent is wrong.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.nlu.blind import Labelled, load_blind  # noqa: E402

DEV = ROOT / "evaluation" / "dev_v2"


def cache_path(model: Path) -> Path:
    return Path(tempfile.gettempdir()) / f"amane-escalation-dev-{model.name}.json"


async def parse_with_model(model: Path, rows: list[Labelled]) -> dict[str, dict[str, Any]]:
    from rasa.core.agent import Agent

    from bot.logs import configure_logging
    from bot.nlu.parse import parse_text

    configure_logging("WARNING")
    agent = Agent.load(str(model))
    results = {row.text: await parse_text(agent, row.text) for row in rows}
    # Merged with what earlier runs of the same model cached, so that runs on other sets or files keep theirs.
    path = cache_path(model)
    cached = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    cached.update({text: {k: r[k] for k in ("intent", "confidence")} for text, r in results.items()})
    path.write_text(json.dumps(cached, ensure_ascii=False), encoding="utf-8")
    return results


def parse_with_rules(model: Path, rows: list[Labelled]) -> dict[str, dict[str, Any]]:
    from bot.nlu.language import detect_language
    from bot.nlu.risk import assess_risk

    cached = json.loads(cache_path(model).read_text(encoding="utf-8"))
    results = {}
    for row in rows:
        intent = cached.get(row.text, {"intent": None, "confidence": 0.0})
        language = detect_language(row.text).language
        risk = asdict(assess_risk(row.text, language, intent["intent"], float(intent["confidence"])))
        results[row.text] = {"language": language, **intent, **risk}
    return results


def rates(pairs: list[tuple[Labelled, dict[str, Any]]]) -> str:
    def share(hits: int, total: int) -> str:
        return f"{hits / total:.3f}" if total else "  -  "

    should = [r for row, r in pairs if row.escalate]
    should_not = [r for row, r in pairs if not row.escalate]
    urgent = [r for row, r in pairs if row.urgent]
    not_urgent = [r for row, r in pairs if not row.urgent]
    return (f"{len(pairs):>4}  {share(sum(r['escalate'] for r in should), len(should))}   "
            f"{share(sum(r['escalate'] for r in should_not), len(should_not))}      "
            f"{share(sum(r['priority'] == 'urgent' for r in urgent), len(urgent))}          "
            f"{share(sum(r['priority'] == 'urgent' for r in not_urgent), len(not_urgent))}      "
            f"{share(sum(r['intent'] == row.intent for row, r in pairs), len(pairs))}")


def print_intent_misses(pairs: list[tuple[Labelled, dict[str, Any]]], show_messages: bool) -> None:
    """The intent confusions of a development set, most frequent first, then (unless quiet) each wrong message."""
    wrong = [(row, r) for row, r in pairs if r["intent"] != row.intent]
    confusions = Counter((row.intent, r["intent"]) for row, r in wrong)
    print(f"intent confusions ({len(wrong)} of {len(pairs)} wrong; expected -> got):")
    for (expected, got), count in confusions.most_common():
        print(f"  {count:>3}  {expected:<22} -> {got}")
    if not show_messages:
        return
    print("intent misses (expected -> got):")
    for row, r in wrong:
        print(f"  {row.id:<10} {row.kind:<24} {row.intent:>21} -> {r['intent']}({r['confidence']:.2f})  {row.text}")


def main() -> None:
    from bot.nlu.training import latest_model, model_for
    from bot.settings import get_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="default: the model of this tree's config and data, else the latest")
    parser.add_argument("--rules-only", action="store_true")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--intents", action="store_true")
    parser.add_argument("--set", type=Path, default=DEV, dest="dev_set")
    parser.add_argument("--file", help="one file of the set, by its name without .jsonl")
    args = parser.parse_args()
    if args.dev_set.resolve().name.startswith(("blind", "conversations", "check", "fresh")):
        sys.exit("a measuring set is never looked at message by message: use bench/escalation.py for it")
    models_dir = get_settings().models_dir
    model = args.model or model_for(ROOT / "config.yml", models_dir)
    if not model.exists():
        model = latest_model(models_dir) or sys.exit("no trained model: run `python -m bot train` first")
    rows = [row for row in load_blind(args.dev_set) if args.file in (None, row.script)]
    results = parse_with_rules(model, rows) if args.rules_only else asyncio.run(parse_with_model(model, rows))
    pairs = [(row, results[row.text]) for row in rows]

    print(f"{args.dev_set.name} ({'rules only, cached intents of ' if args.rules_only else ''}{model.name})")
    print("  slice                      n   recall  false-esc  urgent-recall  false-urgent  intent")
    by_file: dict[str, list] = defaultdict(list)
    by_class: dict[str, list] = defaultdict(list)
    for row, result in pairs:
        by_file[row.script].append((row, result))
        by_class[row.kind].append((row, result))
    for name, group in sorted(by_file.items()):
        print(f"  {name:<24} {rates(group)}")
    print(f"  {'all':<24} {rates(pairs)}")
    for name, group in sorted(by_class.items()):
        print(f"  class {name:<18} {rates(group)}")
    if args.intents:
        print_intent_misses(pairs, show_messages=not args.quiet)
    if args.quiet:
        return
    print("misses (expected -> got):")
    for row, r in pairs:
        wrong_escalation = r["escalate"] != row.escalate
        wrong_urgency = (r["priority"] == "urgent") != row.urgent
        if wrong_escalation or wrong_urgency:
            expected = "urgent" if row.urgent else ("escalate" if row.escalate else "calm")
            got = r["priority"] if r["escalate"] else "calm"
            print(f"  {row.id:<10} {row.kind:<24} {expected:>8} -> {got:<7} {r['intent']}({r['confidence']:.2f}) "
                  f"{r.get('indicators')}  {row.text}")


if __name__ == "__main__":
    main()
