"""Risk rules after the dev_v14 round (evaluation/dev_v14, issue 10: danger now told without the words, urgent
priority, in all five forms; measured for carry-over on its twin check_v14). Mechanisms: violence that "does not
stop" is going on now (the negation is part of the cue, not a denial); self-harm and medical emergencies told
indirectly (all the pills swallowed, goodbye written and "tonight it all ends", nobody will miss me, foam at the
mouth, fell and doesn't answer). Contrast pairs both ways; the messages are written for this test, apart from
dev_v14's lines, never from check_v14 or a blind set.

Rules only, as in tests/nlu/risk/test_dev_v10.py.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk
from tests.nlu.risk.test_dev_v10 import test_escalate_or_calm as escalates_with_priority_or_stays_calm

# (urgent message, calm message with most of the same words, language)
URGENT_OR_CALM: list[tuple[str, str, str]] = [
    # Fell and doesn't answer; fell and is fine.
    ("my uncle fell off the roof and doesnt answer me", "my uncle fell off the roof last year, he is fine", "en"),
    ("خالتي طاحت فالكوزينة وما كتجاوبش", "خالتي طاحت فالكوزينة وضحكات", "ary"),
    ("khalti ta7t f cuisine o ma katjawbch", "khalti ta7t f cuisine o d7kat", "ary"),
    # Foam at the mouth; milk or coffee froth on the mouth.
    ("mon voisin a de la mousse à la bouche et il tremble", "j'ai de la mousse de cappuccino partout sur ma bouche",
     "fr"),
    ("زميلي يرتجف والرغوة تخرج من فمه", "زميلي يضحك والقهوة تخرج من فمه", "ar"),
    ("صاحبي كيترعد والكشكوشة خارجة من فمو", "صاحبي كيضحك والقهوة خارجة من فمو", "ary"),
    # All the pills swallowed; one pill as the doctor said.
    ("ابتلعت كل الاقراص التي وجدتها في المطبخ", "ابتلعت قرصا واحدا كما قال الطبيب", "ar"),
    ("كليت الدوا كامل لي لقيت فالدار", "كليت الحلوة كاملة لي لقيت فالدار", "ary"),
    ("chrbt ldwa kaml li l9it f dar", "chrbt lma kaml li l9it f dar", "ary"),
    # Goodbye written and everything ends tonight; goodbye said and a trip tonight.
    ("i said goodbye to my sister, tonight everything ends", "i said goodbye to my sister, tonight i fly to dakar",
     "en"),
    ("j'ai dit adieu à ma soeur, ce soir tout se termine", "j'ai dit adieu à ma soeur, ce soir je dors à rabat", "fr"),
    ("كتبت رسالة وداع لامي الليلة ينتهي كل شيء", "كتبت رسالة وداع لصديقي الليلة يسافر الى اسبانيا", "ar"),
    ("ktbt bslama l mmi lila kolchi ghadi ysali", "ktbt bslama l mmi lila ghadi nsafer", "ary"),
    # Nobody will miss me; nobody will regret this film.
    ("je suis fatiguée, personne va me regretter", "ce film est nul, personne va le regretter", "fr"),
    ("7ta wa7ed ma ghadi yt7echni f had denya", "7ta wa7ed ma ghadi y3ref had lma3louma", "ary"),
]

# (violence going on: urgent, the same violence stopped or told as past: not urgent, language)
GOING_ON_OR_STOPPED: list[tuple[str, str, str]] = [
    ("my husband wont stop beating us, the kids are crying", "my husband stopped drinking and we are fine", "en"),
    ("il arrête pas de nous frapper depuis midi", "il a arrêté de nous parler depuis midi", "fr"),
    ("لا يتوقف عن ضربنا منذ ساعة", "لا يتوقف عن الكلام منذ ساعة", "ar"),
    ("من الصباح وهو كيضربنا حنا والدراري", "من الصباح وهو كيخدم حنا والدراري", "ary"),
    ("mn sba7 o howa kaydrbna", "mn sba7 o howa kaykhdem", "ary"),
]


@pytest.mark.parametrize("alarm, calm, language", URGENT_OR_CALM)
def test_told_indirectly_is_urgent(alarm: str, calm: str, language: str) -> None:
    escalates_with_priority_or_stays_calm(alarm, calm, language, "urgent")


@pytest.mark.parametrize("going_on, calm, language", GOING_ON_OR_STOPPED)
def test_violence_that_does_not_stop_is_danger_now(going_on: str, calm: str, language: str) -> None:
    urgent = assess_risk(going_on, language, None, 0.0)
    assert urgent.priority == "urgent" and urgent.danger, (going_on, urgent)
    assert assess_risk(calm, language, None, 0.0).priority != "urgent"
