"""`python -m bot parse` as a user runs it: lines on stdin, one JSON object per line on stdout."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import ROOT

pytestmark = pytest.mark.model
FIELDS = {"text", "language", "intent", "confidence", "escalate", "priority", "indicators"}


def run_parse(model: Path, lines: list[str]) -> list[dict]:
    completed = subprocess.run(
        [sys.executable, "-m", "bot", "parse", "--model", str(model)],
        input="\n".join(lines) + "\n", capture_output=True, text=True, encoding="utf-8",
        cwd=ROOT, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"}, timeout=300, check=True,
    )
    return [json.loads(line) for line in completed.stdout.splitlines()]


def test_parse_prints_the_contract_fields_for_every_line(trained_model: Path) -> None:
    lines = [
        "bghit nrje3 l bladi",
        "the boss took my passport and does not pay me",
        "",
        "عافاك عتقوني راه بغا يقتلني دابا",
        "bonjour",
    ]
    results = run_parse(trained_model, lines)
    assert len(results) == len(lines)
    for line, result in zip(lines, results, strict=True):
        assert set(result) >= FIELDS
        assert result["text"] == line
        assert result["priority"] in {"none", "normal", "high", "urgent"}
        assert isinstance(result["escalate"], bool) and isinstance(result["indicators"], list)

    going_home, passport, empty, danger, hello = results
    assert (going_home["language"], going_home["intent"]) == ("ary", "ask_voluntary_return")
    assert going_home["escalate"] is False and going_home["priority"] == "none"

    assert passport["language"] == "en" and passport["intent"] == "disclose_exploitation"
    assert passport["escalate"] is True
    assert {"retention_of_documents", "withholding_of_wages"} <= set(passport["indicators"])
    assert passport["priority"] == "high"

    assert empty["intent"] is None and empty["escalate"] is False

    assert danger["language"] == "ary" and danger["escalate"] is True and danger["priority"] == "urgent"

    assert (hello["language"], hello["intent"], hello["priority"]) == ("fr", "greet", "none")


def test_parse_says_what_to_do_without_a_model(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "bot", "parse"], input="hello\n", capture_output=True, text=True,
        cwd=ROOT, env={**os.environ, "AMANE_MODELS_DIR": str(tmp_path)}, timeout=120,
    )
    assert completed.returncode == 2
    assert "python -m bot train" in completed.stderr
