"""Fixed phrases found in a message as whole words: lowercased, punctuation dropped ("isn't" reads "isnt").

The word lists of actions/away.py, child_words.py, cost_words.py, family.py, later_words.py, named_details.py,
named_questions.py, plea.py, thanks_words.py, topic_words.py, women.py and worded_questions.py are compared this way.
"""
from __future__ import annotations

from collections.abc import Iterable


def padded_words(text: str, apostrophe: str = "") -> str:
    """The message's words, lowercased, other punctuation made a space, one space between and around them:
    " is she not here ". An apostrophe, plain or typographic (phones type "’"), becomes `apostrophe` ("can't" ->
    "cant", or "d'argent" -> "d argent")."""
    text = text.lower().replace("\u2019", "'").replace("'", apostrophe)
    words = "".join(c if c.isalnum() or c.isspace() else " " for c in text).split()
    return f" {' '.join(words)} "


def says_phrase(padded: str, phrases: Iterable[str]) -> bool:
    """One of `phrases` stands in `padded` (from padded_words) as whole words."""
    return any(f" {phrase} " in padded for phrase in phrases)


def padded_forms(text: str) -> list[str]:
    """The message's words (padded_words) with an apostrophe dropped and made a space: "l'oim" reads "loim" and
    "l oim", "can't" reads "cant" and "can t"."""
    return [padded_words(text, apostrophe) for apostrophe in ("", " ")]


def says_phrase_in_either_form(text: str, phrases: Iterable[str]) -> bool:
    """One of `phrases` stands in the message as whole words, in either apostrophe form (padded_forms)."""
    listed = tuple(phrases)
    return any(says_phrase(padded, listed) for padded in padded_forms(text))
