"""Officers' case rules: exclusive claims, reassigning, notes and referrals, the queue's order, and who may write."""
from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import event

from bot.desk import casework
from bot.desk.accounts import create_officer
from bot.desk.casework import CaseError
from bot.messaging.outbox import enqueue_officer_reply, never_first, take_webchat_messages
from bot.settings import get_settings
from bot.store import Case, CaseNote, Conversation, OutboundMessage, Referral, create_schema, session_scope
from bot.store.db import get_engine
from bot.store.desk_models import AuditEntry
from bot.store.models import utcnow
from bot.store.sealing import Sealer, new_key

SEALER = Sealer([new_key()])


@pytest.fixture(autouse=True)
def schema() -> None:
    create_schema(get_settings().database_url)


def officer(name: str, role: str = "officer"):  # type: ignore[no-untyped-def]
    with session_scope() as session:
        return create_officer(session, name, "a long enough password", role)


def new_case(priority: str = "normal", consent: str = "yes", conversation: str = "wc_1", minutes_ago: int = 0,
             channel: str = "webchat") -> int:
    with session_scope() as session:
        if session.get(Conversation, conversation) is None:
            session.add(Conversation(id=conversation, channel=channel, language="fr"))
        case = Case(conversation_id=conversation, channel=channel, language="fr", priority=priority, consent=consent,
                    created_at=utcnow() - timedelta(minutes=minutes_ago))
        session.add(case)
        session.flush()
        return case.id


def audit_actions(case_id: int) -> list:
    with session_scope() as session:
        return [e.action for e in session.query(AuditEntry).filter(AuditEntry.case_id == case_id)
                .order_by(AuditEntry.id)]


def test_a_claim_is_exclusive_the_second_officer_is_told() -> None:
    case_id, anna, bilal = new_case(), officer("anna"), officer("bilal")
    with session_scope() as session:
        assert casework.claim(session, case_id, anna).officer_id == anna.id
    with session_scope() as session, pytest.raises(CaseError) as refused:
        casework.claim(session, case_id, bilal)
    assert refused.value.code == "already_claimed"
    with session_scope() as session:
        case = session.get(Case, case_id)
        assert (case.status, case.officer_id) == ("claimed", anna.id)
    assert audit_actions(case_id) == ["case_claimed"]


def test_two_officers_claiming_at_the_same_moment_one_wins() -> None:
    """A real race, interleaved on purpose: both claims have done every read they do before either writes.

    Threads merely started together overlap only as the scheduler lets them; here each claim's first write is
    held until the other claim reaches its own, so a claim that reads the status and then writes (or an UPDATE
    without its status condition) gives two winners every time, and only the conditional UPDATE gives one.
    """
    case_id, anna, bilal = new_case(), officer("anna"), officer("bilal")
    engine = get_engine(get_settings().database_url)
    racers: dict[int, str] = {}
    both_about_to_write = threading.Barrier(2, timeout=5)
    held: set[int] = set()

    def hold_first_write(_connection, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
        me = threading.get_ident()
        if me in racers and me not in held and statement.lstrip().upper().startswith(("UPDATE", "INSERT")):
            held.add(me)
            try:
                both_about_to_write.wait()
            except threading.BrokenBarrierError:
                pass  # the other claim never writes (it refused first): nothing to wait for

    outcomes: dict[str, str] = {}

    def claim(who) -> None:  # type: ignore[no-untyped-def]
        racers[threading.get_ident()] = who.username
        try:
            with session_scope() as session:
                casework.claim(session, case_id, who)
            outcomes[who.username] = "claimed"
        except CaseError as error:
            outcomes[who.username] = error.code

    event.listen(engine, "before_cursor_execute", hold_first_write)
    try:
        threads = [threading.Thread(target=claim, args=(who,)) for who in (anna, bilal)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        event.remove(engine, "before_cursor_execute", hold_first_write)

    assert held == set(racers)  # both claims did reach their write: the race really happened
    assert sorted(outcomes.values()) == ["already_claimed", "claimed"], outcomes
    [winner] = [name for name, outcome in outcomes.items() if outcome == "claimed"]
    with session_scope() as session:
        case = session.get(Case, case_id)
        assert (case.status, case.officer_id) == ("claimed", {"anna": anna.id, "bilal": bilal.id}[winner])
    assert audit_actions(case_id) == ["case_claimed"]


def test_the_queue_puts_the_most_urgent_first_then_the_longest_waiting() -> None:
    old_normal = new_case("normal", conversation="wc_a", minutes_ago=90)
    new_urgent = new_case("urgent", conversation="wc_b", minutes_ago=1)
    old_urgent = new_case("urgent", conversation="wc_c", minutes_ago=30)
    high = new_case("high", conversation="wc_d", minutes_ago=5)
    closed = new_case("urgent", conversation="wc_e", minutes_ago=200)
    with session_scope() as session:
        session.get(Case, closed).status = "closed"
    with session_scope() as session:
        before = casework.queue_signature(session)
        assert [item.id for item in casework.queue(session)] == [old_urgent, new_urgent, high, old_normal]
    new_case("normal", conversation="wc_f")
    with session_scope() as session:
        assert casework.queue_signature(session) != before


def test_only_a_supervisor_reassigns_and_the_audit_says_who_to_whom() -> None:
    case_id, anna, bilal, sara = new_case(), officer("anna"), officer("bilal"), officer("sara", "supervisor")
    with session_scope() as session:
        casework.claim(session, case_id, anna)
    with session_scope() as session, pytest.raises(CaseError) as refused:
        casework.reassign(session, case_id, bilal, bilal.id)
    assert refused.value.code == "supervisor_only"
    with session_scope() as session:
        casework.reassign(session, case_id, sara, bilal.id)
    with session_scope() as session:
        assert session.get(Case, case_id).officer_id == bilal.id
        entry = session.query(AuditEntry).filter(AuditEntry.action == "case_reassigned").one()
        assert (entry.officer_id, entry.detail) == (sara.id, f"from={anna.id} to={bilal.id}")


def test_notes_are_sealed_and_read_back_in_the_case_view() -> None:
    case_id, anna = new_case(), officer("anna")
    with session_scope() as session:
        casework.add_note(session, SEALER, case_id, anna, "Called the shelter in Rabat, bed for tonight")
    with session_scope() as session:
        [note] = session.query(CaseNote).all()
        assert "shelter" not in note.sealed_text
        view = casework.view_case(session, SEALER, case_id, anna)
    assert [(n.officer_name, n.text) for n in view.notes] == [("anna", "Called the shelter in Rabat, bed for tonight")]
    assert audit_actions(case_id) == ["note_added", "case_viewed"]
    with session_scope() as session, pytest.raises(CaseError):
        casework.add_note(session, SEALER, case_id, anna, "   ")


def test_a_referral_is_recorded_only_with_the_persons_consent_and_by_the_holder() -> None:
    case_id, anna, bilal = new_case(), officer("anna"), officer("bilal")
    with session_scope() as session:
        casework.claim(session, case_id, anna)
    with session_scope() as session, pytest.raises(CaseError) as refused:
        casework.add_referral(session, SEALER, case_id, anna, "shelter", user_consented=False)
    assert refused.value.code == "referral_needs_consent"
    with session_scope() as session, pytest.raises(CaseError) as refused:
        casework.add_referral(session, SEALER, case_id, bilal, "shelter", user_consented=True)
    assert refused.value.code == "not_holder"
    with session_scope() as session, pytest.raises(CaseError):
        casework.add_referral(session, SEALER, case_id, anna, "astrology", user_consented=True)
    with session_scope() as session:
        referral_id = casework.add_referral(session, SEALER, case_id, anna, "iom_return", True, "Appointment on Monday").id
    with session_scope() as session:
        casework.set_referral_status(session, referral_id, anna, "accepted")
    with session_scope() as session:
        referral = session.get(Referral, referral_id)
        assert (referral.service, referral.status) == ("iom_return", "accepted")
        assert "Monday" not in referral.sealed_note
        assert casework.view_case(session, SEALER, case_id, anna).referrals[0].note == "Appointment on Monday"
    assert audit_actions(case_id)[:3] == ["case_claimed", "referral_added", "referral_status"]


def test_a_closed_case_can_be_followed_by_a_new_one_from_the_desk() -> None:
    case_id, anna = new_case(consent="yes"), officer("anna")
    with session_scope() as session, pytest.raises(CaseError):
        casework.open_from_desk(session, case_id, anna)  # still open
    with session_scope() as session:
        session.get(Case, case_id).status = "closed"
    with session_scope() as session:
        new = casework.open_from_desk(session, case_id, anna)
        assert (new.status, json.loads(new.reasons), new.conversation_id) == ("new", ["desk"], "wc_1")


@pytest.mark.parametrize("priority, consent, allowed", [
    ("normal", "yes", True), ("high", "no", False), ("normal", "later", False), ("urgent", "unknown", True),
])
def test_an_officers_message_goes_out_only_with_consent_or_when_urgent(priority: str, consent: str,
                                                                        allowed: bool) -> None:
    case_id = new_case(priority, consent)
    with session_scope() as session:
        case = session.get(Case, case_id)
        row = OutboundMessage(channel="webchat", conversation_id="wc_1", officer_case_id=case_id, sealed_message="x")
        assert (never_first(row, case) is None) is allowed
        if allowed:
            enqueue_officer_reply(session, SEALER, [{"text": "Hello, I am Amina"}], "wc_1", "webchat", case)
        else:
            with pytest.raises(PermissionError):
                enqueue_officer_reply(session, SEALER, [{"text": "Hello"}], "wc_1", "webchat", case)


def test_an_officers_message_cannot_be_aimed_at_another_conversation() -> None:
    case_id = new_case("urgent", "yes")
    with session_scope() as session:
        case = session.get(Case, case_id)
        stray = OutboundMessage(channel="webchat", conversation_id="wc_other", officer_case_id=case_id,
                                sealed_message="x")
        assert never_first(stray, case) == "not_the_case_conversation"
        assert never_first(stray, None) == "not_the_case_conversation"


def test_the_web_chat_collects_officers_messages_until_it_confirms_them() -> None:
    case_id = new_case("normal", "yes")
    with session_scope() as session:
        case = session.get(Case, case_id)
        first, second = enqueue_officer_reply(session, SEALER, [{"text": "one"}, {"text": "two"}], "wc_1",
                                              "webchat", case)
        first_id, second_id = first.id, second.id
    with session_scope() as session:
        assert take_webchat_messages(session, SEALER, "wc_1", 0) == [
            {"id": first_id, "text": "one"}, {"id": second_id, "text": "two"}]
    with session_scope() as session:  # the page lost the answer: asking again gives the same
        assert [m["id"] for m in take_webchat_messages(session, SEALER, "wc_1", 0)] == [first_id, second_id]
    with session_scope() as session:
        assert take_webchat_messages(session, SEALER, "wc_1", first_id) == [{"id": second_id, "text": "two"}]
        assert take_webchat_messages(session, SEALER, "wc_other", 0) == []
    with session_scope() as session:
        row = session.get(OutboundMessage, first_id)
        assert (row.status, row.sealed_message) == ("sent", "")


def test_the_web_chat_never_shows_a_message_the_guard_refuses() -> None:
    case_id = new_case("normal", "no")
    with session_scope() as session:
        session.add(OutboundMessage(channel="webchat", conversation_id="wc_1", officer_case_id=case_id,
                                    sealed_message=SEALER.seal(json.dumps({"text": "hello"}))))
        session.add(OutboundMessage(channel="webchat", conversation_id="wc_1",
                                    sealed_message=SEALER.seal(json.dumps({"text": "unprompted"}))))
    with session_scope() as session:
        assert take_webchat_messages(session, SEALER, "wc_1", 0) == []
    with session_scope() as session:
        assert {r.last_error for r in session.query(OutboundMessage)} == {"no_consent", "not_a_reply"}
