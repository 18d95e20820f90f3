"""Language detection cues added with lang_dev_v3 (issue 10): contrast pairs, same meaning, opposite language.

Written for these tests, apart from the development, check and blind sets' lines. In each pair the first line was
read as the wrong language before the cue it tests; its twin says the same in the other variety.
"""
from __future__ import annotations

import pytest

from bot.nlu.language import detect_language

# MSA future سـ against Darija غادي; MSA "what is the ..." (ما هي + definite noun) against Darija شنو هي; a hamza
# seat is MSA spelling (جئت, هادئ fold to Darija جيت, هادي); Darija "she hit me" keeps its -at (ضرباتني); the
# Darija reflexive راسي against MSA رأسي "my head"; doubled "la" is the Darija "no, no", a single one French.
CONTRASTS = {
    "future": (("سأنتظرك فالدار", "ar"), ("غادي نتسناك فالدار", "ary")),
    "what-is": (("ما هي الوراق المطلوبة؟", "ar"), ("شنو هي الوراق اللي خاصني؟", "ary")),
    "came": (("جئت من مالي وحدي", "ar"), ("جيت من مالي بوحدي", "ary")),
    "quiet": (("المكان هادئ", "ar"), ("المكان هادي", "ary")),
    "she-hit-me": (("ضرباتني المشغلة", "ary"), ("ضربتني المشغلة بالأمس", "ar")),
    "myself": (("حطيت يدي على راسي", "ary"), ("وضعت يدي على رأسي", "ar")),
    "no-no": (("la la merci", "ary"), ("la merci", "fr")),
}


@pytest.mark.parametrize("pair", CONTRASTS.values(), ids=CONTRASTS.keys())
def test_each_line_of_a_contrast_pair_gets_its_own_language(pair: tuple[tuple[str, str], tuple[str, str]]) -> None:
    assert [detect_language(text).language for text, _ in pair] == [language for _, language in pair]


@pytest.mark.parametrize(("text", "language"), [
    ("الباطرون خدا ليا السيارة والسيمانة كاملة", "ary"),  # سيارة, سيمانة start like the future سيـ
    ("سيمانة كاملة", "ary"),
    ("la la chokran bzaf", "ary"),
    ("la dame garde mes papiers", "fr"),
])
def test_look_alikes_of_the_new_cues_keep_their_language(text: str, language: str) -> None:
    assert detect_language(text).language == language


@pytest.mark.parametrize(("text", "language"), [
    ("كنخدم فالفيرمة، بغيت نخدم فمراكش", "ary"),
    ("المكتب فمراكش", "ary"),  # Darija glues "in" to the place
    ("المكتب في مراكش", "ar"),
    ("فتح المكتب أبوابه", "ar"),  # ف that starts a word is not "in"
])
def test_in_glued_to_a_place_is_darija(text: str, language: str) -> None:
    assert detect_language(text).language == language
