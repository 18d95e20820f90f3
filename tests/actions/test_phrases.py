"""Fixed phrases as whole words (actions/phrases.py): a phone's typographic apostrophe reads as a plain one."""
from __future__ import annotations

import pytest

from actions.phrases import padded_words, says_phrase


@pytest.mark.parametrize("text", ["she isn't here", "she isn’t here", "She ISN'T here!"])
def test_an_apostrophe_plain_or_typographic_reads_the_same(text: str) -> None:
    assert says_phrase(padded_words(text), ["isnt here"])


@pytest.mark.parametrize(("text", "apostrophe", "expected"), [
    ("pas d'argent", " ", True), ("pas d’argent", " ", True), ("pas d’argent", "", False)])
def test_an_apostrophe_may_part_words(text: str, apostrophe: str, expected: bool) -> None:
    assert says_phrase(padded_words(text, apostrophe), ["pas d argent"]) is expected


def test_phrases_match_whole_words_only() -> None:
    assert not says_phrase(padded_words("she is nothere"), ["not here"])
    assert says_phrase(padded_words("she is not here."), ["not here"])
