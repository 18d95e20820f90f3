"""Finding and training models: a model's name carries a fingerprint of everything it was trained on."""
from __future__ import annotations

import ast
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import yaml

from bot.nlu.escalation_data import set_files
from bot.settings import ROOT

TRAINING_INPUTS = ("domain.yml", "nlu_data")
# Files beside a component's code that it reads (word lists, pattern sets).
COMPONENT_DATA_SUFFIXES = {".yml", ".yaml", ".txt"}


def fingerprint(config: Path) -> str:
    """A digest of what the model is made from: config, domain, training data, the code and data files of our
    own NLU components (a changed tokenizer or risk rule makes a new model, not a stale one), and the development
    sets' lines when the escalation model learns from them."""
    digest = hashlib.sha256()
    files: list[Path] = [config]
    for name in TRAINING_INPUTS:
        path = ROOT / name
        files += sorted(f for f in path.rglob("*") if f.suffix in {".yml", ".yaml"}) if path.is_dir() else [path]
    components = component_files(config)
    files += components
    # The escalation model also learns from the development sets' lines (bot/nlu/escalation_scorer.py).
    if ROOT / "bot" / "nlu" / "escalation_scorer.py" in components:
        files += set_files()
    for file in files:
        if file.is_file():
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def component_files(config: Path) -> list[Path]:
    """The modules of the config's own components (`bot.…` names), every bot module they import, however
    indirectly, and the data files in those modules' folders."""
    pipeline = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("pipeline") or []
    pending = [str(step["name"]).rpartition(".")[0] for step in pipeline
               if str(step.get("name", "")).startswith("bot.")]
    modules: set[Path] = set()
    while pending:
        name = pending.pop()
        path = _module_path(name)
        if path is None or path in modules:
            continue
        modules.add(path)
        # A module's own packages run their __init__ whenever it is imported.
        pending += _bot_imports(path) + ([name.rpartition(".")[0]] if "." in name else [])
    folders = {path.parent for path in modules}
    data = {file for folder in folders for file in _own_data_files(folder)}
    return sorted(modules | data)


def _own_data_files(folder: Path) -> list[Path]:
    """Data files of a package's folder and its plain subfolders, not of its subpackages: those count only when
    a component imports them (`bot/__init__.py` must not pull in the desk's texts)."""
    files = []
    for file in folder.rglob("*"):
        if file.suffix not in COMPONENT_DATA_SUFFIXES or "__pycache__" in file.parts:
            continue
        between = file.relative_to(folder).parents
        if not any((folder / sub / "__init__.py").is_file() for sub in between if str(sub) != "."):
            files.append(file)
    return files


def _module_path(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _bot_imports(path: Path) -> list[str]:
    """Every `bot.…` module named by an import in the file (also "from bot.x import module")."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names if alias.name.startswith("bot")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot") and not node.level:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


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
        [sys.executable, "-m", "bot.nlu.rasa_command", "train", "--config", str(config),
         "--domain", str(ROOT / "domain.yml"), "--data", str(ROOT / "nlu_data"), "--out", str(models_dir),
         "--fixed-model-name", model_name(config)],
        cwd=ROOT, check=True, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )


def latest_model(models_dir: Path) -> Path | None:
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None
