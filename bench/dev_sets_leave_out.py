"""Leave out a pair of development sets: does training on the other writers' sets help on sets never trained on?

The measure behind session 9's try at training on the development sets (evaluation/README.md). A copy of the NLU in
scikit-learn (the tokenizer's normalised words, word 1-2 grams and char_wb 2-5 grams, the same logistic regression
settings; no risk logic, no reconcile) is trained on nlu_data's hand-written lines alone, then with the other
development sets' lines, and both are measured on the pair left out: intent accuracy, and escalation (the risk logic
with the copy's intent) recall and false escalations, per language. Three folds; about 3-5 minutes a fit.

Usage: .venv/bin/python bench/dev_sets_leave_out.py
"""
from __future__ import annotations

import glob
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)
import numpy as np  # noqa: E402
from rasa.shared.nlu.training_data.loading import load_data  # noqa: E402
from scipy.sparse import hstack  # noqa: E402
from sklearn.feature_extraction.text import CountVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from bot.nlu.risk import assess_risk  # noqa: E402
from bot.nlu.spelling import normalise  # noqa: E402

SETS = ["dev_v2", "dev_v3", "dev_v4", "dev_v5", "dev_v6", "intent_dev_v1"]
FOLDS = [["dev_v2", "dev_v5"], ["dev_v3", "dev_v6"], ["dev_v4", "intent_dev_v1"]]


def lemma_text(text: str) -> str:
    return " ".join(normalise(word) for word in text.split())


def hand_written() -> list[tuple[str, str]]:
    lines = []
    for name in sorted(glob.glob("nlu_data/*/*.yml") + glob.glob("nlu_data/ary/*/*.yml")):
        if "/rules/" in name or name.endswith("/dev_sets.yml"):  # hand-written lines only
            continue
        lines += [(m.get("text"), m.get("intent")) for m in load_data(name).intent_examples]
    return lines


def fit(lines: list[tuple[str, str]]) -> tuple:
    texts = [lemma_text(text) for text, _ in lines]
    words = CountVectorizer(ngram_range=(1, 2)).fit(texts)
    chars = CountVectorizer(analyzer="char_wb", ngram_range=(2, 5)).fit(texts)
    features = hstack([words.transform(texts), chars.transform(texts)]).tocsr()
    classifier = LogisticRegression(solver="lbfgs", max_iter=300, class_weight="balanced", tol=1e-4, random_state=7)
    classifier.fit(features, [intent for _, intent in lines])
    return words, chars, classifier


def evaluate(model: tuple, rows: list[dict]) -> dict[str, tuple[float, float, float]]:
    """Per language and in all: intent accuracy, escalation recall, false escalations."""
    words, chars, classifier = model
    texts = [lemma_text(row["text"]) for row in rows]
    probabilities = classifier.predict_proba(hstack([words.transform(texts), chars.transform(texts)]).tocsr())
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * 6)  # right, n, caught, should, false, should not
    for row, p in zip(rows, probabilities, strict=True):
        best = int(np.argmax(p))
        intent, confidence = classifier.classes_[best], float(p[best])
        escalated = assess_risk(row["text"], row["language"], intent, confidence).escalate
        for group in ("all", row["language"]):
            c = counts[group]
            c[0] += intent == row["intent"]
            c[1] += 1
            if row["escalate"]:
                c[2] += escalated
                c[3] += 1
            else:
                c[4] += escalated
                c[5] += 1
    return {g: (c[0] / c[1], c[2] / max(c[3], 1), c[4] / max(c[5], 1)) for g, c in counts.items()}


def main() -> None:
    base = hand_written()
    rows = {name: [json.loads(line) for path in sorted(glob.glob(f"evaluation/{name}/*.jsonl"))
                   for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()] for name in SETS}
    intents = {intent for _, intent in base}
    started = time.time()
    baseline = fit(base)
    print(f"hand-written lines {len(base)}, fit {time.time() - started:.0f} s")
    for fold in FOLDS:
        extra = [(r["text"], r["intent"]) for name in SETS if name not in fold for r in rows[name]
                 if r["intent"] in intents]
        started = time.time()
        augmented = fit(base + extra)
        print(f"left out {fold}: +{len(extra)} lines of the other sets, fit {time.time() - started:.0f} s")
        for name in fold:
            before, after = evaluate(baseline, rows[name]), evaluate(augmented, rows[name])
            for group in ("all", "fr", "en", "ar", "ary"):
                if group in before:
                    b, a = before[group], after[group]
                    print(f"  {name:<14} {group:<4} intent {b[0]:.3f} -> {a[0]:.3f}   recall {b[1]:.3f} -> {a[1]:.3f}"
                          f"   false esc {b[2]:.3f} -> {a[2]:.3f}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
