"""The desk's audit log: who viewed or did what to which case, and when; content-free by construction."""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.orm import Session

from bot.store.desk_models import AuditEntry
from bot.store.models import utcnow

_ACTION = re.compile(r"^[a-z][a-z0-9_.]{0,63}$")
MAX_DETAIL_CHARS = 200


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
