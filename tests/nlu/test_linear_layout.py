"""The linear classifiers' weights are laid out for one message at a time (bot/nlu/linear.py), predicting exactly as
scikit-learn's own layout does."""
from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from scipy.sparse import random as sparse_random
from sklearn.linear_model import LogisticRegression

from bot.nlu.linear import LinearIntentClassifier, lay_out_for_prediction
from bot.nlu.subquestions import SubQuestionClassifier


def fitted_models(agent: Any) -> dict[type, Any]:
    found = {}
    for node in agent.processor.graph_runner._instantiated_nodes.values():
        component = node._component
        if isinstance(component, LinearIntentClassifier):
            found[LinearIntentClassifier] = component.clf
        if isinstance(component, SubQuestionClassifier):
            found[SubQuestionClassifier] = component.model
    return found


@pytest.mark.model
def test_a_loaded_model_has_both_classifiers_weights_in_fortran_order(agent: Any) -> None:
    models = fitted_models(agent)
    assert set(models) == {LinearIntentClassifier, SubQuestionClassifier}
    for model in models.values():
        assert model.coef_.flags.f_contiguous
        # X @ coef_.T then reads a C-contiguous matrix in place: no copy per message.
        assert model.coef_.T.flags.c_contiguous


def test_the_layout_changes_no_probability() -> None:
    rng = np.random.default_rng(3)
    features = sparse_random(40, 500, density=0.05, format="csr", random_state=4)
    labels = rng.integers(0, 4, size=40)
    model = LogisticRegression(max_iter=200).fit(features, labels)
    before = model.predict_proba(features)
    lay_out_for_prediction(model)
    assert model.coef_.flags.f_contiguous
    assert np.array_equal(model.predict_proba(features), before)


def test_an_unfitted_model_or_none_is_left_alone() -> None:
    lay_out_for_prediction(None)
    model = LogisticRegression()
    lay_out_for_prediction(model)
    assert not hasattr(model, "coef_")
