"""The shipped quick replies: a short set for each language of the people, calm, with no number of their own
(phone numbers come only from the facts file or the operator's configuration)."""
from __future__ import annotations

import re

import pytest

from bot.desk.quick_replies import LANGUAGES, MAX_CHARS, shipped

ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_a_short_set_of_quick_replies(language: str) -> None:
    replies = shipped(language)
    assert 5 <= len(replies) <= 12
    assert len(set(replies)) == len(replies)
    for text in replies:
        assert 10 <= len(text) <= min(MAX_CHARS, 300), text
        # no phone number nor any figure that could be wrong (a lone digit is a letter in arabizi: "t9der")
        assert not re.search(r"\d[\d\s./-]*\d", text), text
        assert "{" not in text and "<" not in text, text
    if language == "ar":
        assert all(ARABIC.search(text) for text in replies)
    if language == "ary":   # Darija is written in both scripts
        assert any(ARABIC.search(text) for text in replies) and any(not ARABIC.search(text) for text in replies)


def test_an_unknown_language_has_none() -> None:
    assert shipped("de") == () and shipped("../texts/en") == ()
