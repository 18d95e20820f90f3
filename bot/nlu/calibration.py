"""Temperature scaling of the intent classifier's confidences: one number, fitted after training, that keeps the
scale of the confidences the same from one model to the next.

Why: the bars of the risk logic and the actions (INTENT_CONFIDENCE, NAMED_TOPIC, PERSON_RUNNER_UP, SURE_SAFETY) were
set on one model's confidences. Training on more varied lines (the development sets', sessions 9 to 11) flattens the
linear classifier's probabilities: the same message, read as the same intent, falls under a bar it used to clear. A
temperature T divides the classifier's scores before the softmax: the arg-max and the order of the ranking never
change, only how peaked the probabilities are.

How it is fitted: a stratified share of the hand-written training lines (never a generated line: the development
sets' lines are what changes between the models compared) is held out, a copy of the classifier is trained on the
rest, and T is the one that gives the held-out lines the highest likelihood (the usual temperature scaling). A model
is then scaled by T / REFERENCE, REFERENCE being the T fitted the same way for the model the bars were set on: its
confidences stay as they were, and a model whose confidences are flatter on the same kind of lines is sharpened to
the same calibration.
"""
from __future__ import annotations

import numpy as np
from rasa.shared.nlu.training_data.message import Message
from scipy.optimize import minimize_scalar
from sklearn.model_selection import train_test_split

from bot.nlu.subquestions import SUB_QUESTION_KEY, UNLABELLED

# Share of the hand-written lines held out to fit the temperature.
HELD_OUT_SHARE = 0.2
# A class needs this many hand-written lines to be held out from (stratification needs two; fewer go to training).
MIN_CLASS_LINES = 5
# The temperature is searched in this range of log T: a factor of e^2 either way is far beyond any fit seen.
LOG_T_BOUNDS = (-2.0, 2.0)


def generated(message: Message) -> bool:
    """A line written by scripts/dev_sets_to_nlu.py (its sub-question unlabelled), not by hand."""
    metadata = message.get("metadata") or {}
    intent_metadata = metadata.get("intent") if isinstance(metadata, dict) else None
    return isinstance(intent_metadata, dict) and intent_metadata.get(SUB_QUESTION_KEY) == UNLABELLED


def held_out_rows(labels: list[str], hand_written: list[bool], seed: int) -> np.ndarray:
    """Indices of the rows held out: a stratified share of the hand-written lines of every class that has enough."""
    counts: dict[str, int] = {}
    for label, hand in zip(labels, hand_written, strict=True):
        counts[label] = counts.get(label, 0) + hand
    candidates = [i for i, (label, hand) in enumerate(zip(labels, hand_written, strict=True))
                  if hand and counts[label] >= MIN_CLASS_LINES]
    _, held = train_test_split(candidates, test_size=HELD_OUT_SHARE, random_state=seed,
                               stratify=[labels[i] for i in candidates])
    return np.array(sorted(held), dtype=int)


def scaled_probabilities(scores: np.ndarray, temperature: float) -> np.ndarray:
    """Softmax of the scores divided by the temperature (row by row; a temperature of 1 is the usual softmax)."""
    scaled = scores / temperature
    scaled = scaled - scaled.max(axis=1, keepdims=True)
    exp = np.exp(scaled)
    return exp / exp.sum(axis=1, keepdims=True)


def fit_temperature(scores: np.ndarray, truth: np.ndarray) -> float:
    """The temperature that maximises the likelihood of the true classes (column indices) given these scores."""
    rows = np.arange(len(truth))

    def loss(log_t: float) -> float:
        probabilities = scaled_probabilities(scores, float(np.exp(log_t)))
        return float(-np.log(np.clip(probabilities[rows, truth], 1e-12, None)).mean())

    result = minimize_scalar(loss, bounds=LOG_T_BOUNDS, method="bounded")
    return float(np.exp(result.x))
