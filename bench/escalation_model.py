"""Would a learned escalation model beside the rules help? Leave-one-set-out cross-validation, no Rasa model trained.

The idea (issue 10, session 18): the rules and the intent guess escalate today; a binary model trained on the label
that matters (does this message need an officer?) on the development sets' lines plus nlu_data's lines (escalate =
an escalating intent) adds a second opinion. Each fold leaves out one whole development set (one writer): the model is
trained on nlu_data and the other sets, scored on the set left out. Printed per fold and pooled (mean over folds):
- (a) today's decision: assess_risk with the intent of an in-process copy of the intent classifier (trained on
  nlu_data alone, as main's model is; bench/dev_sets_leave_out.py's fit_and_guess);
- up@t: (a), or the score >= t when the framing does not cancel an escalating guess (negation, hypothetical, general
  question, prevention, joke, spam: Framing.cancels_intent; nor spam, nor a bot challenge alone);
- down@t: (a), but an escalation resting on the intent guess alone (the rules escalate nothing with no intent) is
  dropped when the score is < t;
- both directions together.
The development sets' rules were written against their misses, so (a) is optimistic here and an improvement from the
model is underestimated; the figures that decide are a trained model's on the measuring sets.

Usage: .venv/bin/python bench/escalation_model.py [--folds dev_v2 dev_v3 ...]
About 25 minutes on this machine under load (the risk logic runs three times on each of 6,900 lines; each fold's fit
takes 5 to 40 s).

Run of 2026-12-08 (session 18, h-disc), main's data at 0887eed, 20 folds (dev_v2..dev_v17, intent_dev_v1..v4; 6,900
lines, 3,208 escalating; nlu_data 15,998 lines, 2,828 escalating), mean over folds of recall / false escalations:
(a) today 0.991 / 0.034; up@0.5 0.994 / 0.045; up@0.7 0.994 / 0.043; up@0.8 0.994 / 0.040; up@0.9 0.994 / 0.037;
up@0.95 0.992 / 0.036; down@0.05 0.990 / 0.032; down@0.1 0.990 / 0.031; down@0.2 0.989 / 0.030; down@0.3 0.989 /
0.030; up@0.8+down@0.1 0.993 / 0.036; up@0.9+down@0.1 0.993 / 0.034; up@0.9+down@0.2 0.992 / 0.033.
Chosen on these folds: up@0.9 + down@0.1 (recall up, false escalations level). Per fold, (a) -> chosen: dev_v2
1.000/0.028 -> 1.000/0.031, dev_v3 0.993/0.034 -> 0.996/0.034, dev_v5 0.984/0.036 -> 0.992/0.027, dev_v6 0.989/0.090 ->
0.983/0.074, dev_v7 0.994/0.006 -> 0.994/0.000, dev_v9 1.000/0.007 -> 1.000/0.013, dev_v13 1.000/0.111 -> 1.000/0.125,
dev_v14 0.874/0.160 -> 0.914/0.160, dev_v15 1.000/0.017 -> 1.000/0.029, dev_v16 0.982/0.025 -> 0.982/0.022, dev_v17
1.000/0.015 -> 0.996/0.011, intent_dev_v1 1.000/0.034 -> 1.000/0.031, the other eight unchanged. The rules were
written against these sets' misses, so (a) leaves the model little to add here (recall 0.991): the gain, if any, is
to be seen on the measuring sets, where recall is 0.86-0.98.
Trained (amane-config-9c4d74025e03) and measured side by side with main's amane-config-371cd1048000 (rates only), recall
/ false escalations, main -> this: blind_v1 0.931/0.078 -> 0.952/0.063, blind_v2 0.948/0.076 -> 0.972/0.076, blind_v3
0.976/0.068 -> 0.988/0.064, check_v11 0.888/0.048 -> 0.952/0.048, check_v12 0.960/0.183 -> 0.973/0.160, check_v13
0.855/0.167 -> 0.891/0.222, check_v14 0.874/0.133 -> 0.926/0.160, check_v15 0.880/0.183 -> 0.907/0.154; urgent recall
and false urgent unchanged on every set; intent equal or up; conversations_v1/v2/v3 unchanged; the escalation model
adds under 2 ms to a parse of 44 ms on the loaded machine (about 4%). Directions apart: evaluation/README.md.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from dev_sets_leave_out import fit_and_guess
from intent_dev_sweep import training_examples
from rasa.shared.nlu.constants import TEXT

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.nlu.escalation_data import DEVELOPMENT_SETS, ESCALATING, EVALUATION, check_development  # noqa: E402
from bot.nlu.escalation_model import fit_scorer  # noqa: E402
from bot.nlu.risk import assess_risk, frame_cues  # noqa: E402
from tests.nlu.blind import load_blind  # noqa: E402

UP = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
DOWN = (0.05, 0.1, 0.2, 0.3)


def decide(base: bool, rules: bool, cancels: bool, score: float, up: float | None, down: float | None) -> bool:
    escalate = base
    if down is not None and base and not rules and score < down:
        escalate = False
    if up is not None and not escalate and score >= up and not cancels:
        escalate = True
    return escalate


def rates(flags: list[bool], gold: list[bool]) -> tuple[float, float]:
    pos = [f for f, g in zip(flags, gold, strict=True) if g]
    neg = [f for f, g in zip(flags, gold, strict=True) if not g]
    return sum(pos) / max(len(pos), 1), sum(neg) / max(len(neg), 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", nargs="*", default=list(DEVELOPMENT_SETS))
    args = parser.parse_args()
    # Unique (text, intent) pairs, as Rasa's TrainingData keeps them (fit_and_guess pairs its rows with these).
    base = list(dict.fromkeys((m.get(TEXT), m.get("intent")) for m in training_examples()
                              if m.get("intent") and m.get(TEXT)))
    rows = []
    for name in DEVELOPMENT_SETS:
        check_development(EVALUATION / name)
        rows += [(name, row) for row in load_blind(EVALUATION / name)]
    started = time.time()
    guesses = fit_and_guess(base, [r for _, r in rows])
    print(f"intent copy fitted on {len(base)} hand-written lines and guessed {len(rows)} lines, "
          f"{time.time() - started:.0f} s", flush=True)
    base_flags, rule_flags, cancels = [], [], []
    for (_, row), (intent, confidence) in zip(rows, guesses, strict=True):
        base_flags.append(assess_risk(row.text, row.language, intent, confidence).escalate)
        rule_flags.append(assess_risk(row.text, row.language, None, 0.0).escalate)
        framing = frame_cues(row.text, row.language)
        cancels.append(framing.cancels_intent or framing.spam or (framing.bot_challenge and not framing.request_person))
    nlu_lines = [(text, intent in ESCALATING) for text, intent in base]
    scores = np.zeros(len(rows))
    for fold in args.folds:
        started = time.time()
        train = nlu_lines + [(r.text, r.escalate) for name, r in rows if name != fold]
        held = [i for i, (name, _) in enumerate(rows) if name == fold]
        scorer = fit_scorer([t for t, _ in train], [e for _, e in train])
        scores[held] = scorer([rows[i][1].text for i in held])
        print(f"  fold {fold}: fitted on {len(train)} lines in {time.time() - started:.0f} s", flush=True)
    report(args.folds, rows, base_flags, rule_flags, cancels, scores)


def report(folds: list[str], rows: list, base: list[bool], rules: list[bool], cancels: list[bool],
           scores: np.ndarray) -> None:
    variants: list[tuple[str, float | None, float | None]] = [("(a) today", None, None)]
    variants += [(f"up@{t}", t, None) for t in UP]
    variants += [(f"down@{t}", None, t) for t in DOWN]
    variants += [(f"up@{u}+down@{d}", u, d) for u in (0.8, 0.9) for d in (0.1, 0.2)]
    pooled: dict[str, list[tuple[float, float]]] = defaultdict(list)
    print(f"{'fold':<14} {'variant':<18} recall  false-esc")
    for fold in folds:
        idx = [i for i, (name, _) in enumerate(rows) if name == fold]
        gold = [rows[i][1].escalate for i in idx]
        for name, up, down in variants:
            flags = [decide(base[i], rules[i], cancels[i], float(scores[i]), up, down) for i in idx]
            r, f = rates(flags, gold)
            pooled[name].append((r, f))
            print(f"{fold:<14} {name:<18} {r:.3f}   {f:.3f}")
    print("\nmean over folds (each set one writer):")
    for name, values in pooled.items():
        r = sum(v[0] for v in values) / len(values)
        f = sum(v[1] for v in values) / len(values)
        worse = sum(v[1] > pooled["(a) today"][k][1] + 1e-9 for k, v in enumerate(values))
        better = sum(v[0] > pooled["(a) today"][k][0] + 1e-9 for k, v in enumerate(values))
        print(f"  {name:<18} recall {r:.3f}  false-esc {f:.3f}  (folds with recall up {better}, false-esc up {worse})")


if __name__ == "__main__":
    main()
