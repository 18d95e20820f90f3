"""Language detection of session 16 (issue 10): Maghrebi structures that MSA and the Mashreq do not share.

Written for these tests, apart from the development, check and blind sets' lines.
"""
from __future__ import annotations

import pytest

from bot.nlu.language import detect_language
from bot.nlu.language.detect import NOT_A_SINGLE_POINTS, _cue_scores
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
