"""Arabic risk rules after the dev_v3 round (evaluation/dev_v3/ar.jsonl): Egyptian, Levantine and Sudanese wording
next to MSA. One table per class of fix, in both directions; the messages are written for this test, not taken
from the development set.

Rules only (no classifier guess), as in tests/nlu/risk/test_risk_contrast_pairs.py; the framed calm messages are
also checked with a confident "disclose_exploitation" guess, which the framing must set aside.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk

LANGUAGE = "ar"

# (text, indicator the rules must find, or "" when only escalation is checked)
ESCALATE: list[tuple[str, str]] = [
    # Dialect verbs of holding papers: ماخد / واخد / اخدو (with dal), شايل (Sudanese), ساحب (Levantine).
    ("صاحبة المحل ماخدة الباسبور بتاعي من يوم ما وصلت", "retention_of_documents"),
    ("المعلم واخد جوازي و بيقول هيرجعه بعد سنتين", "retention_of_documents"),
    ("الزول ده شايل جوازاتنا كلها في شنطتو", "retention_of_documents"),
    ("صاحب المشغل ساحب الاقامة تبعي من شهرين", "retention_of_documents"),
    ("ناس الوكالة اخدو مننا الورق عند المطار", "retention_of_documents"),
    # The employer's own words, quoted: "your passport is better with me".
    ("الست قالتلي باسبورك عندي احسن من الشارع", "retention_of_documents"),
    # Dialect pay: Sudanese ب- present, Egyptian "doesn't give me a salary", work for nothing.
    ("الريس ما بدفع لينا قروش من الخريف", "withholding_of_wages"),
    ("صاحب الكافيه مش بيديني مرتب بقاله شهرين", "withholding_of_wages"),
    ("بقالي سنة بشتغل في الفرن ببلاش", "withholding_of_wages"),
    ("ما في معاش هالشهر كمان قال الشغل قليل", "withholding_of_wages"),
    # Debts that grow, and the employer's "you still owe the trip".
    ("السمسار بيقول الدين بيزيد كل شهر عشان السكن", "debt_bondage"),
    ("انا مديونة للكوافيرة بتمن الفيزا و بتخصم كل اسبوع", "debt_bondage"),
    ("المعلم بيقولي لسه عليك فلوس التذكرة", "debt_bondage"),
    # Confinement and isolation in dialect.
    ("صاحب المخزن بيقفل علينا الاوضة بالليل", "restriction_of_movement"),
    ("ما بخلونا نمرق من البيت الا يوم الجمعة", "restriction_of_movement"),
    ("الكفيلة ما بتخليني احكي مع اهلي", "isolation"),
    # Dialect verb prefixes (ب, ه, ح) on violence, threats and deportation.
    ("المشرف بيضربنا بالعصاية لو اتأخرنا", "physical_sexual_violence"),
    ("المعلم بيهددني اني لو سبت الشغل يبلغ عني", "intimidation_threats"),
    ("قال لو اشتكينا البوليس بيرحلونا كلنا", "intimidation_threats"),
    # Sexual exploitation said sideways; a job that turned out not to exist.
    ("الوكالة طلبت مني اسهر مع الزباين في الشقة", "sexual_exploitation"),
    ("جيت عشان الدراسة و طلع مفيش جامعة و شغلوني في مقهى", "deception"),
    # A person asked for in Sudanese and Egyptian.
    ("داير زول من المنظمة يتصل علي", ""),
    ("عايز اكلم حد من الجمعية لو سمحت", ""),
    # A denial that is not the whole story: the pay cue stands after "but".
    ("مش عايزة مشاكل بس المعلم ما عم يدفعلي من شهرين", "withholding_of_wages"),
    # Nervous laughter does not hide papers held.
    ("ههههه الكفيل شايل جوازي من سنة 😂", "retention_of_documents"),
]

URGENT: list[str] = [
    # Chased, weapons, hiding, "please quickly", threats of death in dialect.
    "في رجالة بيلحقوني بالسكاكين في الشارع",
    "انا مستخبية فوق السطح و هما بيدوروا علي",
    "الراجل قافل علي و قال جايين ناس بالليل ارجوكم بسرعة",
    "المهرب هيقتلني لو ما دفعتش الليلة",
    "هسي جاي علي بالعصاية و انا في المطبخ",
    "حابسني في الشقة و قال الزباين جايين الليلة",
    # Self-harm in dialect.
    "خلاص بدي خلص من هالحياة الليلة",
    "ما عندي سبب اعيش بعد اللي صار",
    "حاسة انها اخر ليلة لي في الدنيا",
    "جرحت دراعي بالشفرة و مش عايزة اوقف",
    "مش فارقة معايا لو مت النهارده",
    "هرمي نفسي من فوق الكوبري و خلاص",
    # Medical emergencies in dialect.
    "صاحبي اتحرق في وشه بالزيت و مش عارف اعمل ايه",
    "الراجل شرب المبيد و بيستفرغ",
    "البنت ما قادرة تتنفس و شفايفها زرقا",
]

CALM: list[str] = [
    # Everyday dialect that shares words with cues.
    "انا جاي هلق على البيت",
    "انا جاي دلوقتي عندكم",
    "امي قالت تعال بسرعة الاكل جاهز",
    "قفلت الباب و نمت بدري",
    "شال الشنطة و مشى على السوق",
    "اشتريت موس حلاقة جديد",
    # A denial whose negation stands two words before the cue, or a glued one.
    "لا محدش بيهددني الحمد لله",
    "ما في زول شايل جوازي الحمد لله",
    "المعلم ما اخد الباسبور ابدا و يدفع لي كل شهر",
    # Self-harm words hung on a football result or an exam: hyperbole.
    "هرمي نفسي من البلكونة لو الزمالك خسر هههه",
    # Asking whether it is a bot is no request for a person.
    "انت زول حقيقي ولا برنامج",
]

# Calm even when the classifier is sure of an escalating intent: the framing says the guess is unsafe.
FRAMED_CALM: list[str] = [
    # Prevention for others: a volunteer, a relative's plan, checking before paying.
    "انا متطوع في جمعية الحي و عايزين نعلم البنات ازاي يعرفو الشغل النصب",
    "ابن عمي بدو يسافر على ليبيا مع واحد بيعرفو شو لازم نعرف",
    "عايزة اتأكد من الوكالة قبل ما ادفع فلوس الفيزا",
    # A forwarded advert: two spam hints.
    "فرصة ذهبية للشباب شغل في مزارع اوروبا، سجل الان و ادفع رسوم الملف",
    "منقول: نادي محترف بيختار لاعبين من افريقيا، الحق مكانك",
    # Reassurance.
    "الحمد لله كل شي تمام بالشغل بس كنت بجرب البوت",
    "التلفون معايا و المعلم بيعاملني كويس",
    # "Can I go to the police or will they deport me?" is a question about the State, not a threat.
    "بقدر اروح للشرطة ولا بيرحلوني",
]


@pytest.mark.parametrize("text, indicator", ESCALATE)
def test_dialect_disclosures_escalate(text: str, indicator: str) -> None:
    assessment = assess_risk(text, LANGUAGE, None, 0.0)
    assert assessment.escalate, assessment
    if indicator:
        assert indicator in assessment.indicators, assessment


@pytest.mark.parametrize("text", URGENT)
def test_dialect_danger_self_harm_and_emergencies_are_urgent(text: str) -> None:
    assessment = assess_risk(text, LANGUAGE, None, 0.0)
    assert assessment.priority == "urgent" and assessment.danger, assessment


@pytest.mark.parametrize("text", CALM)
def test_everyday_and_denied_messages_stay_calm(text: str) -> None:
    assessment = assess_risk(text, LANGUAGE, None, 0.0)
    assert not assessment.escalate and assessment.priority == "none", assessment


@pytest.mark.parametrize("text", FRAMED_CALM)
def test_framing_sets_a_confident_guess_aside(text: str) -> None:
    assessment = assess_risk(text, LANGUAGE, "disclose_exploitation", 0.9)
    assert not assessment.escalate and assessment.priority == "none", assessment
