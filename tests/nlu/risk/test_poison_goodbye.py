"""Self-harm told as a goodbye with a poison ("I'm tired, I'm going to drink the rat poison, bye"), in MSA and Darija
in both scripts (session 17, the kind of turn the lead saw read as a goodbye): the poison named with a word between it
and the rats ("السم ديال الطوبات", "dwa dyal lfar"), in Latin letters, or the future said with سوف. Contrast pairs
both ways: the same poison bought for the rats, or a medicine drunk. Messages written for this test.

Rules only, as in tests/nlu/risk/test_dev_v10.py.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk

# (self-harm, calm message with most of the same words, language)
SELF_HARM_OR_CALM: list[tuple[str, str, str]] = [
    ("عييت من كلشي، غادي نشرب السم ديال الطوبات، بسلامة", "عييت من الفيران، غادي نشري السم ديال الطوبات للدار", "ary"),
    ("3yit bzaf, ghadi nchreb dwa dyal tobba lyoum, bslama", "3yit bzaf, ghadi nchreb dwa dyal sd3 lyoum", "ary"),
    ("safi ghadi nchrb ssem dyal lfar, smhouli", "safi chrit ssem dyal lfar l garage", "ary"),
    ("صافي غادي نشرب السم الليلة، سمحو ليا", "صافي غادي نشرب الدوا ديال الكحة الليلة", "ary"),
    ("تعبت من هذه الحياة، سوف اشرب سم الفئران الليلة. وداعا", "تعبت من الفئران، سوف اشتري سم الفئران غدا", "ar"),
    ("لقد تعبت، سأبتلع السم، سامحوني", "لقد تعبت، سأبتلع الدواء وانام", "ar"),
]


@pytest.mark.parametrize(("harm", "calm", "language"), SELF_HARM_OR_CALM)
def test_a_poison_drunk_as_a_goodbye_is_self_harm_and_one_bought_is_not(harm: str, calm: str, language: str) -> None:
    told = assess_risk(harm, language, "goodbye", 0.9)
    assert told.escalate and "self_harm" in told.indicators and told.priority == "urgent", (harm, told)
    quiet = assess_risk(calm, language, None, 0.0)
    assert "self_harm" not in quiet.indicators, (calm, quiet)
