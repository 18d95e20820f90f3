"""Classes found on conversations_dev_v17 (issue 11) in en, fr and arabizi, without a model (the classifiers' guesses
are given), in other words than the set's lines: going home asked by someone nobody harmed, even when danger was
guessed; unpaid wages asked of a worker in general; papers missing as well after going home; the police refused in
arabizi's "ou" spelling. Each with a contrast that keeps the other answer."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.danger_words import worded_follow_up
from actions.escalation import ActionEmergency
from actions.named_details import named_detail
from actions.named_questions import named_question
from actions.subquestions import Asked
from actions.turn import Turn
from tests.actions.test_context import NO_RISK, run, say, tracker

RETURN, RIGHTS, SHELTER = "ask_voluntary_return", "ask_rights", "ask_shelter"
WAGES = {"escalate": True, "priority": "normal", "indicators": ["withholding_of_wages"], "danger": False}


def turn(text: str, intent: str, last_topic: str | None = None, language: str = "en", confidence: float = 0.8,
         risk: dict | None = None, previous_texts: list[str] | None = None) -> Turn:
    return Turn(language=language, intent=intent, foreign_language=False, risk=risk or {}, pending_question=None,
                human_offered=False, safe_to_talk=False, dispatcher=CollectingDispatcher(), text=text,
                last_topic=last_topic, intent_ranking=[(intent, confidence)], previous_texts=previous_texts or [],
                sub_question_ranking=[("none", 0.9)])


# -- going home for someone nobody harmed

@pytest.mark.parametrize(("language", "text"), [
    ("en", "nobody hurt me, i only want to fly back to accra"),
    ("fr", "personne ne m a rien fait, je veux juste rentrer au pays"),
    ("ary_latn", "bghit nrje3 l bladi, ma dar lia 7ta wa7d walo"),
    ("ary", "بغيت نرجع لبلادي، حتى واحد ما دار ليا والو"),
    ("ar", "أريد العودة إلى بلدي، لم يؤذني أحد"),
])
def test_going_home_by_someone_nobody_harmed_is_return_for_anyone(language: str, text: str) -> None:
    assert named_question(turn(text, RETURN, language=language)) == Asked(RETURN, "not_victim")


@pytest.mark.parametrize(("language", "text"), [
    ("en", "my boss hurt me, i want to fly back to accra"),      # harmed: not "anyone may go"
    ("fr", "personne ne m a rien dit sur le billet"),            # nothing about harm, and no going home intent
])
def test_no_return_for_anyone_when_the_words_do_not_deny_harm(language: str, text: str) -> None:
    assert named_question(turn(text, "ask_rights", language=language)) != Asked(RETURN, "not_victim")


async def test_a_guess_of_danger_with_words_that_deny_harm_answers_the_question() -> None:
    # Danger guessed surely (0.8) from "sleeping in the street", but the words say nobody harmed the writer.
    state = tracker("nobody did anything to me, i just want to go back home, i am tired of the street",
                    "immediate_danger", NO_RISK, "en", confidence=0.8)
    texts, _, _, _ = await run(ActionEmergency(), state)
    assert texts[0] == say(f"questions.{RETURN}.not_victim.answer")[0]


async def test_a_guess_of_danger_without_such_words_still_asks_about_danger() -> None:
    state = tracker("i want to go back home, i am tired of the street", "immediate_danger", NO_RISK, "en",
                    confidence=0.8)
    texts, _, _, _ = await run(ActionEmergency(), state)
    assert texts == say("danger_check")


# -- unpaid wages asked of a worker in general

@pytest.mark.parametrize(("language", "text"), [
    ("en", "in general, if a company never pays its workers, what can they do?"),
    ("fr", "si une patronne paie pas sa bonne pendant 3 mois, elle peut faire quoi ?"),
    ("ary_latn", "ila chi m3lem ma kaykhllsch lkhdama dyalo, chno ydiro?"),
    ("ary", "إلا المعلم ما خلصش الخدامة ديالو، شنو تدير؟"),
])
def test_unpaid_wages_asked_in_general_are_the_rights_unpaid_wages(language: str, text: str) -> None:
    assert named_question(turn(text, RIGHTS, language=language)) == Asked(RIGHTS, "unpaid_wages")


@pytest.mark.parametrize(("language", "text", "intent", "risk"), [
    ("en", "if a company pays its workers late, what can they do?", RIGHTS, None),   # no negation
    ("fr", "mon patron me paie pas, je peux faire quoi ?", RIGHTS, WAGES),            # told: the risk cues first
    ("fr", "si je paie pas le billet, je peux rentrer quand meme ?", RETURN, None),   # not about rights
])
def test_no_worded_unpaid_wages_without_a_negation_when_told_or_off_rights(language: str, text: str, intent: str,
                                                                          risk: dict | None) -> None:
    assert named_question(turn(text, intent, language=language, risk=risk)) != Asked(RIGHTS, "unpaid_wages")


# -- papers missing as well, after going home

@pytest.mark.parametrize(("language", "text", "intent"), [
    ("en", "and my brother has no documents at all", "deny"),
    ("fr", "mes enfants non plus ils ont aucun papier", "deny"),
    ("fr", "et moi je suis sans papiers", "ask_menu"),
    ("ary_latn", "w khti 7ta hiya ma 3ndha 7ta wr9a", "ask_menu"),
    ("ary", "وحتى مراتي ماعندهاش الوراق", "deny"),
])
def test_no_papers_said_after_going_home_is_going_home_without_papers(language: str, text: str, intent: str) -> None:
    state = turn(text, intent, last_topic=RETURN, language=language, confidence=0.5)
    assert named_question(state) == Asked(RETURN, "no_papers")


@pytest.mark.parametrize(("text", "last_topic"), [
    ("quels papiers il faut, j ai juste ma carte consulaire", RETURN),   # French "ma" is "my": which papers
    ("j ai perdu mes papiers dans la foret", RETURN),                  # lost: its own question
    ("non je sais pas quels papiers il faut", RETURN),                 # a negation, no papers not had: documents
    ("mes enfants non plus ils ont aucun papier", None),               # no going home before
])
def test_no_papers_after_going_home_needs_a_negation_no_loss_and_the_topic(text: str, last_topic: str | None) -> None:
    state = turn(text, "deny", last_topic=last_topic, language="fr", confidence=0.5)
    assert named_question(state) != Asked(RETURN, "no_papers")


# -- the police refused in arabizi's "ou" spelling, right after the numbers

@pytest.mark.parametrize(("text", "kind"), [
    ("la la ma bghitch lboulis", "call_police"),
    ("ma n9derch nmchi l boulis", "call_police"),
    ("lboulis ja daba", None),      # no negation: news, not a refusal
])
def test_the_police_refused_in_ou_spelling_is_the_police_follow_up(text: str, kind: str | None) -> None:
    state = turn(text, "deny", language="ary_latn")
    state.previous_texts = state.messages("emergency")
    assert worded_follow_up(state) == kind


# -- a bed for today, read as the shelter's general question (conversations_dev_v16)

@pytest.mark.parametrize(("language", "text", "read", "expected"), [
    ("en", "we left the farm, where can we sleep today", None, Asked(SHELTER, "tonight")),
    ("fr", "je suis a la gare, ou dormir aujourd hui ?", None, Asked(SHELTER, "tonight")),
    ("ary_latn", "tla7ouni mn dar, fin n3es lyoum", None, Asked(SHELTER, "tonight")),
    ("ary", "خرجت من الخدمة، فين نبات اليوم؟", None, Asked(SHELTER, "tonight")),
    # Contrasts: no day named, or a detail of its own read (children first).
    ("en", "where can we sleep, we have nothing", None, None),
    ("fr", "un foyer pour ce soir avec mes enfants ?", Asked(SHELTER, "with_children"),
     Asked(SHELTER, "with_children")),
])
def test_a_bed_for_today_is_tonight_s_bed(language: str, text: str, read: Asked | None,
                                          expected: Asked | None) -> None:
    assert named_detail(turn(text, SHELTER, language=language), SHELTER, read) == expected
