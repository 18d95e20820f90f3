"""Risk rules from conversations_dev_v16 (ar, ary_arabic) and the turns the lead saw, session 17: self-harm told as a
goodbye with a poison (rat poison named with a word between, in Latin letters, or the future said with سوف), and
violence to a friend going on now (the present with no object pronoun: "they are beating my friend"). Contrast pairs
both ways; the messages are written for this test, apart from the set's lines.

Rules only, as in tests/nlu/risk/test_dev_v10.py.
"""
from __future__ import annotations

import pytest

from tests.nlu.risk.test_dev_v10 import test_escalate_or_calm as escalates_with_priority_or_stays_calm

# (urgent message, calm message with most of the same words, language)
URGENT_OR_CALM: list[tuple[str, str, str]] = [
    # Rat poison drunk as a goodbye; the same poison bought for the rats, or a medicine.
    ("عييت من كلشي، غادي نشرب السم ديال الطوبات، بسلامة", "عييت من الفيران، غادي نشري السم ديال الطوبات للدار", "ary"),
    ("3yit bzaf, ghadi nchreb dwa dyal tobba lyoum, bslama", "3yit bzaf, ghadi nchreb dwa dyal sd3 lyoum", "ary"),
    ("safi ghadi nchrb ssem dyal lfar, smhouli", "safi chrit ssem dyal lfar l garage", "ary"),
    ("صافي غادي نشرب السم الليلة، سمحو ليا", "صافي غادي نشرب الدوا ديال الكحة الليلة", "ary"),
    ("تعبت من هذه الحياة، سوف اشرب سم الفئران الليلة. وداعا", "تعبت من الفئران، سوف اشتري سم الفئران غدا", "ar"),
    ("لقد تعبت، سأبتلع السم، سامحوني", "لقد تعبت، سأبتلع الدواء وانام", "ar"),
    # A friend beaten now; a friend beaten last week, or a ball kicked now.
    ("جاء صاحب الورشة الان مع رجلين ويضربون زميلي", "جاء صاحب الورشة الان مع رجلين ويصلحون الباب", "ar"),
    ("يضربون صديقي امام المقهى الان", "ضربوا صديقي امام المقهى الاسبوع الماضي", "ar"),
    ("دابا جاو عندنا وكيضربو صاحبي بالعصا", "دابا جاو عندنا وكيلعبو مع صاحبي الكورة", "ary"),
]


@pytest.mark.parametrize("alarm, calm, language", URGENT_OR_CALM)
def test_a_poison_goodbye_or_a_friend_beaten_now_is_urgent(alarm: str, calm: str, language: str) -> None:
    escalates_with_priority_or_stays_calm(alarm, calm, language, "urgent")
