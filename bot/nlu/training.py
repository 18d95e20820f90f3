"""Finding and training models: a model's name carries a fingerprint of everything it was trained on."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from bot.settings import ROOT

TRAINING_INPUTS = ("domain.yml", "nlu_data")


def fingerprint(config: Path) -> str:
    digest = hashlib.sha256()
    paths = [config] + [ROOT / p for p in TRAINING_INPUTS]
    for path in paths:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and file.suffix in {".yml", ".yaml"}:
                digest.update(str(file.relative_to(ROOT)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def model_name(config: Path) -> str:
    return f"amane-{config.stem.replace('.', '-')}-{fingerprint(config)}"


def model_for(config: Path, models_dir: Path) -> Path:
    return models_dir / f"{model_name(config)}.tar.gz"


def ensure_model(config: Path, models_dir: Path) -> Path:
    """The model for this config and data, trained now if there is none yet."""
    path = model_for(config, models_dir)
    if path.exists():
        return path
    train(config, models_dir)
    if not path.exists():
        raise RuntimeError(f"training finished but {path} is missing")
    return path


def train(config: Path, models_dir: Path) -> None:
    # A separate process: TensorFlow's memory is returned when training ends.
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "--config", str(config), "--domain", str(ROOT / "domain.yml"),
         "--data", str(ROOT / "nlu_data"), "--out", str(models_dir), "--fixed-model-name", model_name(config)],
        cwd=ROOT, check=True, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )


def latest_model(models_dir: Path) -> Path | None:
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None
