"""The risk logic trusts a disclosure guess that shares its confidence with danger (bot/nlu/risk/assess.py _sure), and
says when a person was asked for explicitly (RiskAssessment.person_asked, which bot/nlu/reconcile.py reads)."""
from __future__ import annotations

from bot.nlu.risk import assess_risk

# A disclosure with no cue the pattern sets know (session 10: a Darija "yes, and they took all our cards" had none).
NO_CUE = "yes and the same happened to my sister"


def test_the_text_has_no_cue_of_its_own() -> None:
    assert not assess_risk(NO_CUE, "en", None, 0.0).escalate


def test_a_disclosure_guess_split_with_danger_is_trusted() -> None:
    # Disclosure 0.46 beside danger 0.36: the classifier is sure something is wrong.
    assessment = assess_risk(NO_CUE, "en", "disclose_exploitation", 0.46, alarm_confidence=0.82)
    assert assessment.escalate and assessment.priority == "normal" and not assessment.danger


def test_a_disclosure_guess_split_with_a_topic_is_not() -> None:
    # Disclosure 0.46 beside a shelter question 0.36: a guess.
    assert not assess_risk(NO_CUE, "en", "disclose_exploitation", 0.46, alarm_confidence=0.46).escalate
    # And without the ranking, the guess's own confidence decides as before.
    assert not assess_risk(NO_CUE, "en", "disclose_exploitation", 0.46).escalate


def test_a_danger_guess_split_with_disclosure_is_not_made_surer() -> None:
    # Danger's own confidence decides how danger is treated: below the bar it is neither danger nor asked about.
    assessment = assess_risk(NO_CUE, "en", "immediate_danger", 0.46, alarm_confidence=0.82)
    assert not assessment.escalate and not assessment.danger and not assessment.ask_danger


def test_an_explicit_request_for_a_person_is_said() -> None:
    assert assess_risk("oui je veux bien parler à une personne", "fr", "affirm", 0.71).person_asked
    assert not assess_risk("oui merci", "fr", "affirm", 0.9).person_asked


def _annotated(ranking: list[tuple[str, float]]) -> dict:
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.annotator import RISK_KEY, annotate

    entries = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message = Message(data={"text": NO_CUE, "intent": entries[0], "intent_ranking": entries,
                            "metadata": {"detected_language": "en"}})
    annotate(message)
    return {"risk": message.get(RISK_KEY), "intent": message.get("intent")["name"]}


def test_the_annotator_gives_the_risk_logic_the_alarm_intents_together() -> None:
    split = _annotated([("disclose_exploitation", 0.46), ("immediate_danger", 0.36), ("ask_shelter", 0.18)])
    assert split["risk"]["escalate"] and split["intent"] == "disclose_exploitation"
    # Beside a topic the guess is set aside (bot/nlu/reconcile.py), as before.
    guess = _annotated([("disclose_exploitation", 0.46), ("ask_shelter", 0.44), ("immediate_danger", 0.02)])
    assert not guess["risk"]["escalate"] and guess["intent"] == "ask_shelter"
