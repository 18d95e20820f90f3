"""Temperature scaling of a classifier's confidences: the softmax of its scores divided by one number T, and the T
that fits a set of labelled lines best. Used by bench/intent_calibration.py; not in the NLU pipeline.

Why it is here: the bars of the risk logic and the actions (INTENT_CONFIDENCE, NAMED_TOPIC, PERSON_RUNNER_UP,
SURE_SAFETY) were set on one model's confidences, and training on the development sets' lines lowers the confidence
of some short messages under them. A temperature keeps the arg-max and the order of the ranking and changes only how
peaked the probabilities are, so it would undo a flattening of the whole model. Session 12 (evaluation/README.md)
fitted it in training and found none to undo: the model trained on the lines fits held-out lines at the same
temperature as main's, so it was not kept in the classifier.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar

# The temperature is searched in this range of log T: a factor of e^2 either way is far beyond any fit seen.
LOG_T_BOUNDS = (-2.0, 2.0)


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
