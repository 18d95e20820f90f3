"""Loads the blind evaluation sets (evaluation/blind_v*/): measured only, never tuned on (see their README)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

EVALUATION_DIR = Path(__file__).resolve().parents[2] / "evaluation"
CURRENT = EVALUATION_DIR / "blind_v1"


@dataclass(frozen=True)
class Labelled:
    id: str
    text: str
    language: str      # fr | en | ar | ary
    script: str        # the file's name: fr, en, ar, ary_arabic, ary_latin
    intent: str
    escalate: bool
    urgent: bool
    kind: str          # the class of message (plain_disclosure, negation, joke_hyperbole, ...)
    pair: str | None


def load_blind(directory: Path = CURRENT) -> list[Labelled]:
    rows = []
    for path in sorted(directory.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows.append(Labelled(row["id"], row["text"], row["language"], path.stem, row["intent"],
                                     bool(row["escalate"]), bool(row["urgent"]), row["class"], row.get("pair")))
    return rows
