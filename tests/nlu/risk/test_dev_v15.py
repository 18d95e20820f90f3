"""Risk rules after the dev_v15 round (evaluation/dev_v15, issue 10: false escalations of the classes it names,
measured for carry-over on its twin check_v15). Mechanisms: a debt told before "I paid it all back" is settled (a new
framing kind, `repaid`), but not one told after it; Darija "ولا" after "واش" is "or", not "nor"; "I said suppose, but
it's me" makes the question the writer's own; a strict boss "but he's fair" reassures; "if an employer can..." asks
in general; "suppose I quit" imagines; Darija "ماشي" (not) is no first-person word; locked in and "I don't know where"
or bleeding now ("كيسيل") is danger now; exams ("lamti7anat") are a trivial cause for a laugh; "nsayh" (advice) is
prevention. Contrast pairs both ways; the messages are written for this test (close variants of dev_v15's kinds),
never from check_v15 or a blind set.

Rules only, as in tests/nlu/risk/test_dev_v10.py.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk
from tests.nlu.risk.test_dev_v10 import test_escalate_or_calm as escalates_with_priority_or_stays_calm
from tests.nlu.risk.test_dev_v11 import test_guess_cancelled_on_calm_kept_on_told as guess_cancelled_or_kept

# (message that escalates with this priority, calm message with most of the same words, language, priority)
ESCALATE_OR_CALM: list[tuple[str, str, str, str]] = [
    # A debt for the visa still owed and worked off; the same debt paid back.
    ("I owe my uncle 5000 dh for the visa and he keeps my salary until I pay",
     "I owed my uncle 5000 dh for the visa, I paid it all back last year", "en", "normal"),
    ("je dois 5000 dh a mon oncle pour le visa et il garde mon salaire",
     "je devais 5000 dh a mon oncle pour le visa, j'ai tout rembourse l'an dernier", "fr", "high"),
    ("أنا مدين لعمي بخمسة آلاف درهم ثمن التأشيرة",
     "كنت مدينا لعمي بخمسة آلاف درهم ثمن التأشيرة، سددته كله العام الماضي", "ar", "normal"),
    ("كنسال عمي 5000 درهم ديال الفيزا",
     "كنت كنسال عمي 5000 درهم ديال الفيزا، رديتها ليه كاملة", "ary", "normal"),
    ("kansal 3mi 5000 dh dyal lvisa",
     "kont kansal 3mi 5000 dh dyal lvisa, rdditha lih kamla", "ary", "normal"),
    # "ولا" after "واش" is "or": asking whether to pay one's own ticket; "ولا" in a statement is "nor".
    ("خدمت عندو عام كامل ولا خلصني", "واش كاين شي مساعدة ولا نخلص البيي بوحدي؟", "ary", "normal"),
    # A general question about "an employer"; the same question about "my boss".
    ("i just wanna know if my boss can keep my passport, he took it in may",
     "i just wanna know if an employer can keep a worker's passport", "en", "normal"),
    # "ماشي" (not) is no "me": a general question after it; a passport held after it.
    ("انا ماشي ضحية، ولكن الباطرون شد ليا الباسبور",
     "انا ماشي خدامة، غير بغيت نعرف واش الباطرون عندو الحق يشد الباسبور ديال الخدام", "ary", "normal"),
    # "Suppose I quit": imagined; quitting and not being paid: told.
    ("I quit before the contract ended and the company refuses to pay me the last month",
     "suppose I quit before the contract ends, can the company refuse to pay the last month?", "en", "normal"),
]

# The same classifier guess on a calm message and on a told one. (calm, told, language, intent, confidence)
GUESS_CANCELLED_OR_KEPT: list[tuple[str, str, str, str, float]] = [
    # A strict boss who is fair; a strict boss who does not pay.
    ("the cook shouts all day, but hes fair and teaches me a lot",
     "the cook shouts all day and has not paid me for two months", "en", "disclose_exploitation", 0.9),
    ("le patron crie tout le temps, mais il est juste, il m'apprend beaucoup",
     "le patron crie tout le temps et il me paye pas depuis deux mois", "fr", "disclose_exploitation", 0.9),
    ("المدير يصرخ كثيرا لكنه عادل ويعلمني الكثير", "المدير يصرخ كثيرا ولم يدفع لي منذ شهرين", "ar",
     "disclose_exploitation", 0.9),
    # Advice for girls offered jobs on Facebook; the writer's own offer that ended with the passport taken.
    ("chno nsayh t3tiw l bnat li jathom 3orod dyal lkhdma f facebook?",
     "jatni khdma f facebook w daba lpatron chad lia lpaspor", "ary", "disclose_exploitation", 0.85),
    # "I said suppose, but it's me" in every language: the told half escalates, the plain question does not.
    ("suppose a boss takes a worker's passport, what can the worker do?",
     "I said suppose, but it's me, my boss took my passport and I can't go out", "en", "disclose_exploitation", 0.6),
    ("imaginons qu'un patron prend le passeport d'un ouvrier, il peut faire quoi ?",
     "j'ai dit imaginons, mais c'est moi, mon patron a pris mon passeport", "fr", "disclose_exploitation", 0.6),
    ("لنفترض أن صاحب عمل أخذ جواز سفر عامل، ماذا يفعل العامل؟",
     "قلت لنفترض لكنه أنا، صاحب العمل أخذ جواز سفري ولا أستطيع الخروج", "ar", "disclose_exploitation", 0.6),
    ("فرضنا شي باطرون شد الباسبور لشي خدام، اشنو يدير الخدام؟",
     "قلت فرضنا ولكن راه انا، الباطرون شد ليا الباسبور و ماكنقدرش نخرج", "ary", "disclose_exploitation", 0.6),
    ("fradna chi patron chd lpaspor l chi khdam, achno ydir lkhdam?",
     "glt fradna walakin rah ana, lpatron chd lia lpaspor w makan9drch nkhrj", "ary", "disclose_exploitation", 0.6),
]


@pytest.mark.parametrize("alarm, calm, language, priority", ESCALATE_OR_CALM)
def test_escalate_or_calm(alarm: str, calm: str, language: str, priority: str) -> None:
    escalates_with_priority_or_stays_calm(alarm, calm, language, priority)


@pytest.mark.parametrize("calm, told, language, intent, confidence", GUESS_CANCELLED_OR_KEPT)
def test_guess_cancelled_on_calm_kept_on_told(calm: str, told: str, language: str, intent: str,
                                              confidence: float) -> None:
    guess_cancelled_or_kept(calm, told, language, intent, confidence)


@pytest.mark.parametrize("text, language", [
    ("I paid back 3000 dh, but he says I still owe him 5000 for the ticket and I can't leave", "en"),
    ("j'ai rembourse 3000 dh, mais il dit que je lui dois encore 5000 pour le billet", "fr"),
    ("raddit lih 3000 dh, walakin kay9ol ba9i kansalo 5000 dyal lbiyi", "ary"),
])
def test_a_debt_told_after_the_paying_back_still_counts(text: str, language: str) -> None:
    """"I paid back" settles only the debt told before it: what he says is still owed after it is bondage."""
    risk = assess_risk(text, language, None, 0.0)
    assert "debt_bondage" in risk.indicators, (text, risk)


@pytest.mark.parametrize("now, told, language", [
    ("they locked me in a house and i dont know where", "they lock me in at night, i dont know why", "en"),
    ("ils m'ont enfermee dans une maison, je sais pas ou", "ils m'enferment la nuit, je sais pas pourquoi", "fr"),
    ("ana msdoda 3lia f dar, ma3rftch fin", "kaysdo 3lia f lil, ma3rftch 3lach", "ary"),
    ("الباطرون ضربني و وجهي كيسيل بالدم", "الباطرون ضربني البارح و وجهي عيان", "ary"),
])
def test_locked_in_somewhere_unknown_or_bleeding_now_is_urgent(now: str, told: str, language: str) -> None:
    """Locked in "and I don't know where", or bleeding now, is the state of a person now (peril): danger now."""
    urgent = assess_risk(now, language, None, 0.0)
    assert urgent.priority == "urgent", (now, urgent)
    habit = assess_risk(told, language, None, 0.0)
    assert habit.escalate and habit.priority != "urgent", (told, habit)


@pytest.mark.parametrize("text, language", [
    ("m7bossa f dar m3a lamti7anat hhhh", "ary"),
    ("محبوسة فالدار مع الامتحانات ههههه", "ary"),
])
def test_locked_in_with_exams_and_a_laugh_is_no_disclosure(text: str, language: str) -> None:
    assert not assess_risk(text, language, None, 0.0).escalate, text


def test_locked_in_by_madame_with_a_laugh_still_counts() -> None:
    assert assess_risk("m7bossa f dar, madame kat9fl 3lia lbab kol nhar hhhh", "ary", None, 0.0).escalate


@pytest.mark.parametrize("text", ["bghit nsali m3a 7yati had lila", "بغيت نسالي مع حياتي"])
def test_ending_ones_life_in_darija_is_urgent(text: str) -> None:
    """"nsali m3a 7yati" (finish with my life) is self-harm, like "nsali m3a kolchi" (dev_v12's last arabizi miss)."""
    risk = assess_risk(text, "ary", None, 0.0)
    assert risk.priority == "urgent" and "self_harm" in risk.indicators, (text, risk)
