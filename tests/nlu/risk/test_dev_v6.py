"""Risk rules after the dev_v6 round (evaluation/dev_v6, issue 10): exploitation told indirectly (a threat to the family,
"my last night", giving one's things away, euphemisms, punishment, a passport no longer with the writer, a debt to
finish paying) and the calm messages that look like it ("without paying" meaning free of charge, a child's school or
summer job, a salary late but paid in full, days off, going home every evening). Each class is checked by contrast
pairs, the same words with the opposite meaning; the messages are written for this test, not taken from the
development set.

Rules only (no classifier guess), as in tests/nlu/risk/test_dev_v5.py; the calm messages are also checked with a
confident "disclose_exploitation" guess, which their framing must set aside.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk

# (stated: must escalate, calm: must not, language)
ESCALATE_OR_CALM: list[tuple[str, str, str]] = [
    # Unpaid work against "free of charge": who does not pay whom.
    ("I laboured on his farm for a whole year without being paid",
     "where can my kids get vaccinated without paying?", "en"),
    ("اشتغلت عندهم سنة كاملة بدون مقابل", "هل يمكن لابني أن يتلقى التلقيح بدون مقابل؟", "ar"),
    ("خدمت عندهم عام كامل بلا ما يخلصوني", "واش نقدر نلقح ولادي بلا ما نخلص؟", "ary"),
    ("khdmt 3ndhom 3am kaml bla ma ykhlsouni", "wach n9der nl9e7 wladi bla ma nkhless?", "ary"),
    # A threat through the family back home, against a relative who knows the address.
    ("he knows where my parents live and says accidents happen",
     "my cousin knows where my parents live, she will take them my parcel", "en"),
    ("المشغل يعرف عنوان أهلي ويقول إن الحوادث تقع", "ابن عمي يعرف عنوان السفارة، متى تفتح؟", "ar"),
    # Danger told without the word: "my last night", "he will finish me".
    ("they said tonight is my last night, I hear them on the stairs",
     "they said today is my last day at the office, can I get a work certificate?", "en"),
    ("il dit qu'il va me finir ce soir", "il dit qu'il va finir le travail ce soir", "fr"),
    # Giving one's things away with a goodbye, against clearing out before a move.
    ("I gave away all my clothes and wrote a goodbye letter to my mum",
     "I gave away my old clothes to the neighbours before moving, where can I buy cheap ones?", "en"),
    # A passport no longer with the writer, against one in hand.
    ("j'ai plus mon passeport, le patron le garde tant que j'ai pas fini de payer",
     "j'ai mon passeport, je veux rentrer chez moi", "fr"),
    ("lpaspor mab9ach 3ndi, rah 3nd rajel dyal lkhdma", "lpaspor dyali m3aya, bghit nrje3 l bladi", "ary"),
    # Euphemisms and punishment.
    ("my supervisor says I must be nice to him at night if I want my contract renewed",
     "my supervisor says I must be nice to the customers if I want my contract renewed", "en"),
    ("the manager burned my arm with a cigarette because I was late",
     "the manager burned the bread again because he was late", "en"),
    ("كب عليا الباطرون الما سخون حيت تعطلت", "كب عليا الما سخون وأنا كنغسل، واش نمشي للطبيب؟", "ary"),
]

# Calm messages that must stay calm even when the classifier guesses a disclosure: the framing says why.
CALM_DESPITE_A_GUESS: list[tuple[str, str]] = [
    ("my nephew is 12 and starts school in September, which documents does he need?", "en"),
    ("ma fille a 16 ans et cherche un job d'ete, c'est autorise ?", "fr"),
    ("ولدي عندو 16 عام وبغا يخدم فالصيف، واش مسموح؟", "ary"),
    ("بنت ختي عندها 9 سنين وغادي تدخل للمدرسة، شنو خاص؟", "ary"),
    ("my pay was late once but they paid everything, how many days off do I get?", "en"),
    ("le salaire a eu du retard mais tout est payé, comment avoir un certificat de travail ?", "fr"),
    ("تأخر الأجر مرة لكنهم دفعوه كاملا، كيف أحصل على شهادة عمل؟", "ar"),
    ("الخلصة تعطلات شوية ولكن خلصني كلشي، كيفاش ناخد شهادة العمل؟", "ary"),
    ("kankhdem bzf walakin kantkhles w kanrje3 l dari kol nhar, ch7al smig?", "ary"),
    ("I work long days at the market but I have my own room and they're nice, where can I learn French?", "en"),
]

# The reassurance does not hide a cue told beside it.
STILL_A_DISCLOSURE: list[tuple[str, str]] = [
    ("they paid everything in the end, but they still keep my passport", "en"),
    ("ils sont gentils mais ils gardent mon passeport", "fr"),
    ("خلصني كلشي ولكن الباطرون شاد ليا الباسبور", "ary"),
    ("my son is 13 and starts school, but the boss makes him work 14 hours a day at the car wash on weekends", "en"),
]


@pytest.mark.parametrize(("stated", "calm", "language"), ESCALATE_OR_CALM)
def test_contrast_pairs_escalate_only_the_statement(stated: str, calm: str, language: str) -> None:
    assert assess_risk(stated, language, None, 0.0).escalate, stated
    assessment = assess_risk(calm, language, None, 0.0)
    assert not assessment.escalate and assessment.priority == "none", (calm, assessment)


@pytest.mark.parametrize(("text", "language"), CALM_DESPITE_A_GUESS)
def test_calm_framing_sets_aside_a_disclosure_guess(text: str, language: str) -> None:
    assessment = assess_risk(text, language, "disclose_exploitation", 0.95)
    assert not assessment.escalate and assessment.priority == "none", (text, assessment)


@pytest.mark.parametrize(("text", "language"), STILL_A_DISCLOSURE)
def test_reassurance_beside_a_cue_still_escalates(text: str, language: str) -> None:
    assert assess_risk(text, language, None, 0.0).escalate, text


def test_danger_told_indirectly_is_urgent() -> None:
    for text, language in [
        ("they said tonight is my last night, I hear them on the stairs", "en"),
        ("قالوا إن هذه الليلة هي ليلتي الأخيرة", "ar"),
        ("galo lia had lila hia lila lakhira dyali", "ary"),
        ("kaygol ghadi nkemmlek ila t7ell lbab", "ary"),
    ]:
        assert assess_risk(text, language, None, 0.0).priority == "urgent", text
