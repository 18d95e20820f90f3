"""Rasa's own checks: the training data validates, and test conversations in each language pass."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
        [sys.executable, "-m", "rasa", "test", "core", "--model", str(trained_model),
         "--stories", "tests/conversations", "--fail-on-prediction-errors", "--out", str(tmp_path)],
        cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=900,
    )
    failed = (tmp_path / "failed_test_stories.yml")
    detail = failed.read_text(encoding="utf-8") if failed.exists() else ""
    assert completed.returncode == 0, detail + completed.stdout[-3000:] + completed.stderr[-3000:]
