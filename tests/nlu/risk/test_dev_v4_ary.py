"""Moroccan Darija (Arabic script and arabizi): the classes of mistakes found on evaluation/dev_v4/ary_arabic.jsonl and
ary_latin.jsonl, each tested in both directions with contrast pairs written for this file (not dev lines): the
same words once as a disclosure or a danger (must escalate, or be urgent) and once denied, asked, forwarded or told
as over (must stay calm even when the classifier reads exploitation into them)."""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk

LANG = "ary"

# (text, an indicator that must be found or None): urgent on the cues alone.
URGENT: list[tuple[str, str | None]] = [
    # being moved in a vehicle, not knowing where
    ("7ettona f trafic w ma3rfnach fin", "restriction_of_movement"),
    ("حطونا فالفورغون وماعارفينش فين", "restriction_of_movement"),
    ("ma3rfnach fin dayinna", "restriction_of_movement"),
    # held, and asking for someone to be sent
    ("7absinni f lmagazin siftou chi wa7ed", "restriction_of_movement"),
    ("محبوسة فالبيت عيطو لشي حد", "restriction_of_movement"),
    # a threat made with a weapon
    ("hddni b jenwi", "intimidation_threats"),
    ("هددني بالسكين", "intimidation_threats"),
    # he will slaughter me (arabizi)
    ("ghadi ydba7ni mol lhanout", None),
    # blood running, an ambulance refused
    ("الدم كيسيل من رجلو", None),
    ("ma khlawnach n3iyto l lisa3af", None),
]

# (text, indicator that must be among those found): disclosures that escalate on their cues alone.
ESCALATE: list[tuple[str, str]] = [
    ("kayn tahdid mn lm3lem kol nhar", "intimidation_threats"),
    ("تعرضت لتهديد من الباطرون", "intimidation_threats"),
    ("kayfkrni bli 3aref fin sakna khalti", "intimidation_threats"),
    ("كيقولي بلي عارف فين كيقرا ولدي", "intimidation_threats"),
    ("tilifoun dyali 3nd lmadame", "isolation"),
    ("البورطابل ديالي عندهم", "isolation"),
    ("7aydo lia tilifoun", "isolation"),
    ("ma3ndich l7e9 nhder m3a jiran", "isolation"),
    ("ماعنديش الحق نخرج بوحدي", "restriction_of_movement"),
    ("ma khrjtch mn dar hadi 3am", "restriction_of_movement"),
    ("من نهار جيت ماخرجتش", "restriction_of_movement"),
    ("lkhlsa dyal had chhar zero", "withholding_of_wages"),
    ("الخلصة ديالي صفر", "withholding_of_wages"),
    ("والخلصة 0 درهم", "withholding_of_wages"),
    ("kay7bs lia lkhlas", "withholding_of_wages"),
    ("المدام خادة ليا الباسبور", "retention_of_documents"),
    ("kaydrbni w kayhddni", "physical_sexual_violence"),
    ("ana 3ndi 14 3am w kankhdm f lferma", "minor"),
    # said with a laugh, a wage of nothing stays a fact
    ("hhhh lkhlsa 0dh had chhar 😂", "withholding_of_wages"),
]

# Calm despite the classifier's guess, by the intent it guessed (with GUESS confidence).
GUESS = 0.9
CALM_DESPITE_THE_GUESS: dict[str, list[str]] = {
    "disclose_exploitation": [
        # there is no threat / never subjected to it
        "ma kaynch tahdid ghir bghit n3ref ch7al d conge",
        "ماكاين حتى تهديد، غير بغيت نعرف الكونجي",
        "3mri t3rdt l tahdid f lkhdma",
        "عمري تعرضت لشي استغلال فالخدمة",
        # nobody hits me nor threatens me
        "7ta wa7d ma kaydrbni wla kayhddni",
        "حتى واحد ماكيضربني ولا كيهددني",
        # advice before someone else signs or starts
        "sa7bti 3ndha offre f dubai ach tchof 9bel ma tsini",
        "بنت خالتي غادية تخدم، شنو خاصها تطلب قبل ما تبدا؟",
        # information to hand on to others
        "bghit ma3lomat n3tihom l jiran",
        # forwarded adverts
        "matloubin khddama f hotel twaslo m3ana",
        "transfert: charika kat9elb 3la 30 khddam passport 3nd charika",
        "خدمة من الدار غير لايكي الفيديوهات وصيفط نمرتك",
        # lost, not taken
        "ma5dawlich lwra9 ana li diyya3thom",
        "ماخداوش ليا الوراق، ضيعتهم",
        # paid on time
        "lpatron kaykhlesna f lwa9t ghir bghit nbdl lkhdma",
    ],
    "request_human": ["بغيت معلومات نعطيها للنسا فالدوار"],
    # a stay in Morocco, not an age
    "ask_voluntary_return": ["3ndi 6 snin f lmghrib w bghit nrj3 l bladi", "وعندي 4 سنين فالمغرب وبغيت نرجع"],
}

# Calm on the rules alone: the same words, denied, asked, over or harmless.
CALM_ON_THE_RULES: list[str] = [
    "chrina camion w ma 3rfnach fin n7ettoh",
    "شرينا كاميو وماعرفناش فين نحطوه",
    "ana 3arf fin sakna khalti ghadi nmchi 3ndha",
    "tilifoun dyali m3aya",
    "واش عندي الحق نهضر مع محامي؟",
    "ma khrjtch lyoum 7it kant chta",
    "lkhlsa mzyana",
    "lpatron ma kay7bsch lkhlas",
    "كان الدم كيسيل من راسو البارح، دابا مزيان",
    "عيطنا للاسعاف وجاو فالوقت",
    "lmo3alim ma hddnich b walo",
    "ma 7absni 7ta wa7d sifto lia ghir l3nwan dyal ljam3iya",
]

# Asking for a person: escalates however the classifier read it.
REQUEST_PERSON: list[tuple[str, str]] = [
    ("wach chi wa7ed y3iyet lia", "ask_safety"),
    ("شي حد يعيط ليا عافاك", "ask_hotline"),
]
NOT_A_REQUEST: list[str] = [
    "wa7ed sa7bi 3iyet lia lbare7",
    "واحد الصاحب عيط ليا البارح",
]


@pytest.mark.parametrize(("text", "indicator"), URGENT)
def test_urgent(text: str, indicator: str | None) -> None:
    risk = assess_risk(text, LANG, None, 0.0)
    assert risk.escalate and risk.priority == "urgent", (text, risk)
    if indicator:
        assert indicator in risk.indicators, (text, risk)


@pytest.mark.parametrize(("text", "indicator"), ESCALATE)
def test_escalates(text: str, indicator: str) -> None:
    risk = assess_risk(text, LANG, None, 0.0)
    assert risk.escalate and indicator in risk.indicators, (text, risk)


@pytest.mark.parametrize(
    ("text", "intent"), [(text, intent) for intent, texts in CALM_DESPITE_THE_GUESS.items() for text in texts]
)
def test_calm_despite_the_guess(text: str, intent: str) -> None:
    risk = assess_risk(text, LANG, intent, GUESS)
    assert not risk.escalate and risk.priority == "none", (text, risk)


@pytest.mark.parametrize("text", CALM_ON_THE_RULES)
def test_calm_on_the_rules(text: str) -> None:
    risk = assess_risk(text, LANG, None, 0.0)
    assert not risk.escalate, (text, risk)


@pytest.mark.parametrize(("text", "intent"), REQUEST_PERSON)
def test_request_person(text: str, intent: str) -> None:
    assert assess_risk(text, LANG, intent, 0.8).escalate, text


@pytest.mark.parametrize("text", NOT_A_REQUEST)
def test_not_a_request(text: str) -> None:
    assert not assess_risk(text, LANG, None, 0.0).escalate, text
