"""The audit page: officers' actions a page at a time, filtered by officer, case, action and period (all kept in
the address), with refused logins apart, grouped, so that a guesser's attempts never hide what officers did."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from bot.desk.web.texts import DEFAULT_LANGUAGE, table
from bot.desk.web.views import audit_once
from bot.store import audit
from bot.store.audit import REFUSED_LOGINS, AuditFilter
from bot.store.desk_models import Officer

PAGE_SIZE = 50
REFUSAL_GROUPS = 50        # the latest groups of refused logins shown beside the actions
MAX_PAGE = 100_000
MAX_CASE_ID = 2**31 - 1
_CASE = re.compile(r"^#?\s*(\d{1,12})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIRST_YEAR, LAST_YEAR = 2000, 2100
VIEWED = "audit_viewed"


def action_codes() -> tuple[str, ...]:
    """The actions one can filter by: every action the desk has a label for (the same in every language)."""
    return tuple(sorted(key.split(".", 1)[1] for key in table(DEFAULT_LANGUAGE) if key.startswith("action.")))


@dataclass(frozen=True)
class AuditChoice:
    """The page's filters as the address gives them (checked), for the form and the pager's links."""

    officer: str = ""      # a username
    case: str = ""         # a case number
    action: str = ""
    start: str = ""        # YYYY-MM-DD, inclusive
    end: str = ""          # YYYY-MM-DD, inclusive
    page: int = 1

    def query(self, **changes: Any) -> str:
        chosen = replace(self, **changes)
        pairs = [("officer", chosen.officer), ("case", chosen.case), ("action", chosen.action),
                 ("from", chosen.start), ("to", chosen.end), ("page", "" if chosen.page == 1 else str(chosen.page))]
        query = urlencode([(name, value) for name, value in pairs if value])
        return f"?{query}" if query else ""

    @property
    def filtered(self) -> bool:
        return replace(self, page=1) != AuditChoice()


def _one(args: Mapping[str, Any], name: str) -> str:
    value = args.get(name)
    if isinstance(value, list):   # Sanic's request.args holds lists; a plain dict holds strings
        value = value[0] if value else ""
    return (value or "").strip() if isinstance(value, str) else ""


def _day(value: str) -> date | None:
    """A YYYY-MM-DD day between FIRST_YEAR and LAST_YEAR, or None."""
    if not _DATE.match(value):
        return None
    try:
        found = date.fromisoformat(value)
    except ValueError:
        return None
    return found if FIRST_YEAR <= found.year <= LAST_YEAR else None


def parse(session: Session, args: Mapping[str, Any]) -> tuple[AuditChoice, AuditFilter, list[str]]:
    """The filters from the address: (as given, as a query, error codes). A filter in error shows nothing."""
    errors: list[str] = []
    values: dict[str, Any] = {}
    shown: dict[str, Any] = {}
    username = _one(args, "officer").lower()
    if username:
        officer_id = session.query(Officer.id).filter(Officer.username == username).scalar()
        if officer_id is None:
            errors.append("bad_filter")
        else:
            values["officer_id"], shown["officer"] = officer_id, username
    case = _one(args, "case")
    if case:
        found = _CASE.match(case)
        if found is None or not 0 < int(found.group(1)) <= MAX_CASE_ID:
            errors.append("bad_search")
        else:
            values["case_id"] = int(found.group(1))
            shown["case"] = found.group(1)
    action = _one(args, "action")
    if action:
        if action not in action_codes():
            errors.append("bad_filter")
        else:
            values["action"] = shown["action"] = action
    start, end = _one(args, "from"), _one(args, "to")
    first, last = _day(start) if start else None, _day(end) if end else None
    if (start and first is None) or (end and last is None):
        errors.append("bad_date")
    elif first is not None and last is not None and first > last:
        errors.append("period_reversed")
    else:
        if first is not None:
            values["since"], shown["start"] = datetime.combine(first, time(), timezone.utc), start
        if last is not None:
            values["until"], shown["end"] = datetime.combine(last + timedelta(days=1), time(), timezone.utc), end
    page = _one(args, "page") or "1"
    if not page.isdigit() or len(page) > 7 or not 1 <= int(page) <= MAX_PAGE:
        errors.append("bad_page")
    else:
        shown["page"] = int(page)
    return AuditChoice(**shown), AuditFilter(**values), sorted(set(errors))


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    officer_name: str | None
    action: str
    case_id: int | None
    detail: str


@dataclass(frozen=True)
class RefusalLine:
    hour: datetime
    officer_name: str | None     # None: no such account
    address: str                 # the address's short keyed tag
    reason: str
    count: int


@dataclass
class AuditPage:
    choice: AuditChoice
    errors: list[str]
    lines: list[AuditLine]
    total: int
    refusals: list[RefusalLine]
    refused_attempts: int
    officers: list[str]          # every username, for the officer filter
    actions: tuple[str, ...]
    page_size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    def link(self, **changes: Any) -> str:
        return "/desk/audit" + self.choice.query(**changes)


def audit_page(session: Session, viewer: Officer, args: Mapping[str, Any]) -> AuditPage:
    """What the audit page shows for the address's filters; the view itself is audited (once per ten minutes)."""
    audit_once(session, viewer, VIEWED, None)
    choice, chosen, errors = parse(session, args)
    officers = [name for (name,) in session.query(Officer.username).order_by(Officer.username)]
    if errors:
        return AuditPage(choice, errors, [], 0, [], 0, officers, action_codes())
    entries, total = audit.find_entries(session, chosen, choice.page, PAGE_SIZE)
    refusals, attempts = audit.find_refused_logins(session, chosen, REFUSAL_GROUPS) if choice.page == 1 else ([], 0)
    ids = {e.officer_id for e in entries} | {r.officer_id for r in refusals}
    ids.discard(None)
    names = dict(session.query(Officer.id, Officer.username).filter(Officer.id.in_(ids)).all()) if ids else {}
    lines = [AuditLine(e.at, names.get(e.officer_id), e.action, e.case_id, e.detail) for e in entries]
    if chosen.action == REFUSED_LOGINS:
        lines, total = [], 0   # the refused logins are their own section
    return AuditPage(choice, errors, lines, total,
                     [RefusalLine(r.hour, names.get(r.officer_id), r.address_tag, r.reason, r.count) for r in refusals],
                     attempts, officers, action_codes())
