"""Risk rules after the dev_v16 round in English and French (evaluation/dev_v16, which was blind_v4; issue 10).
Mechanisms: French elisions typed without the apostrophe ("il m a enfermee") read as written with it; being shut
in a place (a new internal label, `confinement`) told as so now in the same sentence ("now", "since yesterday",
"maintenant": a new framing kind, `present`) is danger now, but not when over, a habit or asked about; being moved
as a habit beside "I don't know where" is a disclosure, not an emergency.
Contrast pairs both ways; the messages are written for this test (variants of dev_v16's kinds), never from a
measuring set.

Rules only, as in tests/nlu/risk/test_dev_v10.py.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk
from bot.nlu.risk.elision import restore_elisions


@pytest.mark.parametrize("typed, read", [
    ("il m a enfermee", "il m'a enfermee"),
    ("j ai plus de telephone", "j'ai plus de telephone"),
    ("l homme qu il connait", "l'homme qu'il connait"),
    ("personne n a rien dit", "personne n'a rien dit"),
    # Not elisions: a word that only ends in the letter, a unit after a number, a consonant after the letter.
    ("il fm a la radio", "il fm a la radio"),
    ("il y a 3 j avant", "il y a 3 j avant"),
    ("c bon", "c bon"),
])
def test_elisions_typed_without_apostrophe_are_restored(typed: str, read: str) -> None:
    assert restore_elisions(typed) == read
    assert len(restore_elisions(typed)) == len(typed)


@pytest.mark.parametrize("told, denied", [
    ("le patron m a frappee hier soir", "personne m a frappee, je suis tombee dans l escalier"),
    ("la patronne m a confisque mon passeport", "personne m a confisque mon passeport, je l ai perdu"),
])
def test_french_without_apostrophes_is_read_like_french_with_them(told: str, denied: str) -> None:
    assert assess_risk(told, "fr", None, 0.0).escalate, told
    assert not assess_risk(denied, "fr", None, 0.0).escalate, denied


@pytest.mark.parametrize("now, over, language", [
    ("the manager locked us inside the packing shed and left with the key, we are four women here now",
     "the manager locked us inside the packing shed last month, we were four women", "en"),
    ("i am locked in the storeroom since this morning, they took my phone",
     "they used to lock me in the storeroom when guests came, last year", "en"),
    ("la patronne nous enferme dans la cuisine, la porte est fermee a cle maintenant",
     "avant la patronne nous enfermait dans la cuisine, maintenant je travaille ailleurs", "fr"),
    ("je suis enfermee dans la chambre depuis hier soir",
     "il m'enferme dans la chambre quand il sort, je peux faire quoi maintenant ?", "fr"),
])
def test_shut_in_now_is_urgent_shut_in_before_is_a_disclosure(now: str, over: str, language: str) -> None:
    urgent = assess_risk(now, language, None, 0.0)
    assert urgent.priority == "urgent" and "restriction_of_movement" in urgent.indicators, (now, urgent)
    told = assess_risk(over, language, None, 0.0)
    assert told.escalate and told.priority != "urgent", (over, told)


@pytest.mark.parametrize("text, language", [
    ("ils nous font changer de ferme tout le temps, maintenant je sais plus ou je suis", "fr"),
])
def test_moved_as_a_habit_without_knowing_where_is_a_disclosure(text: str, language: str) -> None:
    risk = assess_risk(text, language, None, 0.0)
    assert risk.escalate and risk.priority != "urgent", (text, risk)
