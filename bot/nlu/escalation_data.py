"""The lines the escalation model learns from: nlu_data's examples (escalate = an escalating intent) and the
development sets' labelled lines (their own `escalate` field). Never a measuring set.

Why the development sets: each was written by a different person before they read the training data, and labels what
matters to an officer (does this message need a person?) rather than a topic. Trained into the *intent* classifier
they moved the disclosure boundary and cost recall on the blind sets (scripts/dev_sets_to_nlu.py); here they train
only a binary second opinion (bot/nlu/escalation_model.py), measured by leaving one set out at a time
(bench/escalation_model.py).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from bot.settings import ROOT

EVALUATION = ROOT / "evaluation"
# Development sets only (evaluation/README.md says how each is used). Never add a measuring set here: blind_*,
# check_*, intent_check_*, conversations_*, fresh_*, heldout are refused by name and by their README.
DEVELOPMENT_SETS = ("dev_v2", "dev_v3", "dev_v4", "dev_v5", "dev_v6", "dev_v7", "dev_v8", "dev_v9", "dev_v10",
                    "dev_v11", "dev_v12", "dev_v13", "dev_v14", "dev_v15", "dev_v16", "dev_v17", "intent_dev_v1",
                    "intent_dev_v2", "intent_dev_v3", "intent_dev_v4")
# What a development set's name looks like: anything else is refused.
_DEVELOPMENT_NAME = re.compile(r"^(dev|intent_dev)_v\d+$")
# nlu_data's intents whose lines need an officer (bot/nlu/risk/assess.py ESCALATING_INTENTS, and danger).
ESCALATING = frozenset({"disclose_exploitation", "immediate_danger", "request_human"})


class MeasuringSetError(ValueError):
    """A set that measures was about to be trained on."""


def check_development(folder: Path) -> None:
    """Raises MeasuringSetError unless the folder is a development set (by its name and its README's title)."""
    if not _DEVELOPMENT_NAME.match(folder.name):
        raise MeasuringSetError(f"{folder.name} is not a development set: it is never trained on")
    readme = folder / "README.md"
    title = readme.read_text(encoding="utf-8").splitlines()[0].lower() if readme.exists() else ""
    if "measure only" in title or "measuring set" in title:
        raise MeasuringSetError(f"{folder.name}'s README says it measures: it is never trained on")


def set_files(sets: tuple[str, ...] = DEVELOPMENT_SETS, evaluation: Path = EVALUATION) -> list[Path]:
    """The labelled files of the development sets present (what the model's fingerprint must cover)."""
    files: list[Path] = []
    for name in sets:
        folder = evaluation / name
        if folder.is_dir():
            check_development(folder)
            files += sorted(folder.glob("*.jsonl"))
    return files


def development_lines(sets: tuple[str, ...] = DEVELOPMENT_SETS,
                      evaluation: Path = EVALUATION) -> list[tuple[str, str, bool]]:
    """(set, text, escalate) for every line of the development sets present."""
    lines = []
    for path in set_files(sets, evaluation):
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.strip():
                row = json.loads(raw)
                lines.append((path.parent.name, str(row["text"]), bool(row["escalate"])))
    return lines
