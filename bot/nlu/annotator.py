"""Rasa NLU component that adds the message's language and risk assessment to every parse, and makes the intent
agree with the risk decision (bot/nlu/reconcile.py).

It runs inside Rasa's own graph after the intent classifier, so the live server and
`python -m bot parse` apply exactly the same language, intent and risk logic.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.escalation_model import ESCALATION_SCORE_KEY
from bot.nlu.language import detect_language
from bot.nlu.reconcile import reconcile
from bot.nlu.risk import assess_risk

# Keys this component adds to Rasa's parse data (and so to the tracker's latest message).
LANGUAGE_KEY = "language"
RISK_KEY = "risk"
# The classifier's own first guess, when the risk decision changed the intent (for benches and debugging).
CLASSIFIER_INTENT_KEY = "classifier_intent"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class AmaneAnnotator(GraphComponent):
    """Annotates parses with `language` and `risk`; the intent changes only to agree with the risk decision."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> AmaneAnnotator:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            annotate(message)
        return messages


def annotate(message: Message) -> None:
    text = message.get("text") or ""
    metadata: dict[str, Any] = message.get("metadata") or {}
    # The pipeline has already decided the language with the conversation's history;
    # without it (rasa shell, rasa test, one-off parses) the text alone decides.
    language: str | None = metadata.get("detected_language")
    if not language:
        language = detect_language(text).language
    intent = message.get("intent") or {}
    # The escalation model's score (bot/nlu/escalation_scorer.py), when the pipeline has one.
    score = message.get(ESCALATION_SCORE_KEY)
    risk = assess_risk(text, language, intent.get("name"), float(intent.get("confidence") or 0.0),
                       None if score is None else float(score))
    message.set(LANGUAGE_KEY, language, add_to_output=True)
    message.set(RISK_KEY, asdict(risk), add_to_output=True)
    ranking = message.get("intent_ranking") or []
    agreed = reconcile(ranking, asdict(risk))
    if agreed is not ranking:
        message.set(CLASSIFIER_INTENT_KEY, intent.get("name"), add_to_output=True)
        message.set("intent", dict(agreed[0]), add_to_output=True)
        message.set("intent_ranking", agreed, add_to_output=True)
