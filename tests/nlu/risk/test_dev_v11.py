"""Risk rules after the dev_v11 round (evaluation/dev_v11, issue 10, measured for carry-over on its twin check_v11).
Mechanisms: a farewell letter beside a bridge or a roof is self-harm; pills gathered then "swallow them all" in
Arabic and Darija; a child or a woman pulled into a vehicle is danger; a question on how to take a medicine is no
self-harm and cancels a guess; a habit ("every week", "kol simana") is no danger now however "at night" it is; hard
breathing in arabizi is the state of a person now; "can I talk with a person" in Darija is a request, "am I talking
to a robot" a challenge; "suppose" in Darija; convincing or warning someone else is prevention; keeping one's own
papers or choosing one's own move reassures. Contrast pairs both ways; the messages are written for this test, apart
from dev_v11's lines, never from check_v11 or a blind set.

Rules only, as in tests/nlu/risk/test_dev_v10.py.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk
from tests.nlu.risk.test_dev_v8 import (
    test_being_moved_is_urgent_now_and_not_once_over as urgent_now_escalated_otherwise,
)
from tests.nlu.risk.test_dev_v10 import test_escalate_or_calm as escalates_with_priority_or_stays_calm

# (message that escalates with this priority, calm message with most of the same words, language, priority)
ESCALATE_OR_CALM: list[tuple[str, str, str, str]] = [
    # A farewell letter, then a bridge or a roof; a letter alone is news.
    ("I sent a letter to my sister, tonight I go up on the roof", "I sent a letter to my sister, she visits us in May",
     "en", "urgent"),
    ("j'ai laissé une lettre pour ma famille, je monte sur le toit",
     "j'ai laissé une lettre pour ma famille avec des photos de Rabat", "fr", "urgent"),
    ("تركت رسالة لأهلي وأنا الآن فوق السطح", "تركت رسالة لأهلي مع صور من الرباط", "ar", "urgent"),
    ("خليت بريا لخويا ودابا غادي للقنطرة", "خليت بريا لخويا فيها التصاور", "ary", "urgent"),
    ("khlit brya l khoya o daba ghadi l l9antra", "khlit brya l khoya fiha tsawer", "ary", "urgent"),
    # Pills kept, then "swallow them all"; pills kept away from the children.
    ("خبأت أدويتي، غدا سأشربها كلها", "خبأت أدويتي في الخزانة بعيدا عن الأطفال", "ar", "urgent"),
    ("جمعت الدوا ديالي وغادي نشربهم كاملين", "جمعت الدوا ديالي باش نعطيه لمي", "ary", "urgent"),
    ("jm3t dwa dyali o ghadi nchrbhom kamlin", "jm3t dwa dyali bach n3tih l mmi", "ary", "urgent"),
    # A child or a woman pulled into a vehicle; boxes pulled into one.
    ("someone just dragged a little girl into a black car", "someone just dragged the boxes into a black car", "en",
     "urgent"),
    ("رجل جر بنتا صغيرة إلى سيارة سوداء", "رجل جر الصندوق إلى سيارة سوداء", "ar", "urgent"),
    ("شي واحد جبد بنت صغيرة لطوموبيل كحلة", "شي واحد جبد الصندوق لطوموبيل كحلة", "ary", "urgent"),
    # Put in a van by others; crates put in a van.
    ("ils nous mettent dans une camionnette pour une autre ville", "ils mettent les caisses dans une camionnette",
     "fr", "normal"),
]

# Moved tonight, or locked in and breathing hard, is danger now; moved "every week", or locked in every night, is a
# disclosure, not urgent. (now, habit, language)
MOVED_NOW_OR_HABIT: list[tuple[str, str, str]] = [
    ("sdo 3lina f lbit o nfs wla s3ib", "kaysdo 3lina f lbit kol lila", "ary"),
    ("tonight they are moving us to another farm", "every week they move us at night to another farm", "en"),
    ("الليلة غادي يديونا لشي فيرمة أخرى", "كل سيمانة كيديونا فالليل لشي فيرمة أخرى", "ary"),
]

# The same classifier guess on a calm message and on a told one. (calm, told, language, intent, confidence)
GUESS_CANCELLED_OR_KEPT: list[tuple[str, str, str, str, float]] = [
    # How to take a medicine, against pills gathered to be taken all at once.
    ("my doctor prescribed these tablets, should I take them all at once in the morning?",
     "I kept all the tablets, I will take them all at once tonight", "en", "immediate_danger", 0.9),
    ("le médecin m'a donné des gélules, je dois les prendre toutes à la fois ?",
     "j'ai gardé les médicaments, cette nuit je vais les avaler tous pour en finir", "fr", "immediate_danger", 0.9),
    ("هل آخذ الأقراص كلها مرة واحدة أم على دفعات؟", "خبأت الأقراص وسأبتلعها كلها الليلة", "ar", "immediate_danger",
     0.9),
    ("واش ناخدهم فمرة ولا نفرقهم على جوج؟", "جمعت الفانيد وغادي نبلعهم كاملين", "ary", "immediate_danger", 0.9),
    # Convincing someone else that crossing is dangerous, against the writer in danger.
    ("صاحبي باغي يحرك، كيفاش نقنعو راه خطر", "عتقوني راه خطر، سادين عليا", "ary", "immediate_danger", 0.9),
    ("sa7bi baghi y7rg, kifach n9n3o rah khatar", "3t9oni rah khatar, sadin 3lia", "ary", "immediate_danger", 0.9),
    # What someone else should watch for, against what was done to her.
    ("أختي ستعمل في بيت بالرباط، ما الذي يجب أن تنتبه إليه؟", "أختي تعمل في بيت بالرباط والمشغل أخذ جوازها",
     "ar", "disclose_exploitation", 0.9),
    # The writer keeps their own papers, against an employer keeping them.
    ("I keep my passport in my pocket, where do I renew it?", "the boss keeps my passport in his pocket", "en",
     "disclose_exploitation", 0.9),
    ("je garde mon passeport sur moi, comment le renouveler ?", "le patron garde mon passeport, comment le récupérer ?",
     "fr", "disclose_exploitation", 0.9),
    # A move the writer chose, against one imposed.
    ("j'ai quitté la ferme moi-même, c'était mieux payé ailleurs", "ils nous déplacent de ferme en ferme sans rien dire",
     "fr", "disclose_exploitation", 0.9),
]

# "suppose" in Darija imagines; the same words told escalate. (imagined, told, language)
IMAGINED_OR_TOLD: list[tuple[str, str, str]] = [
    ("نفترضو المعلم ما خلصنيش، شنو ندير؟", "المعلم ما خلصنيش، شنو ندير؟", "ary"),
    ("nftardo lm3allem ma khlsnich, chno ndir?", "lm3allem ma khlsnich, chno ndir?", "ary"),
]


@pytest.mark.parametrize("alarm, calm, language, priority", ESCALATE_OR_CALM)
def test_escalate_or_calm(alarm: str, calm: str, language: str, priority: str) -> None:
    escalates_with_priority_or_stays_calm(alarm, calm, language, priority)


@pytest.mark.parametrize("now, habit, language", MOVED_NOW_OR_HABIT)
def test_moved_now_is_urgent_a_habit_is_not(now: str, habit: str, language: str) -> None:
    urgent_now_escalated_otherwise(now, habit, language)


@pytest.mark.parametrize("calm, told, language, intent, confidence", GUESS_CANCELLED_OR_KEPT)
def test_guess_cancelled_on_calm_kept_on_told(calm: str, told: str, language: str, intent: str,
                                              confidence: float) -> None:
    quiet = assess_risk(calm, language, intent, confidence)
    assert not quiet.escalate and quiet.priority == "none", (calm, quiet)
    assert assess_risk(told, language, intent, confidence).escalate, told


@pytest.mark.parametrize("imagined, told, language", IMAGINED_OR_TOLD)
def test_suppose_in_darija(imagined: str, told: str, language: str) -> None:
    assert not assess_risk(imagined, language, "ask_legal_aid", 0.9).escalate, imagined
    assert assess_risk(told, language, "ask_legal_aid", 0.9).escalate, told


@pytest.mark.parametrize("text", ["واش نقدر نهضر مع شي مسؤول؟", "wach n9der nhder m3a chi bnadem?"])
def test_darija_can_i_talk_with_a_person_is_a_request(text: str) -> None:
    result = assess_risk(text, "ary", "request_human", 0.9)
    assert result.escalate and result.person_asked, (text, result)


@pytest.mark.parametrize("text", ["واش كنهضر مع روبو؟", "wach rani kanhder m3a robot?"])
def test_darija_am_i_talking_to_a_robot_is_no_request(text: str) -> None:
    result = assess_risk(text, "ary", "request_human", 0.9)
    assert not result.escalate and not result.person_asked, (text, result)


# A confident danger guess on a message that tells, beside everyday haste ("tonight", "now", "daba"), is seen by an
# officer (normal, and the bot asks); the same guess on a question, or a less sure one, is only asked about.
# (told, asked, language)
SURE_GUESS_TOLD_OR_ASKED: list[tuple[str, str, str]] = [
    # Not "goodbye ... tonight it all stops": since dev_v14 a rule knows those words (self-harm, urgent).
    ("I said goodbye to everyone today and tonight I won't be a problem for anyone",
     "we say goodbye to everyone tonight and move house, where is your office?", "en"),
    ("j'ai dit adieu à tout le monde et ce soir je serai plus un problème pour personne",
     "on dit au revoir à tout le monde ce soir et on déménage, où est votre bureau ?", "fr"),
    ("ودعت الجميع اليوم والليلة ينتهي كل شيء بالنسبة لي", "سنودع الجميع الليلة وننتقل إلى بيت آخر، أين مكتبكم؟", "ar"),
]


@pytest.mark.parametrize("told, asked, language", SURE_GUESS_TOLD_OR_ASKED)
def test_a_sure_danger_guess_told_in_haste_is_seen(told: str, asked: str, language: str) -> None:
    seen = assess_risk(told, language, "immediate_danger", 0.97)
    assert seen.escalate and seen.priority == "normal" and seen.ask_danger, (told, seen)
    # Since dev_v13 (h-esc9) any confident guess (CONFIDENT_DANGER, 0.8) on a told message is seen; a weaker one is
    # only asked about.
    assert assess_risk(told, language, "immediate_danger", 0.9).priority == "normal", told
    assert not assess_risk(told, language, "immediate_danger", 0.7).escalate, told
    question = assess_risk(asked, language, "immediate_danger", 0.97)
    assert not question.escalate, (asked, question)
