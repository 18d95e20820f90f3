"""Language accuracy per file on a blind set (jsonl with a `language` column), rates only, without a model.

The language `bench/escalation.py` prints comes from `detect_language(text)` alone (no conversation), so this is
the same figure in a second instead of minutes: to judge a detection change on sets that are measure only.
It never prints a message: blind and check sets are never read for their misses.
Usage: python bench/language_blind.py [--set evaluation/blind_v1 ...]   (default: blind_v1 to blind_v3, blind_v6 and blind_v7)
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a plain script from anywhere, so the repository root must be importable.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.nlu.language import detect_language, preload  # noqa: E402
from tests.nlu.blind import load_blind  # noqa: E402

# blind_v6 (h-blind6, session 17), first measure (main 6c1b3d3, amane-config-62d480637212): all 0.986, per file
# 0.970-1.000. blind_v7 (h-blind7, session 18), first measure (main 0887eed, amane-config-371cd1048000): all 0.994, per
# file 0.980-1.000.
DEFAULT_SETS = ("evaluation/blind_v1", "evaluation/blind_v2", "evaluation/blind_v3", "evaluation/blind_v6",
                "evaluation/blind_v7")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="sets", action="append", help="a blind set folder (repeatable)")
    args = parser.parse_args()
    preload()
    for name in args.sets or DEFAULT_SETS:
        right: Counter = Counter()
        total: Counter = Counter()
        for row in load_blind(ROOT / name):
            total[row.script] += 1
            right[row.script] += detect_language(row.text).language == row.language
        print(f"{name}: language " + "  ".join(f"{f} {right[f] / total[f]:.3f}" for f in sorted(total))
              + f"  all {sum(right.values()) / sum(total.values()):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
