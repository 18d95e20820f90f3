"""Risk rules found with evaluation/conversations_dev_v13 (issue 11, MSA): being followed told as a habit ("whenever
I leave work") is a safety question, not danger now; someone else put into a vehicle now (a little brother "taken in
a car now") is danger, a box or an ambulance is not. Contrast pairs both ways, written for this test (not the set's
lines). Rules only, as in tests/nlu/risk/test_dev_v11.py.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk


@pytest.mark.parametrize(("habit", "now", "intent"), [
    ("أعتقد أن شخصا يلاحقني كلما غادرت المصنع", "شخص يلاحقني الآن وأنا في الشارع", "ask_safety"),
    ("رجل يتبعني دائما حين أعود من السوق", "رجل يتبعني الآن ساعدوني", "ask_safety"),
    ("جاري يلحقني كل مرة أخرج فيها", "جاري يلحقني الآن", "ask_safety"),
])
def test_followed_as_a_habit_is_no_danger_now(habit: str, now: str, intent: str) -> None:
    calm = assess_risk(habit, "ar", intent, 0.9)
    assert not calm.danger and calm.priority == "none"
    urgent = assess_risk(now, "ar", intent, 0.9)
    assert urgent.danger and urgent.priority == "urgent"


@pytest.mark.parametrize(("someone", "something"), [
    ("ابن أختي عمره ٨ سنوات أدخلوه في سيارة الآن", "الصناديق أدخلوها في سيارة الآن"),
    ("بنت الجيران الصغيرة أركبوها في شاحنة الآن", "الأكياس وضعناها في شاحنة الآن"),
])
def test_someone_put_into_a_vehicle_now_is_danger(someone: str, something: str) -> None:
    urgent = assess_risk(someone, "ar", "immediate_danger", 0.6)
    assert urgent.danger and urgent.priority == "urgent"
    calm = assess_risk(something, "ar", "out_of_scope", 0.6)
    assert not calm.danger and not calm.escalate


def test_taken_in_an_ambulance_is_care_not_a_transfer() -> None:
    care = assess_risk("أخي أخذوه في سيارة الإسعاف إلى المستشفى أمس", "ar", "ask_health", 0.8)
    assert not care.escalate
    moved = assess_risk("أخي أخذوه في سيارة إلى مدينة أخرى أمس", "ar", "disclose_exploitation", 0.6)
    assert moved.escalate and "restriction_of_movement" in moved.indicators and not moved.danger
