"""Fixed phrases found in a message as whole words: lowercased, punctuation dropped ("isn't" reads "isnt").

The word lists of actions/away.py, actions/cost_words.py and actions/women.py are compared this way.
"""
from __future__ import annotations

from collections.abc import Iterable


def padded_words(text: str, apostrophe: str = "") -> str:
    """The message's words, lowercased, other punctuation made a space, one space between and around them:
    " is she not here ". An apostrophe becomes `apostrophe` ("can't" -> "cant", or "d'argent" -> "d argent")."""
    words = "".join(c if c.isalnum() or c.isspace() else " " for c in text.lower().replace("'", apostrophe)).split()
    return f" {' '.join(words)} "


def says_phrase(padded: str, phrases: Iterable[str]) -> bool:
    """One of `phrases` stands in `padded` (from padded_words) as whole words."""
    return any(f" {phrase} " in padded for phrase in phrases)
