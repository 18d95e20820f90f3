"""What officers do to cases, as rules on the database: the queue, claiming, reassigning, notes, referrals.

Every function checks who may do it and leaves an audit line; the desk's routes only call these.
Taking over the chat, replying and closing also touch Rasa's tracker: they are in bot/desk/handoff.py.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case as sql_case
from sqlalchemy import func
from sqlalchemy.orm import Session

from bot.conversation.cases import PRIORITY_RANK, officer_may_write
from bot.store import Case, CaseMessage, CaseNote, Conversation, Referral, audit
from bot.store.desk_models import AuditEntry, Officer, as_utc
from bot.store.models import utcnow
from bot.store.sealing import Sealer

# The services of the National Referral Mechanism an officer can refer to (codes; labels are in the desk's texts).
REFERRAL_SERVICES = ("shelter", "medical", "psychosocial", "legal_aid", "iom_return", "police_justice", "other")
REFERRAL_STATUSES = ("proposed", "accepted", "completed", "declined", "cancelled")
MAX_NOTE_CHARS = 4000
OPEN_STATUSES = ("new", "claimed")


class CaseError(Exception):
    """A refused desk action; `code` is shown to the officer through the desk's texts."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class QueueItem:
    id: int
    priority: str
    status: str
    language: str
    channel: str
    consent: str
    indicators: list[str]
    reasons: list[str]
    officer_id: int | None
    officer_name: str | None
    taken_over: bool
    created_at: datetime
    last_activity_at: datetime | None


@dataclass(frozen=True)
class Note:
    at: datetime
    officer_name: str
    text: str


@dataclass(frozen=True)
class ReferralView:
    id: int
    service: str
    status: str
    officer_name: str
    consent_at: datetime
    note: str
    updated_at: datetime


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    officer_name: str | None     # None: the system (the bot, retention)
    action: str
    detail: str


@dataclass
class CaseView:
    case: QueueItem
    conversation_erased: bool       # the user deleted their data or typed the exit word
    may_write: bool                 # consent, or urgent: an officer may write to the user
    triggers: list[Note] = field(default_factory=list)      # the messages that opened or raised it (officer_name "")
    notes: list[Note] = field(default_factory=list)
    referrals: list[ReferralView] = field(default_factory=list)
    history: list[HistoryLine] = field(default_factory=list)


def _names(session: Session, ids: set) -> dict:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(session.query(Officer.id, Officer.username).filter(Officer.id.in_(ids)).all())


def _item(case: Case, names: dict) -> QueueItem:
    return QueueItem(
        id=case.id, priority=case.priority, status=case.status, language=case.language, channel=case.channel,
        consent=case.consent, indicators=json.loads(case.indicators), reasons=json.loads(case.reasons),
        officer_id=case.officer_id, officer_name=names.get(case.officer_id), taken_over=bool(case.taken_over),
        created_at=as_utc(case.created_at),
        last_activity_at=as_utc(case.last_activity_at) if case.last_activity_at else None,
    )


def queue(session: Session) -> list[QueueItem]:
    """Open cases: the most urgent first, then the oldest first (who has waited longest)."""
    rank = sql_case(*[(Case.priority == name, value) for name, value in PRIORITY_RANK.items()], else_=0)
    cases = (session.query(Case).filter(Case.status.in_(OPEN_STATUSES))
             .order_by(rank.desc(), Case.created_at, Case.id).all())
    names = _names(session, {c.officer_id for c in cases})
    return [_item(c, names) for c in cases]


def queue_signature(session: Session) -> str:
    """Changes whenever the queue would show something different: what live views compare."""
    count, newest_update, newest_activity = (
        session.query(func.count(Case.id), func.max(Case.updated_at), func.max(Case.last_activity_at))
        .filter(Case.status.in_(OPEN_STATUSES)).one())
    return f"{count}|{newest_update}|{newest_activity}"


def case_signature(session: Session, case_id: int) -> str:
    case = session.get(Case, case_id)
    if case is None:
        return "gone"
    return f"{case.status}|{case.updated_at}|{case.last_activity_at}|{case.officer_id}|{case.taken_over}"


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise CaseError("no_such_case")
    return case


def view_case(session: Session, sealer: Sealer, case_id: int, officer: Officer) -> CaseView:
    """Everything the desk shows of a case except the transcript (read from the tracker); the view is audited."""
    case = get_case(session, case_id)
    audit.record(session, officer.id, "case_viewed", case_id=case.id)
    notes = session.query(CaseNote).filter(CaseNote.case_id == case.id).order_by(CaseNote.id).all()
    referrals = session.query(Referral).filter(Referral.case_id == case.id).order_by(Referral.id).all()
    history = audit.entries_for_case(session, case.id)
    names = _names(session, {case.officer_id} | {n.officer_id for n in notes} | {r.officer_id for r in referrals}
                   | {h.officer_id for h in history})
    triggers = session.query(CaseMessage).filter(CaseMessage.case_id == case.id).order_by(CaseMessage.id).all()
    return CaseView(
        case=_item(case, names),
        conversation_erased=case.conversation_id is None,
        may_write=officer_may_write(case) and case.conversation_id is not None,
        triggers=[Note(as_utc(m.created_at), "", sealer.open(m.sealed_text)) for m in triggers],
        notes=[Note(as_utc(n.created_at), names.get(n.officer_id, "?"), sealer.open(n.sealed_text)) for n in notes],
        referrals=[ReferralView(r.id, r.service, r.status, names.get(r.officer_id, "?"), as_utc(r.consent_at),
                                sealer.open(r.sealed_note) if r.sealed_note else "", as_utc(r.updated_at))
                   for r in referrals],
        history=[HistoryLine(as_utc(h.at), names.get(h.officer_id), h.action, h.detail) for h in history],
    )


def claim(session: Session, case_id: int, officer: Officer) -> Case:
    """Take a new case. Exclusive: one conditional UPDATE, so of two officers claiming at once one wins."""
    now = utcnow()
    won = (session.query(Case).filter(Case.id == case_id, Case.status == "new")
           .update({Case.status: "claimed", Case.officer_id: officer.id, Case.claimed_at: now, Case.updated_at: now},
                   synchronize_session=False))
    if not won:
        get_case(session, case_id)  # no such case says so; otherwise someone was first
        raise CaseError("already_claimed")
    audit.record(session, officer.id, "case_claimed", case_id=case_id)
    case = get_case(session, case_id)
    session.refresh(case)  # the UPDATE bypassed the identity map
    return case


def require_holder(case: Case, officer: Officer, supervisor_too: bool = False) -> None:
    """Only the officer holding the case acts on the chat (a supervisor may close or reassign)."""
    if case.status == "closed":
        raise CaseError("case_closed")
    if case.officer_id == officer.id:
        return
    if supervisor_too and officer.role == "supervisor":
        return
    raise CaseError("not_holder")


def reassign(session: Session, case_id: int, supervisor: Officer, to_officer_id: int) -> Case:
    """A supervisor gives an open case to another active officer (who then holds the chat, if taken over)."""
    if supervisor.role != "supervisor":
        raise CaseError("supervisor_only")
    case = get_case(session, case_id)
    if case.status == "closed":
        raise CaseError("case_closed")
    target = session.get(Officer, to_officer_id)
    if target is None or not target.active:
        raise CaseError("no_such_officer")
    before = case.officer_id
    case.status, case.officer_id, case.updated_at = "claimed", target.id, utcnow()
    case.claimed_at = case.claimed_at or case.updated_at
    audit.record(session, supervisor.id, "case_reassigned", case_id=case.id,
                 detail=f"from={before or '-'} to={target.id}")
    return case


def add_note(session: Session, sealer: Sealer, case_id: int, officer: Officer, text: str) -> CaseNote:
    """Internal notes: any officer may add one to any case they can see; never shown to the user."""
    text = (text or "").strip()
    if not text:
        raise CaseError("empty_note")
    if len(text) > MAX_NOTE_CHARS:
        raise CaseError("note_too_long")
    case = get_case(session, case_id)
    note = CaseNote(case_id=case.id, officer_id=officer.id, sealed_text=sealer.seal(text))
    session.add(note)
    case.updated_at = utcnow()
    audit.record(session, officer.id, "note_added", case_id=case.id)
    return note


def add_referral(session: Session, sealer: Sealer, case_id: int, officer: Officer, service: str,
                 user_consented: bool, note: str = "") -> Referral:
    """A referral is recorded only when the officer confirms the user agreed to it."""
    if service not in REFERRAL_SERVICES:
        raise CaseError("unknown_service")
    if not user_consented:
        raise CaseError("referral_needs_consent")
    note = (note or "").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise CaseError("note_too_long")
    case = get_case(session, case_id)
    require_holder(case, officer, supervisor_too=True)
    now = utcnow()
    referral = Referral(case_id=case.id, officer_id=officer.id, service=service, status="proposed", consent_at=now,
                        sealed_note=sealer.seal(note) if note else None, created_at=now, updated_at=now)
    session.add(referral)
    session.flush()
    case.updated_at = now
    audit.record(session, officer.id, "referral_added", case_id=case.id, detail=f"{service} id={referral.id}")
    return referral


def set_referral_status(session: Session, referral_id: int, officer: Officer, status: str) -> Referral:
    if status not in REFERRAL_STATUSES:
        raise CaseError("unknown_status")
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise CaseError("no_such_referral")
    case = get_case(session, referral.case_id)
    if case.status != "closed":
        require_holder(case, officer, supervisor_too=True)
    elif officer.role != "supervisor":
        raise CaseError("case_closed")
    referral.status, referral.updated_at = status, utcnow()
    case.updated_at = referral.updated_at
    audit.record(session, officer.id, "referral_status", case_id=case.id, detail=f"id={referral.id} {status}")
    return referral


def open_from_desk(session: Session, case_id: int, officer: Officer) -> Case:
    """A new case for the conversation of a closed one (the person wrote again, or follow-up is needed)."""
    old = get_case(session, case_id)
    if old.status != "closed":
        raise CaseError("case_open")
    if old.conversation_id is None or session.get(Conversation, old.conversation_id) is None:
        raise CaseError("conversation_erased")
    if session.query(Case.id).filter(Case.conversation_id == old.conversation_id,
                                     Case.status.in_(OPEN_STATUSES)).first() is not None:
        raise CaseError("case_open")
    now = utcnow()
    new = Case(conversation_id=old.conversation_id, channel=old.channel, language=old.language, priority="normal",
               indicators=old.indicators, reasons=json.dumps(["desk"]), consent=old.consent, status="new",
               created_at=now, updated_at=now)
    session.add(new)
    session.flush()
    audit.record(session, officer.id, "case_opened_from_desk", case_id=new.id, detail=f"after={old.id}")
    return new


def officers(session: Session) -> list[Officer]:
    """Active officers, for the supervisor's reassign list."""
    return session.query(Officer).filter(Officer.active.is_(True)).order_by(Officer.username).all()


def history_of_officer(session: Session, officer_id: int, limit: int = 50) -> list[AuditEntry]:
    return (session.query(AuditEntry).filter(AuditEntry.officer_id == officer_id)
            .order_by(AuditEntry.at.desc()).limit(limit).all())
