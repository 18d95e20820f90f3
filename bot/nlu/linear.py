"""Linear classifiers laid out for one message at a time: the same weights, read in place instead of copied per call.

scikit-learn's LogisticRegression.predict_proba computes X @ coef_.T. With coef_ in C order (as training and loading
leave it), coef_.T is Fortran-ordered and scipy's sparse product first copies it whole: classes × features (hundreds
of thousands of word and character n-grams) on every call, about 10 ms of a parse for the intent and as much again
for the sub-question. Stored in Fortran order, coef_.T is C-contiguous and read in place; every number is the same
(bench/parse_speed.py measures both layouts side by side and checks the probabilities are equal).
"""
from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression


def lay_out_for_prediction(model: LogisticRegression | None) -> None:
    """Stores a fitted model's weights in Fortran order (a no-op for a model not fitted yet)."""
    if model is not None and hasattr(model, "coef_"):
        model.coef_ = np.asfortranarray(model.coef_)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(LogisticRegressionClassifier):
    """Rasa's LogisticRegressionClassifier, unchanged in what it learns and predicts, with its weights laid out for
    single-message prediction."""

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
