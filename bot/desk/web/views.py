"""What the desk's pages show, read from the database: the queue (filters, urgent alerts, who is on duty),
a case (its history grouped, the person's other cases); the audit page is in audit_view.py."""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func
from sqlalchemy.orm import Session

from bot.desk import casework, quick_replies
from bot.desk.casework import (
    ACKNOWLEDGED,
    CHANNEL_FILTERS,
    LANGUAGE_FILTERS,
    MAX_CASE_ID,
    OWNER_FILTERS,
    PRIORITY_FILTERS,
    SORTS,
    STATUS_FILTERS,
    CaseView,
    HistoryLine,
    LinkedCase,
    QueueFilters,
    QueueItem,
)
from bot.desk.previews import last_user_messages
from bot.messaging.undelivered import undelivered_replies
from bot.settings import get_settings
from bot.store import Case, audit
from bot.store.desk_models import AuditEntry, Officer
from bot.store.duty import officers_on_duty
from bot.store.models import utcnow
from bot.store.sealing import sealer_for

TRANSCRIPT_VIEWED = "transcript_viewed"
QUEUE_VIEWED = "queue_viewed"
TRANSCRIPT_AUDIT_EVERY = timedelta(minutes=10)   # a live page refreshes often; one line per stretch
PAGE_SIZE = 50
MAX_PAGE = 100_000
# Views of a case, folded together in its history: a busy case is viewed dozens of times a shift.
VIEW_ACTIONS = ("case_viewed", "transcript_viewed")
_SEARCH = re.compile(r"^#?\s*(\d{1,12})$")
_CHOICES: dict[str, tuple[str, ...]] = {
    "priority": PRIORITY_FILTERS, "status": tuple(STATUS_FILTERS), "language": LANGUAGE_FILTERS,
    "channel": CHANNEL_FILTERS, "owner": OWNER_FILTERS, "sort": SORTS,
}
FILTER_NAMES = ("q", "priority", "status", "language", "channel", "owner", "sort", "unseen")


def parse_filters(args: Mapping[str, Any]) -> tuple[QueueFilters, list[str]]:
    """The queue's filters from the address; errors are codes (error.<code>), and a filter in error shows nothing."""
    errors: list[str] = []

    def one(name: str) -> str:
        value = args.get(name)
        if isinstance(value, list):   # Sanic's request.args holds lists; a plain dict holds strings
            value = value[0] if value else ""
        return (value or "").strip()

    values: dict[str, Any] = {}
    for name, choices in _CHOICES.items():
        value = one(name)
        if value in ("", "any"):
            continue
        if value not in choices:
            errors.append("bad_filter")
            continue
        values[name] = value
    search = one("q")
    if search:
        found = _SEARCH.match(search)
        if found is None:
            errors.append("bad_search")
        else:
            values["case_id"] = int(found.group(1))   # a number beyond any case finds nothing
    page = one("page") or "1"
    if not page.isdigit() or len(page) > 7 or not 1 <= int(page) <= MAX_PAGE:
        errors.append("bad_page")
    else:
        values["page"] = int(page)
    if one("unseen") not in ("", "1"):
        errors.append("bad_filter")
    elif one("unseen") == "1":
        values["unseen_urgent"] = True
    return QueueFilters(**values), sorted(set(errors))


def filters_query(filters: QueueFilters, **changes: Any) -> str:
    """The address's query for these filters (defaults left out), e.g. for the pager's links."""
    chosen = replace(filters, **changes)
    pairs = [("q", str(chosen.case_id) if chosen.case_id is not None else ""), ("priority", chosen.priority or ""),
             ("status", "" if chosen.status == "open" else chosen.status), ("language", chosen.language or ""),
             ("channel", chosen.channel or ""), ("owner", "" if chosen.owner == "all" else chosen.owner),
             ("sort", "" if chosen.sort == "priority" else chosen.sort),
             ("unseen", "1" if chosen.unseen_urgent else ""),
             ("page", "" if chosen.page == 1 else str(chosen.page))]
    query = urlencode([(name, value) for name, value in pairs if value])
    return f"?{query}" if query else ""


@dataclass(frozen=True)
class BurstMark:
    """A case in a burst of near-identical cases from one source (bot/conversation/cases.link_to_burst)."""

    leader: int     # the burst's first case: the one alert
    size: int       # cases in the burst, the first included


def burst_marks(session: Session, case_ids: list[int]) -> dict[int, BurstMark]:
    """The burst of each of these cases that is in one (of at least two cases)."""
    if not case_ids:
        return {}
    rows = session.query(Case.id, Case.burst_of).filter(Case.id.in_(case_ids)).all()
    leaders = {burst_of or case_id for case_id, burst_of in rows}
    sizes = dict(session.query(Case.burst_of, func.count(Case.id)).filter(Case.burst_of.in_(leaders))
                 .group_by(Case.burst_of).all())
    return {case_id: BurstMark(burst_of or case_id, sizes[burst_of or case_id] + 1)
            for case_id, burst_of in rows if sizes.get(burst_of or case_id)}


def urgent_alerts(urgent: list[int], bursts: dict[int, BurstMark]) -> list[int]:
    """The banner's alerts: one a burst (named by its first case), in the order of `urgent`."""
    alerts: list[int] = []
    for case_id in urgent:
        alert = bursts[case_id].leader if case_id in bursts else case_id
        if alert not in alerts:
            alerts.append(alert)
    return alerts


@dataclass
class QueuePage:
    items: list[QueueItem]
    total: int
    filters: QueueFilters
    errors: list[str]
    urgent: list[int]            # the banner: urgent, unclaimed, not yet acknowledged by this officer
    signature: str
    on_duty: list[str]           # usernames of the officers on duty (and logged in)
    me_on_duty: bool
    page_size: int = PAGE_SIZE
    # A flood of near-identical cases from one source rings once: the banner counts bursts, not their cases.
    urgent_alerts: list[int] = field(default_factory=list)
    bursts: dict[int, BurstMark] = field(default_factory=dict)   # case id -> its burst, for the page's rows

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def filtered(self) -> bool:
        return self.filters != QueueFilters(page=self.filters.page)

    def link(self, **changes: Any) -> str:
        return "/desk/" + filters_query(self.filters, **changes)


def queue_page(session: Session, officer: Officer, filters: QueueFilters, errors: list[str] | None = None,
               page_size: int = PAGE_SIZE) -> QueuePage:
    casework.close_erased(session)
    errors = errors or []
    items: list[QueueItem] = []
    total = 0
    if not errors:
        items, total, conversations = casework.find_cases(session, officer, filters, page_size)
        previews = last_user_messages(session, sealer_for(get_settings().sealing_keys), conversations.values())
        items = [replace(item, preview=previews.get(conversations.get(item.id) or "")) for item in items]
        if items:
            audit_once(session, officer, QUEUE_VIEWED, None)   # the previews are people's words
    on_duty = officers_on_duty(session)
    urgent = casework.unseen_urgent_ids(session, officer)
    bursts = burst_marks(session, sorted({item.id for item in items} | set(urgent)))
    return QueuePage(items, total, filters, errors, urgent,
                     casework.queue_signature(session), [name for _, name in on_duty],
                     any(officer_id == officer.id for officer_id, _ in on_duty), page_size,
                     urgent_alerts(urgent, bursts), bursts)


def acknowledge_urgent(session: Session, case_id: int, officer: Officer) -> bool:
    """Once per officer and case; True when this call recorded it."""
    casework.get_case(session, case_id)
    seen = session.query(AuditEntry.id).filter(AuditEntry.officer_id == officer.id, AuditEntry.case_id == case_id,
                                               AuditEntry.action == ACKNOWLEDGED).first()
    if seen is None:
        audit.record(session, officer.id, ACKNOWLEDGED, case_id=case_id)
    return seen is None


@dataclass(frozen=True)
class HistoryGroup:
    """One line of a case's history: an action, or a run of views folded into one line."""

    first_at: datetime
    last_at: datetime
    action: str
    detail: str
    who: list[tuple[str | None, int]]    # (officer name or None for the system, how many times)
    count: int


def group_history(lines: list[HistoryLine]) -> list[HistoryGroup]:
    """Consecutive views (case or conversation viewed) become one line: who viewed, how often, from when to when."""
    groups: list[HistoryGroup] = []
    run: list[HistoryLine] = []

    def flush() -> None:
        if not run:
            return
        counts: dict[str | None, int] = {}
        for line in run:
            counts[line.officer_name] = counts.get(line.officer_name, 0) + 1
        groups.append(HistoryGroup(run[0].at, run[-1].at, "views", "", list(counts.items()), len(run)))
        run.clear()

    for line in lines:
        if line.action in VIEW_ACTIONS:
            run.append(line)
            continue
        flush()
        groups.append(HistoryGroup(line.at, line.at, line.action, line.detail, [(line.officer_name, 1)], 1))
    flush()
    return groups


@dataclass
class CasePage:
    view: CaseView
    state: str          # see case_state
    live_since: str     # see case_event: the page's starting point for its event stream
    officers: list[tuple[int, str]] = field(default_factory=list)   # for a supervisor's reassign list
    history: list[HistoryGroup] = field(default_factory=list)
    linked: list[LinkedCase] = field(default_factory=list)          # the person's other cases
    erased_reason: str | None = None                                  # user_request, exit_word, retention
    closed_erased: bool = False       # closed by the desk because the conversation was erased
    quick_replies: list[quick_replies.QuickReplyView] = field(default_factory=list)
    undelivered: int = 0     # the assistant's replies in this conversation that finally failed (bot/messaging)


def case_state(session: Session, case_id: int) -> str:
    """What decides which actions the page offers: when it changes, the open page says so."""
    case = casework.get_case(session, case_id)
    return "|".join(str(value) for value in (case.status, case.officer_id or "-", int(bool(case.taken_over)),
                                             case.consent, case.priority, int(case.conversation_id is None)))


def case_event(session: Session, case_id: int) -> str:
    """What a case's event stream sends: any change (signature), and whether the actions changed (state)."""
    return json.dumps({"signature": casework.case_signature(session, case_id), "state": case_state(session, case_id)})


def case_page(session: Session, case_id: int, officer: Officer) -> CasePage:
    case = casework.get_case(session, case_id)
    if case.conversation_id is None and case.status != "closed":
        casework.close_erased(session)
    if case.priority == "urgent" and case.status == "new":
        acknowledge_urgent(session, case_id, officer)   # opening the alert's case is seeing it
    view = casework.view_case(session, sealer_for(get_settings().sealing_keys), case_id, officer)
    officers = ([(o.id, o.username) for o in casework.officers(session) if o.role in ("officer", "supervisor")]
                if officer.role == "supervisor" else [])
    erased_reason = casework.erasure_reason(session, case_id) if view.conversation_erased else None
    closed_erased = any(line.action == casework.CLOSED_ERASED for line in view.history)
    case = casework.get_case(session, case_id)
    return CasePage(view, case_state(session, case_id), case_event(session, case_id), officers,
                    group_history(view.history), casework.linked_cases(session, case), erased_reason, closed_erased,
                    quick_replies.for_language(session, view.case.language),
                    undelivered_replies(session, case.conversation_id) if case.conversation_id else 0)


def audit_once(session: Session, officer: Officer, action: str, case_id: int | None) -> None:
    """One line per officer (and case) per ten minutes, however often a live page refreshes."""
    since = utcnow() - TRANSCRIPT_AUDIT_EVERY
    query = session.query(AuditEntry.id).filter(AuditEntry.officer_id == officer.id, AuditEntry.action == action,
                                                AuditEntry.at >= since)
    query = query.filter(AuditEntry.case_id == case_id) if case_id is not None else query.filter(
        AuditEntry.case_id.is_(None))
    if query.first() is None:
        audit.record(session, officer.id, action, case_id=case_id)


def audit_transcript_view(session: Session, case_id: int, officer: Officer) -> None:
    audit_once(session, officer, TRANSCRIPT_VIEWED, case_id)


def case_exists(session: Session, case_id: int) -> bool:
    return 0 < case_id <= MAX_CASE_ID and session.get(Case, case_id) is not None
