"""MSA (and other dialects, answered in MSA) against Moroccan Darija in Arabic script: contrast pairs, both ways.

Each pair says the same thing twice; the first line was read as the wrong language before the cue it tests
(lang_dev_v2, issue 10). Written for these tests: no line is a development, check or blind line.
"""
from __future__ import annotations

import pytest

from bot.nlu.language import detect_language

PAIRS = [
    # MSA and Mashreqi plurals keep the "protective alif" (قالوا); Darija writes قالو. Hospital: المستشفى/السبيطار.
    ("مشيت للمستشفى وقالوا لي ارجع بكرة", "مشيت للسبيطار وقالو ليا رجع غدا"),
    # "pay" is دفع in MSA and the Mashreq, خلص in Darija.
    ("ندفع كل شهر للرجل اللي جابنا", "كنخلص كل شهر للراجل اللي جابنا"),
    # خاص "must" takes every pronoun in Darija (خاصها); MSA says تحتاج.
    ("أمي مريضة وتحتاج إلى طبيب", "أمي مريضة وخاصها طبيب"),
    # A negated Darija word (ما غاديش) is worth that word; ديك before a definite noun is Darija "that".
    ("لن أعود إلى ذلك البيت", "ما غاديش نرجع لديك الدار الكحلة"),
    # Mashreqi "who" and MSA "if" (مين, لو); Darija says شكون, إلا.
    ("ما عندي فلوس، مين يساعدني؟", "ما عنديش الفلوس، شكون يعاوني؟"),
    # "enough"
    ("يكفي هذا", "باراكا عليا"),
    # Mashreqi بس "but" and the root š-ġ-l "work"; Darija says ولكن and خدم.
    ("كنت بشتغل عند واحد في فاس بس ما دفع لي شي", "كنت خدام عند واحد ففاس ولكن ما خلصني والو"),
]


@pytest.mark.parametrize(("msa", "darija"), PAIRS)
def test_msa_line_is_msa_and_its_darija_twin_is_darija(msa: str, darija: str) -> None:
    assert detect_language(msa).language == "ar"
    assert detect_language(darija).language == "ary"


@pytest.mark.parametrize("text", [
    "لديك الحق في محام مجاني",  # لديك before a definite noun is still MSA "you have" here
    "هل لديك الأوراق؟",
    "أخذوا بصماته في الحدود",  # -وا and -ه spellings
    "السلام عليكم ورحمة الله وبركاته، أريد أن أسأل عن العودة",
])
def test_msa_stays_msa(text: str) -> None:
    assert detect_language(text).language == "ar"


@pytest.mark.parametrize("text", [
    "ديك الخدمة ما فيهاش الخلصة",
    "ما كاينش شي حد يعاونني",
    "كيسوا بزاف الدوا فالفارماسيان",  # -وا after a ka- verb or in دوا is not an MSA plural
    "السلام عليكم ورحمة الله وبركاته",  # a greeting alone: the Moroccan line's likeliest writer
])
def test_darija_stays_darija(text: str) -> None:
    assert detect_language(text).language == "ary"
