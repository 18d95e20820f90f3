"""Intent accuracy and language detection on the held-out set, per language (threshold 0.90 each)."""
from __future__ import annotations

import asyncio

import pytest

from bot.nlu.parse import parse_text
from tests.nlu.heldout import heldout_examples

pytestmark = pytest.mark.model
LANGUAGES = ("fr", "en", "ar", "ary")
INTENT_THRESHOLD = 0.90
LANGUAGE_THRESHOLD = 0.90


@pytest.fixture(scope="module")
def results(agent):  # type: ignore[no-untyped-def]
    examples = heldout_examples()

    async def parse_all():  # type: ignore[no-untyped-def]
        parsed = {}
        for language in LANGUAGES:
            parsed[language] = [(intent, await parse_text(agent, text)) for text, intent in examples[language]]
        return parsed

    return asyncio.run(parse_all())


def test_heldout_set_covers_every_language_and_intent() -> None:
    examples = heldout_examples()
    intents = {intent for pairs in examples.values() for _, intent in pairs}
    assert set(LANGUAGES) <= set(examples)
    for language in LANGUAGES:
        assert {intent for _, intent in examples[language]} == intents, language
        assert len(examples[language]) >= 150, language


@pytest.mark.parametrize("language", LANGUAGES)
def test_intent_accuracy(results, language: str) -> None:  # type: ignore[no-untyped-def]
    pairs = results[language]
    misses = [(r["text"], expected, r["intent"]) for expected, r in pairs if r["intent"] != expected]
    accuracy = 1 - len(misses) / len(pairs)
    print(f"\nintent accuracy {language}: {accuracy:.3f} on {len(pairs)}; misses: {misses[:15]}")
    assert accuracy >= INTENT_THRESHOLD, misses


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_detection_accuracy(results, language: str) -> None:  # type: ignore[no-untyped-def]
    pairs = results[language]
    misses = [(r["text"], r["language"]) for _, r in pairs if r["language"] != language]
    accuracy = 1 - len(misses) / len(pairs)
    print(f"\nlanguage accuracy {language}: {accuracy:.3f} on {len(pairs)}; misses: {misses[:15]}")
    assert accuracy >= LANGUAGE_THRESHOLD, misses
