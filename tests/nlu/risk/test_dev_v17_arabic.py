"""Risk rules after the dev_v17 round in Arabic and Darija (evaluation/dev_v17 files ar, ary_arabic, ary_latin; issue
10: urgent recall, false urgent, jokes). Mechanisms: forcing the door to get at the writer (kicked, banged with force,
"he will break it"); a blade at the throat; a threat to throw the writer from a height; a stranger who took one's child;
a person dragged into a van (the transfer label, danger when now); being moved "at night" is a transfer, danger only
now or tonight, not when told of last week; hiding under the couch while they search the house now; "someone rescue
me"; "no reason to live", "I'll finish with this world"; the wage "kept for you"; a man of the house who comes into the
worker's room at night; the employer's threat that the police will jail a worker without papers; two years without
going out; "3ndi 4 snin 3ndhom" (four years with them) is no age; "اثنا عشر" is no "our"; a question on the prison
term, or on whether a child may go to school; a friend about to start work (prevention); a song, a teacher, homework
as the trivial cause of a joke.
Contrast pairs both ways; the messages are written for this test, apart from dev_v17's lines, never from a check or
blind set. Rules only, as in tests/nlu/risk/test_dev_v10.py.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk
from tests.nlu.risk.test_dev_v10 import test_escalate_or_calm as escalates_with_priority_or_stays_calm
from tests.nlu.risk.test_dev_v16_arabic import test_stays_calm as stays_calm
from tests.nlu.risk.test_dev_v16_arabic import test_told_escalates as escalates_when_told

# (message that escalates with this priority, calm message with most of the same words, language, priority)
ESCALATE_OR_CALM: list[tuple[str, str, str, str]] = [
    # The door forced to get at the writer; a neighbour knocking.
    ("واحد الراجل كيدق ف الباب ديال بيتي بالرجلين", "واحد الجار كيدق ف الباب ديال بيتي باش يسلم", "ary", "urgent"),
    ("rajel kaydreb f lbab dyal lbit b rjlih", "rajel kaydreb f lbab dyal lbit bach ysellem", "ary", "urgent"),
    ("زوجها يضرب الباب بقوة ويقول إنه سيكسره", "زوجها يضرب الباب بالمطرقة ليصلحه", "ar", "urgent"),
    # A blade at the throat; a scarf round the neck.
    ("7at lia jenwi f 7n9i", "7at lia chal f 7n9i", "ary", "urgent"),
    # Thrown from a height; taken down to the street.
    ("gal lia ghadi ylo7ni mn sta7", "gal lia ghadi yhbetni mn sta7", "ary", "urgent"),
    # A stranger took my son; my brother took my son.
    ("رجل غريب أخذ ابني من أمام المدرسة", "أخي أخذ ابني من أمام المدرسة", "ar", "urgent"),
    # A friend dragged into a van now; a friend who got into a taxi now.
    ("صاحبتي جروها لداخل فاركونيط دابا", "صاحبتي طلعات لطاكسي دابا", "ary", "urgent"),
    # Hiding while they search the house now; resting while they clean it.
    ("دخلو للدار دابا وكيقلبو عليا وانا تحت السرير", "دخلو للدار دابا وكيشطبو وانا فالكوزينة", "ary", "urgent"),
    # Someone rescue me; someone answer me.
    ("3afakom chi wa7ed y3tekni", "3afakom chi wa7ed y3tini lma", "ary", "urgent"),
    # No reason to live; no reason to worry.
    ("لا داعي للعيش بعد اليوم", "لا داعي للقلق بعد اليوم", "ar", "urgent"),
    ("lyoum ghadi nkmmel m3a had denya", "lyoum ghadi nkmmel m3a had lkhedma", "ary", "urgent"),
    # The wage "kept for you"; money put aside by the writer's own choice.
    ("lpatron kaygoul lia rah m7dihom lik, ma3tani walo", "ana li kan7ddi flousi f lbanka", "ary", "normal"),
    ("الباطرون كيقول ليا راه محضيهم ليك", "الفلوس ديالي فالبانكا", "ary", "normal"),
    ("لا أعرف كم أجرتي لأنه يقول إنه يحفظها لي", "تركت حقيبتي عند جارتي وقالت إنها تحفظها لي", "ar", "normal"),
    # A man of the household coming into the worker's room at night; the worker going into the kitchen at night.
    ("ابن صاحبة البيت يدخل غرفتي ليلا", "أدخل المطبخ ليلا لأشرب الماء", "ar", "high"),
    ("ولد مولات الدار كيدخل لبيتي فالليل", "كندخل للكوزينة فالليل نشرب الما", "ary", "high"),
    # The police as the employer's threat; the police as a question.
    ("الشاف كيقول الا خرجتي غادي يشدوك البوليس حيت ماعندكش الوراق", "واش البوليس كيشدو اللي ماعندوش الوراق؟", "ary",
     "normal"),
    ("lpatron kaygoul lina ghadi t7bsou 7it ma3ndkomch lwra9", "wach lboulis kay7bsou li ma3ndouch lwra9?", "ary",
     "normal"),
    # Two years without going out; two years without going home.
    ("عامين ماخرجتش من هاد الدار", "عامين مامشيتش لبلادي", "ary", "normal"),
    ("لم أخرج من البيت منذ سنتين", "لم أخرج من المغرب منذ سنتين", "ar", "normal"),
    # The same in Modern Standard Arabic: the police as the employer's threat, a blade at the throat, thrown from the
    # roof; and a stranger who took one's son in Darija.
    ("تقول إن الشرطة ستسجنك لأنك بلا أوراق", "هل تسجن الشرطة من ليس لديه أوراق؟", "ar", "normal"),
    ("وضع السكين على رقبتي", "وضع الوشاح على رقبتي", "ar", "urgent"),
    ("قال إنه سيرميني من السطح", "قال إنه سيصلح السطح", "ar", "urgent"),
    ("واحد الراجل غريب هز ولدي من قدام المدرسة", "واحد الراجل هز ولدي من قدام المدرسة، هو باه", "ary", "urgent"),
    ("wa7ed rajel ghrib hezz wldi mn 9dam lmadrasa", "baba hezz wldi mn 9dam lmadrasa", "ary", "urgent"),
]


@pytest.mark.parametrize("alarm, calm, language, priority", ESCALATE_OR_CALM)
def test_escalate_or_calm(alarm: str, calm: str, language: str, priority: str) -> None:
    escalates_with_priority_or_stays_calm(alarm, calm, language, priority)


# Moved at night: danger when it is tonight, a disclosure when told of last week or of habits. (tonight, told, language)
MOVED_TONIGHT_OR_BEFORE: list[tuple[str, str, str]] = [
    ("lcapo ghadi ydiwna l ferma khra f lil", "simana li fatet lcapo daz bina l ferma khra f lil, daba ana f jam3iya", "ary"),
]


@pytest.mark.parametrize("tonight, told, language", MOVED_TONIGHT_OR_BEFORE)
def test_moved_tonight_is_urgent_last_week_is_not(tonight: str, told: str, language: str) -> None:
    assert assess_risk(tonight, language, None, 0.0).priority == "urgent", tonight
    past = assess_risk(told, language, "disclose_exploitation", 0.6)
    assert past.escalate and past.priority != "urgent", (told, past)


# Years spent with the employers are no age; a girl's age is. (a stay, an age, language)
STAY_OR_AGE: list[tuple[str, str, str]] = [
    ("عندي 5 سنين عندهم وكلشي مزيان", "عندي 15 عام وكنخدم عندهم", "ary"),
    ("3ndi 4 snin 3ndhom o kolchi mzyan", "3ndi 14 3am o kankhdem 3ndhom", "ary"),
]


@pytest.mark.parametrize("stay, age, language", STAY_OR_AGE)
def test_time_with_the_employers_is_no_age(stay: str, age: str, language: str) -> None:
    assert "minor" not in assess_risk(stay, language, None, 0.0).indicators, stay
    assert "minor" in assess_risk(age, language, None, 0.0).indicators, age


# Calm: a question on the law about a child, a child's schooling, the prison term, a friend about to start work, and
# jokes whose cause is a song, a teacher or homework. (calm message, language, what the classifier guessed, confidence)
CALM: list[tuple[str, str, str | None, float]] = [
    ("هل يجوز تشغيل فتاة عمرها اثنا عشر عاما في مقهى؟", "ar", "ask_rights", 0.9),
    ("واش بنت عندها 9 سنين بلا وراق تقدر تقرا ف طنجة؟", "ary", "ask_rights", 0.6),
    ("wach drri 3ndo 10 snin bla papiers y9der y9ra f rabat?", "ary", "ask_rights", 0.6),
    ("شحال ديال الحبس كياخد اللي كيشد الباسبور ديال الخدامة؟", "ary", "disclose_exploitation", 0.6),
    ("ch7al d l7bs kayakhed li kaychedd lwra9 dyal khddama?", "ary", "disclose_exploitation", 0.6),
    ("أخي سيعمل في ورشة بناء في أكادير، ما هي حقوقه؟", "ar", "disclose_exploitation", 0.6),
    ("إذا شغلوا تلك الأغنية مرة أخرى سأرمي نفسي من النافذة ههههه", "ar", "out_of_scope", 0.8),
    ("الا عطاتنا الاستاذة التمارين عاوتاني غادي نلوح راسي من السطح ههههه", "ary", "out_of_scope", 0.8),
    ("ila zadna ldevoir ghadi nlo7 rasi mn sta7 hhhh", "ary", "out_of_scope", 0.8),
]


@pytest.mark.parametrize("text, language, intent, confidence", CALM)
def test_stays_calm(text: str, language: str, intent: str | None, confidence: float) -> None:
    stays_calm(text, language, intent, confidence)


# The same words told, not asked or joked: they escalate. (told, language)
TOLD: list[tuple[str, str]] = [
    ("أختي تعمل مربية في طنجة والكفيل أخذ جوازها", "ar"),
    ("سأرمي نفسي من النافذة الليلة، لم أعد أحتمل", "ar"),
    ("ghadi nlo7 rasi mn sta7 daba, 3yit", "ary"),
]


@pytest.mark.parametrize("text, language", TOLD)
def test_told_escalates(text: str, language: str) -> None:
    escalates_when_told(text, language, "normal")
