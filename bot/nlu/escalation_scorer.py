"""Rasa NLU component that adds `escalation_score` to every parse: the escalation model's probability that the
message needs an officer (bot/nlu/escalation_model.py), which assess_risk reads as a second opinion.

Trained on nlu_data's examples (escalate = an escalating intent) and the development sets' labelled lines, read from
evaluation/ at training time (bot/nlu/escalation_data.py, which refuses any measuring set); the model's fingerprint
covers those files (bot/nlu/training.py) and so does Rasa's own cache (fingerprint_addon). It has its own features,
so it runs anywhere before the annotator.
"""
from __future__ import annotations

import hashlib
import logging
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import escalation_model
from bot.nlu.escalation_data import ESCALATING, development_lines, set_files
from bot.nlu.escalation_model import ESCALATION_SCORE_KEY
from bot.nlu.stored_model import StoredModelComponent

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class EscalationScorer(StoredModelComponent):
    """A binary model over the message's own n-grams; never sets the intent."""

    MODEL_FILE = "escalation.skops"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # development_sets: False trains on nlu_data alone (tests, and a model without the sets).
        return {"C": 1.0, "development_sets": True}

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The development sets' files, which Rasa's cache does not see as training data."""
        digest = hashlib.sha256()
        if {**cls.get_default_config(), **config}["development_sets"]:
            for path in set_files():
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
        return digest.hexdigest()

    def train(self, training_data: TrainingData) -> Resource:
        lines = [(m.get(TEXT), m.get(INTENT) in ESCALATING) for m in training_data.intent_examples
                 if m.get(TEXT) and m.get(INTENT)]
        if self.config["development_sets"]:
            lines += [(text, escalate) for _, text, escalate in development_lines()]
        if len({escalate for _, escalate in lines}) < 2:
            logger.debug("no escalating and calm lines to learn from: nothing to train")
            return self._resource
        self.model = escalation_model.fit([t for t, _ in lines], [e for _, e in lines], c=self.config["C"])
        self.persist()
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        if self.model is None or not messages:
            return messages
        texts = [message.get(TEXT) or "" for message in messages]
        for message, score in zip(messages, escalation_model.scores(self.model, texts), strict=True):
            message.set(ESCALATION_SCORE_KEY, float(score), add_to_output=True)
        return messages
