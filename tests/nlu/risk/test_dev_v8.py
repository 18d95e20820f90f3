"""Risk rules after the dev_v8 round (evaluation/dev_v8, issue 10): danger now told in indirect words. Two rules for
every language rather than one pattern per phrasing: a grave indicator (locked in, violence, a threat) beside the
state of a person now (the "peril" frame: screaming, bleeding, swollen, can't breathe, he is downstairs, I hear them)
is urgent, the same indicator without it is a normal disclosure; being moved is not urgent when the message says it is
over ("last week"). Contrast pairs both ways, in every language and both Darija scripts. The messages are written for
this test, not taken from the development set.

Rules only, as in tests/nlu/risk/test_dev_v7.py.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk

# (now: must be urgent, told: must escalate but not be urgent, language)
URGENT_OR_NORMAL: list[tuple[str, str, str]] = [
    # Locked in, and the person is in a bad state now / the same fact as a habit.
    ("she locked us in the storeroom and the little one is screaming",
     "she locks us in the storeroom when she goes to the market", "en"),
    ("il nous a enfermées dans la chambre, ma copine saigne du nez",
     "il nous enferme dans la chambre quand il part au marché", "fr"),
    ("أقفلوا علينا في المخزن وصديقتي تنزف", "يقفل علينا الباب عندما يذهب إلى السوق", "ar"),
    ("سدو علينا فالبيت وصاحبتي كتغوت", "كيسد علينا الباب بالساروت ملي كيمشي للسوق", "ary"),
    ("sdo 3lina f lbit o sa7bti kayghwet", "kaysed 3lina lbab b saroute mli kaymchi l souk", "ary"),
    # A threat, and the man who made it is close now / the threat alone.
    ("he threatened to kill my son and he is downstairs now with his brothers",
     "he threatened to call the police on me if I ask for my pay", "en"),
    ("il a menacé de tuer mon fils et il attend en bas", "il a menacé d'appeler la police si je demande ma paie", "fr"),
    # Violence with an injury now / violence told as a habit.
    ("he pushed me down the stairs and my leg is swollen, I can't stand",
     "he hits us with a stick when we are slow at work", "en"),
    ("il m'a poussée contre la porte et mon bras est tout bleu", "il me frappe quand je suis lente au travail", "fr"),
    ("دفعني على الدرج ويدي منتفخة", "يضربنا المشرف عندما نتأخر في العمل", "ar"),
]

# Being moved now or tonight, against a move that is over.
MOVED_NOW_OR_PAST: list[tuple[str, str, str]] = [
    ("they are putting us in a truck now, I don't know where", "they moved us to another farm last week", "en"),
    ("ils nous font monter dans un camion maintenant", "ils nous ont déplacés dans une autre ferme la semaine dernière",
     "fr"),
    ("kayrkbouna daba f lcamion", "n9louna l ferma khra simana li fatet", "ary"),
]

# (urgent, calm: must not escalate, language): the same words, no danger.
URGENT_OR_CALM: list[tuple[str, str, str]] = [
    ("on the roof of the building, this time I'm not coming down", "on the roof of the building fixing the dish, "
     "I'm coming down in ten minutes", "en"),
    ("je suis sur le toit, cette fois je redescends pas", "je suis sur le toit pour étendre le linge, je redescends "
     "bientôt", "fr"),
    ("على السطح، هذه المرة لن أنزل", "أنا على السطح أنشر الغسيل وسأنزل بعد قليل", "ar"),
    ("ana f sta7, had lmerra ma ghadich nhbet", "ana f sta7 kannchr sabon, daba nhbet", "ary"),
]

# A wish to die said about a match with a laugh is hyperbole, in every language.
MATCH_HYPERBOLE: list[tuple[str, str]] = [
    ("if we lose tonight I'm jumping off the balcony 😂", "en"),
    ("si on perd ce soir je saute du balcon 😂", "fr"),
    ("إذا خسرنا الليلة سأقفز من الشرفة 😂", "ar"),
    ("ila khsrna lila ghadi nlo7 rasi mn sta7 😂", "ary"),
]


@pytest.mark.parametrize("now, told, language", URGENT_OR_NORMAL)
def test_a_grave_fact_beside_a_person_in_peril_is_urgent(now: str, told: str, language: str) -> None:
    urgent = assess_risk(now, language, None, 0.0)
    assert urgent.escalate and urgent.priority == "urgent", (now, urgent)
    normal = assess_risk(told, language, None, 0.0)
    assert normal.escalate and normal.priority != "urgent", (told, normal)


@pytest.mark.parametrize("now, past, language", MOVED_NOW_OR_PAST)
def test_being_moved_is_urgent_now_and_not_once_over(now: str, past: str, language: str) -> None:
    assert assess_risk(now, language, None, 0.0).priority == "urgent", now
    moved = assess_risk(past, language, None, 0.0)
    assert moved.escalate and moved.priority != "urgent", (past, moved)


@pytest.mark.parametrize("urgent, calm, language", URGENT_OR_CALM)
def test_not_coming_down_from_the_roof_is_urgent(urgent: str, calm: str, language: str) -> None:
    assert assess_risk(urgent, language, None, 0.0).priority == "urgent", urgent
    assert not assess_risk(calm, language, None, 0.0).escalate, calm


@pytest.mark.parametrize("text, language", MATCH_HYPERBOLE)
def test_a_match_lost_with_a_laugh_is_no_self_harm(text: str, language: str) -> None:
    assert not assess_risk(text, language, None, 0.0).escalate, text


@pytest.mark.parametrize("peril, language", [
    ("my son is screaming, he fell off his bike", "en"),
    ("ma fille saigne du nez depuis ce matin", "fr"),
    ("صديقتي تصرخ من الألم في بطنها", "ar"),
])
def test_a_person_in_pain_without_a_grave_fact_is_no_exploitation(peril: str, language: str) -> None:
    # The peril frame is evidence only beside a grave indicator: alone it raises no indicator.
    assert assess_risk(peril, language, None, 0.0).indicators == [], peril


@pytest.mark.parametrize("given, going_home, language", [
    ("I've started giving away all my things, I wrote a letter to my mum, I'm sorry",
     "I gave away my things to my friends, next month I go home, how does the IOM return work?", "en"),
    ("j'ai donné mes affaires et j'ai écrit une lettre d'adieu", "j'ai donné mes affaires aux voisines, je rentre au "
     "pays le mois prochain", "fr"),
    ("وزعت أغراضي وكتبت رسالة وداع", "وزعت أغراضي على صديقاتي، سأعود إلى بلدي الشهر القادم", "ar"),
    ("fre9t 7wayji w ktbt bra l mama", "fre9t 7wayji 3la sa7bati, ghadi nrje3 l bladi chhar jay", "ary"),
])
def test_giving_things_away_is_self_harm_only_with_a_farewell(given: str, going_home: str, language: str) -> None:
    assert assess_risk(given, language, None, 0.0).priority == "urgent", given
    assert not assess_risk(going_home, language, None, 0.0).escalate, going_home
