"""Replays the blind conversations (evaluation/conversations_v1) through the web chat and prints, per language,
the share of replies right, partly right and wrong (issue 11's goal: at least 90% right and at most 2% wrong in
every language; no wrong reply to danger, a child or a disclosure).

The set is measure only (see its README): this prints rates, never the turns it gets wrong. How a reply is judged:
tests/e2e/conversation_judge.py (shared with the CI gate tests/e2e/test_blind_conversations.py).
Usage: .venv/bin/python bench/conversation_blind.py [folder] [--show-misses] [--file NAME]
  --show-misses  for a development folder only (refused for a measuring set): each turn judged partly or wrong,
                 with the label expected and the content keys of the reply
  --file         only one file of the folder (fr, en, ar, ary_arabic, ary_latin)
  --by-label     also right / partly / wrong per expected label (over the files measured), rates only; a label with
                 fewer than MIN_LABEL_TURNS turns is counted under "(rarer labels)", so that no single turn shows
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.nlu.training import ensure_model
from bot.settings import get_settings
from tests.e2e.conversation_judge import FOLDER, Tally, is_measuring_set, replay
from tests.e2e.server import start_server, stop_server

# Below this many turns a label's rates would point at single turns of a measuring set.
MIN_LABEL_TURNS = 5


def main(folder: Path, show_misses: bool = False, only: str | None = None, by_label: bool = False) -> None:
    if show_misses and is_measuring_set(folder):
        sys.exit(f"{folder} is a measuring set: its turns are never printed (rates only)")
    settings = get_settings()
    ensure_model(settings.rasa_config, settings.models_dir)
    server = start_server(Path(tempfile.mkdtemp(prefix="amane-blind-conv-")), settings.rasa_config)
    tally = Tally()
    labels: dict[str, Counter] = defaultdict(Counter)
    try:
        for turn in replay(server.say, folder, tally, only):
            labels[turn.expect][turn.verdict] += 1
            if show_misses and turn.verdict != "right":
                print(f"  {turn.conversation:<9} {turn.verdict:<6} {turn.expect:<34} <- {sorted(turn.keys)}  "
                      f"{turn.user!r}")
    finally:
        stop_server(server)
    print(f"{'file':<11} {'turns':>5} {'right':>6} {'partly':>7} {'wrong':>6} {'wrong on safety':>16}")
    for name, counts in sorted(tally.verdicts.items()):
        print(f"{name:<11} {sum(counts.values()):>5} {tally.share(name, 'right'):>6.1%} "
              f"{tally.share(name, 'partly'):>7.1%} {tally.share(name, 'wrong'):>6.1%} {tally.safety_wrong[name]:>16}")
    if by_label:
        print_by_label(labels)


def print_by_label(labels: dict[str, Counter]) -> None:
    rarer: Counter = Counter()
    rows = []
    for label, counts in sorted(labels.items()):
        if sum(counts.values()) < MIN_LABEL_TURNS:
            rarer.update(counts)
        else:
            rows.append((label, counts))
    if rarer:
        rows.append(("(rarer labels)", rarer))
    print(f"{'expected label':<34} {'turns':>5} {'right':>6} {'partly':>7} {'wrong':>6}")
    for label, counts in rows:
        total = sum(counts.values())
        print(f"{label:<34} {total:>5} {counts['right'] / total:>6.1%} {counts['partly'] / total:>7.1%} "
              f"{counts['wrong'] / total:>6.1%}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=FOLDER)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--file")
    parser.add_argument("--by-label", action="store_true")
    args = parser.parse_args()
    main(args.folder, args.show_misses, args.file, args.by_label)
