"""Darija in Arabic script, issue 10 (dev_v3): one row per class of fix made in bot/nlu/risk/patterns/ary.yml, in
both directions. The messages are written for this table (none is a line of a development or measuring set).

Each calm row is also run with the classifier confused the way it was on new messages (disclosure or danger read
with confidence into an advert, a "what if", a warning for others, a denial or a joke): the framing must cancel it.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk

# (text, priority expected, indicators that must be among those found); the classifier says nothing (None, 0.0).
ESCALATE: list[tuple[str, str, frozenset[str]]] = [
    # A threat reported as it was said, to "you": danger now.
    ("الشاف قال ليا الى رجعتي تطالب بالخلصة غادي نرميك فالواد", "urgent", frozenset({"intimidation_threats"})),
    ("كتقول ليا كل نهار غادي نحرقك بالزيت", "urgent", frozenset({"intimidation_threats"})),
    # Someone brought in to beat the writer.
    ("الباطرون قال غادي يجيب صحابو يضربوني الليلة", "urgent", frozenset({"intimidation_threats"})),
    # Locked in, said as a state; with no food, urgent.
    ("سادين علينا فالكاراج بلا ماكلة من الصباح", "urgent", frozenset({"restriction_of_movement"})),
    ("المدام كتسد عليا ملي كتخرج للخدمة", "normal", frozenset({"restriction_of_movement"})),
    ("ما كنخرج غير مع ولد المدام", "normal", frozenset({"restriction_of_movement"})),
    ("كيسدو علينا بالساروت فالبراكة ديال الضيعة", "normal", frozenset({"restriction_of_movement"})),
    ("المعلم قال ليا غيذبحني الى عاودت طلبت الفلوس", "urgent", frozenset({"intimidation_threats"})),
    # Documents hidden, wages paid in food, being sent to men.
    ("مولات الدار مخبية ليا الجواز فالماريو", "normal", frozenset({"retention_of_documents"})),
    ("الشاف كيعطيني غير الماكلة هادي ستة شهور", "normal", frozenset({"withholding_of_wages"})),
    ("كل ليلة كيصيفطوني عند رجال فالفنادق", "high", frozenset({"sexual_exploitation"})),
    # Rat poison: the writer (self-harm) or someone else (a medical emergency).
    ("ما بقا عندي علاش نعيش من بعد هادشي", "urgent", frozenset({"self_harm"})),
    ("غادي نبلع السم ديال الطوبة الليلة ما بقيت قادرة", "urgent", frozenset({"self_harm"})),
    ("بغيت نتهنى من هاد الدنيا كاملة", "urgent", frozenset({"self_harm"})),
    ("صاحبتي بلعات سم الفار و كتغوت من كرشها", "urgent", frozenset()),
    # An advert told as the start of the writer's story is no forward: the story counts.
    ("شفت واحد الاعلان مطلوب خدامات التسجيل فابور و مشيت و دابا شادين ليا الباسبور", "normal",
     frozenset({"retention_of_documents"})),
    # "If I leave he kills me" is a threat, not a hypothesis, even with "one day" in it.
    ("قال ليا ايلا شي نهار هربتي غادي نقتلك", "urgent", frozenset({"intimidation_threats"})),
    # A journey told, not imagined: "if I go to Spain" in a story with no question.
    ("قلت ايلا مشيت لاسبانيا نعاون الواليدين و ملي وصلت خداو ليا الباسبور", "normal",
     frozenset({"retention_of_documents"})),
]

# (text, intent the classifier may wrongly guess, its confidence): nothing escalates.
CALM: list[tuple[str, str, float]] = [
    # Forwarded adverts (two hints: "wanted", "contact us", "registration", "share"...).
    ("مطلوب خدامات فالفنادق ديال دبي الراتب مغري راسلونا فالخاص", "disclose_exploitation", 0.95),
    ("عاجل فرص عمل فالمانيا التسجيل مفتوح بارطاجي مع صحابك", "disclose_exploitation", 0.95),
    ("شركة كتقلب على شباب يخدمو فالبواخر الواجب 3000 درهم فقط", "disclose_exploitation", 0.95),
    # "What if", asked.
    ("ايلا خدمت فقطر و الكفيل شد ليا الجواز شكون يعاوني", "disclose_exploitation", 0.9),
    ("لو كان الباطرون ما خلصنيش واش نقدر نمشي للمحكمة", "disclose_exploitation", 0.9),
    ("ايلا شي نهار الكفيل خبا ليا الوراق شنو ندير", "disclose_exploitation", 0.9),
    ("ايلا الباطرون شد ليا الباسبور واش نقدر نشكي", "disclose_exploitation", 0.9),
    ("فرضا المدام ما عطاتنيش الوراق", "disclose_exploitation", 0.9),
    # Warning or teaching others.
    ("بغينا نوعيو البنات فالثانوية على العروض ديال الموديل فالخارج", "disclose_exploitation", 0.9),
    ("كيفاش نحذر خويا من السماسرة اللي كيطلبو الفلوس على الكونطرا", "disclose_exploitation", 0.9),
    ("شنو هي العلامات ديال شي وكالة نصابة", "disclose_exploitation", 0.9),
    # Denials and reassurance.
    ("الباب ما كيتسدش علينا و كنخرجو عادي فالعشية", "disclose_exploitation", 0.9),
    ("لا ماحدش شد ليا الباسبور", "disclose_exploitation", 0.9),
    ("والو الباطرون خلصني كامل هاد الشهر", "disclose_exploitation", 0.9),
    ("ماكاين حتى مشكل الخدمة مزيانة بغيت غير نعرف فين كاين السبيطار", "disclose_exploitation", 0.9),
    ("ما مقفول عليا والو كنخرج كل نهار للسوق", "disclose_exploitation", 0.9),
    # Jokes and figures of speech.
    ("هاد الامتحان غادي يقتلني غادي نشرب دوا الفيران هههه", "immediate_danger", 0.95),
    # Everyday words near the new cues.
    ("والله حتى نقتلك الى ما جيتيش للعرس", "out_of_scope", 0.9),
    ("غادي نشري دوا الطوبة للفيران اللي فالكراج", "out_of_scope", 0.9),
    ("شربت الدوا ديال الراس و نعست", "out_of_scope", 0.9),
    ("خويا سافر لاسبانيا و خدام مزيان الحمد لله", "out_of_scope", 0.9),
]


def short(value: object) -> str:
    return str(value)[:40]


@pytest.mark.parametrize("text, priority, indicators", ESCALATE, ids=short)
def test_escalates_on_the_rules_alone(text: str, priority: str, indicators: frozenset[str]) -> None:
    assessment = assess_risk(text, "ary", None, 0.0)
    assert assessment.escalate, assessment
    assert assessment.priority == priority, assessment
    assert indicators <= set(assessment.indicators), assessment


@pytest.mark.parametrize("text, intent, confidence", CALM, ids=short)
def test_stays_calm_even_with_a_confused_classifier(text: str, intent: str, confidence: float) -> None:
    assert not assess_risk(text, "ary", None, 0.0).escalate
    assessment = assess_risk(text, "ary", intent, confidence)
    assert not assessment.escalate, assessment
    assert assessment.priority == "none", assessment
