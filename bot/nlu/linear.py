"""Linear classifiers laid out for one message at a time: the same weights, read in place instead of copied per call.

scikit-learn's LogisticRegression.predict_proba computes X @ coef_.T. With coef_ in C order (as training and loading
leave it), coef_.T is Fortran-ordered and scipy's sparse product first copies it whole: classes × features (hundreds
of thousands of word and character n-grams) on every call, about 10 ms of a parse for the intent and as much again
for the sub-question. Stored in Fortran order, coef_.T is C-contiguous and read in place; every number is the same
(bench/parse_speed.py measures both layouts side by side and checks the probabilities are equal).

With `sublinear_tf: true` the intent classifier reads 1 + log(count) instead of each count (scikit-learn's sublinear
tf): a word or character n-gram said three times in a long message then weighs 2.1, not 3, so long messages and
repeated letters do not outvote what a short one says. Chosen on the mean over the development sets
(bench/intent_dev_sweep.py, variant "log").
"""
from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression


def lay_out_for_prediction(model: LogisticRegression | None) -> None:
    """Stores a fitted model's weights in Fortran order (a no-op for a model not fitted yet)."""
    if model is not None and hasattr(model, "coef_"):
        model.coef_ = np.asfortranarray(model.coef_)


def sublinear(features: csr_matrix) -> csr_matrix:
    """Every positive count c becomes 1 + log(c); zeros stay zero (the matrix stays sparse). A copy, as floats."""
    scaled = csr_matrix(features, dtype=np.float64, copy=True)
    positive = scaled.data > 0
    scaled.data[positive] = 1.0 + np.log(scaled.data[positive])
    return scaled


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(LogisticRegressionClassifier):
    """Rasa's LogisticRegressionClassifier with its weights laid out for single-message prediction and, if the
    config says so, sublinear counts."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "sublinear_tf": False}

    def _create_X(self, messages: list[Message]) -> csr_matrix:
        features = super()._create_X(messages)
        return sublinear(features) if self.config.get("sublinear_tf") else features

    def train(self, training_data: TrainingData) -> Resource:
        resource = super().train(training_data)
        lay_out_for_prediction(self.clf)
        return resource

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> LinearIntentClassifier:
        component = super().load(config, model_storage, resource, execution_context, **kwargs)
        lay_out_for_prediction(component.clf)
        return component
