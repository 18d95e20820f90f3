"""Darija in Latin letters (arabizi): the classes of mistakes found on evaluation/dev_v3/ary_latin.jsonl, each tested
in both directions with examples written for this file (not dev lines): what must escalate (and be urgent) and the
same words framed otherwise (a hypothesis, advice for someone else, a forwarded advert, reassurance, a figure of
speech) that must stay calm even when the classifier reads exploitation or danger into them."""
from __future__ import annotations

import pytest

from bot.nlu.risk import RiskAssessment, assess_risk

CALM = RiskAssessment(escalate=False, priority="none", indicators=[], danger=False)

# (text, indicator that must be found or None) for messages that are urgent on their cues alone.
URGENT: list[tuple[str, str | None]] = [
    # held and a ransom asked of the family
    ("7absinni f garage w kaytalbo flous mn familti bach ytl9ouni", "restriction_of_movement"),
    ("m7bousa f dar w kaytalbo lflous mn khoya", "restriction_of_movement"),
    # locked in since yesterday, or without food
    ("lmoul sedd 3lina lbab mn lbare7 w ma3ndna walo", "restriction_of_movement"),
    ("sddo 3lia lbab dial lgarage bla makla", "restriction_of_movement"),
    # made to board now
    ("ghadi yrkbouna daba f zodiac w ana ma bghitch", None),
    # self-harm said indirectly
    ("ktebt message dial lwda3 l khti", "self_harm"),
    ("bghit nsali had l3dab lyoum", "self_harm"),
    ("bghit nrta7 mn had ddenya", "self_harm"),
    ("ghadi ntlo7 rasi mn sta7", "self_harm"),
]

# (text, indicators that must be among those found) for disclosures that escalate on their cues alone.
ESCALATE: list[tuple[str, set[str]]] = [
    ("kaygoulo lia khassni nrje3 lihom 5000 euro dial lvisa", {"debt_bondage"}),
    ("smsar bgha ybi3ni l wa7ed l3a2ila", {"abuse_of_vulnerability"}),
    ("kaygoul lia ghadi n3ayet 3lik lbolice ila tkellemti", {"intimidation_threats"}),
    # laughter, then "b jd": it is meant
    ("😂 lmoul bagha ybi3ni l sa7bo wllah b jd", {"abuse_of_vulnerability"}),
    ("kankhrjo wa9tma bghina walakin lpatron ma kaykhellesch", {"withholding_of_wages"}),
]

# "All is well" counts as reassurance only when a question follows; "..., but" keeps the classifier's guess.
GUESS_KEPT: list[str] = [
    "lmadame mzyana m3aya walakin rajelha kaydkhol 3lia l bit f lil",
    "lpatron mzyan m3ana ghir kaykhdemna 7ta l 2 dlil",
]

# Calm messages the classifier may read as a disclosure or a danger: (text, intent, confidence).
CALM_DESPITE_THE_GUESS: list[tuple[str, str, float]] = [
    # hypotheses: lukan, faradan, "if someone falls"
    ("lukan chi wa7ed chedd lik lpaspor fin tchki", "disclose_exploitation", 0.9),
    ("faradan ma khlsounich f lferma chno ndir", "disclose_exploitation", 0.9),
    ("ila chi wa7ed tay7 w ma kayfi9ch chno ndir", "immediate_danger", 0.9),
    # advice for others
    ("chno nnse7 sa7bti li bghat tkhdem f lkhalij", "disclose_exploitation", 0.9),
    ("kifach nchr7o lihom 3la nnasb dial lkhedma", "disclose_exploitation", 0.9),
    ("chno ngoul l drari bach ma yt7eslouch f l7rig", "disclose_exploitation", 0.9),
    # a forwarded advert
    ("forward: kan9elbo 3la 30 khddama l hotel f dubai sokna w makla", "disclose_exploitation", 0.95),
    # all is well, then a question
    ("lmadame mzyana m3aya w bghit n3ref 7o9o9i", "disclose_exploitation", 0.9),
    ("lpatron rja3 lia lpaspor kifach njeddo", "disclose_exploitation", 0.9),
    ("f dar dial lkhedma kankhrej wa9tma bghit wach 3ndi l7e9 f cnss", "disclose_exploitation", 0.9),
    ("lbab dima m7loul f lferma ghir bghit n3ref ch7al lkhlas", "disclose_exploitation", 0.9),
    ("mol lkhedma kaykhlles f lw9t bghit n3ref wach 3ndi conge", "disclose_exploitation", 0.9),
    # "I lost it" (daya3t: the tokenizer splits off the "t")
    ("daya3t lpaspor f tobis kifach nred wa7ed jdid", "disclose_exploitation", 0.8),
]

# Figures of speech and everyday words: calm on the rules alone.
CALM_ON_THE_RULES: list[str] = [
    "ghadi y9tlni had lmatch",
    "chbe3t bzaf ghadi nmout",
    "mmi sedat 3lia lbab 7ta nkemmel devoirs",
    "lpatron 9tlna b lkhedma lyoum ghadi nmout",
    "ila khsrat raja ghadi ntlo7 mn sta7 hhh",
    "bagha ybi3ni chi tilifoun",
    "ghadi nmchiw l lbhar daba",
    "ghadi yrkbouna f lbato l tanja ghedda",
    "khoya rja3 lia mn fransa",
    "kaytalbo flous bzaf f lcafe dial lhouma",
    "bghit nrta7 chwiya mn lkhedma",
    "ghadi nsali had lkhedma w nji",
]

# Contrast pairs: the stated side escalates, the other side (same words) stays calm with the rules alone.
PAIRS: list[tuple[str, str]] = [
    ("lpatron sedd 3lia lbab mn lbare7 bla makla", "mmi sedat 3lia lbab 7ta nsali lmraja3a"),
    ("smsar ghadi ybi3ouni lila", "smsar ghadi ybi3ni chi tilifoun"),
    ("ghadi nttlo7 mn lbalcon daba", "ila rbe7 lwydad ghadi nttlo7 mn lbalcon hhh"),
    ("khassni nrje3 lihom 3000 euro dial l3a9d", "khassni nrje3 l bladi f 3000 euro"),
]


def short(value: object) -> str:
    return str(value)[:40]


@pytest.mark.parametrize("text, indicator", URGENT, ids=short)
def test_urgent_on_cues_alone(text: str, indicator: str | None) -> None:
    assessment = assess_risk(text, "ary", None, 0.0)
    assert assessment.escalate and assessment.priority == "urgent" and assessment.danger, assessment
    if indicator is not None:
        assert indicator in assessment.indicators, assessment


@pytest.mark.parametrize("text, indicators", ESCALATE, ids=short)
def test_disclosures_escalate_on_cues_alone(text: str, indicators: set[str]) -> None:
    assessment = assess_risk(text, "ary", None, 0.0)
    assert assessment.escalate, assessment
    assert indicators <= set(assessment.indicators), assessment


@pytest.mark.parametrize("text, intent, confidence", CALM_DESPITE_THE_GUESS, ids=short)
def test_framing_overrules_the_guess(text: str, intent: str, confidence: float) -> None:
    assert assess_risk(text, "ary", intent, confidence) == CALM


@pytest.mark.parametrize("text", CALM_ON_THE_RULES, ids=short)
def test_figures_of_speech_and_everyday_words_stay_calm(text: str) -> None:
    assert assess_risk(text, "ary", None, 0.0) == CALM


@pytest.mark.parametrize("hot, calm", PAIRS, ids=short)
def test_contrast_pairs(hot: str, calm: str) -> None:
    assert assess_risk(hot, "ary", None, 0.0).escalate
    assert assess_risk(hot, "ary", "disclose_exploitation", 0.9).escalate
    assert assess_risk(calm, "ary", None, 0.0) == CALM


@pytest.mark.parametrize("text", GUESS_KEPT, ids=short)
def test_reassurance_without_a_question_keeps_the_guess(text: str) -> None:
    assert assess_risk(text, "ary", "disclose_exploitation", 0.9).escalate
