"""No line of a measuring set (blind, check, fresh, held-out, the blind conversations) is in the training data. A
failure names sets and counts, never a measuring set's lines (looking at them would end their use as a measure)."""
from __future__ import annotations

import json

import yaml
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from bot.nlu.spelling import normalise
from bot.settings import ROOT

EVALUATION = ROOT / "evaluation"
NLU_DATA = ROOT / "nlu_data"
MEASURING_SETS = ("blind_v1", "blind_v2", "check_v7", "fresh_v1", "heldout", "conversations_v1", "conversations_v2")


def key(text: str) -> str:
    return " ".join(normalise(text).lower().split())


def measuring_lines(name: str) -> list[str]:
    """A measuring set's user texts (compared, never shown)."""
    folder = EVALUATION / name
    texts: list[str] = []
    for path in sorted(folder.glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "conversations" in data:
            texts += [str(turn["user"]) for c in data["conversations"] for turn in c["turns"]]
        else:
            texts += [m.get("text") for m in RasaYAMLReader().read(path).intent_examples]
    return texts


def training_lines() -> set[str]:
    lines: set[str] = set()
    for path in NLU_DATA.rglob("*.yml"):
        if path.parent.name != "rules":
            lines.update(key(m.get("text")) for m in RasaYAMLReader().read(path).intent_examples)
    return lines


def test_no_line_of_a_measuring_set_is_trained_on() -> None:
    """No training line of seven words or more is a measuring set's line (shorter ones are everyday words two writers
    may both write: "I want to go home")."""
    trained = training_lines()
    leaked = {}
    for name in MEASURING_SETS:
        texts = measuring_lines(name)
        assert texts, f"{name} has no lines"
        found = sum(1 for text in texts if len(text.split()) >= 7 and key(text) in trained)
        if found:
            leaked[name] = found
    assert not leaked, f"lines of measuring sets in nlu_data (counts only): {leaked}"
