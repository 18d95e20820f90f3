"""Risk rules after the dev_v13 round (evaluation/dev_v13, issue 10: Arabic-script and Darija recall and urgent recall,
measured for carry-over on its twin check_v13). Mechanisms: a threat of harm said for tonight or now is danger
(assess.py threat_now), the same threat without a time is a disclosure; a glued "و" opens a clause, so a negation
before it does not deny the cue it starts ("ولا أتكلم لغتهم وممنوع علي الحديث"); the Darija verb "to work" in Latin
letters read by its skeleton ("tkhdmha", "nkhedmha": a journey worked off); carried off to another place or in a
vehicle; a child taken by a stranger in a car, not by a parent; no food since yesterday beside being locked in; "I
don't want to be here tomorrow"; a child of 14 made to carry loads; the key kept by the boss; the contract that is
not the one signed. Contrast pairs both ways; the messages are written for this test, apart from dev_v13's lines,
never from check_v13 or a blind set.

Rules only, as in tests/nlu/risk/test_dev_v10.py.
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
    # A threat of harm for tonight; the same "you'll see" about a match.
    ("المعلم قال لي الليلة سترين ما سأفعله بك", "المعلم قال لي الليلة سترين المباراة معنا", "ar", "urgent"),
    ("lpatron gal lia lyouma ghadi tchoufi ach ghadi ndir fik", "lpatron gal lia lyouma ghadi tchoufi match m3ana",
     "ary", "urgent"),
    ("الباطرون قال ليا الليلة غادي تشوفي اش غادي ندير فيك", "الباطرون قال ليا الليلة غادي تشوفي الماتش معانا",
     "ary", "urgent"),
    # Carried off with the girls to another place; the boxes taken to another place.
    ("الرجال سيأتون غدا لتأخذ السيارة الفتيات إلى مكان آخر", "الرجال سيأتون غدا ليأخذوا الصناديق إلى مكان آخر",
     "ar", "urgent"),
    ("جاو باش ياخدو البنات لدار اخرى", "جاو باش ياخدو الصناديق لدار اخرى", "ary", "normal"),
    # Taken in a car by strangers; went in the car to the market.
    ("نقلونا في شاحنة من وجدة ولا نعرف الى اين", "ذهبنا في شاحنة من وجدة الى السوق", "ar", "normal"),
    ("hazouna f camion mn oujda", "mchina f camion mn oujda l souk", "ary", "normal"),
    # Carried off by "them", by the verb's form (past or present, with "us" or "me"); "we took" is no one's doing.
    ("حملوني في سيارة من طنجة", "حملنا في سيارة من طنجة الخبز", "ar", "normal"),
    ("سيرحلوننا الى ضيعة اخرى", "سنرحل الى ضيعة اخرى مع العائلة", "ar", "normal"),
    ("كيهزوني كل صباح لشي فيرمة اخرى", "كنمشي كل صباح لشي فيرمة اخرى", "ary", "normal"),
    # A little sister taken by a man in a car; taken by her father in the car.
    ("ختي الصغيرة هزها واحد الراجل فطوموبيل كحلة", "ختي الصغيرة هزها بابا فطوموبيل كحلة", "ary", "urgent"),
    ("khti sghira hezha wa7d rajel f tomobil k7la", "khti sghira hezha baba f tomobil k7la", "ary", "urgent"),
    ("ابنتي الصغيرة أخذها رجل غريب في سيارة", "ابنتي الصغيرة أخذها أبوها في سيارة", "ar", "urgent"),
    # The journey worked off; the journey paid by a cousin.
    ("galo lia lbateau dyal 30 alf khassek tkhedmha", "galo lia lbateau dyal 30 alf khlsou wld 3mmi", "ary", "normal"),
    ("قالو ليا الطريق ديال عشرين الف خاصك تخدمها", "قالو ليا الطريق ديال عشرين الف خلصها ولد عمي", "ary",
     "normal"),
    # "I don't want to be here tomorrow" after a letter; "I want to be here tomorrow" for an appointment.
    ("كتبت لخويا بريا و ما بغيتش نكون هنا غدا", "كتبت لخويا بريا و بغيت نكون هنا غدا نتسناه", "ary", "urgent"),
    ("kteb lia bra l khti w mabghitch nkoun hna ghedda", "kteb lia bra l khti w bghit nkoun hna ghedda nstnaha",
     "ary", "urgent"),
    ("تركت رسالة لأختي ولم أعد أريد أن أكون هنا غدا", "تركت رسالة لأختي وأريد أن أكون هنا غدا لأستقبلها", "ar",
     "urgent"),
    # A son of 14 made to carry loads; a son of 14 who goes to school alone. Urgent only beside another sign or a
    # disclosure guess (assess.py child_at_risk): the rules alone give normal.
    ("ولدي عندو 14 عام و كيخليوه يهز الصناديق", "ولدي عندو 14 عام و كيمشي للمدرسة بوحدو", "ary", "normal"),
    ("ابني عمره 13 ويجبرونه على حمل الصناديق", "ابني عمره 13 ويذهب إلى المدرسة وحده", "ar", "normal"),
    # The key always with the boss; the key of my own room with me.
    ("الساروت ديما عند الباطرون و حنا داخل", "الساروت ديما عندي فالجيب", "ary", "normal"),
    # The work is not the one of the contract; a question about a contract.
    ("lcontrat li sinit machi hiya li hna", "bghit n3rf chno khass f lcontrat", "ary", "normal"),
]


@pytest.mark.parametrize("alarm, calm, language, priority", ESCALATE_OR_CALM)
def test_escalate_or_calm(alarm: str, calm: str, language: str, priority: str) -> None:
    escalates_with_priority_or_stays_calm(alarm, calm, language, priority)


# Locked in without food since yesterday is danger now; locked in and fed is a disclosure, not urgent.
# (now, told, language)
LOCKED_HUNGRY_OR_FED: list[tuple[str, str, str]] = [
    ("سدو علينا الباب و ما كاين حتى ماكلة من البارح", "سدو علينا الباب و كيجيبو لينا الماكلة كل نهار", "ary"),
    ("sddo 3lina lbab w makayn 7ta makla mn lbar7", "sddo 3lina lbab w kayjibo lina lmakla kol nhar", "ary"),
]


@pytest.mark.parametrize("now, told, language", LOCKED_HUNGRY_OR_FED)
def test_locked_in_without_food_since_yesterday_is_urgent(now: str, told: str, language: str) -> None:
    locked_in_urgent_now_told_otherwise(now, told, language)


# A threat of harm is danger when it is for tonight or now; the same threat without a time, or as a habit, is a
# disclosure (threats), not urgent. (now, without a time, language)
THREAT_NOW_OR_NOT: list[tuple[str, str, str]] = [
    ("he texted me: tonight you will see what I do to you", "he always says you will see what I do to you", "en"),
    ("il m'a dit ce soir tu vas voir ce que je vais te faire", "il répète tu vas voir ce que je vais te faire", "fr"),
    ("قال لي الليلة سترى ما سأفعله بك", "يقول لي دائما سترى ما سأفعله بك", "ar"),
    ("gal lia daba ghadi tchouf ach ghadi ndir fik", "kaygoul lia ghadi tchouf ach ghadi ndir fik", "ary"),
]


@pytest.mark.parametrize("now, later, language", THREAT_NOW_OR_NOT)
def test_a_threat_of_harm_is_danger_only_for_now(now: str, later: str, language: str) -> None:
    urgent = assess_risk(now, language, None, 0.0)
    assert urgent.priority == "urgent" and urgent.danger, (now, urgent)
    told = assess_risk(later, language, None, 0.0)
    assert told.escalate and not told.danger and "intimidation_threats" in told.indicators, (later, told)


# A glued "و" starts a clause: the negation before it stays in the clause before. A negation in the clause of the cue
# still denies it. (told after a negated clause, denied, language)
GLUED_AND: list[tuple[str, str, str]] = [
    ("لا أعرف أحدا هنا وممنوع علي الحديث مع الجيران", "لا، ليس ممنوعا علي الحديث مع الجيران", "ar"),
]


@pytest.mark.parametrize("told, denied, language", GLUED_AND)
def test_a_glued_and_ends_the_negation_before_it(told: str, denied: str, language: str) -> None:
    assert assess_risk(told, language, None, 0.0).escalate, told
    assert not assess_risk(denied, language, None, 0.0).escalate, denied
