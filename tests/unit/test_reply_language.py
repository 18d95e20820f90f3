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
        ("السلام عليكم", None, False, "ary", False),          # a first greeting: its likeliest writer's language
        ("السلام عليكم ورحمة الله وبركاته", "en", False, "en", False),  # a greeting never flips the conversation
        ("السلام عليكم", "ar", False, "ar", False),
        ("عايز أرجع بلدي ومش معايا فلوس", "ary", False, "ar", False),  # Egyptian is answered in MSA
        # A short Darija-looking reply does not move an MSA conversation (conversations_dev_v10): whoever reads Darija
        # reads MSA; a message of the person's own words in Darija does. A short MSA reply in Darija still moves it
        # (the Darija may come from a greeting alone).
        ("ماشي دابا", "ar", False, "ar", False),                        # Darija-looking "not now" after MSA
        ("واخا", "ar", False, "ar", False),
        ("بغيت نرجع لبلادي ولكن ما عندي حتى وراق", "ar", False, "ary", False),
        ("ليس الآن", "ary", False, "ar", False),                      # an MSA "not now" after a Darija greeting
        ("أريد العودة إلى بلدي لكن ليس لدي جواز سفر", "ary", False, "ar", False),
    ],
)
def test_choose_reply_language(text: str, current, locked: bool, expected: str, expected_locked: bool) -> None:
    choice = choose_reply_language(text, current, locked, default="fr")
    assert (choice.reply_language, choice.locked) == (expected, expected_locked)


@pytest.mark.parametrize(
    "text, current, locked, expected_form, expected_locked",
    [
        ("bghit nrje3 l bladi", None, False, "ary_latn", False),       # arabizi is answered in Latin letters
        ("بغيت نرجع لبلادي", None, False, "ary", False),                 # Arabic-script Darija in Arabic script
        ("bghit nrje3 l bladi", "ary", False, "ary_latn", False),      # the script follows the last Darija message
        ("بغيت نرجع لبلادي", "ary_latn", False, "ary", False),
        ("ok", "ary", False, "ary", False),                            # "ok" says nothing of the script
        ("wakha", "ary", False, "ary", False),
        ("😢", "ary_latn", False, "ary_latn", False),
        ("/ask_rights", "ary_latn", False, "ary_latn", False),         # a button keeps the script
        ("/affirm", "ary_latn", True, "ary_latn", True),
        ("je veux rentrer chez moi", "ary_latn", False, "fr", False),
        ("ktb b l3arbiya", "ary_latn", False, "ary", True),            # a request for Arabic letters holds
        ("ktb liya b l7rouf l3arbiya 3afak", "ary_latn", False, "ary", True),
        ("kteb lia bl3arbiya 3fak", "ary_latn", False, "ary", True),
        ("bghit nrje3 l bladi", "ary", True, "ary", True),             # ...until the person asks otherwise
        ("kteb bel 7rouf latiniya", "ary", True, "ary_latn", True),
        ("اكتب بالحروف اللاتينية", "ary", False, "ary_latn", True),
        ("بالحروف العربية", "ary_latn", False, "ary", True),
        ("write in Arabic letters", "ary_latn", False, "ary", True),
        ("b darija 3afak", "en", False, "ary_latn", True),             # a request for Darija, written in Latin letters
        ("بالدارجة عافاك", "en", False, "ary", True),
        ("English please", "ary_latn", True, "en", True),
        ("write in Arabic letters", "en", False, "en", False),          # only Darija has two scripts
        ("Darija", "fr", False, "ary_latn", True),                      # the web chat's language buttons
        ("الدارجة", "ary_latn", False, "ary", True),
        ("/ask_rights", None, False, "ary_latn", False),                # the page's language before any text
        ("machi daba", "ar", False, "ary_latn", False),                # Latin letters still bring Darija's Latin script
        ("salam", None, False, "ary_latn", False),
        ("slm cv", None, False, "ary_latn", False),
        ("السلام عليكم", None, False, "ary", False),                     # Arabic letters though the page is arabizi
    ],
)
def test_darija_is_answered_in_the_script_it_is_written_in(text: str, current, locked: bool, expected_form: str,
                                                           expected_locked: bool) -> None:
    # The default is the page's: here the web chat page in Latin-letter Darija, which says nothing of French.
    default = "ary_latn" if current is None else "fr"
    choice = choose_reply_language(text, current, locked, default=default)
    assert (choice.form, choice.locked) == (expected_form, expected_locked)
    # What is counted and shown as the language stays "ary" in both scripts.
    assert choice.reply_language == ("ary" if expected_form.startswith("ary") else expected_form)
