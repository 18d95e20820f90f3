"""Levantine "مو" (not) keeps an Arabic conversation in Arabic; Darija's "مو" (his mother) stays Darija."""
from __future__ import annotations

import pytest

from bot.nlu.language import detect_language


@pytest.mark.parametrize(("text", "previous", "expected"), [
    ("أنا مو خايف من شي، بيحق لي أشتكي؟", "ar", "ar"),
    ("هو مو مغربي ولا شي", "ar", "ar"),
    ("مو كتخدم عندهم فالدار", "ary", "ary"),
    ("خويا ومو مشاو للمغرب", None, "ary"),
])
def test_mo_is_levantine_negation_or_darijas_his_mother(text: str, previous: str | None, expected: str) -> None:
    assert detect_language(text, previous=previous, default="fr").language == expected
