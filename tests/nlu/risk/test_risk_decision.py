"""assess_risk's decision: urgent needs evidence, a groundless danger guess is asked about, self-harm and medical
emergencies are urgent with the emergency answer, requests for a person count however the classifier read them."""
from __future__ import annotations

from dataclasses import asdict

import pytest

from bot.nlu.risk import RiskAssessment, assess_risk
from bot.nlu.risk.assess import CONFIDENT_DANGER, INTENT_CONFIDENCE
from tests.nlu.risk.cases import EVERYDAY_DANGER_GUESSES, GROUNDED_DANGER_GUESSES, LANGUAGE


@pytest.mark.parametrize("group, text, confidence", EVERYDAY_DANGER_GUESSES)
def test_everyday_words_are_never_urgent_by_themselves(group: str, text: str, confidence: float) -> None:
    assessment = assess_risk(text, LANGUAGE[group], "immediate_danger", confidence)
    assert assessment == RiskAssessment(False, "none", [], False, ask_danger=True)


@pytest.mark.parametrize("group, text, confidence", GROUNDED_DANGER_GUESSES)
def test_a_confident_guess_with_grounds_is_urgent(group: str, text: str, confidence: float) -> None:
    assessment = assess_risk(text, LANGUAGE[group], "immediate_danger", confidence)
    assert assessment.danger and assessment.priority == "urgent" and not assessment.ask_danger


@pytest.mark.parametrize(
    "text, language, intent, confidence, expected",
    [
        # A weaker danger guess is at most what the cues say, and asked about.
        ("they come back every night and shout", "en", "immediate_danger", 0.7,
         RiskAssessment(False, "none", [], False, ask_danger=True)),
        ("he took my passport", "en", "immediate_danger", 0.6,
         RiskAssessment(True, "normal", ["retention_of_documents"], False, ask_danger=True)),
        ("الباطرون شد ليا الباسبور", "ary", "immediate_danger", 0.7,
         RiskAssessment(True, "normal", ["retention_of_documents"], False, ask_danger=True)),
        # Below the classifier's own bar the guess is ignored.
        ("daba", "ary", "immediate_danger", INTENT_CONFIDENCE - 0.01, RiskAssessment(False, "none", [], False)),
        # A danger cue is urgent whatever the classifier says.
        ("he has a knife", "en", "greet", 0.99, RiskAssessment(True, "urgent", [], True)),
        ("عندو جنوي و جاي", "ary", None, 0.0, RiskAssessment(True, "urgent", [], True)),
        # A joke cancels the guess: nothing to ask, and it is said in jest (bot/nlu/reconcile.py reads it).
        ("my boss is going to kill me if I'm late again lol", "en", "immediate_danger", 0.95,
         RiskAssessment(False, "none", [], False, in_jest=True)),
        ("lpatron ghadi y9telni ila t3ttelt hhhh", "ary", "immediate_danger", 0.95,
         RiskAssessment(False, "none", [], False, in_jest=True)),
    ],
)
def test_danger_needs_evidence(
    text: str, language: str, intent: str, confidence: float, expected: RiskAssessment
) -> None:
    assert assess_risk(text, language, intent, confidence) == expected


def test_the_confident_bar() -> None:
    text = "they are outside waiting for me"
    assert assess_risk(text, "en", "immediate_danger", CONFIDENT_DANGER).danger
    assert not assess_risk(text, "en", "immediate_danger", CONFIDENT_DANGER - 0.01).danger


@pytest.mark.parametrize(
    "text, language",
    [
        ("I want to end it all", "en"),
        ("I won't be a burden much longer", "en"),
        ("je veux en finir", "fr"),
        ("j'ai plus envie de vivre", "fr"),
        ("أريد أن أنتحر", "ar"),
        ("لا أريد أن أعيش بعد الآن", "ar"),
        ("نقتل راسي", "ary"),
        ("ghadi nqtel rasi", "ary"),
        ("bghit nmout", "ary"),
    ],
)
def test_self_harm_is_urgent_with_the_emergency_answer(text: str, language: str) -> None:
    assessment = assess_risk(text, language, "out_of_scope", 0.9)
    assert assessment.danger and assessment.priority == "urgent" and "self_harm" in assessment.indicators


@pytest.mark.parametrize(
    "text, language",
    [
        ("my cousin is bleeding and won't wake up", "en"),
        ("she took too many pills", "en"),
        ("elle ne respire plus", "fr"),
        ("il est inconscient", "fr"),
        ("ابن عمي فاقد الوعي", "ar"),
        ("هي حامل وتنزف", "ar"),
        ("خويا طاح و ما فاقش", "ary"),
        ("sa7bti skhfat", "ary"),
    ],
)
def test_medical_emergencies_are_urgent_danger(text: str, language: str) -> None:
    assessment = assess_risk(text, language, "ask_health", 0.9)
    assert assessment.danger and assessment.priority == "urgent"


@pytest.mark.parametrize(
    "text, language",
    [("I want to die lol", "en"), ("je veux mourir mdr", "fr"), ("bghit nmout hhhh", "ary")],
)
def test_self_harm_said_laughing_stays_urgent(text: str, language: str) -> None:
    # A laugh does not lower a wish to die (issue 10): only a trivial cause makes it hyperbole (test_dev_v5.py).
    assert assess_risk(text, language, None, 0.0) == RiskAssessment(True, "urgent", ["self_harm"], True)


@pytest.mark.parametrize(
    "text, language, intent",
    [
        ("la bghit nhder m3a chi wa7ed", "ary", "deny"),        # a request read as "no"
        ("لا بغيت نهضر مع شي بنادم", "ary", "deny"),
        ("I want to talk to a real person", "en", None),
        ("are you a bot? I want to talk to a human", "en", "bot_challenge"),
        ("je veux parler à une personne", "fr", None),
        ("أريد التحدث مع موظف", "ar", None),
    ],
)
def test_a_request_for_a_person_escalates_whatever_the_intent(text: str, language: str, intent: str | None) -> None:
    assert assess_risk(text, language, intent, 0.9) == RiskAssessment(True, "normal", [], False, person_asked=True)


@pytest.mark.parametrize(
    "text, language",
    [("am I talking to a bot?", "en"), ("t'es un robot ?", "fr"), ("هل أنت روبوت؟", "ar"), ("wach nta robot?", "ary"),
     ("واش نتا روبو؟", "ary")],
)
def test_asking_whether_it_is_a_bot_is_no_request(text: str, language: str) -> None:
    assert not assess_risk(text, language, "request_human", 0.9).escalate


@pytest.mark.parametrize(
    "text, language, escalate",
    [
        ("I'm not a victim, but he keeps my passport", "en", True),
        ("lol but seriously he took my passport", "en", True),
        ("what if my boss takes my passport?", "en", False),
        ("je ne suis pas une victime, mais il garde mon passeport", "fr", True),
        ("mdr sans rire il m'a pris mon passeport", "fr", True),
        ("ماشي ضحية ولكن شد ليا الباسبور", "ary", True),
        ("hhhh bjed chedd lia lpaspor", "ary", True),
        ("what if he hits me again?", "en", True),  # "again": it has happened
    ],
)
def test_a_disclosure_in_the_same_message_still_escalates(text: str, language: str, escalate: bool) -> None:
    assert assess_risk(text, language, "disclose_exploitation", 0.9).escalate is escalate


def test_being_sold_is_high_priority() -> None:
    for text, language in (("the man who sold me to this family", "en"), ("باعني لواحد العائلة", "ary"),
                           ("on m'a vendue à une famille", "fr"), ("chrani wa7ed rajel", "ary")):
        assessment = assess_risk(text, language, None, 0.0)
        assert assessment.priority == "high" and "abuse_of_vulnerability" in assessment.indicators, text


def test_being_moved_tonight_is_urgent_restriction_of_movement() -> None:
    assessment = assess_risk("they're moving us to a different farm tonight", "en", None, 0.0)
    assert assessment == RiskAssessment(True, "urgent", ["restriction_of_movement"], True)


def test_json_keys_keep_the_contract() -> None:
    keys = set(asdict(assess_risk("daba", "ary", "immediate_danger", 0.7)))
    assert {"escalate", "priority", "indicators", "danger"} <= keys
    assert keys - {"escalate", "priority", "indicators", "danger"} == {"ask_danger", "person_asked", "in_jest"}


@pytest.mark.parametrize(
    "text, language, intent, confidence, escalate",
    [
        # A denial says what is not happening: the classifier's exploitation guess is not trusted...
        ("on ne m'empêche pas de sortir, c'est juste que je n'ai pas d'argent pour le bus", "fr",
         "disclose_exploitation", 0.98, False),
        ("I'm not locked in, I just don't have money to travel to Rabat", "en", "disclose_exploitation", 0.9, False),
        ("لا أحد يمنعني من الخروج، فقط ليس لدي مال للحافلة", "ar", "disclose_exploitation", 0.85, False),
        ("7ta wa7ed ma khda lia lpaspor, sala w bghit njddo", "ary", "disclose_exploitation", 0.9, False),
        ("حتى حد ما مانعني نخرج، غير ما عنديش فلوس الطوبيس", "ary", "disclose_exploitation", 0.9, False),
        # A "but" that only leads to a question adds no complaint.
        ("mon employeur ne garde pas nos passeports, mais le contrat doit-il être dans ma langue ?", "fr",
         "disclose_exploitation", 1.0, False),
        ("my employer doesn't keep our passports, but does the contract have to be in my language?", "en",
         "disclose_exploitation", 1.0, False),
        ("lpatron ma kaychedch lina lpasporat, walakin wach lcontrat khasso ykoun b lougha dyali?", "ary",
         "disclose_exploitation", 1.0, False),
        ("il ne garde pas mon passeport mais il me frappe", "fr", "disclose_exploitation", 1.0, True),
        # ... unless the message states something else
        ("حتى حد ما كيقيسني، غير كياخدو ليا التيليفون فالليل", "ary", "disclose_exploitation", 0.93, True),
        ("nobody hurts me, they only take my phone at night so I can't call home", "en", "greet", 0.9, True),
        # A conditional question sets the guess aside too.
        ("if they ever lock me in, what should I do?", "en", "disclose_exploitation", 0.9, False),
        ("ila sddo 3lia lbab chno ndir?", "ary", "immediate_danger", 0.9, False),
        ("ila 7bes lia lkhlas, chkoun n3iyet lih?", "ary", "disclose_exploitation", 0.6, False),
    ],
)
def test_denials_and_conditions_set_the_guess_aside(
    text: str, language: str, intent: str, confidence: float, escalate: bool
) -> None:
    assert assess_risk(text, language, intent, confidence).escalate is escalate


def test_past_violence_is_not_a_danger_now() -> None:
    """The words of a stated indicator are no evidence behind a danger guess: high, not urgent."""
    text = "il m'a frappée avec sa ceinture parce que j'avais brûlé le riz"
    assessment = assess_risk(text, "fr", "immediate_danger", 0.85)
    assert assessment.priority == "high" and not assessment.danger and assessment.ask_danger
    assert assess_risk(text + ", aidez-moi", "fr", "immediate_danger", 0.85).priority == "urgent"


def test_a_near_certain_guess_stands_alone_on_a_message_of_some_length() -> None:
    text = "a girl here fell in the night and she is so weak"
    assert assess_risk(text, "en", "immediate_danger", 0.97).priority == "urgent"
    # Below SURE_DANGER it is not urgent alone; since dev_v10 (h-esc6) a confident guess on a message that tells
    # something is seen by an officer (normal) while the bot asks "are you in danger now?".
    below = assess_risk(text, "en", "immediate_danger", 0.9)
    assert below.priority == "normal" and not below.danger and below.ask_danger
    # ... but not when everyday haste is what it leans on: since dev_v11 (h-esc7) a near-certain guess on a told
    # message with haste is seen (normal) and asked about, never urgent; asked as a question it is only asked about.
    haste = assess_risk("we are moving to a new flat tonight with the kids", "en", "immediate_danger", 0.97)
    assert haste.priority == "normal" and not haste.danger and haste.ask_danger
    assert assess_risk("we are moving to a new flat tonight with the kids, which bus goes there?", "en",
                       "immediate_danger", 0.97).priority == "none"

