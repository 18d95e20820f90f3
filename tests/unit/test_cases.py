"""Case rules: quiet opening and raising, consent, who may write first, what survives a deletion."""
from __future__ import annotations

import json

import pytest

from bot.conversation import cases
from bot.settings import get_settings
from bot.store import Case, CaseMessage, CaseNote, Referral, audit, create_schema, session_scope
from bot.store.models import utcnow
from bot.store.sealing import Sealer, new_key

SEALER = Sealer([new_key()])


@pytest.fixture(autouse=True)
def schema() -> None:
    create_schema(get_settings().database_url)


def escalate(priority: str, indicators: list, intent: str = "disclose_exploitation", danger: bool = False,
             text: str = "message") -> Case:
    with session_scope() as session:
        risk = {"escalate": True, "priority": priority, "indicators": indicators, "danger": danger}
        return cases.escalate(session, SEALER, "wa_c1", "whatsapp", "fr", risk, intent, text)


def the_case() -> Case:
    with session_scope() as session:
        [case] = session.query(Case).all()
        return case


def test_one_open_case_per_conversation_raised_never_lowered() -> None:
    escalate("high", ["retention_of_documents", "withholding_of_wages"], text="il garde mon passeport")
    escalate("normal", ["excessive_overtime"])
    case = the_case()
    assert (case.status, case.priority, case.consent) == ("new", "high", "unknown")
    assert json.loads(case.indicators) == ["excessive_overtime", "retention_of_documents", "withholding_of_wages"]
    escalate("urgent", [], intent="immediate_danger", danger=True)
    case = the_case()
    assert case.priority == "urgent" and json.loads(case.reasons) == ["danger", "risk"]
    with session_scope() as session:
        sealed = [m.sealed_text for m in session.query(CaseMessage).all()]
    assert len(sealed) == 3 and SEALER.open(sealed[0]) == "il garde mon passeport"
    assert all("passeport" not in s for s in sealed)


def test_request_for_a_person_opens_a_normal_case_that_an_officer_may_answer() -> None:
    escalate("high", ["withholding_of_wages"])
    assert the_case().consent == "unknown"
    escalate("none", [], intent="request_human")
    case = the_case()
    assert (case.priority, json.loads(case.reasons)) == ("high", ["request_human", "risk"])
    assert case.consent == "yes" and cases.officer_may_write(case)


@pytest.mark.parametrize(
    "priority, consent, may_write",
    [("normal", "unknown", False), ("high", "no", False), ("high", "yes", True), ("urgent", "unknown", True),
     ("urgent", "no", True)],
)
def test_officer_writes_first_only_with_consent_or_danger_or_a_child(priority: str, consent: str,
                                                                     may_write: bool) -> None:
    escalate(priority, [])
    with session_scope() as session:
        cases.record_consent(session, "wa_c1", consent)
    assert cases.officer_may_write(the_case()) is may_write


def test_unknown_consent_value_is_refused() -> None:
    escalate("normal", [])
    with session_scope() as session, pytest.raises(ValueError):
        cases.record_consent(session, "wa_c1", "maybe")


def test_deleting_my_data_leaves_only_content_free_fields() -> None:
    case_id = escalate("high", ["minor"], text="ma fille a 14 ans").id
    with session_scope() as session:
        session.add(CaseNote(case_id=case_id, officer_id=1, sealed_text=SEALER.seal("lives in Tangier with X")))
        session.add(Referral(case_id=case_id, officer_id=1, service="shelter", status="accepted",
                             consent_at=utcnow(), sealed_note=SEALER.seal("bed at the shelter of Y")))
    with session_scope() as session:
        cases.strip_content(session, "wa_c1", reason="user_request")
    case = the_case()
    assert case.conversation_id is None and case.priority == "high"
    with session_scope() as session:
        assert session.query(CaseMessage).count() == 0
        assert session.query(CaseNote).count() == 0
        [referral] = session.query(Referral).all()
        assert (referral.service, referral.status, referral.sealed_note) == ("shelter", "accepted", None)
        [line] = audit.entries_for_case(session, case.id)
        assert (line.action, line.detail, line.officer_id) == ("conversation_erased", "user_request", None)
