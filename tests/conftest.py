"""Shared fixtures: a clean environment for every test, and one trained model for the whole run."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

from bot.settings import ROOT, get_settings

# Tests train with this config (fewer epochs may be set there for speed; thresholds still hold).
TEST_CONFIG = ROOT / os.environ.get("AMANE_TEST_CONFIG", "config.yml")
MODELS_DIR = ROOT / "models"


@pytest.fixture(autouse=True)
def clean_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test gets its own data folder and no leftover AMANE_* settings."""
    for name in list(os.environ):
        if name.startswith("AMANE_") and name != "AMANE_TEST_CONFIG":
            monkeypatch.delenv(name)
    monkeypatch.setenv("AMANE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("RASA_TELEMETRY_ENABLED", "false")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """Trained once per run (or reused when config and data did not change)."""
    from bot.training import ensure_model

    return ensure_model(TEST_CONFIG, MODELS_DIR)


@pytest.fixture(scope="session")
def agent(trained_model: Path):  # type: ignore[no-untyped-def]
    from rasa.core.agent import Agent

    return Agent.load(str(trained_model))
