"""The held-out NLU set (evaluation/heldout/, never used for training), grouped by language."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rasa.shared.nlu.training_data.loading import load_data

HELDOUT_DIR = Path(__file__).resolve().parents[2] / "evaluation" / "heldout"


def heldout_examples(directory: Path = HELDOUT_DIR) -> dict[str, list[tuple[str, str]]]:
    """language -> [(text, intent)]; files are <lang>.yml or <lang>_<script>.yml."""
    examples: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for path in sorted(directory.glob("*.yml")):
        language = path.stem.split("_")[0]
        for message in load_data(str(path)).intent_examples:
            examples[language].append((message.get("text"), message.get("intent")))
    return dict(examples)
