"""Risk rules after the dev_v9 round (evaluation/dev_v9, issue 10: a broad set, like real traffic). Mechanisms rather
than words: a conjunction glued to an Arabic word ("وسأنهي") and Darija's negation or "and" glued in Latin letters
("machad", "wkaydrbni") are split off words the pattern sets know; self-injury is told by its purpose or its habit, not by the wound; a
yes/no question that ends on the law's word is general however long its subject; a class or a piece of research
about trafficking asks for knowledge; a family meal and a club's result are trivial causes; "alf" after a number is
a sum, not an age; going out only once a debt is paid is debt bondage. Contrast pairs both ways. The messages are
written for this test, not taken from the development set.

Rules only, as in tests/nlu/risk/test_dev_v8.py.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk
from bot.nlu.risk.pipeline import get_pipeline

# (escalates, calm: the same words without the fact, language)
ESCALATE_OR_CALM: list[tuple[str, str, str]] = [
    # A conjunction glued to the cue's first word.
    ("ما عندي أحد هنا، وسأنهي حياتي قبل الصباح", "ما عندي عمل هنا، وسأنهي دراستي قبل الصيف", "ar"),
    ("تعبت من كل شيء وأقتل نفسي الليلة", "تعبت من العمل وأنام باكرا الليلة", "ar"),
    # Darija's negation glued in Latin letters denies the cue after it.
    ("lmadame chadat lia lpassport o ma bghatch trddo", "7ta wa7ed machad lia lpassport, ghir da3 lia", "ary"),
    # Darija's "and" glued in Latin letters.
    ("khdemt 3ndhom 3am wmakhlsnich", "khdemt 3ndhom 3am wkhlsouni mzyan, bghit nrje3 l bladi", "ary"),
    # Self-injury with its purpose or its habit, against an accident.
    ("I keep cutting my arm so I can forget what they do", "I burned my hand on the oven at work, is it bad?", "en"),
    ("je me brule le bras pour oublier, tous les soirs", "je me suis brulée le bras en repassant, quelle crème ?",
     "fr"),
    ("أحرق يدي كل ليلة حتى أنسى ما يحدث", "احترقت يدي في المطبخ، ماذا أضع عليها؟", "ar"),
    ("كنقطع دراعي كل ليلة باش ننسى", "تقطعات ليا يدي بالموس فالكوزينة، شنو ندير؟", "ary"),
    ("kan9te3 dra3i kol lila bach nensa", "t9te3 lia yddi b lmous f lcuisine, chno ndir?", "ary"),
    # A yes/no question ending on the law's word: general, unless it is about the writer.
    ("هل أخذ صاحب العمل جواز سفري ممنوع في المغرب؟", "هل تشغيل الأطفال في المزارع ممنوع في المغرب؟", "ar"),
    ("واش ممنوع الباطرون يشد ليا الباسبور؟", "واش ممنوع تخلي الدراري يخدمو فالمعامل؟", "ary"),
    # Locked in with a laugh: a family meal is a trivial cause, an employer's habit is not.
    ("le patron m'enferme tous les soirs hahaha", "ma tante m'enferme chaque dimanche pour le couscous hahaha", "fr"),
    ("الباطرون كيحبسني كل ليلة ههههه", "خالتي كتحبسني كل جمعة على الطاجين ههههه", "ary"),
    # "I want to die" after a club's result is hyperbole; after a life's loss it is not.
    ("I want to die, I have lost everything 😭", "I want to die, Arsenal lost again 😭", "en"),
    ("أريد أن أموت، خسرت كل شيء 😭", "أريد أن أموت، خسر فريقي مرة أخرى 😭", "ar"),
    # A number before "alf" is a sum, not an age.
    ("weld 3mi 3ndo 12 3am w kaykhdem f lhanout b lilo", "kansal l weld 3mi 5 alaf dh dyal tomobil", "ary"),
    # Going out only once a debt is paid, against a plan to leave once a ticket is paid.
    ("elle dit que je sortirai quand j'aurai remboursé le voyage", "je partirai quand j'aurai payé le billet", "fr"),
    ("مدام قالت ليا ما تخرجيش حتى تخلصي الفيزا", "غادي نمشي لبلادي ملي نخلص البيي", "ary"),
    ("lmadame gatli matkhrjich 7ta tkhlsi lvisa", "ghadi nmchi l bladi mli nkhlles billet", "ary"),
    # French plurals after "les" in Darija.
    ("lpatron chad lina les passeports dyalna", "fin n9der nsawb les passeports dyal drari?", "ary"),
    # Losing blood in pregnancy, against losing it last week and fine now.
    ("je suis enceinte, j'ai mal et je perds du sang depuis ce matin",
     "j'ai perdu un peu de sang la semaine dernière, ça va maintenant, c'est normal ?", "fr"),
]

# A class, a talk or research about the subject: the classifier's disclosure guess is set aside, unless the writer
# tells of their own situation beside it. (message, escalates, language)
TOPIC: list[tuple[str, bool, str]] = [
    ("we are preparing a workshop on trafficking at school, do you have posters?", False, "en"),
    ("I'm writing an essay about trafficking, but my boss took my passport too", True, "en"),
    ("on prépare une sensibilisation sur la traite au lycée, vous avez des affiches ?", False, "fr"),
    ("أعد بحثا عن الاتجار بالبشر في الجامعة، هل عندكم أرقام؟", False, "ar"),
    ("kanwjed expose 3la l ittijar f lfac, 3ndkom chi ma3lomat?", False, "ary"),
]


@pytest.mark.parametrize("escalates, calm, language", ESCALATE_OR_CALM)
def test_contrast_pairs_of_the_broad_set(escalates: str, calm: str, language: str) -> None:
    assert assess_risk(escalates, language, None, 0.0).escalate, escalates
    assert not assess_risk(calm, language, None, 0.0).escalate, calm


@pytest.mark.parametrize("self_harm, language", [
    ("I keep cutting my arm so I can forget what they do", "en"),
    ("أحرق يدي كل ليلة حتى أنسى ما يحدث", "ar"),
    ("kan9te3 dra3i kol lila bach nensa", "ary"),
    ("تعبت من كل شيء وأقتل نفسي الليلة", "ar"),
])
def test_self_harm_told_by_its_purpose_is_urgent(self_harm: str, language: str) -> None:
    assert assess_risk(self_harm, language, None, 0.0).priority == "urgent"


@pytest.mark.parametrize("text, escalates, language", TOPIC)
def test_a_class_about_trafficking_is_no_disclosure(text: str, escalates: bool, language: str) -> None:
    assert assess_risk(text, language, "disclose_exploitation", 0.6).escalate is escalates


@pytest.mark.parametrize("word, language", [
    ("ولد", "ar"), ("فلوس", "ary"), ("machi", "ary"), ("mama", "ary"), ("makla", "ary"), ("madame", "ary"),
    ("mafia", "ary"), ("wlad", "ary"), ("wra9", "ary"), ("walakin", "ary"),
])
def test_words_of_their_own_are_not_split(word: str, language: str) -> None:
    assert [token.text for token in get_pipeline(language)(f"{word} x")][0] == word


@pytest.mark.parametrize("glued, parts, language", [
    ("وسانهي", ["و", "سانهي"], "ar"), ("machad", ["ma", "chad"], "ary"), ("wkaydrbni", ["w", "kaydrbni"], "ary"), ("masmad", ["masmad"], "fr"),
])
def test_a_glued_prefix_is_split_off_a_known_word(glued: str, parts: list[str], language: str) -> None:
    assert [token.text for token in get_pipeline(language)(glued)] == parts


@pytest.mark.parametrize("text", [
    "خدمت عندهم عام كامل وحتى واحد ما عطاني درهم",
    "قالو لينا جمعو حوايجكم، وحتى واحد ما قال لينا فين غاديين",
])
def test_a_split_conjunction_opens_no_frame(text: str) -> None:
    # "and nobody ..." goes on with a complaint: the denial frame, written for a message that opens with it, must not
    # set the classifier's disclosure aside.
    assert assess_risk(text, "ary", "disclose_exploitation", 0.7).escalate
