"""Benchmark of bot.nlu.language.detect_language: accuracy per language, confusion matrix, time per message.

Usage: python bench/language_detection.py [samples.tsv ...] [--repeat N] [--errors]
Each file has a header and columns `text<TAB>language`; default tests/data/language_samples.tsv.
"""
from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a plain script from anywhere, so the repository root must be importable.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.nlu.language import SUPPORTED, detect_language, preload  # noqa: E402

NOT_RECOGNISED = "??"


def read_samples(paths: list[Path]) -> list[tuple[str, str]]:
    samples = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                samples.append((row["text"], row["language"]))
    return samples


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", nargs="*", type=Path, default=[ROOT / "tests" / "data" / "language_samples.tsv"])
    parser.add_argument("--repeat", type=int, default=3, help="timing passes over the samples (default 3)")
    parser.add_argument("--errors", action="store_true", help="list the misclassified messages")
    args = parser.parse_args()

    samples = read_samples(args.samples)
    if not samples:
        print("no samples")
        return 1

    # Loading the cue lists and langdetect's profiles is timed apart from the messages.
    started = time.perf_counter()
    preload()
    cold_ms = (time.perf_counter() - started) * 1000

    predictions: list[str] = []
    timings_ms: list[float] = []
    for _ in range(max(1, args.repeat)):
        predictions = []
        for text, _ in samples:
            started = time.perf_counter()
            guess = detect_language(text)
            timings_ms.append((time.perf_counter() - started) * 1000)
            predictions.append(guess.language if guess.recognised else NOT_RECOGNISED)

    gold_labels = sorted({gold for _, gold in samples}, key=lambda label: (label not in SUPPORTED, label))
    columns = list(SUPPORTED) + [NOT_RECOGNISED]
    confusion: dict[str, Counter] = defaultdict(Counter)
    for (_, gold), predicted in zip(samples, predictions, strict=True):
        confusion[gold][predicted] += 1

    print(f"samples: {len(samples)} from {', '.join(str(p) for p in args.samples)}")
    print("\naccuracy per language")
    correct_total = 0
    for gold in gold_labels:
        total = sum(confusion[gold].values())
        correct = confusion[gold][gold]
        correct_total += correct
        print(f"  {gold:4} {correct:4}/{total:<4} {correct / total:.3f}")
    print(f"  all  {correct_total:4}/{len(samples):<4} {correct_total / len(samples):.3f}")

    print(f"\nconfusion matrix (rows: expected, columns: detected; {NOT_RECOGNISED} = not recognised)")
    print("       " + "".join(f"{c:>6}" for c in columns))
    for gold in gold_labels:
        print(f"  {gold:5}" + "".join(f"{confusion[gold][c]:>6}" for c in columns))

    print(f"\ntime per message over {len(timings_ms)} calls ({max(1, args.repeat)} passes)")
    print(f"  median {statistics.median(timings_ms):.3f} ms   p95 {percentile(timings_ms, 0.95):.3f} ms   "
          f"max {max(timings_ms):.3f} ms   first call (loading) {cold_ms:.0f} ms")

    if args.errors:
        print("\nerrors")
        for (text, gold), predicted in zip(samples, predictions, strict=True):
            if predicted != gold:
                print(f"  {gold} -> {predicted}: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
