"""Rasa's own checks: the training data validates, and test conversations in each language pass."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.settings import ROOT

ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}


def test_rasa_data_validate() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate", "--domain", "domain.yml", "--data", "nlu_data",
         "--config", "config.yml", "--fail-on-warnings"],
        cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=600,
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]


@pytest.mark.model
def test_conversations_in_every_language(trained_model: Path, tmp_path: Path) -> None:
    completed = subprocess.run(
        # --e2e: each message's text goes through the model and must get the story's intent (without it Rasa
        # takes the story's intent as given and only checks the actions). Rasa reads test_*.yml files for it.
        [sys.executable, "-m", "bot.nlu.rasa_command", "test", "core", "--e2e", "--model", str(trained_model),
         "--stories", "tests/conversations", "--fail-on-prediction-errors", "--out", str(tmp_path)],
        cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=900,
    )
    failed = (tmp_path / "failed_test_stories.yml")
    detail = failed.read_text(encoding="utf-8") if failed.exists() else ""
    assert completed.returncode == 0, detail + completed.stdout[-3000:] + completed.stderr[-3000:]
    # Every message of every story was understood by the model, not skipped (a file Rasa does not take for test
    # stories would pass with nothing checked).
    report = json.loads((tmp_path / "story_report.json").read_text(encoding="utf-8"))
    intents_checked = sum(row["support"] for label, row in report.items()
                          if isinstance(row, dict) and "support" in row and label in INTENTS)
    assert intents_checked == user_messages(ROOT / "tests" / "conversations") > 200


INTENTS = set(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"])


def user_messages(folder: Path) -> int:
    return sum(1 for file in folder.glob("test_*.yml")
               for story in yaml.safe_load(file.read_text(encoding="utf-8"))["stories"]
               for step in story["steps"] if "user" in step)
