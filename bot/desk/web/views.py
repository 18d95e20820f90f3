"""What the desk's pages show, read from the database: the queue with its urgent alerts, a case, the audit log."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.desk import casework
from bot.desk.casework import CaseView, QueueItem
from bot.settings import get_settings
from bot.store import audit
from bot.store.desk_models import AuditEntry, Officer
from bot.store.models import utcnow
from bot.store.sealing import sealer_for

ACKNOWLEDGED = "urgent_acknowledged"
TRANSCRIPT_VIEWED = "transcript_viewed"
TRANSCRIPT_AUDIT_EVERY = timedelta(minutes=10)   # a live transcript refreshes often; one line per stretch
AUDIT_PAGE_SIZE = 200


@dataclass
class QueuePage:
    items: list[QueueItem]
    urgent: list[QueueItem]     # urgent, unclaimed, and not yet acknowledged by this officer
    signature: str


def queue_page(session: Session, officer: Officer) -> QueuePage:
    items = casework.queue(session)
    waiting = [item for item in items if item.priority == "urgent" and item.status == "new"]
    seen = set()
    if waiting:
        # The acknowledgement is an audit line: it outlives the page, and says who saw the alert when.
        seen = {case_id for (case_id,) in session.query(AuditEntry.case_id).filter(
            AuditEntry.officer_id == officer.id, AuditEntry.action == ACKNOWLEDGED,
            AuditEntry.case_id.in_([item.id for item in waiting]))}
    return QueuePage(items, [item for item in waiting if item.id not in seen], casework.queue_signature(session))


def acknowledge_urgent(session: Session, case_id: int, officer: Officer) -> None:
    casework.get_case(session, case_id)
    audit.record(session, officer.id, ACKNOWLEDGED, case_id=case_id)


@dataclass
class CasePage:
    view: CaseView
    state: str          # see case_state
    live_since: str     # see case_event: the page's starting point for its event stream
    officers: list[tuple[int, str]] = field(default_factory=list)   # for a supervisor's reassign list


def case_state(session: Session, case_id: int) -> str:
    """What decides which actions the page offers: when it changes, the open page says so."""
    case = casework.get_case(session, case_id)
    return "|".join(str(value) for value in (case.status, case.officer_id or "-", int(bool(case.taken_over)),
                                             case.consent, case.priority, int(case.conversation_id is None)))


def case_event(session: Session, case_id: int) -> str:
    """What a case's event stream sends: any change (signature), and whether the actions changed (state)."""
    return json.dumps({"signature": casework.case_signature(session, case_id), "state": case_state(session, case_id)})


def case_page(session: Session, case_id: int, officer: Officer) -> CasePage:
    view = casework.view_case(session, sealer_for(get_settings().sealing_keys), case_id, officer)
    officers = ([(o.id, o.username) for o in casework.officers(session)]
                if officer.role == "supervisor" else [])
    return CasePage(view, case_state(session, case_id), case_event(session, case_id), officers)


def audit_transcript_view(session: Session, case_id: int, officer: Officer) -> None:
    """One transcript_viewed line per officer and case per ten minutes, however often the page refreshes."""
    since = utcnow() - TRANSCRIPT_AUDIT_EVERY
    recent = session.query(AuditEntry.id).filter(
        AuditEntry.officer_id == officer.id, AuditEntry.case_id == case_id,
        AuditEntry.action == TRANSCRIPT_VIEWED, AuditEntry.at >= since).first()
    if recent is None:
        audit.record(session, officer.id, TRANSCRIPT_VIEWED, case_id=case_id)


@dataclass(frozen=True)
class AuditLine:
    at: Any
    officer_name: str | None
    action: str
    case_id: int | None
    detail: str


def audit_page(session: Session, officer: Officer) -> list[AuditLine]:
    audit.record(session, officer.id, "audit_viewed")
    entries = session.query(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(
        AUDIT_PAGE_SIZE).all()
    ids = {e.officer_id for e in entries if e.officer_id is not None}
    names = dict(session.query(Officer.id, Officer.username).filter(Officer.id.in_(ids)).all()) if ids else {}
    return [AuditLine(e.at, names.get(e.officer_id), e.action, e.case_id, e.detail) for e in entries]
