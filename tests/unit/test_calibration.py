"""Temperature scaling (bot/nlu/calibration.py, read by bench/intent_calibration.py): it scales how peaked the
confidences are, never which intent wins nor the order of the ranking, and the fit finds a known temperature."""
from __future__ import annotations

import numpy as np
from scipy.sparse import random as sparse_random
from sklearn.linear_model import LogisticRegression

from bot.nlu.calibration import fit_temperature, scaled_probabilities


def scores(rows: int = 200, classes: int = 6, seed: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).normal(scale=3.0, size=(rows, classes))


def test_a_temperature_keeps_the_winner_and_the_order_of_the_ranking() -> None:
    raw = scores()
    base = scaled_probabilities(raw, 1.0)
    for temperature in (0.3, 0.7, 1.6, 4.0):
        scaled = scaled_probabilities(raw, temperature)
        assert np.allclose(scaled.sum(axis=1), 1.0)
        assert (scaled.argmax(axis=1) == base.argmax(axis=1)).all()
        assert (np.argsort(-scaled, axis=1) == np.argsort(-base, axis=1)).all()


def test_a_temperature_under_one_sharpens_and_over_one_flattens() -> None:
    raw = scores()
    top = scaled_probabilities(raw, 1.0).max(axis=1)
    sharper = scaled_probabilities(raw, 0.5).max(axis=1)
    flatter = scaled_probabilities(raw, 2.0).max(axis=1)
    assert (sharper >= top - 1e-12).all() and (flatter <= top + 1e-12).all()
    assert sharper.mean() > top.mean() > flatter.mean()


def test_at_temperature_one_the_probabilities_are_scikit_learns() -> None:
    features = sparse_random(60, 300, density=0.05, format="csr", random_state=4)
    labels = np.random.default_rng(3).integers(0, 4, size=60)
    model = LogisticRegression(max_iter=300).fit(features, labels)
    assert np.allclose(scaled_probabilities(model.decision_function(features), 1.0), model.predict_proba(features))


def test_the_log_of_the_probabilities_scales_like_the_scores() -> None:
    # What bench/intent_calibration.py relies on: it only sees the probabilities.
    raw = scores()
    assert np.allclose(scaled_probabilities(np.log(scaled_probabilities(raw, 1.0)), 0.6),
                       scaled_probabilities(raw, 0.6))


def test_the_fitted_temperature_undoes_a_known_flattening() -> None:
    # Classes drawn from softmax(raw); the scores shown to the fit are raw * 0.4, a model too flat by 1/0.4: the
    # temperature that fits them is about 0.4.
    raw = scores(rows=4000)
    rng = np.random.default_rng(2)
    truth = np.array([rng.choice(len(row), p=row) for row in scaled_probabilities(raw, 1.0)])
    assert abs(fit_temperature(raw * 0.4, truth) - 0.4) < 0.04
    assert abs(fit_temperature(raw, truth) - 1.0) < 0.1
