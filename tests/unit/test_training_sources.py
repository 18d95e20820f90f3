"""What the model is trained on: the development sets' lines, when scripts/dev_sets_to_nlu.py writes them, train the
intent only and come from development sets only, and no line of a measuring set (blind, check, fresh, held-out, the
blind conversations) is in the training data. A failure names files and counts, never a measuring set's lines."""
from __future__ import annotations

import sys
from pathlib import Path

from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from bot.nlu.subquestions import NONE, label_of
from bot.settings import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from dev_sets_to_nlu import (
    DEVELOPMENT_SETS,
    EVALUATION,
    GENERATED,
    MEASURING_SETS,
    NLU_DATA,
    is_measuring_set,
    key,
    measuring_lines,
    render,
)


def training_lines(generated: bool = True) -> set[str]:
    lines: set[str] = set()
    for path in NLU_DATA.rglob("*.yml"):
        if path.parent.name != "rules" and (generated or path.name != GENERATED):
            lines.update(key(m.get("text")) for m in RasaYAMLReader().read(path).intent_examples)
    return lines


def test_the_development_sets_lines_train_the_intent_not_the_sub_question() -> None:
    """Their sub-question is unlabelled: left out of the sub-question model, where `none` would teach it that their
    questions ask nothing; a hand-written line without a sub-question is `none`, one with it is its label."""
    written = render({"where can i sleep tonight": "ask_shelter", "the boss keeps my passport": "disclose_exploitation"},
                     ["dev_v2"])
    examples = RasaYAMLReader().reads(written).intent_examples
    assert len(examples) == 2 and all(m.get("intent") and label_of(m) is None for m in examples)
    for path in NLU_DATA.rglob(GENERATED):
        assert all(label_of(m) is None for m in RasaYAMLReader().read(path).intent_examples), path
    hand_written = RasaYAMLReader().read(NLU_DATA / "en" / "shelter_questions.yml").intent_examples
    labels = {label_of(m) for m in hand_written}
    assert NONE not in labels and all(label.startswith("ask_shelter/") for label in labels if label)
    general = RasaYAMLReader().read(NLU_DATA / "en" / "shelter.yml").intent_examples
    assert {label_of(m) for m in general} == {NONE}


def test_only_development_sets_are_trained_on() -> None:
    assert not set(DEVELOPMENT_SETS) & set(MEASURING_SETS)
    for name in DEVELOPMENT_SETS:
        assert not is_measuring_set(EVALUATION / name), name
    for name in MEASURING_SETS:
        assert (EVALUATION / name).is_dir(), name


def test_no_line_of_a_measuring_set_is_trained_on() -> None:
    """The development sets' lines never bring a measuring set's line; and no hand-written line of seven words or more
    is one (shorter ones are everyday words two writers may both write: "I want to go home")."""
    generated = set()
    for path in NLU_DATA.rglob(GENERATED):
        generated.update(key(m.get("text")) for m in RasaYAMLReader().read(path).intent_examples)
    hand_written = training_lines(generated=False)
    leaked = {}
    for name in MEASURING_SETS:
        texts = measuring_lines(name)
        assert texts, f"{name} has no lines"
        found = sum(1 for text in texts if key(text) in generated
                    or (len(text.split()) >= 7 and key(text) in hand_written))
        if found:
            leaked[name] = found
    assert not leaked, f"lines of measuring sets in nlu_data (counts only): {leaked}"


def test_a_readme_is_measuring_by_what_it_says_of_itself_not_of_its_twin(tmp_path: Path) -> None:
    """A development set's README names its measuring twin ("its twin intent_check_v9 (measure only)"); only the
    title or a line that starts with "measure only" makes a folder a measuring set."""
    def folder(name: str, readme: str) -> Path:
        path = tmp_path / name
        path.mkdir()
        (path / "README.md").write_text(readme, encoding="utf-8")
        return path

    development = folder("intent_dev_v9", "# intent_dev_v9: development set\n\nIts twin `intent_check_v9` (measure "
                                          "only) was written at the same time.\n\n**Development** (tuned on).\n")
    titled = folder("check_v99", "# check_v99: escalation measuring set (measure only), twin of dev_v99\n")
    stated = folder("intent_check_v9", "# intent_check_v9\n\n**Measure only**: rates only.\n")
    listed = folder("blind_v1", "# a set\n")
    assert not is_measuring_set(development)
    assert is_measuring_set(titled) and is_measuring_set(stated) and is_measuring_set(listed)
    for path in EVALUATION.iterdir():
        if path.name.startswith(("blind_", "check_", "intent_check_", "conversations_check_", "lang_check_")):
            assert is_measuring_set(path), path.name
