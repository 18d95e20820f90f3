"""A model's name changes with anything it is made from: config, data, and our NLU components' code and files."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlu import training


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tiny project: a config naming one component of ours, which imports a helper with a data folder."""
    (tmp_path / "nlu_data").mkdir()
    (tmp_path / "nlu_data" / "greet.yml").write_text("version: '3.1'\n")
    (tmp_path / "domain.yml").write_text("version: '3.1'\n")
    (tmp_path / "config.yml").write_text("pipeline:\n  - name: WhitespaceTokenizer\n"
                                         "  - name: bot.nlu.component.Annotator\n")
    package = tmp_path / "bot" / "nlu"
    (package / "words").mkdir(parents=True)
    (tmp_path / "bot" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "component.py").write_text("from bot.nlu.helper import rule\n")
    (package / "helper.py").write_text("def rule():\n    return 1\n")
    (package / "words" / "cues.txt").write_text("passport\n")
    (package / "training.py").write_text("# not imported by the component\n")
    monkeypatch.setattr(training, "ROOT", tmp_path)
    return tmp_path


@pytest.mark.parametrize("changed", ["bot/nlu/helper.py", "bot/nlu/component.py", "bot/nlu/words/cues.txt",
                                     "nlu_data/greet.yml", "domain.yml"])
def test_a_change_in_what_the_model_uses_gives_a_new_fingerprint(project: Path, changed: str) -> None:
    before = training.fingerprint(project / "config.yml")
    with (project / changed).open("a") as handle:
        handle.write("# changed\n")
    assert training.fingerprint(project / "config.yml") != before


def test_code_the_components_do_not_import_keeps_the_fingerprint(project: Path) -> None:
    before = training.fingerprint(project / "config.yml")
    (project / "bot" / "nlu" / "training.py").write_text("# edited\n")
    assert training.fingerprint(project / "config.yml") == before
    assert {p.relative_to(project).as_posix() for p in training.component_files(project / "config.yml")} == {
        "bot/__init__.py", "bot/nlu/__init__.py", "bot/nlu/component.py", "bot/nlu/helper.py",
        "bot/nlu/words/cues.txt"}


def test_data_of_packages_the_components_do_not_import_keeps_the_fingerprint(project: Path) -> None:
    """`bot/__init__.py` is imported by every component: its folder's subpackages (the desk's texts) are not."""
    desk = project / "bot" / "desk" / "texts"
    desk.mkdir(parents=True)
    (project / "bot" / "desk" / "__init__.py").write_text("")
    (desk / "en.yml").write_text("title: Desk\n")
    before = training.fingerprint(project / "config.yml")
    (desk / "en.yml").write_text("title: Officers' desk\n")
    assert training.fingerprint(project / "config.yml") == before
