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
from sqlalchemy.orm import Query, Session

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
# The queue's filters (kept in the page's address); anything else is refused with a clear message.
PRIORITY_FILTERS = ("urgent", "high", "normal")
STATUS_FILTERS: dict[str, tuple[str, ...] | None] = {
    "open": OPEN_STATUSES, "new": ("new",), "claimed": ("claimed",), "closed": ("closed",), "all": None}
OWNER_FILTERS = ("all", "mine", "unclaimed")
LANGUAGE_FILTERS = ("fr", "en", "ar", "ary")
CHANNEL_FILTERS = ("webchat", "whatsapp", "telegram")
SORTS = ("priority", "recent")
MAX_CASE_ID = 2**31 - 1          # an INTEGER column: a larger number is no case (and must not reach the database)
ACKNOWLEDGED = "urgent_acknowledged"   # the audit line of an officer who has seen an urgent alert
CLOSED_ERASED = "case_closed_erased"   # the audit line of a case closed because its conversation was erased
# Referral statuses that mean the person was referred (declined and cancelled ones were not).
REFERRED_STATUSES = ("proposed", "accepted", "completed")


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
    last_message_at: datetime | None = None    # the person's own last message (None once erased)
    closed_at: datetime | None = None
    erased: bool = False                       # the conversation was erased: content-free fields only
    preview: str | None = None                 # the person's last message, one line (filled by the desk's views)
    unseen_urgent: bool = False                # urgent, unclaimed, and this officer has not acknowledged it


@dataclass(frozen=True)
class QueueFilters:
    """What the queue shows; every value was checked against the lists above (see bot/desk/web/views.py)."""

    priority: str | None = None
    status: str = "open"
    language: str | None = None
    channel: str | None = None
    owner: str = "all"
    case_id: int | None = None     # a search by number: finds the case whatever its status
    unseen_urgent: bool = False    # the urgent banner's link: urgent cases this officer has not acknowledged
    sort: str = "priority"
    page: int = 1


@dataclass(frozen=True)
class LinkedCase:
    """Another case of the same person (the same pseudonym), with its dates and outcome."""

    id: int
    status: str
    priority: str
    created_at: datetime
    closed_at: datetime | None
    referrals: list[tuple[str, str]]      # (service, status)


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


def _utc(moment: datetime | None) -> datetime | None:
    return as_utc(moment) if moment else None


def _item(case: Case, names: dict, last_message_at: datetime | None = None, unseen: bool = False) -> QueueItem:
    return QueueItem(
        id=case.id, priority=case.priority, status=case.status, language=case.language, channel=case.channel,
        consent=case.consent, indicators=json.loads(case.indicators), reasons=json.loads(case.reasons),
        officer_id=case.officer_id, officer_name=names.get(case.officer_id), taken_over=bool(case.taken_over),
        created_at=as_utc(case.created_at), last_activity_at=_utc(case.last_activity_at),
        last_message_at=_utc(last_message_at), closed_at=_utc(case.closed_at),
        erased=case.conversation_id is None, unseen_urgent=unseen,
    )


def _priority_rank():  # type: ignore[no-untyped-def]
    return sql_case(*[(Case.priority == name, value) for name, value in PRIORITY_RANK.items()], else_=0)


def _acknowledged_by(session: Session, officer: Officer) -> Query:
    return session.query(AuditEntry.case_id).filter(AuditEntry.officer_id == officer.id,
                                                    AuditEntry.action == ACKNOWLEDGED,
                                                    AuditEntry.case_id.isnot(None))


def _unseen_urgent(session: Session, officer: Officer) -> Query:
    """Urgent cases nobody has claimed yet that this officer has not acknowledged (opening one acknowledges it)."""
    return session.query(Case.id).filter(Case.priority == "urgent", Case.status == "new",
                                         Case.id.notin_(_acknowledged_by(session, officer)))


def unseen_urgent_ids(session: Session, officer: Officer) -> list[int]:
    """The urgent banner's cases, oldest first."""
    return [case_id for (case_id,) in _unseen_urgent(session, officer).order_by(Case.created_at, Case.id)]


def find_cases(session: Session, officer: Officer, filters: QueueFilters,
               page_size: int) -> tuple[list[QueueItem], int, dict[int, str]]:
    """One page of the queue, the number of cases that match, and the page's conversations (case id -> id,
    for the previews; never shown). A search by number ignores the other filters."""
    query = (session.query(Case, Conversation.last_message_at)
             .outerjoin(Conversation, Conversation.id == Case.conversation_id))
    if filters.case_id is not None:
        query = query.filter(Case.id == filters.case_id) if 0 < filters.case_id <= MAX_CASE_ID else query.filter(False)
    else:
        statuses = STATUS_FILTERS[filters.status]
        if statuses is not None:
            query = query.filter(Case.status.in_(statuses))
        if filters.priority:
            query = query.filter(Case.priority == filters.priority)
        if filters.language:
            query = query.filter(Case.language == filters.language)
        if filters.channel:
            query = query.filter(Case.channel == filters.channel)
        if filters.owner == "mine":
            query = query.filter(Case.officer_id == officer.id)
        elif filters.owner == "unclaimed":
            query = query.filter(Case.officer_id.is_(None))
        if filters.unseen_urgent:
            query = query.filter(Case.id.in_(_unseen_urgent(session, officer)))
    total = query.order_by(None).count()
    if filters.sort == "recent":
        order = [func.coalesce(Conversation.last_message_at, Case.last_activity_at, Case.created_at).desc(),
                 Case.id.desc()]
    else:
        order = [_priority_rank().desc(), Case.created_at, Case.id]
    found = query.order_by(*order).offset((filters.page - 1) * page_size).limit(page_size).all()
    names = _names(session, {case.officer_id for case, _ in found})
    urgent_new = [case.id for case, _ in found if case.priority == "urgent" and case.status == "new"]
    seen = set()
    if urgent_new:
        seen = {case_id for (case_id,) in _acknowledged_by(session, officer).filter(AuditEntry.case_id.in_(urgent_new))}
    items = [_item(case, names, last_message_at, case.id in urgent_new and case.id not in seen)
             for case, last_message_at in found]
    return items, total, {case.id: case.conversation_id for case, _ in found if case.conversation_id}


def close_erased(session: Session) -> list[int]:
    """Open cases whose conversation was erased are closed, with the reason in their history; returns their ids.

    The core strips an erased conversation's cases (bot/conversation/cases.strip_content) but leaves them
    open; nobody can write to the person any more, so the desk closes them the next time it looks.
    """
    closed = []
    for (case_id,) in session.query(Case.id).filter(Case.conversation_id.is_(None), Case.status.in_(OPEN_STATUSES)):
        now = utcnow()
        won = (session.query(Case).filter(Case.id == case_id, Case.status.in_(OPEN_STATUSES))
               .update({Case.status: "closed", Case.taken_over: False, Case.closed_at: now, Case.updated_at: now},
                       synchronize_session=False))
        if won:   # of two desks doing it at once, one writes the history line
            audit.record(session, None, CLOSED_ERASED, case_id=case_id, detail=erasure_reason(session, case_id) or "")
            closed.append(case_id)
    return closed


def erasure_reason(session: Session, case_id: int) -> str | None:
    """Why the case's conversation was erased (user_request, exit_word, retention), from its history."""
    found = (session.query(AuditEntry.detail).filter(AuditEntry.case_id == case_id,
                                                     AuditEntry.action == "conversation_erased")
             .order_by(AuditEntry.id.desc()).first())
    return found[0] if found else None


def linked_cases(session: Session, case: Case) -> list[LinkedCase]:
    """The person's other cases (the same pseudonym), oldest first; none once their conversation was erased."""
    if case.conversation_id is None:
        return []
    others = (session.query(Case).filter(Case.conversation_id == case.conversation_id, Case.id != case.id)
              .order_by(Case.created_at, Case.id).all())
    referrals: dict[int, list[tuple[str, str]]] = {}
    if others:
        for case_id, service, status in (session.query(Referral.case_id, Referral.service, Referral.status)
                                         .filter(Referral.case_id.in_([o.id for o in others])).order_by(Referral.id)):
            referrals.setdefault(case_id, []).append((service, status))
    return [LinkedCase(o.id, o.status, o.priority, as_utc(o.created_at), _utc(o.closed_at), referrals.get(o.id, []))
            for o in others]


def queue(session: Session) -> list[QueueItem]:
    """Open cases: the most urgent first, then the oldest first (who has waited longest)."""
    cases = (session.query(Case).filter(Case.status.in_(OPEN_STATUSES))
             .order_by(_priority_rank().desc(), Case.created_at, Case.id).all())
    names = _names(session, {c.officer_id for c in cases})
    return [_item(c, names) for c in cases]


def queue_signature(session: Session) -> str:
    """Changes whenever the queue would show something different: what live views compare."""
    count, newest_update, newest_activity = (
        session.query(func.count(Case.id), func.max(Case.updated_at), func.max(Case.last_activity_at))
        .filter(Case.status.in_(OPEN_STATUSES)).one())
    return f"{count}|{newest_update}|{newest_activity}"


def case_signature(session: Session, case_id: int) -> str:
    case = session.get(Case, case_id) if 0 < case_id <= MAX_CASE_ID else None
    if case is None:
        return "gone"
    return f"{case.status}|{case.updated_at}|{case.last_activity_at}|{case.officer_id}|{case.taken_over}"


def get_case(session: Session, case_id: int) -> Case:
    if not 0 < case_id <= MAX_CASE_ID:
        raise CaseError("no_such_case")   # PostgreSQL would refuse the number itself
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
    wrote = session.query(Conversation.last_message_at).filter(Conversation.id == case.conversation_id).scalar() \
        if case.conversation_id else None
    return CaseView(
        case=_item(case, names, wrote),
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
    if not 0 < case_id <= MAX_CASE_ID:
        raise CaseError("no_such_case")
    # The officer's row, locked: a deactivation (accounts.deactivate_officer, which updates that row and then
    # releases the officer's cases) either finishes first and this claim is refused, or waits for it and releases it.
    if session.query(Officer.id).filter(Officer.id == officer.id, Officer.active).with_for_update().first() is None:
        raise CaseError("officer_inactive")
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


def release_claims_of(session: Session, officer_id: int) -> list[int]:
    """An officer deactivated: their open cases go back to the queue unclaimed, and a chat they had taken over
    goes back to the bot (`taken_over` cleared: bot.conversation.cases.officer_holds), one audit line a case.
    Such a chat's conversation is marked `fresh_start`: its next turn forgets what the bot had asked before the
    officer came (bot/conversation/fresh_start.py), as closing the case does.

    Each case with a conditional UPDATE, as a claim: a case reassigned meanwhile stays with its new holder.
    """
    held = session.query(Case.id, Case.conversation_id, Case.taken_over).filter(
        Case.officer_id == officer_id, Case.status.in_(OPEN_STATUSES)).all()
    released: list[int] = []
    now = utcnow()
    for case_id, conversation_id, taken_over in held:
        done = (session.query(Case).filter(Case.id == case_id, Case.officer_id == officer_id,
                                           Case.status.in_(OPEN_STATUSES))
                .update({Case.status: "new", Case.officer_id: None, Case.taken_over: False, Case.claimed_at: None,
                         Case.updated_at: now}, synchronize_session=False))
        if done:
            if taken_over and conversation_id is not None:
                session.query(Conversation).filter(Conversation.id == conversation_id).update(
                    {Conversation.fresh_start: True}, synchronize_session=False)
            audit.record(session, None, "case_released", case_id=case_id, detail=f"officer={officer_id} deactivated")
            released.append(case_id)
    return released


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
    target = session.get(Officer, to_officer_id) if 0 < to_officer_id <= MAX_CASE_ID else None
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
    referral = session.get(Referral, referral_id) if 0 < referral_id <= MAX_CASE_ID else None
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
