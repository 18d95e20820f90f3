"""Risk rules after the dev_v16 round in Arabic and Darija (evaluation/dev_v16 files ar, ary_arabic, ary_latin; issue
10: urgent recall, missed disclosures, jokes). Mechanisms: shut in by others at this very moment ("now", not "tonight"
or "at night") is danger (assess.py held_now, the "confined" label and the "present" frame); men lying in wait for the
writer; in a car with him and scared; a relative not back since this morning; shut in since yesterday, or with no
water nor food; "nl7 rasi" and "I'm on the roof, I'll jump"; a threat told as "he said if I run away..."; asking leave
to go out; no phone of one's own; "someone write to me"; "will they deport me?" asked; a child who wants a holiday job;
a parent shutting the writer in until a chore is done; the laugh after a pause ("I'm locked in... in the family group
😂") and its trivial cause (a chat group, the remote, the teacher); "last year" tells what is over.
Contrast pairs both ways; the messages are written for this test, apart from dev_v16's lines, never from a check or
blind set. Rules only, as in tests/nlu/risk/test_dev_v10.py.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk
from tests.nlu.risk.test_dev_v10 import test_escalate_or_calm as escalates_with_priority_or_stays_calm
from tests.nlu.risk.test_dev_v10 import (
    test_locked_in_without_food_now_is_urgent as locked_in_urgent_now_told_otherwise,
)

# (message that escalates with this priority, calm message with most of the same words, language, priority)
ESCALATE_OR_CALM: list[tuple[str, str, str, str]] = [
    # Men lying in wait for the writer; a friend waiting.
    ("جوج رجال كيتسناوني تحت الدار", "ختي كتسناني تحت الدار", "ary", "urgent"),
    ("kaynin rjal f tomobil kaytsnawni 9dam lkhedma", "kayna sa7bti f tomobil katsnani 9dam lkhedma", "ary", "urgent"),
    ("رجال غرباء ينتظرونني عند باب المصنع", "صديقتي تنتظرني عند باب المصنع", "ar", "urgent"),
    # Throwing oneself from a height; throwing the rubbish.
    ("ana 3la sta7 ghadi nl7 rasi", "ana 3la sta7 ghadi nl7 zbel", "ary", "urgent"),
    ("أنا فوق الجسر، سأقفز", "أنا فوق الجسر، سأعبر إلى الضفة الأخرى", "ar", "urgent"),
    ("لا فائدة من حياتي بعد اليوم", "لا فائدة من هذا الدواء بعد اليوم", "ar", "urgent"),
    # In a car with him and scared; in a car with him and happy.
    ("rani f tomobil m3ah daba o khayfa bzaf", "rani f tomobil m3ah daba o far7ana bzaf", "ary", "urgent"),
    # A relative not back since this morning; back since this morning.
    ("ابنتي لم ترجع من السوق منذ الصباح", "ابنتي رجعت من السوق منذ الصباح", "ar", "urgent"),
    # Shut in since yesterday; the shop shut since yesterday.
    ("أغلق علي المخزن منذ أمس", "أغلق المخزن منذ أمس ولم يفتح", "ar", "urgent"),
    # A threat if one runs away; a promise if one succeeds.
    ("9al lia ila hrbti ghadi y7r9 dar mok", "9al lia ila nje7ti ghadi yjib lik cadeau", "ary", "normal"),
    ("قال لي إن أهلي سيدفعون الثمن إذا هربت", "قال لي إن أهلي سيفرحون إذا نجحت", "ar", "normal"),
    # Photos sent to the family as a threat, in the singular.
    ("lmadame 9alt ghadi ysift tsawri l familti", "lmadame 9alt ghadi tsift lia tsawer dyal l3ors", "ary", "normal"),
    # Leave asked to go out; to take a day off.
    ("khasni nstadn mn lmadame bach nkhrej", "bghit n3ref wach khasni contrat bach nkhdem", "ary", "normal"),
    ("هل من الطبيعي ألا يسمح لي بالخروج وحدي؟", "هل من الطبيعي ألا يسمح لي بالسؤال عن الراتب؟", "ar", "normal"),
    ("يجب أن أستأذن الكفيل للخروج", "يجب أن أسأل الكفيل عن العقد", "ar", "normal"),
    # No phone of one's own; no time of one's own.
    ("لا أملك هاتفا وأكتب من هاتف جارتي", "لا أملك وقتا وأكتب من هاتف جارتي", "ar", "normal"),
    # Moved from farm to farm; moving from farm to farm by oneself.
    ("ينقلوننا كل شهر من مزرعة إلى أخرى", "ننتقل كل شهر من مزرعة إلى أخرى للعمل", "ar", "normal"),
]


@pytest.mark.parametrize("alarm, calm, language, priority", ESCALATE_OR_CALM)
def test_escalate_or_calm(alarm: str, calm: str, language: str, priority: str) -> None:
    escalates_with_priority_or_stays_calm(alarm, calm, language, priority)


# Shut in by others at this very moment is danger; the same at night or as a habit is a disclosure, not urgent.
# (now, at night or every night, language)
SHUT_IN_NOW_OR_AT_NIGHT: list[tuple[str, str, str]] = [
    ("نحن محبوسون في المخزن الآن، أغلقوا الباب من الخارج", "يقفلون علينا باب المخزن في الليل", "ar"),
    ("حنا مسدودين فالكاراج دابا والشاف مشا", "كان الشاف كيسد علينا الكاراج كل ليلة", "ary"),
    ("ana m7bousa f dar daba, sdo 3lia lbab", "kano kaysdo 3lia lbab kol lila f dar", "ary"),
]


@pytest.mark.parametrize("now, at_night, language", SHUT_IN_NOW_OR_AT_NIGHT)
def test_shut_in_at_this_moment_is_urgent(now: str, at_night: str, language: str) -> None:
    locked_in_urgent_now_told_otherwise(now, at_night, language)


def test_shut_in_last_year_is_over_even_beside_now() -> None:
    told = assess_risk("الشاف كان كيقفل علينا البيت فالليل عام الفايت، دابا بدلت الخدمة", "ary", None, 0.0)
    assert told.escalate and told.priority != "urgent", told


# A request for a person in words no intent needs: "someone write to me". (request, not a request, language)
SOMEONE_WRITE_TO_ME: list[tuple[str, str, str]] = [
    ("3afak chi wa7d ykteb lia, ma n9derch nhder", "chi wa7d kteb lia f facebook 3la lkhedma", "ary"),
    ("هل يمكن أن يكتب لي أحد الموظفين؟", "هل يمكن أن أكتب لكم بالفرنسية؟", "ar"),
]


@pytest.mark.parametrize("asked, other, language", SOMEONE_WRITE_TO_ME)
def test_someone_write_to_me_asks_for_a_person(asked: str, other: str, language: str) -> None:
    request = assess_risk(asked, language, None, 0.0)
    assert request.person_asked and request.escalate, (asked, request)
    assert not assess_risk(other, language, None, 0.0).person_asked, other


# Calm: a question about being deported, a child's wished-for holiday job, a parent's chore, a joke after a pause.
# (calm message, language, what the classifier guessed, its confidence)
CALM: list[tuple[str, str, str | None, float]] = [
    ("إذا ذهبت إلى المستشفى بدون إقامة، هل سيرحلونني؟", "ar", "ask_rights", 0.8),
    ("الى مشيت نسجل ولدي فالمدرسة وانا بلا وراق، واش غادي يرحلوني؟", "ary", "ask_rights", 0.8),
    ("ولدي عندو 14 عام بغا يخدم مع عمو فالعطلة، واش مسموح؟", "ary", "ask_rights", 0.8),
    ("bnti 3ndha 15 3am bghat tkhdem f sif m3a khalto, wach 3adi?", "ary", "ask_rights", 0.8),
    ("mmi sddat 3lia f dar 7ta nsali lmwa3n", "ary", "out_of_scope", 0.8),
    ("عتقوني راني محبوس... فالكروب ديال الخدمة 😂😂", "ary", "out_of_scope", 0.8),
    ("3t9ouni rani m7bous... f lgroupe dyal l3a2ila hhhh", "ary", "out_of_scope", 0.8),
    ("النجدة أنا محبوسة... في مجموعة العائلة 😂", "ar", "out_of_scope", 0.8),
    ("mrati chddat lia telecommande, rani m7bous f dar 😂", "ary", "out_of_scope", 0.8),
    ("had lprof ghadi nl7 rasi mn sta7 bsbabo hhhh 😂", "ary", "out_of_scope", 0.8),
]


@pytest.mark.parametrize("text, language, intent, confidence", CALM)
def test_stays_calm(text: str, language: str, intent: str | None, confidence: float) -> None:
    quiet = assess_risk(text, language, intent, confidence)
    assert not quiet.escalate and quiet.priority == "none", (text, quiet)


# The same words told, not asked or joked: they escalate.
# (told, language, priority)
TOLD: list[tuple[str, str, str]] = [
    ("الكفيل قال لي إذا ذهبت إلى الشرطة سيرحلونني", "ar", "normal"),
    ("عتقوني راني محبوس فالدار، الباطرون سد عليا", "ary", "normal"),
    ("ولدي عندو 14 عام و كيخدم عند واحد الميكانيسيان نهار كامل", "ary", "normal"),
]


@pytest.mark.parametrize("text, language, priority", TOLD)
def test_told_escalates(text: str, language: str, priority: str) -> None:
    told = assess_risk(text, language, None, 0.0)
    assert told.escalate, (text, told)
