"""Risk cues and assessment: disclosures in fr, en, ar and Darija (both scripts), ordinary messages, and the rules."""
from __future__ import annotations

import re
from dataclasses import FrozenInstanceError, asdict

import pytest

from bot.nlu.risk import DANGER, INDICATORS, Cue, RiskAssessment, assess_risk, find_cues
from bot.nlu.risk.aligned_text import normalise
from bot.nlu.risk.labels import INTERNAL_LABELS
from bot.nlu.risk.lexicon import arabizi_skeleton, arabizi_spelling, load_pattern_set
from bot.nlu.risk.pipeline import PATTERN_SETS, build_pipeline

# (language, text, indicators expected, danger expected, priority with no intent)
POSITIVE = [
    # English
    ("en", "my boss took my passport and does not pay me",
     {"retention_of_documents", "withholding_of_wages"}, False, "high"),
    ("en", "the madam keeps our passports in her room", {"retention_of_documents"}, False, "normal"),
    ("en", "i havent been paid for 3 months", {"withholding_of_wages"}, False, "normal"),
    ("en", "they lock me in the house when they go out", {"restriction_of_movement"}, False, "normal"),
    ("en", "they took my phone and I'm not allowed to talk to anyone", {"isolation"}, False, "normal"),
    ("en", "they say I owe them 3000 euros for the trip", {"debt_bondage"}, False, "normal"),
    ("en", "he says he will call the police if I leave", {"intimidation_threats"}, False, "normal"),
    ("en", "my employer beats me", {"physical_sexual_violence"}, False, "high"),
    ("en", "they force me to sleep with clients", {"sexual_exploitation", "physical_sexual_violence"}, False, "high"),
    ("en", "they make my daughter beg in the street", {"forced_begging"}, False, "normal"),
    ("en", "I am 15 and I work 16 hours a day with no day off", {"minor", "excessive_overtime"}, False, "urgent"),
    ("en", "my daughter is 14 and works as a maid", {"minor"}, False, "normal"),
    ("en", "they promised me a job in a hotel but I clean houses", {"deception"}, False, "normal"),
    ("en", "I sleep on the floor and there is no food", {"abusive_conditions"}, False, "normal"),
    # Paid half because of no papers: the papers used against the worker and the wage withheld (h-esc15, session 17).
    ("en", "he knows I have no papers so he pays me half", {"abuse_of_vulnerability", "withholding_of_wages"}, False, "high"),
    ("en", "the children are forced to beg in Oujda", {"forced_begging", "minor"}, False, "urgent"),
    ("en", "he did not take my passport but he took my phone", {"isolation"}, False, "normal"),
    ("en", "he is hitting me now, help", {"physical_sexual_violence"}, True, "urgent"),
    ("en", "I'm locked in and scared", {"restriction_of_movement"}, True, "urgent"),
    ("en", "he has a knife", set(), True, "urgent"),
    ("en", "he will kill me", {"intimidation_threats"}, True, "urgent"),
    ("en", "come quickly please", set(), True, "urgent"),
    # French
    ("fr", "mon patron m'a pris mon passeport et il ne me paie pas",
     {"retention_of_documents", "withholding_of_wages"}, False, "high"),
    ("fr", "la patronne garde nos passeports", {"retention_of_documents"}, False, "normal"),
    ("fr", "ca fait 3 mois qu'il me paye pas", {"withholding_of_wages"}, False, "normal"),
    ("fr", "ils m'enferment dans la maison", {"restriction_of_movement"}, False, "normal"),
    ("fr", "jpeux pas sortir", {"restriction_of_movement"}, False, "normal"),
    ("fr", "ils m'ont pris mon telephone, je peux pas appeler ma famille", {"isolation"}, False, "normal"),
    ("fr", "je dois 3000 euros au passeur pour le voyage", {"debt_bondage"}, False, "normal"),
    ("fr", "il me menace de me dénoncer à la police", {"intimidation_threats"}, False, "normal"),
    ("fr", "il me frappe tous les jours", {"physical_sexual_violence"}, False, "high"),
    ("fr", "ils me forcent à coucher avec des clients",
     {"sexual_exploitation", "physical_sexual_violence"}, False, "high"),
    ("fr", "les enfants sont obligés de mendier à Oujda", {"forced_begging", "minor"}, False, "urgent"),
    ("fr", "c'est une petite bonne de 12 ans", {"minor"}, False, "normal"),
    ("fr", "jai 15 ans", {"minor"}, False, "normal"),
    ("fr", "on m'a promis un travail dans un hotel mais je fais le menage", {"deception"}, False, "normal"),
    ("fr", "je travaille 16h par jour sans jour de repos", {"excessive_overtime"}, False, "normal"),
    ("fr", "je dors par terre et y a pas de nourriture", {"abusive_conditions"}, False, "normal"),
    ("fr", "il sait que je n'ai pas de papiers donc il m'exploite", {"abuse_of_vulnerability"}, False, "normal"),
    ("fr", "il me frappe maintenant, au secours", {"physical_sexual_violence"}, True, "urgent"),
    ("fr", "il va me tuer", {"intimidation_threats"}, True, "urgent"),
    ("fr", "je suis enfermée et j'ai peur", {"restriction_of_movement"}, True, "urgent"),
    ("fr", "le passeur dit que je lui dois 2000 euros", {"debt_bondage"}, False, "normal"),
    ("fr", "mon patron me doit 3 mois de salaire", {"withholding_of_wages"}, False, "normal"),
    # Modern Standard Arabic
    ("ar", "أخذ صاحب العمل جواز سفري ولم يدفع لي راتبي منذ ثلاثة أشهر",
     {"retention_of_documents", "withholding_of_wages"}, False, "high"),
    ("ar", "يحتفظ الكفيل بجوازي", {"retention_of_documents"}, False, "normal"),
    ("ar", "لم أتقاض أجري منذ شهرين", {"withholding_of_wages"}, False, "normal"),
    ("ar", "يحبسونني في البيت", {"restriction_of_movement"}, False, "normal"),
    ("ar", "لا يسمحون لي بالاتصال بعائلتي", {"isolation"}, False, "normal"),
    ("ar", "أنا مدين لهم بـ 3000 يورو ثمن الرحلة", {"debt_bondage"}, False, "normal"),
    ("ar", "هددني بأنه سيتصل بالشرطة", {"intimidation_threats"}, False, "normal"),
    ("ar", "يضربني صاحب العمل كل يوم", {"physical_sexual_violence"}, False, "high"),
    ("ar", "يجبرونني على ممارسة الجنس مع الزبائن",
     {"sexual_exploitation", "physical_sexual_violence"}, False, "high"),
    ("ar", "يجبرون الأطفال على التسول في وجدة", {"forced_begging", "minor"}, False, "urgent"),
    ("ar", "عمري 15 سنة", {"minor"}, False, "normal"),
    ("ar", "أنا قاصر", {"minor"}, False, "normal"),
    ("ar", "وعدوني بعمل في فندق لكنني أعمل خادمة", {"deception"}, False, "normal"),
    ("ar", "أعمل 16 ساعة في اليوم بدون يوم راحة", {"excessive_overtime"}, False, "normal"),
    ("ar", "أنام على الأرض ولا يوجد طعام", {"abusive_conditions"}, False, "normal"),
    ("ar", "يعرف أنه ليس لدي أوراق ويستغلني", {"abuse_of_vulnerability"}, False, "normal"),
    ("ar", "إنه يضربني الآن، النجدة", {"physical_sexual_violence"}, True, "urgent"),
    ("ar", "معه سكين", set(), True, "urgent"),
    ("ar", "أنا محبوسة وخائفة", {"restriction_of_movement"}, True, "urgent"),
    # Darija, Arabic script
    ("ary", "الباطرون شد ليا الباسبور وما خلصنيش", {"retention_of_documents", "withholding_of_wages"}, False, "high"),
    ("ary", "عندي 15 عام والباطرون كيضربني", {"minor", "physical_sexual_violence"}, False, "urgent"),
    ("ary", "حابسني فالدار وماخلانيش نعيط لفاميلتي", {"restriction_of_movement", "isolation"}, False, "high"),
    ("ary", "كنسالو 3000 اورو ديال الطريق", {"debt_bondage"}, False, "normal"),
    ("ary", "قال ليا غادي يعيط على البوليس", {"intimidation_threats"}, False, "normal"),
    ("ary", "كننعس فالأرض وماكايناش الماكلة", {"abusive_conditions"}, False, "normal"),
    ("ary", "كنخدم 16 ساعة فالنهار بلا راحة", {"excessive_overtime"}, False, "normal"),
    ("ary", "كيجبروني نخدم فالفساد", {"sexual_exploitation"}, False, "high"),
    ("ary", "الدراري كيسعاو فوجدة", {"forced_begging", "minor"}, False, "urgent"),
    ("ary", "بنت صغيرة كتخدم عندهم فالدار", {"minor"}, False, "normal"),
    ("ary", "وعدوني بخدمة فأوطيل ولكن كنخدم فالديور", {"deception"}, False, "normal"),
    ("ary", "كيستغلني حيت ماعنديش الوراق", {"abuse_of_vulnerability"}, False, "normal"),
    ("ary", "كيضربني دابا عتقوني", {"physical_sexual_violence"}, True, "urgent"),
    ("ary", "غادي يقتلني", {"intimidation_threats"}, True, "urgent"),
    ("ary", "محبوسة و خايفة", {"restriction_of_movement"}, True, "urgent"),
    # Darija, Latin script (arabizi)
    ("ary", "lpatron chedd lia lpaspor w makhlesnich", {"retention_of_documents", "withholding_of_wages"}, False, "high"),
    ("ary", "3andi 15 3am w lpatron kaydrbni", {"minor", "physical_sexual_violence"}, False, "urgent"),
    ("ary", "7absni f dar w makhallanich n3iyet l familti", {"restriction_of_movement", "isolation"}, False, "high"),
    ("ary", "kansalo 3000 euro dyal triq", {"debt_bondage"}, False, "normal"),
    ("ary", "9al lia ghadi y3iyet 3la lbolis ila mchit", {"intimidation_threats"}, False, "normal"),
    ("ary", "kann3es f lard w makaynach lmakla", {"abusive_conditions"}, False, "normal"),
    ("ary", "kankhdem 16 sa3a f nhar bla ra7a", {"excessive_overtime"}, False, "normal"),
    ("ary", "kayjbrouni n3es m3a lklyan", {"sexual_exploitation"}, False, "high"),
    ("ary", "ddrari kayse3aw f wjda", {"forced_begging", "minor"}, False, "urgent"),
    ("ary", "bent sghira katkhdem f dar", {"minor"}, False, "normal"),
    ("ary", "wa3douni b khedma f hotel walakin kankhdem f dar", {"deception"}, False, "normal"),
    ("ary", "kaystghlni 7it ma3andich lwra9", {"abuse_of_vulnerability"}, False, "normal"),
    ("ary", "5da lia lwra9 dyali", {"retention_of_documents"}, False, "normal"),
    ("ary", "lmadame ma katkhlesnich", {"withholding_of_wages"}, False, "normal"),
    ("ary", "ma kaykhalliwnich nkhrj", {"restriction_of_movement"}, False, "normal"),
    ("ary", "kaydrbni daba 3t9ouni", {"physical_sexual_violence"}, True, "urgent"),
    ("ary", "ghadi y9tlni", {"intimidation_threats"}, True, "urgent"),
    ("ary", "m7bousa w khayfa bzaf", {"restriction_of_movement"}, True, "urgent"),
    # self_harm became an indicator code (PRODUCT.md): urgent like danger, so every language exercises it too.
    ("en", "I want to die", {"self_harm"}, False, "urgent"),
    ("fr", "je veux mourir", {"self_harm"}, False, "urgent"),
    ("ar", "أريد أن أموت", {"self_harm"}, False, "urgent"),
    ("ary", "بغيت نموت", {"self_harm"}, False, "urgent"),
    ("ary", "bghit nmout", {"self_harm"}, False, "urgent"),
]

# Ordinary messages, questions about rights, and negated statements: no indicator, no danger.
NEGATIVE = [
    ("en", "how do I get a new passport to go home"),
    ("en", "what are my rights"),
    ("en", "my boss pays me well"),
    ("en", "I want to work in Spain"),
    ("en", "he did not take my passport"),
    ("en", "is it legal to keep my passport?"),
    ("en", "I am 15 minutes from the station"),
    ("en", "I can't pay the rent"),
    ("en", "is there a shelter for women with children"),
    ("en", "I lost my passport"),
    ("en", "I work 8 hours a day"),
    ("en", "he never hit me"),
    ("en", "I am 35 years old"),
    ("en", "keep in touch with me"),
    ("en", "what is the police emergency number"),
    ("fr", "quels sont mes droits"),
    ("fr", "mon patron me paie bien"),
    ("fr", "je veux travailler en Espagne"),
    ("fr", "comment avoir un nouveau passeport pour rentrer chez moi"),
    ("fr", "il n'a pas pris mon passeport"),
    ("fr", "je ne peux pas payer le loyer"),
    ("fr", "j'ai deux enfants"),
    ("fr", "je suis à 15 minutes de la gare"),
    ("fr", "je travaille ici depuis 15 ans"),
    ("fr", "il ne m'a jamais frappée"),
    ("fr", "je garde mon passeport sur moi"),
    ("fr", "mon dos me fait très mal"),
    ("ar", "ما هي حقوقي"),
    ("ar", "صاحب العمل يدفع لي جيدا"),
    ("ar", "أريد العمل في إسبانيا"),
    ("ar", "كيف أحصل على جواز سفر جديد للعودة إلى بلدي"),
    ("ar", "لم يأخذ جواز سفري"),
    ("ar", "لا أستطيع دفع الإيجار"),
    ("ar", "هل يوجد مأوى للنساء مع الأطفال"),
    ("ar", "فقدت جواز سفري"),
    ("ar", "عمري 35 سنة"),
    ("ar", "أعمل 8 ساعات في اليوم"),
    ("ary", "شنو هوما الحقوق ديالي"),
    ("ary", "الباطرون كيخلصني مزيان"),
    ("ary", "بغيت نخدم فسبانيا"),
    ("ary", "كيفاش نجيب باسبور جديد باش نرجع لبلادي"),
    ("ary", "ما شدش ليا الباسبور"),
    ("ary", "عندي جوج ولاد"),
    ("ary", "عندي 35 عام"),
    ("ary", "بغيت نرجع لبلادي"),
    ("ary", "bghit nrje3 l bladi"),
    ("ary", "3tini numero dyal lbolis"),
    ("ary", "ach homa l7o9o9 dyali"),
    ("ary", "lpatron kaykhlesni mzyan"),
    ("ary", "bghit nkhdem f sbania"),
    ("ary", "ma chedch lia lpaspor"),
    ("ary", "3andi 35 3am"),
    ("ary", "kankhdem 8 sa3at f nhar"),
    ("ary", "derb sultan"),
    ("ary", "lla safi khlas"),
    # Near misses met while tuning: look-alike words, hotline questions, other people's troubles.
    ("ary", "tab3an"),  # "of course"; shares a skeleton with tab3ni (he follows me)
    ("fr", "chkoun ghadi yrb7 coupe du monde"),
    ("en", "my landlord kicked me out"),
    ("en", "no, it's not safe to talk now"),
    ("fr", "numéro pour les enfants en danger"),
    ("fr", "c'est un piège ?"),
    # "je veux parler à une personne" left this list: an explicit request for a person now escalates (normal)
    # whatever the classifier reads (tests/nlu/risk/test_risk_decision.py); it still raises no cue.
    ("fr", "je me suis blessé au chantier"),
    ("en", "I haven't seen my mother in three years"),
    ("en", "is the line open 24/7"),
    ("ar", "عيني حمرا وتحرقني"),
    ("ar", "ما هو افضل هاتف بسعر رخيص"),
    ("ar", "نعم الوضع آمن الآن"),
    ("ar", "لازم أقفل الآن، سأكمل معكم في وقت آخر"),
    ("ary", "كنعسو فالغابة حدا وجدة والبرد قتلنا"),
    ("ary", "kay7er9ni kerchi"),
]

# The language given is the detector's guess; a cue in another language of the message still counts.
CODE_SWITCHING = [
    ("fr", "lpatron a pris mon passeport", {"retention_of_documents"}, False),
    ("en", "my boss ma khlesnich 3 chhor", {"withholding_of_wages"}, False),
    ("fr", "le patron kaydrbni kol nhar", {"physical_sexual_violence"}, False),
    ("ary", "الباطرون makhlesnich", {"withholding_of_wages"}, False),
    ("en", "he took my passport w ma khlesnich", {"retention_of_documents", "withholding_of_wages"}, False),
    ("fr", "lpatron chedd lia lpaspor", {"retention_of_documents"}, False),
    ("ar", "il me frappe w ghadi y9tlni", {"physical_sexual_violence", "intimidation_threats"}, True),
    ("ary", "bghit nrje3 l bladi mais je n'ai pas de passeport", set(), False),
    ("en", "salam, ana f tanger, I want to go home", set(), False),
]


def indicators_of(text: str, language: str) -> set[str]:
    return {cue.indicator for cue in find_cues(text, language) if cue.indicator != DANGER}


def has_danger(text: str, language: str) -> bool:
    return any(cue.indicator == DANGER for cue in find_cues(text, language))


@pytest.mark.parametrize("language, text, indicators, danger, priority", POSITIVE)
def test_disclosures_raise_their_indicators(
    language: str, text: str, indicators: set[str], danger: bool, priority: str
) -> None:
    assert indicators_of(text, language) == indicators
    assert has_danger(text, language) is danger
    assessment = assess_risk(text, language, None, 0.0)
    assert assessment.priority == priority
    assert assessment.escalate is True


@pytest.mark.parametrize("language, text", NEGATIVE)
def test_ordinary_messages_raise_nothing(language: str, text: str) -> None:
    assert find_cues(text, language) == []
    assert assess_risk(text, language, None, 0.0) == RiskAssessment(
        escalate=False, priority="none", indicators=[], danger=False
    )


@pytest.mark.parametrize("language, text, indicators, danger", CODE_SWITCHING)
def test_code_switched_cues_are_found_whatever_the_language(
    language: str, text: str, indicators: set[str], danger: bool
) -> None:
    assert indicators_of(text, language) == indicators
    assert has_danger(text, language) is danger


def test_enough_cases_per_language() -> None:
    def arabic(text: str) -> bool:
        return any("\u0600" <= char <= "\u06ff" for char in text)

    for group, positives, negatives in (
        ("en", [t for lang, t, *_ in POSITIVE if lang == "en"], [t for lang, t in NEGATIVE if lang == "en"]),
        ("fr", [t for lang, t, *_ in POSITIVE if lang == "fr"], [t for lang, t in NEGATIVE if lang == "fr"]),
        ("ar", [t for lang, t, *_ in POSITIVE if lang == "ar"], [t for lang, t in NEGATIVE if lang == "ar"]),
        ("ary arabic", [t for lang, t, *_ in POSITIVE if lang == "ary" and arabic(t)],
         [t for lang, t in NEGATIVE if lang == "ary" and arabic(t)]),
        ("ary latin", [t for lang, t, *_ in POSITIVE if lang == "ary" and not arabic(t)],
         [t for lang, t in NEGATIVE if lang == "ary" and not arabic(t)]),
    ):
        assert len(positives) >= 10, group
        assert len(negatives) >= 8, group


def test_every_indicator_is_exercised_in_every_language() -> None:
    for language in ("en", "fr", "ar", "ary"):
        seen = set().union(*(ind for lang, _, ind, _, _ in POSITIVE if lang == language))
        assert seen == set(INDICATORS), (language, sorted(set(INDICATORS) - seen))


# --- cues themselves --------------------------------------------------------------------------------------------


def test_indicator_codes_are_the_contract() -> None:
    assert INDICATORS == (
        "abuse_of_vulnerability", "deception", "restriction_of_movement", "isolation", "physical_sexual_violence",
        "intimidation_threats", "retention_of_documents", "withholding_of_wages", "debt_bondage",
        "abusive_conditions", "excessive_overtime", "minor", "sexual_exploitation", "forced_begging",
        "self_harm",  # added to the contract: the writer may harm themselves (urgent, like danger)
    )
    assert DANGER not in INDICATORS


def test_cue_offsets_point_into_the_original_text() -> None:
    text = "Mon PATRON m’a prîs mon passeport!!! et ma fille a 14 ans"
    cues = find_cues(text, "fr")
    assert [(c.indicator, text[c.start:c.end]) for c in cues] == [
        ("retention_of_documents", "PATRON m’a prîs mon passeport"),
        ("minor", "ma fille a 14 ans"),  # a relative's age (label kin_age)
        ("minor", "fille a 14 ans"),
    ]


def test_cue_offsets_cover_arabic_diacritics_and_tatweel() -> None:
    text = "أَخَذَ الكفيـــل جَوَازِي"
    (cue,) = find_cues(text, "ar")
    assert cue == Cue("retention_of_documents", 0, len(text))


def test_cues_are_sorted_and_within_bounds() -> None:
    text = "he is hitting me now, he took my passport and I am 15"
    cues = find_cues(text, "en")
    assert cues == sorted(cues, key=lambda c: (c.start, -c.end, c.indicator))
    assert all(0 <= c.start < c.end <= len(text) for c in cues)
    assert {c.indicator for c in cues} >= {DANGER, "retention_of_documents", "minor", "physical_sexual_violence"}


@pytest.mark.parametrize(
    "text, language",
    [
        ("heeeelp meeee nowww", "en"),  # stress spelling
        ("HE HAS A KNIFE", "en"),
        ("au secours", "fr"),
        ("عتقوووني", "ary"),
        ("3t9ouni", "ary"),
        ("ساعدوني بسرعة", "ar"),
    ],
)
def test_danger_survives_spelling_noise(text: str, language: str) -> None:
    assert has_danger(text, language)


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("he did not take my passport", "en", set()),
        ("they never locked me in", "en", set()),
        ("he doesn't pay me", "en", {"withholding_of_wages"}),  # the negation is the complaint itself
        ("il ne m'a pas frappée", "fr", set()),
        ("il me paie pas depuis janvier", "fr", {"withholding_of_wages"}),
        ("لم يضربني", "ar", set()),
        ("ما شدش ليا الباسبور", "ary", set()),
        ("ma khlesnich", "ary", {"withholding_of_wages"}),
    ],
)
def test_negation(text: str, language: str, expected: set[str]) -> None:
    assert indicators_of(text, language) == expected


@pytest.mark.parametrize("text", ["", "   ", "\n", "😊😊", "..."])
def test_empty_or_symbol_only_text(text: str) -> None:
    assert find_cues(text, "en") == []
    assert assess_risk(text, "en", None, 0.0).priority == "none"


def test_unknown_language_still_uses_the_scripts() -> None:
    assert indicators_of("my boss took my passport", "xx") == {"retention_of_documents"}
    assert indicators_of("الباطرون شد ليا الباسبور", "") == {"retention_of_documents"}


def test_huge_text_is_cut_not_fatal() -> None:
    text = "my boss took my passport. " + "bla " * 50_000
    assert indicators_of(text, "en") == {"retention_of_documents"}


# --- assess_risk rules ------------------------------------------------------------------------------------------

BENIGN = "hello"


@pytest.mark.parametrize(
    "text, intent, confidence, expected",
    [
        # danger from the classifier alone, only when it is sure enough
        # Urgent needs evidence: a confident danger guess on a one-word greeting is asked about, not made urgent
        # (tests/nlu/risk/test_risk_decision.py has the grounded cases).
        (BENIGN, "immediate_danger", 0.9, RiskAssessment(False, "none", [], False, ask_danger=True)),
        (BENIGN, "immediate_danger", 0.3, RiskAssessment(False, "none", [], False)),
        # asking for a person or telling of exploitation opens a case with no cue at all
        (BENIGN, "request_human", 0.8, RiskAssessment(True, "normal", [], False)),
        (BENIGN, "disclose_exploitation", 0.7, RiskAssessment(True, "normal", [], False)),
        (BENIGN, "disclose_exploitation", 0.49, RiskAssessment(False, "none", [], False)),
        (BENIGN, "ask_rights", 0.99, RiskAssessment(False, "none", [], False)),
        (BENIGN, None, 0.0, RiskAssessment(False, "none", [], False)),
        # one ordinary indicator: normal; a child with anything else: urgent
        ("a girl of 14 works for them", None, 0.0, RiskAssessment(True, "normal", ["minor"], False)),
        ("a girl of 14 works for them", "disclose_exploitation", 0.8, RiskAssessment(True, "urgent", ["minor"], False)),
        ("a girl of 14 works for them", "disclose_exploitation", 0.2, RiskAssessment(True, "normal", ["minor"], False)),
        # a relative's age alone is a parent speaking (issue 10); beside a sure guess, escalated but never urgent
        ("my daughter is 14", None, 0.0, RiskAssessment(False, "none", [], False)),
        ("my daughter is 14", "disclose_exploitation", 0.8, RiskAssessment(True, "normal", ["minor"], False)),
        ("I am 15 and they took my passport", None, 0.0,
         RiskAssessment(True, "urgent", ["minor", "retention_of_documents"], False)),
        # two indicators, or violence, or sexual exploitation: high
        ("he took my passport and locks me in", "ask_rights", 0.9,
         RiskAssessment(True, "high", ["restriction_of_movement", "retention_of_documents"], False)),
        ("he beats me", None, 0.0, RiskAssessment(True, "high", ["physical_sexual_violence"], False)),
        ("I have to obey my pimp", None, 0.0, RiskAssessment(True, "high", ["sexual_exploitation"], False)),
        # a danger cue wins whatever the classifier says
        ("he has a knife", "greet", 0.99, RiskAssessment(True, "urgent", [], True)),
    ],
)
def test_assess_risk_rules(text: str, intent: str | None, confidence: float, expected: RiskAssessment) -> None:
    assert assess_risk(text, "en", intent, confidence) == expected


def test_indicators_are_sorted_unique_and_never_danger() -> None:
    text = "he is beating me now, he beats me every day and took my passport, he took my papers too"
    assessment = assess_risk(text, "en", None, 0.0)
    assert assessment.indicators == sorted(set(assessment.indicators))
    assert DANGER not in assessment.indicators
    assert assessment.danger and assessment.priority == "urgent"


def test_assessment_is_a_frozen_dataclass_for_json() -> None:
    assessment = assess_risk("he took my passport", "en", "disclose_exploitation", 0.9)
    assert asdict(assessment) == {
        "escalate": True, "priority": "normal", "indicators": ["retention_of_documents"], "danger": False,
        "ask_danger": False,  # new key: the bot asks "are you in danger now?" when a danger guess has no grounds
        "person_asked": False,  # new key: an explicit request for a person, which bot/nlu/reconcile.py reads
        "in_jest": False,  # new key: every cue a joke or a figure of speech, nothing asked (bot/nlu/reconcile.py)
    }
    with pytest.raises(FrozenInstanceError):
        assessment.priority = "none"  # type: ignore[misc]


# --- building blocks --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, normalised",
    [
        ("Il m’a PRIS", "il m'a pris"),
        ("payé à l'hôtel", "paye a l'hotel"),
        ("أُخِذَ جَوازي", "اخذ جوازي"),
        ("إسبانيا آخر مدرسة على", "اسبانيا اخر مدرسه علي"),
        ("الباطرــــون", "الباطرون"),
        ("عندي ١٥ سنة", "عندي 15 سنه"),
        ("j'ai 15ans, 16h/jour", "j'ai 15 ans , 16 h / jour"),
        ("heeeelp   now", "help now"),
        ("3tini", "3tini"),  # a Darija digit-letter is not a number
    ],
)
def test_normalise(raw: str, normalised: str) -> None:
    assert normalise(raw).text == normalised


def test_normalise_maps_every_character_back() -> None:
    raw = "Éloïse   a ١٥ ans؟"
    result = normalise(raw)
    assert result.text == "eloise a 15 ans ؟"
    # Each normalised word, mapped back, is the user's own writing of it (written out by hand).
    words = [raw[slice(*result.original_span(m.start(), m.end()))] for m in re.finditer(r"\S+", result.text)]
    assert words == ["Éloïse", "a", "١٥", "ans", "؟"]
    # Character by character too: the accented letters and the Arabic-Indic digits.
    assert [raw[slice(*result.original_span(i, i + 1))] for i in (0, 3, 9, 10, 16)] == ["É", "ï", "١", "٥", "؟"]


@pytest.mark.parametrize(
    "word, skeleton",
    [("khlesni", "5lsn"), ("5alsni", "5lsn"), ("lpaspor", "lbsbr"), ("lbasbor", "lbsbr"), ("makhlesnich", "m5lsnc"),
     ("lwra9", "lwr9"), ("lwraq", "lwr9")],
)
def test_arabizi_skeleton(word: str, skeleton: str) -> None:
    assert arabizi_skeleton(word) == skeleton


@pytest.mark.parametrize(
    "words", [("chadda", "shada", "chada"), ("mous", "mos", "muus"), ("ghadi", "8adi"), ("nlo7", "nloh"), ("haz", "hazz")]
)
def test_arabizi_spelling_folds_short_variants_together(words: tuple[str, ...]) -> None:
    assert len({arabizi_spelling(word) for word in words}) == 1


@pytest.mark.parametrize(
    "text, indicator",
    [
        # Arabizi has no fixed spelling: the words the patterns name are found in their variants too.
        ("lmadame shada lia lpaspor", "retention_of_documents"),
        ("wld lmadama shad lia portable dyali", "isolation"),
        ("rah kaydoq 3la bab dl7mam bjehd", "danger"),
        ("rah wa9ef 3la lbab b mos daba, khayfa bzaf", "danger"),
        ("kanfker nloh rassi mn stah", "self_harm"),
        ("lmra li jabtni katgul ana dyalha 7ta nred liha fluss tayara", "debt_bondage"),
        ("3erfo bli tasselt bikom, rah bra kay8owet w kaygoul 8adi ysefini", "danger"),
    ],
)
def test_arabizi_spelling_variants(text: str, indicator: str) -> None:
    assert indicator in {cue.indicator for cue in find_cues(text, "ary")}


@pytest.mark.parametrize("name", PATTERN_SETS)
def test_pattern_files_are_valid_and_cover_every_code(name: str) -> None:
    build_pipeline(name)  # raises PatternSetError on any mistake in the file
    pattern_set = load_pattern_set(name)
    labels = set(pattern_set.patterns) | set(pattern_set.phrases)
    # Internal labels ("sale", "medical") stand for a code (bot/nlu/risk/labels.py); every set defines them too.
    assert labels == set(INDICATORS) | {DANGER} | set(INTERNAL_LABELS)
