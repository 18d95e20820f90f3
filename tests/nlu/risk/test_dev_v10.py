"""Risk rules after the dev_v10 round (evaluation/dev_v10, issue 10, measured for carry-over on its twin check_v10).
Mechanisms: a thing (the heat, this job) that "will kill me" is a figure of speech, a person who will is a threat; food
or water denied up to now is the state of a person now (peril), so being locked in beside it is danger; pills then
"take them all"; photos sent to the family, in every person of the verb; Darija's feminine "locked in"; a confident
danger guess on a message that tells something is seen by an officer (normal) and asked about, one everyday word is
not; a child with a confident danger guess is urgent when told, not when asked. Contrast pairs both ways; the
messages are written for this test (a few from dev_v10), never from check_v10 or a blind set.

Rules only, as in tests/nlu/risk/test_dev_v9.py.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import RiskAssessment, assess_risk

# (message that escalates with this priority, calm message with the same words, language, priority)
ESCALATE_OR_CALM: list[tuple[str, str, str, str]] = [
    # A thing that "will kill me" against a person who will.
    ("mon patron va me tuer ce soir, il l'a juré", "ce boulot va me tuer, trois réunions aujourd'hui", "fr", "urgent"),
    ("my boss is going to kill me tonight, he swore it", "this heat is going to kill me, any fans at the shelter?",
     "en", "urgent"),
    ("المشغل سيقتلني الليلة، قالها أمامي", "الحر اليوم سيقتلني، هل يوجد مكيف في المأوى؟", "ar", "urgent"),
    ("الباطرون غادي يقتلني هاد الليلة", "هاد الصهد غادي يقتلني", "ary", "urgent"),
    ("lpatron ghadi y9tlni had lila", "had skhana ghadi t9tlni", "ary", "urgent"),
    # Photos sent to the family: a threat, against sending one's own wedding photos.
    ("هددوني أنهم سينشرون صوري لعائلتي إن تكلمت", "سأرسل صوري لعائلتي بعد العرس", "ar", "normal"),
    ("قالو غادي يصيفطو التصاور ديالي لعائلتي ايلا هضرت", "غادي نصيفط التصاور ديال العرس لعائلتي", "ary", "normal"),
    ("galo ghadi ysifto tsawr dyali l familti ila hdrt", "ghadi nsift tsawr dyal l3ors l familti", "ary", "normal"),
    # Pills, then "take them all", against a dose question.
    ("j'ai gardé des médicaments, cette nuit je vais tout avaler",
     "j'ai acheté des médicaments contre la fièvre, je dois tout prendre ?", "fr", "urgent"),
    ("i bought pills today and tonight i will take them all", "i bought pills for my fever, how many can i take a day?",
     "en", "urgent"),
    ("جمعت الحبوب وراح آخدها كلها الليلة", "اشتريت الحبوب للصداع، كم آخذ منها؟", "ar", "urgent"),
    # Paid every month reassures; not paid for months tells.
    ("il ne me paie pas depuis trois mois",
     "il me paie chaque fin de mois, pas de souci, je voulais savoir pour les congés", "fr", "normal"),
]

# Locked in with food denied up to now is danger now; locked in as a habit is a disclosure, not urgent.
# (urgent message, the habit, language)
LOCKED_NOW_OR_HABIT: list[tuple[str, str, str]] = [
    ("he locked me in the room, no food since yesterday", "he locks me in the room every night", "en"),
    ("elle m'a enfermée dans la chambre, sans manger depuis hier", "elle m'enferme dans la chambre chaque nuit", "fr"),
    ("حبسني في الغرفة منذ أمس بلا أكل", "يحبسني في الغرفة كل ليلة", "ar"),
    ("مسدودة عليا فالبيت هادي يومين بلا ماكلة", "كيسد عليا فالبيت كل ليلة", "ary"),
    ("msdoda 3lia f lbit hadi yomayn bla makla", "kaysed 3lia f lbit kol lila", "ary"),
    ("ana msdoda 3lia f dar hadi yomayn bla makla da sarot w safr", "kaysed 3lia f lbit kol lila", "ary"),
]


@pytest.mark.parametrize("alarm, calm, language, priority", ESCALATE_OR_CALM)
def test_escalate_or_calm(alarm: str, calm: str, language: str, priority: str) -> None:
    told = assess_risk(alarm, language, None, 0.0)
    assert told.escalate and told.priority == priority, (alarm, told)
    quiet = assess_risk(calm, language, None, 0.0)
    assert not quiet.escalate and quiet.priority == "none", (calm, quiet)


@pytest.mark.parametrize("now, habit, language", LOCKED_NOW_OR_HABIT)
def test_locked_in_without_food_now_is_urgent(now: str, habit: str, language: str) -> None:
    urgent = assess_risk(now, language, None, 0.0)
    assert urgent.priority == "urgent" and "restriction_of_movement" in urgent.indicators, (now, urgent)
    told = assess_risk(habit, language, None, 0.0)
    assert told.escalate and told.priority != "urgent", (habit, told)


@pytest.mark.parametrize(
    "text, language",
    [
        ("I have prepared everything and this time it ends for good", "en"),
        ("j'ai tout préparé et cette fois c'est la fin pour de bon", "fr"),
        ("جهزت كل شيء وهذه المرة هي النهاية فعلا", "ar"),
        ("jm3t kolchi w had lmerra safi salat 3la dima", "ary"),
    ],
)
def test_a_confident_danger_guess_on_a_told_message_is_seen_and_asked(text: str, language: str) -> None:
    seen = assess_risk(text, language, "immediate_danger", 0.9)
    assert seen == RiskAssessment(True, "normal", seen.indicators, False, ask_danger=True), seen
    # Below the confident bar it is only asked about (the bar is assess.CONFIDENT_DANGER, unchanged).
    asked = assess_risk(text, language, "immediate_danger", 0.6)
    assert not asked.escalate and asked.ask_danger, asked


@pytest.mark.parametrize("word, language", [("daba", "ary"), ("now", "en"), ("maintenant", "fr"), ("الآن", "ar")])
def test_one_everyday_word_is_not_seen(word: str, language: str) -> None:
    assert assess_risk(word, language, "immediate_danger", 0.95) == RiskAssessment(
        False, "none", [], False, ask_danger=True
    )


@pytest.mark.parametrize(
    "taken, asked, language",
    [
        ("they just took my son from the camp, he is 9, a man in a white car",
         "my son is 9, can he come with me to the IOM office?", "en"),
        ("ils viennent d'emmener mon fils, il a 9 ans, dans une voiture blanche",
         "mon fils a 9 ans, il peut venir avec moi au bureau de l'OIM ?", "fr"),
        ("daw lia wldi daba 3ndo 8 snin f tomobil bida",
         "wldi 3ndo 8 snin, wach y9der yji m3aya l OIM?", "ary"),
    ],
)
def test_a_child_with_a_confident_danger_guess_is_urgent_when_told(taken: str, asked: str, language: str) -> None:
    assert assess_risk(taken, language, "immediate_danger", 0.9).priority == "urgent"
    assert assess_risk(asked, language, "immediate_danger", 0.9).priority != "urgent"
