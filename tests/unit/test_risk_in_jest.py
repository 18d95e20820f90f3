"""The risk assessment says when a message's cues are all a joke or a figure of speech and it asks nothing
(`in_jest`), which bot/nlu/reconcile.py reads to put small talk, not a topic, in place of a set-aside alarm."""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk


@pytest.mark.parametrize(("text", "language"), [
    ("my manager says he will kill me if I'm late one more time hahaha", "en"),
    ("mon chef va me tuer si j'arrive encore en retard mdr", "fr"),
    ("ma belle-mère m'a confisqué la télécommande jusqu'à ce que je range, au secours 😂", "fr"),
    ("khti dat lia tel 7ta nsali lwajibat hhhh", "ary"),
])
def test_a_joke_that_asks_nothing_is_in_jest(text: str, language: str) -> None:
    risk = assess_risk(text, language, "disclose_exploitation", 0.8)
    assert not risk.escalate
    assert risk.in_jest


@pytest.mark.parametrize(("text", "language"), [
    # The same joke with a question: what it asks decides, not the joke.
    ("my manager says he will kill me if I'm late one more time hahaha, what time do you open?", "en"),
    # Told, not joked.
    ("the boss took my passport and never pays me", "en"),
    # Nothing found at all.
    ("bonjour, vous ouvrez à quelle heure", "fr"),
])
def test_a_question_a_told_fact_or_no_cue_is_not_in_jest(text: str, language: str) -> None:
    assert not assess_risk(text, language, "disclose_exploitation", 0.8).in_jest
