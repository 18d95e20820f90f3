"""Language detection of session 16 (issue 10): Maghrebi structures that MSA and the Mashreq do not share.

Written for these tests, apart from the development, check and blind sets' lines.
"""
from __future__ import annotations

import pytest

from bot.nlu.language import detect_language
from bot.nlu.language.detect import EGYPTIAN_WHAT_POINTS, NOT_A_SINGLE_POINTS, _cue_scores
from bot.nlu.language.tokens import tokenise


def _darija_points(text: str) -> float:
    return _cue_scores(tokenise(text), text)[0]["ary"]


# No other dialect word in these: the structure alone makes them Darija.
@pytest.mark.parametrize("text", [
    "صاحب المخزن ماعطاني حتى درهم من الصيف",          # ما fused to its verb, حتى + an indefinite noun
    "من الصيف وأنا في المخزن وما قبضت حتى سنتيم",     # وما before the verb
])
def test_not_a_single_is_darija(text: str) -> None:
    assert _darija_points(text) == NOT_A_SINGLE_POINTS
    assert detect_language(text).language == "ary"


def test_nobody_said_with_hatta_is_darija_evidence() -> None:
    # "nobody" as حتى واحد before the negation (MSA: لا أحد)
    assert _darija_points("حتى واحد ما سأل عني") == NOT_A_SINGLE_POINTS


@pytest.mark.parametrize("text", [
    "أعمل في المخبزة من الفجر حتى المساء بلا توقف",   # حتى "until" before a definite noun
    "لا أستطيع الانتظار حتى أحصل على الأوراق",         # حتى before a verb
    "يرافقني الحارس حتى لشراء الدواء",                # حتى "even" before ل
    "عندي حتى ورقة الإقامة",                          # حتى "even" with no negation near
])
def test_until_and_even_prove_nothing(text: str) -> None:
    assert _darija_points(text) == 0.0


@pytest.mark.parametrize(("text", "language"), [
    ("la", "ary"),          # a bare "la" is the Darija "no": French never sends an article alone
    ("La.", "ary"),
    ("la police", "fr"),    # the article before its noun is French
    ("ih", "ary"),          # Darija "yes"
    ("اييه", "ary"),
    ("إييه", "ary"),
])
def test_short_darija_replies_without_a_conversation(text: str, language: str) -> None:
    assert detect_language(text).language == language


@pytest.mark.parametrize("text", ["الدوا بكام", "العلاج هنا كام يوم"])
def test_egyptian_how_much_is_not_darija(text: str) -> None:
    assert detect_language(text).language == "ar"


def test_a_bare_la_keeps_a_french_conversation() -> None:
    assert detect_language("la", previous="fr").language == "fr"


@pytest.mark.parametrize("text", ["صاحب المخزن قال لي ارجع بكرة، أعمل ايه", "الورق ده بيقول إيه"])
def test_what_after_a_word_is_egyptian(text: str) -> None:
    # ايه after a word is Egyptian "what"; no other dialect word in these lines.
    assert _cue_scores(tokenise(text), text)[0]["ar"] >= EGYPTIAN_WHAT_POINTS


@pytest.mark.parametrize("text", ["ايه", "ايه ايه", "ايه، عافاك"])
def test_yes_that_opens_a_reply_is_not_egyptian(text: str) -> None:
    assert _cue_scores(tokenise(text), text)[0]["ar"] == 0.0
