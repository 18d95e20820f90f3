"""Rasa NLU component that names the sub-question a message asks ("who pays the ticket?" in voluntary return).

The top-level intent stays the classifier's (the parse contract); this adds `sub_question` and its ranking.

Training examples carry their sub-question as intent-level metadata in nlu_data:

    - intent: ask_voluntary_return
      metadata:
        sub_question: who_pays
      examples: |
        - who pays the ticket

so the label is `ask_voluntary_return/who_pays`, the name a Rasa retrieval intent would have; every other
example is `none` (a general question, small talk, a disclosure), which is what lets a follow-up be told
from a new topic. Why not Rasa's own tools: a retrieval intent (`ask_voluntary_return/who_pays`) makes Rasa
add an `utter_ask_voluntary_return` action with no response (warnings that `rasa data validate
--fail-on-warnings` counts), and its ResponseSelector trains TensorFlow for minutes on 2 cores. A second
linear model over the features the intent classifier already reads trains in seconds, in keeping with the
pipeline's LogisticRegressionClassifier (bench/conversation_replay.py measures what it gets right).
"""
from __future__ import annotations

import logging
from typing import Any

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.linear_model import LogisticRegression

from bot.nlu.linear import lay_out_for_prediction
from bot.nlu.stored_model import StoredModelComponent

logger = logging.getLogger(__name__)

# Keys this component adds to Rasa's parse data (and so to the tracker's latest message).
SUB_QUESTION_KEY = "sub_question"
SUB_QUESTION_RANKING_KEY = "sub_question_ranking"
NONE = "none"          # the message asks no sub-question we know
SEPARATOR = "/"        # "<intent>/<sub-question>", as Rasa names retrieval intents
RANKING_LENGTH = 5
# The intent-level sub_question of lines whose sub-question nobody labelled (the development sets' lines that
# scripts/dev_sets_to_nlu.py writes): they train the intent classifier only. As `none` they would teach this model
# that their questions ("where can I sleep tonight?", "can I call the police without papers?") ask nothing, and a
# follow-up would no longer be told from a new topic (session 10: dev conversations lost their sub-questions).
UNLABELLED = "unlabelled"


def label_of(message: Message) -> str | None:
    """A training example's label: `<intent>/<sub-question>`, `none`, or None for no usable example (no text or
    intent, or a sub-question left unlabelled)."""
    if not message.get(TEXT) or not message.get(INTENT):
        return None
    metadata = message.get("metadata") or {}
    intent_metadata = metadata.get("intent") if isinstance(metadata, dict) else None
    sub = intent_metadata.get(SUB_QUESTION_KEY) if isinstance(intent_metadata, dict) else None
    if sub == UNLABELLED:
        return None
    return f"{message.get(INTENT)}{SEPARATOR}{sub}" if sub else NONE


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SubQuestionClassifier(StoredModelComponent):
    """A linear classifier over the message's sparse features, trained on sub-question labels; never sets the intent."""

    MODEL_FILE = "sub_questions.skops"

    @classmethod
    def required_components(cls) -> list[type]:
        return [Featurizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_iter": 300, "random_state": 7, "C": 1.0}

    def train(self, training_data: TrainingData) -> Resource:
        labelled = [(message, label) for message in training_data.intent_examples
                    if (label := label_of(message)) is not None]
        if len({label for _, label in labelled}) < 2:
            logger.debug("no sub-questions in the training data: nothing to train")
            return self._resource
        # Balanced: about fifty lines per sub-question against thousands of `none`.
        self.model = LogisticRegression(max_iter=self.config["max_iter"], random_state=self.config["random_state"],
                                        C=self.config["C"], class_weight="balanced")
        self.model.fit(_features([message for message, _ in labelled]), [label for _, label in labelled])
        lay_out_for_prediction(self.model)
        self.persist()
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        if self.model is None or not messages:
            return messages
        probabilities = self.model.predict_proba(_features(messages))
        labels = list(self.model.classes_)
        for message, row in zip(messages, probabilities, strict=True):
            order = np.argsort(-row)[:RANKING_LENGTH]
            ranking = [{"name": labels[i], "confidence": float(row[i])} for i in order]
            message.set(SUB_QUESTION_KEY, ranking[0], add_to_output=True)
            message.set(SUB_QUESTION_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def loaded(self) -> None:
        lay_out_for_prediction(self.model)


def _features(messages: list[Message]) -> csr_matrix:
    """The sentence features every featurizer gave the message, side by side (as the intent classifier reads them)."""
    rows = []
    for message in messages:
        sparse = message.get_sparse_features(attribute=TEXT)[1]
        dense = message.get_dense_features(attribute=TEXT)[1]
        rows.append(hstack([csr_matrix(sparse.features if sparse else []),
                            csr_matrix(dense.features if dense else [])]))
    return vstack(rows).tocsr()
