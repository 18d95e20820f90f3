"""The coordinator's figures: aggregates by week over a chosen period, from content-free fields only.

What is read: conversations' creation times; cases' creation, first officer reply and closing times,
priority, indicator codes, language, channel and status; referrals' service, status and creation time;
the monthly counts of conversations deleted by retention. Never a message, a note, a pseudonym or a
sealed value. Every count below SMALL is shown as "<5" (a zero too), and a median, a percentile or a share
only when enough cases stand behind it, so that no person can be singled out (see `shown`, `share`).

A case counts in the week it opened (weeks start on Monday, in UTC); a referral in the week it was
recorded; a conversation in the week it began, while it is kept (AMANE_RETENTION_DAYS): older ones survive
only as monthly counts of deleted conversations.
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy.orm import Session

from bot.desk.casework import REFERRAL_SERVICES, REFERRAL_STATUSES, REFERRED_STATUSES
from bot.store import Case, Conversation, Referral
from bot.store.desk_models import as_utc
from bot.store.models import AggregateCount

SMALL = 5                       # a count below this is never shown as it is
HIDDEN = "<5"                   # what is shown instead
HIDDEN_BASE = "n<5"             # a median, percentile or share over fewer than SMALL cases
ANSWERED_WITHIN = timedelta(minutes=15)
MAX_WEEKS = 106                 # about two years: longer periods are refused (the page says so)
DIMENSIONS = ("priority", "indicator", "language", "channel", "service", "referral_status")
# The order of known codes in the tables; a code not listed here comes after them, by name.
KNOWN_ORDER: dict[str, tuple[str, ...]] = {
    "priority": ("urgent", "high", "normal", "none"),
    "language": ("fr", "en", "ar", "ary"),
    "channel": ("webchat", "whatsapp", "telegram"),
    "service": REFERRAL_SERVICES,
    "referral_status": REFERRAL_STATUSES,
    "indicator": (),
}
CSV_HEADER = ("scope", "start", "end", "measure", "group", "value")
MEASURES = {"priority": "cases_by_priority", "indicator": "cases_by_indicator", "language": "cases_by_language",
            "channel": "cases_by_channel", "service": "referrals_by_service", "referral_status": "referrals_by_status"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FIRST_YEAR, LAST_YEAR = 2000, 2100   # a date outside is a typing mistake (and keeps date arithmetic in range)


class PeriodError(ValueError):
    """A period the figures cannot be given for; `code` names the message (error.<code> in the desk's texts)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def shown(count: int) -> str:
    """A count as the coordinator sees it: "<5" below SMALL."""
    return HIDDEN if count < SMALL else str(count)


def share(part: int, whole: int) -> str:
    """A percentage, only over SMALL or more cases and when neither the part nor the rest is 1 to 4 cases
    (share × base would give it back)."""
    rest = whole - part
    if whole < SMALL or 0 < part < SMALL or 0 < rest < SMALL:
        return HIDDEN_BASE
    return f"{round(100 * part / whole)} %"


def minutes(values: list[float], quantile: float) -> str:
    """The median (0.5) or another quantile (nearest rank) of durations in minutes, over SMALL or more cases."""
    if len(values) < SMALL:
        return HIDDEN_BASE
    ordered = sorted(values)
    if quantile == 0.5:
        value = statistics.median(ordered)
    else:
        value = ordered[max(0, math.ceil(quantile * len(ordered)) - 1)]
    return str(round(value))


@dataclass
class Bucket:
    """The raw numbers of one week, or of the whole period. Raw: only `shown` and friends may display them."""

    conversations: int = 0
    cases: int = 0
    groups: dict[str, Counter] = field(default_factory=lambda: {name: Counter() for name in DIMENSIONS})
    reply_minutes: list[float] = field(default_factory=list)   # cases with a first officer reply
    urgent: int = 0
    urgent_answered: int = 0          # first officer reply within ANSWERED_WITHIN of opening
    closed: int = 0
    closed_referred: int = 0          # closed with at least one referral that was not declined or cancelled

    def add_case(self, priority: str, indicators: list[str], language: str, channel: str, status: str,
                 reply_after: timedelta | None, referred: bool) -> None:
        self.cases += 1
        self.groups["priority"][priority] += 1
        for code in set(indicators):
            self.groups["indicator"][code] += 1
        self.groups["language"][language] += 1
        self.groups["channel"][channel] += 1
        if reply_after is not None:
            self.reply_minutes.append(max(reply_after.total_seconds(), 0) / 60)
        if priority == "urgent":
            self.urgent += 1
            self.urgent_answered += int(reply_after is not None and reply_after <= ANSWERED_WITHIN)
        if status == "closed":
            self.closed += 1
            self.closed_referred += int(referred)


@dataclass
class Figures:
    start: date                 # a Monday
    end: date                   # a Sunday, included
    weeks: list[date]           # the Mondays
    by_week: list[Bucket]
    total: Bucket
    deleted_by_month: dict[str, int]   # YYYY-MM -> conversations deleted by retention (last message that month)

    @property
    def has_data(self) -> bool:
        return bool(self.total.conversations or self.total.cases or sum(self.total.groups["service"].values())
                    or any(self.deleted_by_month.values()))

    def categories(self, dimension: str) -> list[str]:
        """The codes of a dimension that occur in the period, known ones first in their order."""
        present = [code for code, count in self.total.groups[dimension].items() if count]
        known = KNOWN_ORDER[dimension]
        if dimension == "indicator":
            return sorted(present, key=lambda code: (-self.total.groups[dimension][code], code))
        return sorted(present, key=lambda code: (known.index(code) if code in known else len(known), code))


def parse_period(start: str | None, end: str | None, today: date | None = None) -> tuple[date, date]:
    """From two YYYY-MM-DD dates (either may be missing) to whole weeks: Monday to Sunday, start before end.

    Missing: the last twelve weeks and this one. Refused with PeriodError: a date that is not one, a start
    after the end, more than MAX_WEEKS weeks.
    """
    today = today or datetime.now(timezone.utc).date()

    def read(value: str | None, default: date) -> date:
        if value is None or not value.strip():
            return default
        try:
            day = date.fromisoformat(value.strip()) if _ISO_DATE.fullmatch(value.strip()) else None
        except ValueError:
            day = None
        if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise PeriodError("bad_date")
        return day

    last = read(end, today)
    first = read(start, last - timedelta(weeks=12))
    if first > last:
        raise PeriodError("period_reversed")
    first -= timedelta(days=first.weekday())
    last += timedelta(days=6 - last.weekday())
    if (last - first).days // 7 + 1 > MAX_WEEKS:
        raise PeriodError("period_too_long")
    return first, last


def _moment(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def compute(session: Session, start: date, end: date) -> Figures:
    """The figures of the weeks from `start` (a Monday) to `end` (a Sunday), from content-free columns only."""
    weeks = [start + timedelta(weeks=n) for n in range((end - start).days // 7 + 1)]
    buckets = [Bucket() for _ in weeks]
    total = Bucket()
    since, until = _moment(start), _moment(end + timedelta(days=1))

    def week_of(moment: datetime) -> int | None:
        index = (as_utc(moment).date() - start).days // 7
        return index if 0 <= index < len(weeks) else None

    for (created_at,) in (session.query(Conversation.created_at)
                          .filter(Conversation.created_at >= since, Conversation.created_at < until)):
        index = week_of(created_at)
        if index is not None:
            buckets[index].conversations += 1
            total.conversations += 1

    in_period = session.query(Case.id).filter(Case.created_at >= since, Case.created_at < until)
    referred = {case_id for (case_id,) in session.query(Referral.case_id).filter(
        Referral.case_id.in_(in_period.subquery().select()), Referral.status.in_(REFERRED_STATUSES)).distinct()}
    rows = (session.query(Case.id, Case.created_at, Case.priority, Case.indicators, Case.language, Case.channel,
                          Case.status, Case.first_reply_at)
            .filter(Case.created_at >= since, Case.created_at < until))
    for case_id, created_at, priority, indicators, language, channel, status, first_reply_at in rows:
        index = week_of(created_at)
        if index is None:
            continue
        reply_after = as_utc(first_reply_at) - as_utc(created_at) if first_reply_at else None
        codes = json.loads(indicators or "[]")
        for bucket in (buckets[index], total):
            bucket.add_case(priority, codes, language, channel, status, reply_after, case_id in referred)

    for created_at, service, status in (session.query(Referral.created_at, Referral.service, Referral.status)
                                        .filter(Referral.created_at >= since, Referral.created_at < until)):
        index = week_of(created_at)
        if index is None:
            continue
        for bucket in (buckets[index], total):
            bucket.groups["service"][service] += 1
            bucket.groups["referral_status"][status] += 1

    months = {f"{day.year:04d}-{day.month:02d}" for day in (start + timedelta(days=n)
                                                            for n in range((end - start).days + 1))}
    deleted: Counter = Counter()
    for period, value in (session.query(AggregateCount.period, AggregateCount.value)
                          .filter(AggregateCount.metric == "purged_conversations", AggregateCount.period.in_(months))):
        deleted[period] += value
    return Figures(start, end, weeks, buckets, total, dict(sorted(deleted.items())))


def _rows(scope: str, first: date, last: date, bucket: Bucket, figures: Figures) -> list[tuple[str, ...]]:
    head = (scope, first.isoformat(), last.isoformat())
    rows: list[tuple[str, ...]] = [(*head, "conversations", "", shown(bucket.conversations)),
                                   (*head, "cases", "", shown(bucket.cases))]
    for dimension in DIMENSIONS:
        measure = MEASURES[dimension]
        rows += [(*head, measure, code, shown(bucket.groups[dimension][code]))
                 for code in figures.categories(dimension)]
    rows += [
        (*head, "first_reply_cases", "", shown(len(bucket.reply_minutes))),
        (*head, "first_reply_minutes_median", "", minutes(bucket.reply_minutes, 0.5)),
        (*head, "first_reply_minutes_p90", "", minutes(bucket.reply_minutes, 0.9)),
        (*head, "urgent_cases", "", shown(bucket.urgent)),
        (*head, "urgent_answered_within_15_min_share", "", share(bucket.urgent_answered, bucket.urgent)),
        (*head, "closed_cases", "", shown(bucket.closed)),
        (*head, "closed_with_referral_share", "", share(bucket.closed_referred, bucket.closed)),
    ]
    return rows


def csv_text(figures: Figures) -> str:
    """The figures as CSV, one value a row: each week, then the whole period. No data: the header alone."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    if figures.has_data:
        for monday, bucket in zip(figures.weeks, figures.by_week, strict=True):
            writer.writerows(_rows("week", monday, monday + timedelta(days=6), bucket, figures))
        writer.writerows(_rows("period", figures.start, figures.end, figures.total, figures))
        for month, count in figures.deleted_by_month.items():
            writer.writerow(("month", month, month, "conversations_deleted_by_retention", "", shown(count)))
    return out.getvalue()


__all__ = ["CSV_HEADER", "Bucket", "Figures", "PeriodError", "compute", "csv_text", "minutes", "parse_period",
           "share", "shown"]
