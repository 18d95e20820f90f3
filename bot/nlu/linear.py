"""The intent classifier: Rasa's LogisticRegressionClassifier with its weights laid out for one message at a time
(bot/nlu/layout.py) and its confidences scaled by a temperature fitted after training (bot/nlu/calibration.py)."""
from __future__ import annotations

import json
import logging
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils.tensorflow.constants import RANKING_LENGTH
from sklearn.base import clone

from bot.nlu.calibration import fit_temperature, generated, held_out_rows, scaled_probabilities
from bot.nlu.layout import lay_out_for_prediction

logger = logging.getLogger(__name__)

TEMPERATURE_FILE = "temperature.json"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(LogisticRegressionClassifier):
    """Rasa's LogisticRegressionClassifier, unchanged in what it learns, with its weights laid out for single-message
    prediction and its probabilities taken at a temperature (1 unless `calibrate` is set)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **LogisticRegressionClassifier.get_default_config(),
            # Fit a temperature on held-out hand-written lines after training (bot/nlu/calibration.py).
            "calibrate": False,
            # The fitted temperature of the model the bars were set on: a model is scaled by its own over this one.
            "reference_temperature": 1.0,
        }

    def __init__(self, config: dict[str, Any], name: str, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.temperature = 1.0
        self.fitted_temperature: float | None = None    # kept in the model, to set reference_temperature from

    def train(self, training_data: TrainingData) -> Resource:
        if self.config["calibrate"]:
            self.fitted_temperature = self._fitted_temperature(training_data)
            self.temperature = self.fitted_temperature / float(self.config["reference_temperature"])
        resource = super().train(training_data)   # persists, temperature included
        lay_out_for_prediction(self.clf)
        return resource

    def _fitted_temperature(self, training_data: TrainingData) -> float:
        """Trains a copy on all but a held-out share of the hand-written lines; the temperature that fits those."""
        examples = [e for e in training_data.intent_examples if e.get("intent") and e.get("text")]
        labels = [str(e.get("intent")) for e in examples]
        held = held_out_rows(labels, [not generated(e) for e in examples], self.config["random_state"])
        kept = np.setdiff1d(np.arange(len(examples)), held)
        features = self._create_X(examples)
        model = clone(self.clf).fit(features[kept], [labels[i] for i in kept])
        column = {label: i for i, label in enumerate(model.classes_)}
        truth = np.array([column[labels[i]] for i in held])
        fitted = fit_temperature(model.decision_function(features[held]), truth)
        logger.info(f"Intent temperature fitted on {len(held)} held-out hand-written lines: {fitted:.4f}")
        return fitted

    def process(self, messages: list[Message]) -> list[Message]:
        if self.temperature == 1.0:
            return super().process(messages)
        # The scores, not predict_proba: the temperature divides them before the softmax (same ranking order).
        probabilities = scaled_probabilities(self.clf.decision_function(self._create_X(messages)), self.temperature)
        for message, row in zip(messages, probabilities, strict=True):
            pairs = zip(self.clf.classes_, row, strict=True)
            ranking = sorted(({"name": name, "confidence": float(p)} for name, p in pairs),
                             key=lambda entry: -entry["confidence"])
            message.set("intent", ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking[: self.config[RANKING_LENGTH]] if self.config[RANKING_LENGTH]
                        > 0 else ranking, add_to_output=True)
        return messages

    def persist(self) -> None:
        super().persist()
        with self._model_storage.write_to(self._resource) as model_dir:
            (model_dir / TEMPERATURE_FILE).write_text(json.dumps({"temperature": self.temperature,
                                                                 "fitted": self.fitted_temperature}))

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> LinearIntentClassifier:
        component = super().load(config, model_storage, resource, execution_context, **kwargs)
        lay_out_for_prediction(component.clf)
        try:
            with model_storage.read_from(resource) as model_dir:
                stored = model_dir / TEMPERATURE_FILE
                if stored.is_file():
                    component.temperature = float(json.loads(stored.read_text())["temperature"])
        except ValueError:
            pass    # no resource: an untrained component, at temperature 1
        return component
