"""Classes found on conversations_dev_v17 (ar, ary_arabic), without a model (the classifiers' guesses are given), in
other words than the set's lines: more told right after a disclosure, read unsurely as a topic, deleting or out of
scope; having no papers told right after going home, health or legal aid; a lawyer for someone without papers;
"nobody did anything to me" in a first message read as a no; pay held back named in a general rights question; a
child glued to Arabic's "and" or "for" in a question of a bed. Each with a contrast that keeps the other answer."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.answers import ActionOutOfScope
from actions.conversation import ActionDeleteMyData, ActionDeny
from tests.actions.test_context import EARLIER_TURN, NO_RISK, run, say, topic_action, tracker
from tests.actions.test_conversations_v15conv import ranked
from tests.actions.test_conversations_v16conv_arabic import answered_topic

DOCUMENTS_KEPT = {"escalate": True, "priority": "normal", "indicators": ["retention_of_documents"], "danger": False}


def disclosure_heard(language: str) -> list[dict[str, Any]]:
    """The conversation's events before this message: a disclosure, answered with its words and "is it safe to write
    now?"."""
    said = say("disclosure", language) + say("safe_to_talk", language)
    return [{"event": "user", "text": "...", "parse_data": {"intent": {"name": "disclose_exploitation",
                                                                        "confidence": 0.9}, "risk": DOCUMENTS_KEPT}},
            {"event": "action", "name": "action_disclosure"},
            *({"event": "bot", "text": text} for text in said),
            {"event": "action", "name": "action_listen"}]


def after_disclosure(text: str, intent: str, language: str, confidence: float, disclosed: bool = True) -> Tracker:
    before = disclosure_heard(language) if disclosed else EARLIER_TURN
    slots = {"pending_question": "safe_to_talk", "safety_asked": True} if disclosed else {}
    return ranked(tracker(text, intent, NO_RISK, language, confidence=confidence, before=before, **slots), "none", 0.9)


# -- more told right after a disclosure, read unsurely as something else: heard, never a topic's block

@pytest.mark.parametrize(("language", "text", "intent", "confidence"), [
    ("ary", "وكيبات معانا ف نفس البيت وكيحل علينا الباب", "ask_shelter", 0.6),
    ("ary", "o kayb9a m3ana f lil 7ta lfjer", "ask_shelter", 0.55),
    ("ar", "ثم يدخل الى المطبخ حين اكون وحدي", "ask_safety", 0.4),
])
async def test_more_told_right_after_a_disclosure_read_as_a_topic_is_heard(language: str, text: str, intent: str,
                                                                          confidence: float) -> None:
    texts, _, _, _ = await run(topic_action(intent), after_disclosure(text, intent, language, confidence))
    assert texts == say("disclosure_more", language)


@pytest.mark.parametrize(("language", "text", "action"), [
    ("ar", "وبعدها يبقى عند باب غرفتي طول الليل", ActionDeleteMyData()),
    ("ary", "ومن بعد كيبقى حدا الباب ديالي الليل كامل", ActionOutOfScope()),
])
async def test_more_told_read_as_deleting_or_out_of_scope_is_heard(language: str, text: str, action: Any) -> None:
    intent = "delete_my_data" if isinstance(action, ActionDeleteMyData) else "out_of_scope"
    texts, _, _, _ = await run(action, after_disclosure(text, intent, language, 0.38))
    assert texts == say("disclosure_more", language)


@pytest.mark.parametrize(("language", "text", "disclosed"), [
    ("ary", "وكيبات معانا ف نفس البيت وكيحل علينا الباب", False),   # no disclosure before: the classifier's topic
    ("ary", "وما عندي فين نبات هاد الليلة", True),   # a bed named: the shelter's answer (tonight's: h-conv18)
    ("ar", "وهل يوجد مكان ابيت فيه؟", True),   # asked: the shelter's answer
])
async def test_a_bed_named_or_asked_or_no_disclosure_before_keeps_the_shelter(language: str, text: str,
                                                                              disclosed: bool) -> None:
    texts, _, _, _ = await run(topic_action("ask_shelter"),
                               after_disclosure(text, "ask_shelter", language, 0.6, disclosed))
    # The shelter's answer, not the "thank you for telling me" of more told: its general answer, or tonight's when the
    # words name tonight (actions/named_details.py).
    assert texts[:1] in (say("answers.ask_shelter", language)[:1], say("questions.ask_shelter.tonight.answer", language)[:1])


async def test_a_sure_deletion_right_after_a_disclosure_is_still_asked() -> None:
    texts, _, _, _ = await run(ActionDeleteMyData(), after_disclosure("امسح كل ما كتبته هنا", "delete_my_data",
                                                                      "ar", 0.95))
    assert texts == say("delete_confirm", "ar")


# -- having no papers, told right after a topic with a question without papers

def after(topic: str, text: str, intent: str, language: str, sub: str = "none", confidence: float = 0.35) -> Tracker:
    return ranked(tracker(text, intent, NO_RISK, language, confidence=confidence, last_topic=topic,
                          before=answered_topic(topic, language)), sub, 0.85)


RETURN = "ask_voluntary_return"
NO_PAPERS_TOLD = [("ary", RETURN, "وما عندي حتى شي كارط اخرى"), ("ary", RETURN, "o ma 3ndi 7ta chi wra9a"),
                  ("ar", RETURN, "وليس معي اي وثيقة اخرى"), ("ary", "ask_health", "ماعندي حتى شي ورقة دابا")]


@pytest.mark.parametrize(("language", "last", "text"), NO_PAPERS_TOLD)
async def test_no_papers_told_right_after_a_topic_is_its_question_without_papers(language: str, last: str,
                                                                                 text: str) -> None:
    texts, _, _, _ = await run(topic_action("ask_shelter"), after(last, text, "ask_shelter", language))
    assert texts[:1] == say(f"questions.{last}.no_papers.answer", language)


@pytest.mark.parametrize(("last", "text"), [
    ("ask_rights", "وما عندي حتى شي كارط اخرى"),   # rights have no question without papers
    (RETURN, "الباسبور ضاع ليا وما عندي حتى ورقة"),   # a loss: not the papers' answer
    (RETURN, "وعندي الباسبور ديالي"),   # papers held
])
async def test_papers_after_rights_lost_or_held_are_not_going_homes_no_papers(last: str, text: str) -> None:
    texts, _, _, _ = await run(topic_action("ask_shelter"), after(last, text, "ask_shelter", "ary"))
    assert texts[:1] != say("questions.ask_voluntary_return.no_papers.answer", "ary")


# -- a lawyer for someone without papers: legal aid's question without papers

@pytest.mark.parametrize(("language", "text", "sub"), [
    ("ary", "واش كاين شي محامي للناس اللي بلا وراق؟", "no_papers"),
    ("ar", "هل يوجد محام لشخص ليس لديه اقامة؟", "no_papers"),
    ("ary", "واش كاين شي محامي يدافع على الضحية؟", None),   # no papers named: the rights' lawyer
])
async def test_a_lawyer_for_someone_without_papers_is_legal_aids_no_papers(language: str, text: str,
                                                                          sub: str | None) -> None:
    state = tracker(text, "ask_legal_aid", NO_RISK, language, confidence=0.7, before=EARLIER_TURN,
                    ranking=[("ask_legal_aid", 0.7), ("ask_rights", 0.3)])
    texts, _, _, _ = await run(topic_action("ask_legal_aid"), ranked(state, "ask_rights/lawyer", 0.65))
    key = f"questions.ask_legal_aid.{sub}.answer" if sub else "questions.ask_rights.lawyer.answer"
    assert texts[:1] == say(key, language)


# -- "nobody did anything to me" in a first message read as a no

@pytest.mark.parametrize(("language", "text", "not_victim"), [
    ("ary", "بغيت نرجع للسينغال، حتى واحد ما دار ليا والو", True),
    ("ary", "bghit nrje3 l mali, 7ta wa7d ma dar lia walo", True),
    ("ar", "اريد العودة الى مصر، لم يؤذني احد", True),
    ("ary", "لا", False),   # a bare no first: the greeting
])
async def test_nobody_did_anything_to_me_first_is_going_home_for_anyone(language: str, text: str,
                                                                       not_victim: bool) -> None:
    state = ranked(tracker(text, "deny", NO_RISK, language, confidence=0.68), "none", 0.9)
    texts, _, _, _ = await run(ActionDeny(), state)
    if not_victim:
        assert texts[:1] == say("questions.ask_voluntary_return.not_victim.answer", language)
    else:
        assert texts[:1] == say("greet", language)[:1]


# -- pay held back named in a rights question read as general

@pytest.mark.parametrize(("language", "text", "wages"), [
    ("ar", "ماذا يفعل الموظف اذا تاخر الراتب ثلاثة اشهر", True),
    ("ary", "الخدام اللي ما تخلصش شهرين شنو يدير؟", True),
    ("ar", "ما هي حقوق العامل الاجنبي بشكل عام", False),
])
async def test_pay_held_back_named_in_a_rights_question_is_unpaid_wages(language: str, text: str,
                                                                       wages: bool) -> None:
    state = ranked(tracker(text, "ask_rights", NO_RISK, language, confidence=0.97, before=EARLIER_TURN), "none", 0.9)
    texts, _, _, _ = await run(topic_action("ask_rights"), state)
    assert (texts[:1] == say("questions.ask_rights.unpaid_wages.answer", language)) is wages


# -- a child glued to "and" or "for" in a question of a bed

@pytest.mark.parametrize(("language", "text"), [("ar", "وهل هناك مبيت لي ولطفلي؟"),
                                                ("ary", "واش كاين فين نبات انا ولولادي؟")])
async def test_a_child_glued_to_and_or_for_asks_for_a_bed_with_the_children(language: str, text: str) -> None:
    state = ranked(tracker(text, "ask_shelter", NO_RISK, language, confidence=0.99, before=EARLIER_TURN), "none", 0.9)
    texts, _, _, _ = await run(topic_action("ask_shelter"), state)
    assert texts[:1] == say("questions.ask_shelter.with_children.answer", language)



# -- MSA's "is not" right after the numbers: no credit, nobody to call (conversations_dev_v16)

def after_the_numbers(text: str, intent: str) -> Tracker:
    before = [{"event": "user", "text": "...", "parse_data": {"intent": {"name": "immediate_danger",
                                                                        "confidence": 0.9}}},
              {"event": "action", "name": "action_emergency"},
              *({"event": "bot", "text": text} for text in say("emergency", "ar")),
              {"event": "action", "name": "action_listen"}]
    return ranked(tracker(text, intent, NO_RISK, "ar", confidence=0.3, before=before, danger_seen=True,
                          pending_question="safe_to_talk", safety_asked=True), "none", 0.6)


@pytest.mark.parametrize(("text", "silent"), [("ليس معي رصيد الان", True), ("لست اعرف", False)])
async def test_msa_is_not_with_credit_right_after_the_numbers_is_no_means_to_call(text: str, silent: bool) -> None:
    texts, _, _, _ = await run(ActionDeny(), after_the_numbers(text, "deny"))
    assert (texts[:1] == say("danger_followup.cant_call", "ar")) is silent
