"""The desk's audit log: who viewed or did what to which case, and when; content-free by construction.

Refused logins are kept apart, grouped (one row per hour, account, address and reason, with a count): a guesser's
thousands of attempts must not push officers' own actions out of sight.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Query, Session

from bot.store.desk_models import AuditEntry, LoginRefusal
from bot.store.models import utcnow

_ACTION = re.compile(r"^[a-z][a-z0-9_.]{0,63}$")
_TAG = re.compile(r"^[0-9a-f]{8}$|^-$")
MAX_DETAIL_CHARS = 200
REFUSAL_REASONS = ("wrong", "throttled", "inactive", "invalid")
REFUSED_LOGINS = "login_refused"   # the action code that chooses the refused logins alone on the audit page


def record(session: Session, officer_id: int | None, action: str, case_id: int | None = None,
           detail: str = "", now: datetime | None = None) -> AuditEntry:
    """One entry. `action` is a code such as case_viewed; `detail` a short code (never a message text).

    Both are checked so that a caller cannot slip a transcript into the log by mistake.
    """
    if not _ACTION.match(action):
        raise ValueError("action: a lower-case code such as case_viewed")
    if len(detail) > MAX_DETAIL_CHARS or "\n" in detail:
        raise ValueError(f"detail: one line of at most {MAX_DETAIL_CHARS} characters, never a message text")
    entry = AuditEntry(at=now or utcnow(), officer_id=officer_id, action=action, case_id=case_id, detail=detail)
    session.add(entry)
    session.flush()
    return entry


def entries_for_case(session: Session, case_id: int) -> list[AuditEntry]:
    """The case's history, oldest first."""
    return (session.query(AuditEntry).filter(AuditEntry.case_id == case_id)
            .order_by(AuditEntry.at, AuditEntry.id).all())


def note_refused_login(target: Session | Connection, officer_id: int | None, address_tag: str, reason: str,
                       now: datetime | None = None) -> None:
    """Counts one refused login in its group (hour, account or None, address tag, reason), in one statement:
    an insert that adds one to the row when the group exists, so concurrent refusals all count."""
    if reason not in REFUSAL_REASONS or not _TAG.match(address_tag):
        raise ValueError("a refusal is a known reason and a short address tag")
    now = now or utcnow()
    hour = now.replace(minute=0, second=0, microsecond=0)
    key = hashlib.sha256(f"{hour.isoformat()}|{officer_id or '-'}|{address_tag}|{reason}".encode()).hexdigest()
    bind = target.get_bind() if isinstance(target, Session) else target
    dialect = postgresql if bind.dialect.name == "postgresql" else sqlite
    table = LoginRefusal.__table__
    target.execute(dialect.insert(table)
                    .values(key=key, hour=hour, officer_id=officer_id, address_tag=address_tag, reason=reason,
                            count=1, last_at=now)
                    .on_conflict_do_update(index_elements=[table.c.key],
                                           set_={"count": table.c.count + 1, "last_at": now}))


@dataclass(frozen=True)
class AuditFilter:
    """What the audit page shows; every value was checked (bot/desk/web/audit_view.py)."""

    officer_id: int | None = None
    case_id: int | None = None
    action: str | None = None
    since: datetime | None = None     # inclusive
    until: datetime | None = None     # exclusive


def _entries(session: Session, chosen: AuditFilter) -> Query:
    query = session.query(AuditEntry)
    if chosen.officer_id is not None:
        query = query.filter(AuditEntry.officer_id == chosen.officer_id)
    if chosen.case_id is not None:
        query = query.filter(AuditEntry.case_id == chosen.case_id)
    if chosen.action is not None:
        query = query.filter(AuditEntry.action == chosen.action)
    if chosen.since is not None:
        query = query.filter(AuditEntry.at >= chosen.since)
    if chosen.until is not None:
        query = query.filter(AuditEntry.at < chosen.until)
    return query


def find_entries(session: Session, chosen: AuditFilter, page: int, page_size: int) -> tuple[list[AuditEntry], int]:
    """One page of entries, newest first, and how many match in all."""
    query = _entries(session, chosen)
    total = query.order_by(None).count()
    rows = (query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .offset((page - 1) * page_size).limit(page_size).all())
    return rows, total


def find_refused_logins(session: Session, chosen: AuditFilter, limit: int) -> tuple[list[LoginRefusal], int]:
    """The latest groups of refused logins for the account and period chosen, and the attempts they hold in all.

    None for a case (refusals concern no case) or for another action than the refusals' own.
    """
    if chosen.case_id is not None or chosen.action not in (None, REFUSED_LOGINS):
        return [], 0
    query = session.query(LoginRefusal)
    if chosen.officer_id is not None:
        query = query.filter(LoginRefusal.officer_id == chosen.officer_id)
    if chosen.since is not None:
        query = query.filter(LoginRefusal.last_at >= chosen.since)
    if chosen.until is not None:
        query = query.filter(LoginRefusal.hour < chosen.until)
    attempts = query.with_entities(func.coalesce(func.sum(LoginRefusal.count), 0)).scalar()
    rows = query.order_by(LoginRefusal.hour.desc(), LoginRefusal.count.desc(), LoginRefusal.key).limit(limit).all()
    return rows, int(attempts or 0)

