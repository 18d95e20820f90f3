"""Risk rules after the dev_v5 round (evaluation/dev_v5, issue 10): self-harm and locking told with a laugh, prevention
questions beside a disclosure, a relative's age, small debts, questions about the police, Darija conjunctions and
negations, and a denial read by one pattern set against another set's statement. Each class is checked by contrast
pairs, the same words with the opposite meaning, in every language concerned; the messages are written for this test,
not taken from the development set.

Rules only (no classifier guess), as in tests/nlu/risk/test_dev_v4_*.py; the calm messages of the pairs are also
checked with a confident "disclose_exploitation" guess, which the framing must set aside or the rules must not raise.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk

# (text, language): a wish to die said with a laugh stays urgent; the same laugh about an exam, traffic or boredom
# is hyperbole and escalates nothing.
SELF_HARM_OR_HYPERBOLE: list[tuple[tuple[str, str], tuple[str, str]]] = [
    (("I want to end it all lol", "en"), ("I want to die lol this traffic", "en")),
    (("haha I want to die, nobody would miss me", "en"), ("haha I want to die, this homework is endless", "en")),
    (("jveux mourir mdr personne me regretterait", "fr"), ("jveux mourir mdr ce partiel demain", "fr")),
    (("بدي موت ههه ما بقى عندي حدا", "ar"), ("بدي موت ههه من الامتحان بكرا", "ar")),
    (("بغيت نموت ههه صافي", "ary"), ("بغيت نموت ههه من الامتحان", "ary")),
    (("bghit nmout hhh safi", "ary"), ("bghit nmout hhh mn had zham", "ary")),
]

# (stated: must escalate, calm: must not), by language
ESCALATE_OR_CALM: list[tuple[str, str, str]] = [
    # Locked in, told with a laugh, is still locked in; locked OUT, or a relative holding the bathroom, is a joke.
    ("she locks me in the flat every weekend haha", "my sister locked me out of the flat haha", "en"),
    ("la patronne m'enferme dans la cuisine la nuit mdr", "mon frère m'a enfermé dehors mdr", "fr"),
    ("الكفيل يقفل علي الغرفة كل ليلة ههه", "أختي تقفل علي باب الحمام كل صباح ههه", "ar"),
    ("lmadame katsed 3liya f lbit kol lila hhhh", "khti katsed 3liya bab dl7mam kol sba7 hhhh", "ary"),
    # Checking an agency: the writer's own passport taken is a disclosure, a scan asked for is not.
    ("how can I tell if this agency is legit? my boss took my passport", "how can I tell if this agency is legit? they "
     "ask for a scan of my passport", "en"),
    # Told after the question, a statement is the writer's; told before it, it describes the offer.
    ("how do I know if an agency is legit? the boss took the passport", "my cousin has an offer from an agency. the "
     "boss takes the passport. how do I know if it is legit?", "en"),
    ("comment savoir si une agence est sérieuse ? le patron a pris le passeport", "ma cousine a une offre. le patron "
     "prend le passeport. comment savoir si une agence est sérieuse ?", "fr"),
    # A relative's age: with work it is a child at work; with a question about going home it is a parent asking.
    ("my daughter is 14 and works as a maid for a family", "my daughter is 14, can she travel back with me?", "en"),
    ("mon fils a 13 ans et il travaille au garage tous les jours", "mon fils a 13 ans, il peut rentrer avec moi ?",
     "fr"),
    ("ابني عمره 13 سنة ويعمل في ورشة كل يوم", "ابني عمره 13 سنة، هل يمكنه السفر معي؟", "ar"),
    ("ولدي عندو 13 عام وكيخدم فالكاراج كل نهار", "ولدي عندو 13 عام، واش يقدر يرجع معايا؟", "ary"),
    # A debt for the journey is bondage; a small debt to a friend or a relative is not.
    ("I owe the man who brought me 2000 euros for the boat", "I owe my cousin 300 dirhams", "en"),
    ("je dois 3000 euros au passeur pour le voyage", "je dois 100 dh à mon pote", "fr"),
    ("عندي 20 ألف درهم ديال الطريق للسمسار وكياخد الخلصة", "عندي 200 درهم ديال صاحبي، غادي نردها ليه", "ary"),
    # The police as an employer's threat / as a question about the writer's rights.
    ("he says the police will punish me if I leave", "will the police punish me if my card expired?", "en"),
    ("kay9oul liya lbolis ghadi ychedek ila khrjti", "wach lbolis y9der ychedni ila ma3ndich lwra9?", "ary"),
    # Darija: "مش" is a negation too; "كل ما" / "لحد ما" (whenever / until) hold no negation.
    ("أنا مسدود عليا فالدار، غير بغيت نعرف حقوقي", "أنا مش مسدود عليا، غير بغيت نعرف حقوقي", "ary"),
    ("قال ليا غادي تبقى تخدم عندي لحد ما تخلص الكريدي ديال الطريق", "غادي نبقى نخدم هنا لحد ما نجمع فلوس التيكي", "ary"),
    # French "m'a" in a Darija message is no Darija "ma"; a French denial in one is still a denial.
    ("il m'a pris mon passeport w ma bghach yredo liya", "il m'a pas pris mon passeport, ghir bghit n3ref 7o9ou9i",
     "ary"),
    # "if I feel someone follows me" asks; someone following now is a danger.
    ("chi wa7ed tab3ni daba, khayfa bzaf", "ila 7ssit b chi wa7ed tab3ni, chno ndir?", "ary"),
]


@pytest.mark.parametrize(("urgent", "hyperbole"), SELF_HARM_OR_HYPERBOLE)
def test_self_harm_with_a_laugh_is_urgent_unless_its_cause_is_trivial(
    urgent: tuple[str, str], hyperbole: tuple[str, str]
) -> None:
    assessment = assess_risk(*urgent, None, 0.0)
    assert assessment.priority == "urgent" and "self_harm" in assessment.indicators, (urgent, assessment)
    assessment = assess_risk(*hyperbole, None, 0.0)
    assert not assessment.escalate and assessment.priority == "none", (hyperbole, assessment)


@pytest.mark.parametrize(("stated", "calm", "language"), ESCALATE_OR_CALM)
def test_contrast_pairs_escalate_only_the_statement(stated: str, calm: str, language: str) -> None:
    assert assess_risk(stated, language, None, 0.0).escalate, stated
    assessment = assess_risk(calm, language, None, 0.0)
    assert not assessment.escalate and assessment.priority == "none", (calm, assessment)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("my son is 12, can he come with me when I go home?", "en"),
        ("ma fille a 10 ans, elle peut rentrer avec moi ?", "fr"),
        ("I owe my friend 200 dirhams lol", "en"),
        ("أنا مش محبوسة، بس بدي أعرف حقوقي بالإجازات", "ar"),
    ],
)
def test_a_parents_question_a_friends_debt_or_a_denial_is_never_urgent(text: str, language: str) -> None:
    # Even a classifier sure of a disclosure must not make a red banner of them.
    assert assess_risk(text, language, "disclose_exploitation", 0.9).priority != "urgent", text


def test_a_child_at_work_is_urgent() -> None:
    for text, language in (("my son is 12 and works all day for the boss", "en"),
                           ("ولدي عندو 12 عام وكيخدم النهار كامل عند المعلم", "ary")):
        assert assess_risk(text, language, "disclose_exploitation", 0.9).priority == "urgent", text
