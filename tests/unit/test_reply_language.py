"""The pipeline's rule for the reply language: explicit requests hold, otherwise follow the message."""
from __future__ import annotations

import pytest

from bot.conversation.pipeline import choose_reply_language


@pytest.mark.parametrize(
    "text, current, locked, expected, expected_locked",
    [
        ("bonjour, je cherche du travail", None, False, "fr", False),
        ("bghit nrje3 l bladi", "fr", False, "ary", False),
        ("ok", "ary", False, "ary", False),                    # too short to tell: keep the conversation's
        ("English please", "fr", False, "en", True),          # an explicit request locks
        ("je veux rentrer chez moi", "en", True, "en", True),  # ...and holds
        ("بالدارجة عافاك", "en", True, "ary", True),            # until the user asks again
        ("/ask_voluntary_return", "fr", False, "fr", False),   # a button payload keeps the language
        ("/affirm", "ary", True, "ary", True),
        ("/ask_hotline", None, False, "fr", False),           # a first message that is a payload (the web chat's
        ("/request_human", None, False, "fr", False),         # menu on open): the default, never the payload's words
    ],
)
def test_choose_reply_language(text: str, current, locked: bool, expected: str, expected_locked: bool) -> None:
    choice = choose_reply_language(text, current, locked, default="fr")
    assert (choice.reply_language, choice.locked) == (expected, expected_locked)
