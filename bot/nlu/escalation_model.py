"""A binary escalation model: the probability that a message needs an officer, learned on that label.

Why beside the rules and the intent classifier: the intent model learns topics, and a disclosure told in calm words
reads as a topic (ask_rights, ask_voluntary_return) while a question in a disclosure's words reads as one; rules written
from a development set's misses did not carry over to sets written by others (sessions 15-17). This model learns the
officer's label itself, from every development set's lines (bot/nlu/escalation_data.py), with its own features so that
the intent model's training data and vocabulary stay as they are. assess_risk reads its score as a second opinion.

Features: word 1-2 grams and char_wb 2-5 grams of the normalised text (bot/nlu/spelling.py), as the intent model reads;
a balanced logistic regression. The text is normalised before the vectorisers so that the fitted model holds only
scikit-learn's own types (skops can load it without trusting custom code).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from bot.nlu.spelling import normalise

# The key the escalation scorer adds to Rasa's parse data (bot/nlu/escalation_scorer.py; the annotator reads it).
ESCALATION_SCORE_KEY = "escalation_score"
# Word tokens as the NLU's whitespace tokenizer gives them after normalisation (letters and digits, any script).
TOKEN_PATTERN = r"(?u)\b\w+\b"


def build(c: float = 1.0) -> Pipeline:
    words = CountVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=TOKEN_PATTERN, lowercase=False)
    chars = CountVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=False)
    return Pipeline([
        ("features", FeatureUnion([("words", words), ("chars", chars)])),
        ("model", LogisticRegression(C=c, class_weight="balanced", max_iter=1000, solver="liblinear", random_state=7)),
    ])


def prepare(texts: Sequence[str]) -> list[str]:
    return [normalise(text) for text in texts]


def fit(texts: Sequence[str], labels: Sequence[bool], c: float = 1.0) -> Pipeline:
    return build(c).fit(prepare(texts), [bool(label) for label in labels])


def scores(model: Pipeline, texts: Sequence[str]) -> np.ndarray:
    """The probability of `escalate` for each text."""
    classes = list(model.classes_)
    return model.predict_proba(prepare(texts))[:, classes.index(True)]


def fit_scorer(texts: Sequence[str], labels: Sequence[bool], c: float = 1.0) -> Callable[[Sequence[str]], np.ndarray]:
    model = fit(texts, labels, c)
    return lambda batch: scores(model, batch)
