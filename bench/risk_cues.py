"""Benchmark of bot.nlu.risk.find_cues: pipeline build time, messages and cues per second, and cue rates per intent.

Usage: python bench/risk_cues.py [--repeat N] [--show-unexpected] [--examples-only]
First the time of assess_risk (median, p95) on the hand-written development examples of tests/nlu/risk/cases.py
(contrast pairs and single messages, every language and script), and on the longest message the channels let
through. Then the held-out NLU set (evaluation/heldout/*.yml), never used for training, unless --examples-only
(for whoever tunes the rules and must not see it). The per-intent table is a sanity check, not a score:
exploitation and danger messages should mostly raise cues, others rarely.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# Run as a plain script from anywhere, so the repository root must be importable.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

HELDOUT = ROOT / "evaluation" / "heldout"
FILE_LANGUAGE = {"en": "en", "fr": "fr", "ar": "ar", "ary_arabic": "ary", "ary_latin": "ary"}
# Intents whose messages are expected to carry cues; any other intent with a cue is worth a look.
RISK_INTENTS = {"disclose_exploitation", "immediate_danger"}


def read_heldout() -> list[tuple[str, str, str]]:
    """(text, language, intent) for every held-out example."""
    samples = []
    for path in sorted(HELDOUT.glob("*.yml")):
        language = FILE_LANGUAGE.get(path.stem)
        if language is None:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            if "intent" not in block:
                continue
            for line in str(block.get("examples", "")).splitlines():
                text = line.strip()
                if text.startswith("- "):
                    samples.append((text[2:].strip(), language, block["intent"]))
    return samples


def time_examples(repeat: int) -> None:
    """Median and p95 time of assess_risk (cues, framing and decision) per message on the development examples."""
    from bot.nlu.risk import assess_risk
    from bot.nlu.risk.cues import MAX_CHARS
    from tests.nlu.risk.cases import CONTRAST_PAIRS, LANGUAGE, SINGLE_CASES

    examples = [(text, LANGUAGE[group]) for group, pairs in CONTRAST_PAIRS.items() for _, hot, calm in pairs
                for text in (hot, calm)]
    examples += [(text, LANGUAGE[group]) for group, text, *_ in SINGLE_CASES]
    timings: list[float] = []
    for _ in range(max(1, repeat // 4)):
        for text, language in examples:
            started = time.perf_counter()
            assess_risk(text, language, "disclose_exploitation", 0.9)
            timings.append(time.perf_counter() - started)
    timings.sort()
    print(
        f"assess_risk on {len(examples)} development examples (tests/nlu/risk/cases.py), {len(timings)} calls: "
        f"median {statistics.median(timings) * 1000:.2f} ms, p95 {timings[int(len(timings) * 0.95)] * 1000:.2f} ms, "
        f"max {timings[-1] * 1000:.2f} ms"
    )
    long_text = " ".join(text for text, _ in examples)[:MAX_CHARS]
    started = time.perf_counter()
    assess_risk(long_text, "fr", None, 0.0)
    print(f"assess_risk on one {len(long_text)}-character message in both scripts: "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="passes over the corpus for the timing")
    parser.add_argument("--show-unexpected", action="store_true", help="print cues raised in non-risk intents")
    parser.add_argument("--examples-only", action="store_true", help="time the development examples only")
    args = parser.parse_args()

    started = time.perf_counter()
    from bot.nlu.risk import DANGER, find_cues
    from bot.nlu.risk.pipeline import PATTERN_SETS, get_pipeline

    print(f"import bot.nlu.risk (spaCy included): {time.perf_counter() - started:.2f} s")

    started = time.perf_counter()
    find_cues("my boss took my passport", "en")
    print(f"first call (builds en, fr, ary pipelines): {(time.perf_counter() - started) * 1000:.0f} ms")
    for name in PATTERN_SETS:
        started = time.perf_counter()
        get_pipeline(name)
        print(f"  {name}: {(time.perf_counter() - started) * 1000:.0f} ms more (0 if already built)")

    time_examples(args.repeat)
    if args.examples_only:
        return 0
    samples = read_heldout()
    if not samples:
        print(f"no held-out examples under {HELDOUT}")
        return 1
    cues_found = 0
    started = time.perf_counter()
    for _ in range(args.repeat):
        for text, language, _intent in samples:
            cues_found += len(find_cues(text, language))
    elapsed = time.perf_counter() - started
    messages = len(samples) * args.repeat
    print(
        f"{messages} messages in {elapsed:.2f} s: {messages / elapsed:.0f} messages/s, "
        f"{cues_found / elapsed:.0f} cues/s, {elapsed / messages * 1000:.2f} ms per message"
    )

    # The worst case the channels let through: a long pasted text in two scripts, cut at MAX_CHARS.
    from bot.nlu.risk.cues import MAX_CHARS

    long_text = " ".join(text for text, _, _ in samples)[:MAX_CHARS]
    started = time.perf_counter()
    long_cues = find_cues(long_text, "fr")
    print(f"one {len(long_text)}-character message: {(time.perf_counter() - started) * 1000:.0f} ms, {len(long_cues)} cues")

    with_cue: dict[str, Counter] = defaultdict(Counter)
    unexpected = []
    for text, language, intent in samples:
        cues = find_cues(text, language)
        indicators = sorted({c.indicator for c in cues if c.indicator != DANGER})
        danger = any(c.indicator == DANGER for c in cues)
        counts = with_cue[intent]
        counts["messages"] += 1
        counts["indicator"] += bool(indicators)
        counts["danger"] += danger
        if intent not in RISK_INTENTS and (indicators or danger):
            unexpected.append((intent, language, text, indicators + ([DANGER] if danger else [])))
    print(f"\n{'intent':24} {'messages':>8} {'with indicator':>15} {'with danger':>12}")
    for intent in sorted(with_cue):
        counts = with_cue[intent]
        print(
            f"{intent:24} {counts['messages']:8} {counts['indicator'] / counts['messages']:15.0%} "
            f"{counts['danger'] / counts['messages']:12.0%}"
        )
    print(f"\n{len(unexpected)} messages outside {sorted(RISK_INTENTS)} raised a cue")
    if args.show_unexpected:
        for intent, language, text, found in unexpected:
            print(f"  [{intent} {language}] {text!r} -> {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
