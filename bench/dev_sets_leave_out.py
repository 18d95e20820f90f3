"""Leave out a pair of development sets: does training on the other writers' sets help on sets never trained on?

The measure behind training on the development sets (evaluation/README.md). The NLU's own tokenizer and count
featurizers with the classifier's logistic regression settings, fitted in-process (bench/intent_dev_sweep.py's
`featurise`; no risk logic or reconcile inside the classifier), are trained on nlu_data's hand-written lines alone,
then with the other development sets' lines, and both are measured on the pair left out: intent accuracy, and
escalation (the risk logic with the copy's intent) recall and false escalations, per language. Four folds; several
minutes a fit on this machine.

Usage: .venv/bin/python bench/dev_sets_leave_out.py
"""
from __future__ import annotations

import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from intent_dev_sweep import BASE_LR, CHAR, EVAL, WORD, featurise, tokenise, training_examples  # the same NLU copy
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.nlu.risk import assess_risk  # noqa: E402
from tests.nlu.blind import Labelled, load_blind  # noqa: E402

SETS = ["dev_v2", "dev_v3", "dev_v4", "dev_v5", "dev_v6", "dev_v7", "intent_dev_v1", "intent_dev_v2"]
FOLDS = [["dev_v2", "dev_v5"], ["dev_v3", "dev_v6"], ["dev_v4", "intent_dev_v1"], ["dev_v7", "intent_dev_v2"]]


def fit_and_guess(lines: list[tuple[str, str]], rows: list[Labelled]) -> list[tuple[str, float]]:
    """Trains the copy on (text, intent) lines; its first guess and confidence for each row."""
    # Rasa's TrainingData drops a repeated (text, intent) pair, which would leave the labels one row out of step with
    # the features (nlu_data holds 69 such repeats): the same pairs, once each, in their order.
    lines = list(dict.fromkeys(lines))
    train = TrainingData([Message(data={TEXT: text, "intent": intent}) for text, intent in lines])
    tests = [Message(data={TEXT: row.text}) for row in rows]
    with tempfile.TemporaryDirectory() as tmp:
        tokenise(train, tests, Path(tmp))
        x_train, x_test = featurise([WORD, CHAR], train, tests, Path(tmp))
    classifier = LogisticRegression(**BASE_LR).fit(x_train, [intent for _, intent in lines])
    probabilities = classifier.predict_proba(x_test)
    return [(str(classifier.classes_[int(np.argmax(p))]), float(np.max(p))) for p in probabilities]


def evaluate(guesses: list[tuple[str, float]], rows: list[Labelled]) -> dict[str, tuple[float, float, float]]:
    """Per language and in all: intent accuracy, escalation recall, false escalations."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * 6)  # right, n, caught, should, false, should not
    for row, (intent, confidence) in zip(rows, guesses, strict=True):
        escalated = assess_risk(row.text, row.language, intent, confidence).escalate
        for group in ("all", row.language):
            c = counts[group]
            c[0] += intent == row.intent
            c[1] += 1
            if row.escalate:
                c[2] += escalated
                c[3] += 1
            else:
                c[4] += escalated
                c[5] += 1
    return {g: (c[0] / c[1], c[2] / max(c[3], 1), c[4] / max(c[5], 1)) for g, c in counts.items()}


def main() -> None:
    base = [(m.get(TEXT), m.get("intent")) for m in training_examples() if m.get("intent") and m.get(TEXT)]
    rows = {name: load_blind(EVAL / name) for name in SETS}
    intents = {intent for _, intent in base}
    print(f"hand-written lines {len(base)}")
    for fold in FOLDS:
        scored = [row for name in fold for row in rows[name]]
        extra = [(r.text, r.intent) for name in SETS if name not in fold for r in rows[name] if r.intent in intents]
        started = time.time()
        before = fit_and_guess(base, scored)
        after = fit_and_guess(base + extra, scored)
        print(f"left out {fold}: +{len(extra)} lines of the other sets, fits {time.time() - started:.0f} s")
        start = 0
        for name in fold:  # scored holds the fold's sets one after the other
            end = start + len(rows[name])
            b, a = evaluate(before[start:end], rows[name]), evaluate(after[start:end], rows[name])
            start = end
            for group in ("all", "fr", "en", "ar", "ary"):
                if group in b:
                    print(f"  {name:<14} {group:<4} intent {b[group][0]:.3f} -> {a[group][0]:.3f}   recall "
                          f"{b[group][1]:.3f} -> {a[group][1]:.3f}   false esc {b[group][2]:.3f} -> {a[group][2]:.3f}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
