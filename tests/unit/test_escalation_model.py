"""The escalation model (bot/nlu/escalation_model.py, escalation_scorer.py): it trains and scores, assess_risk reads
its score as a second opinion in both directions, framing cancels it, it is never urgent alone, and the model's
fingerprint covers it and the development sets it learns from. Examples written for these tests."""
from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import escalation_model, training
from bot.nlu.escalation_data import EVALUATION, MeasuringSetError, check_development
from bot.nlu.escalation_scorer import EscalationScorer
from bot.nlu.risk import assess_risk
from bot.nlu.risk.assess import LEARNED_CALM, LEARNED_ESCALATION

ENABLED = LEARNED_ESCALATION <= 1.0
needs_learned = pytest.mark.skipif(not ENABLED, reason="the score does not escalate on its own in this build")
needs_calm = pytest.mark.skipif(LEARNED_CALM <= 0.0, reason="the score drops no guess in this build")
HIGH, LOW = 0.99, 0.001

# Told in calm words no rule knows (the rules escalate none of them), and the same words asked in general.
TOLD_AND_ASKED = [
    ("en", "since I arrived the lady of the house decides when I may eat and I have not had a single free afternoon "
           "in a year", "what does the law say if the lady of the house decides when a maid may eat?"),
    ("fr", "depuis que je suis arrivée la dame décide quand je peux manger et je n'ai pas eu un seul après-midi libre "
           "en un an", "que dit la loi si la dame de la maison décide quand une bonne peut manger ?"),
    ("ar", "منذ وصولي تقرر سيدة البيت متى آكل ولم أحصل على مساء واحد حر منذ سنة",
     "ماذا يقول القانون إذا كانت سيدة البيت تقرر متى تأكل الخادمة؟"),
    ("ary", "mn nhar wselt lmadame hiya li katqerrer imta nakoul w ma3tatni 7ta 3cheya fel 3am",
     "ila kant lmadame katqerrer imta takoul lkhaddama chno kigoul l9anoun?"),
    ("ary", "من نهار وصلت المدام هي اللي كتقرر إمتا ناكل وما عطاتني حتى عشية فالعام",
     "إلا كانت المدام كتقرر إمتا تاكل الخدامة شنو كيقول القانون؟"),
]
# A stated cue: escalates whatever the score.
STATED = [("en", "he took my passport"), ("fr", "il a pris mon passeport"), ("ar", "أخذ جواز سفري"),
          ("ary", "khda liya lpaspor dyali"), ("ary", "خدا ليا الباسبور ديالي")]


@pytest.mark.parametrize(("language", "told", "asked"), TOLD_AND_ASKED)
def test_without_a_score_the_rules_decide_as_before(language: str, told: str, asked: str) -> None:
    for text in (told, asked):
        assert assess_risk(text, language, "ask_rights", 0.9) == assess_risk(text, language, "ask_rights", 0.9, None)
    assert not assess_risk(told, language, "ask_rights", 0.9).escalate


@needs_learned
@pytest.mark.parametrize(("language", "told", "asked"), TOLD_AND_ASKED)
def test_a_high_score_escalates_a_told_case_the_intent_reads_as_a_topic(language: str, told: str, asked: str) -> None:
    risk = assess_risk(told, language, "ask_rights", 0.9, HIGH)
    assert risk.escalate
    # Never urgent from the score alone (issue 10: urgent needs evidence).
    assert risk.priority == "normal" and not risk.danger
    assert not assess_risk(told, language, "ask_rights", 0.9, LOW).escalate


@needs_learned
@pytest.mark.parametrize(("language", "told", "asked"), TOLD_AND_ASKED)
def test_a_general_question_in_the_same_words_cancels_the_score(language: str, told: str, asked: str) -> None:
    assert not assess_risk(asked, language, "ask_rights", 0.9, HIGH).escalate


@needs_calm
@pytest.mark.parametrize(("language", "told", "asked"), TOLD_AND_ASKED)
def test_a_disclosure_guess_alone_is_dropped_when_the_model_reads_calm(language: str, told: str, asked: str) -> None:
    assert assess_risk(told, language, "disclose_exploitation", 0.9, 0.5).escalate
    assert not assess_risk(told, language, "disclose_exploitation", 0.9, LOW).escalate


@pytest.mark.parametrize(("language", "text"), STATED)
def test_a_stated_cue_escalates_whatever_the_score(language: str, text: str) -> None:
    assert assess_risk(text, language, "disclose_exploitation", 0.9, LOW).escalate
    assert assess_risk(text, language, None, 0.0, LOW).escalate


def test_the_model_learns_the_label_and_scores_in_any_script() -> None:
    texts = ["he keeps my passport", "they lock us in at night", "il garde mon passeport", "خدا ليا الباسبور",
             "where is the bus station", "what time is it", "ou est la gare", "فين كاينة لاكار"] * 3
    labels = [True] * 4 + [False] * 4
    model = escalation_model.fit(texts, labels * 3)
    high, low = escalation_model.scores(model, ["she keeps my passport", "where is the station"])
    assert 0.0 <= low < 0.5 < high <= 1.0


def _storage(tmp_path: Path) -> tuple[LocalModelStorage, ExecutionContext]:
    return LocalModelStorage(tmp_path), ExecutionContext(GraphSchema({}), "test")


def test_the_component_trains_persists_loads_and_adds_its_score(tmp_path: Path) -> None:
    storage, context = _storage(tmp_path)
    data = TrainingData([Message(data={"text": text, "intent": intent}) for text, intent in [
        ("my boss keeps my papers", "disclose_exploitation"), ("I need to talk to a person", "request_human"),
        ("he hits me and I'm scared", "immediate_danger"), ("hello", "greet"), ("thanks a lot", "thank"),
        ("how do I go home", "ask_voluntary_return")]])
    config = {**EscalationScorer.get_default_config(), "development_sets": False}
    scorer = EscalationScorer.create(config, storage, Resource("escalation"), context)
    resource = scorer.train(data)
    loaded = EscalationScorer.load(config, storage, resource, context)
    message = Message(data={"text": "my boss keeps my papers"})
    loaded.process([message])
    assert 0.5 < message.get(escalation_model.ESCALATION_SCORE_KEY) <= 1.0


def test_the_development_sets_are_read_and_measuring_sets_refused() -> None:
    check_development(EVALUATION / "dev_v2")
    for name in ("blind_v1", "check_v11", "intent_check_v3", "conversations_v1", "fresh_v1", "heldout"):
        with pytest.raises(MeasuringSetError):
            check_development(EVALUATION / name)


def test_the_fingerprint_covers_the_component_and_its_modules(tmp_path: Path) -> None:
    config = tmp_path / "config.yml"
    config.write_text("pipeline:\n  - name: bot.nlu.escalation_scorer.EscalationScorer\n")
    files = {path.relative_to(training.ROOT).as_posix() for path in training.component_files(config)}
    assert {"bot/nlu/escalation_scorer.py", "bot/nlu/escalation_model.py", "bot/nlu/escalation_data.py"} <= files


def test_the_fingerprint_covers_the_development_sets_only_with_the_component(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "bot" / "nlu"
    package.mkdir(parents=True)
    for init in (tmp_path / "bot" / "__init__.py", package / "__init__.py"):
        init.write_text("")
    (package / "escalation_scorer.py").write_text("# the component\n")
    lines = tmp_path / "evaluation" / "dev_v2" / "en.jsonl"
    lines.parent.mkdir(parents=True)
    lines.write_text('{"text": "a", "escalate": true}\n')
    monkeypatch.setattr(training, "ROOT", tmp_path)
    monkeypatch.setattr(training, "set_files", lambda: [lines])
    with_it, without = tmp_path / "config.yml", tmp_path / "plain.yml"
    with_it.write_text("pipeline:\n  - name: bot.nlu.escalation_scorer.EscalationScorer\n")
    without.write_text("pipeline:\n  - name: WhitespaceTokenizer\n")
    before = training.fingerprint(with_it), training.fingerprint(without)
    lines.write_text('{"text": "a", "escalate": false}\n')
    assert training.fingerprint(with_it) != before[0]
    assert training.fingerprint(without) == before[1]
