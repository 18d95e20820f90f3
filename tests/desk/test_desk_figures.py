"""The coordinator's figures against hand-counted fixtures, the '<5' rule in the numbers, the CSV and the
charts, and the periods it refuses. On a real (SQLite) database migrated to head, without a server."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.desk import figures
from bot.desk.figures import CSV_HEADER, PeriodError, compute, csv_text, minutes, parse_period, share, shown
from bot.desk.web.charts import bar_chart
from bot.store import Case, Conversation, Referral, create_schema, session_scope
from bot.store.models import AggregateCount

MONDAY = date(2026, 1, 5)     # the period: two whole weeks, 5 to 18 January 2026
SUNDAY = date(2026, 1, 18)


def at(day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2026, 1, day, hour, minute, tzinfo=timezone.utc)


# (day opened, priority, language, channel, indicators, status, minutes to the first officer message)
CASES = {
    "c1": (6, "urgent", "fr", "whatsapp", ["minor", "physical_sexual_violence"], "closed", 10),
    "c2": (6, "urgent", "fr", "whatsapp", ["minor"], "closed", 20),
    "c3": (7, "urgent", "ar", "telegram", [], "new", None),
    "c4": (8, "high", "en", "webchat", ["retention_of_documents", "withholding_of_wages"], "closed", 5),
    "c5": (9, "normal", "ary", "webchat", ["debt_bondage"], "claimed", 30),
    "c6": (11, "normal", "fr", "whatsapp", [], "closed", 60),
    "c7": (13, "urgent", "en", "webchat", ["minor"], "closed", 14),
    "c8": (14, "high", "fr", "webchat", [], "new", None),
    "c9": (18, "normal", "fr", "whatsapp", ["debt_bondage"], "closed", 2),
    # outside the period: the Monday after, and the Sunday before (23:59 UTC)
    "late": (19, "urgent", "fr", "webchat", ["minor"], "closed", 1),
    "early": (4, "urgent", "fr", "webchat", ["minor"], "closed", 1),
}
# (case, service, status, day recorded)
REFERRALS = [("c1", "shelter", "accepted", 6), ("c2", "medical", "declined", 7), ("c4", "legal_aid", "proposed", 12),
             ("c7", "iom_return", "completed", 13), ("late", "shelter", "accepted", 19)]
CONVERSATIONS = [5, 5, 6, 7, 8, 9, 11, 12, 18, 19, 4]   # days begun: 7 in the first week, 2 in the second


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'figures.db'}"
    create_schema(url)
    with session_scope(url) as session:
        for number, day in enumerate(CONVERSATIONS):
            session.add(Conversation(id=f"conv-{number}", channel="webchat", created_at=at(day),
                                     last_message_at=at(day)))
        ids = {}
        for name, (day, priority, language, channel, indicators, status, reply) in CASES.items():
            opened = at(day, 23, 59) if name == "early" else at(day, 0, 1) if name == "late" else at(day)
            case = Case(conversation_id=None, channel=channel, language=language, priority=priority,
                        indicators=json.dumps(indicators), reasons='["risk"]', status=status, created_at=opened,
                        updated_at=opened, first_reply_at=opened + timedelta(minutes=reply) if reply else None,
                        closed_at=opened + timedelta(hours=5) if status == "closed" else None)
            session.add(case)
            session.flush()
            ids[name] = case.id
        for name, service, status, day in REFERRALS:
            session.add(Referral(case_id=ids[name], officer_id=1, service=service, status=status,
                                 consent_at=at(day), created_at=at(day), updated_at=at(day)))
        session.add(AggregateCount(period="2026-01", channel="webchat", language="fr",
                                   metric="purged_conversations", value=3))
        session.add(AggregateCount(period="2025-11", channel="webchat", language="fr",
                                   metric="purged_conversations", value=40))
    return url


def test_the_figures_match_the_hand_counted_fixtures(database: str) -> None:
    with session_scope(database) as session:
        data = compute(session, MONDAY, SUNDAY)
    total, first, second = data.total, *data.by_week
    assert data.weeks == [MONDAY, MONDAY + timedelta(weeks=1)]
    assert (total.conversations, first.conversations, second.conversations) == (9, 7, 2)
    assert (total.cases, first.cases, second.cases) == (9, 6, 3)
    assert dict(total.groups["priority"]) == {"urgent": 4, "high": 2, "normal": 3}
    assert dict(total.groups["language"]) == {"fr": 5, "en": 2, "ar": 1, "ary": 1}
    assert dict(total.groups["channel"]) == {"whatsapp": 4, "telegram": 1, "webchat": 4}
    assert dict(total.groups["indicator"]) == {"minor": 3, "physical_sexual_violence": 1, "retention_of_documents": 1,
                                               "withholding_of_wages": 1, "debt_bondage": 2}
    assert dict(total.groups["service"]) == {"shelter": 1, "medical": 1, "legal_aid": 1, "iom_return": 1}
    assert dict(first.groups["service"]) == {"shelter": 1, "medical": 1}   # legal_aid was recorded in week 2
    assert dict(total.groups["referral_status"]) == {"accepted": 1, "declined": 1, "proposed": 1, "completed": 1}
    assert sorted(total.reply_minutes) == [2, 5, 10, 14, 20, 30, 60]
    assert minutes(total.reply_minutes, 0.5) == "14" and minutes(total.reply_minutes, 0.9) == "60"
    assert (total.urgent, total.urgent_answered) == (4, 2)          # c1 in 10 min, c7 in 14; c2 in 20; c3 never
    assert (total.closed, total.closed_referred) == (6, 3)          # c1, c4, c7 (c2's referral was declined)
    assert data.deleted_by_month == {"2026-01": 3}
    assert data.categories("priority") == ["urgent", "high", "normal"]
    assert data.categories("indicator")[0] == "minor"


def test_the_csv_shows_every_small_count_as_less_than_five(database: str) -> None:
    with session_scope(database) as session:
        text = csv_text(compute(session, MONDAY, SUNDAY))
    table = list(csv.reader(io.StringIO(text)))
    assert tuple(table[0]) == CSV_HEADER
    rows = {(scope, start, measure, group): value for scope, start, _end, measure, group, value in table[1:]}
    period = ("period", "2026-01-05")
    assert rows[(*period, "conversations", "")] == "9"
    assert rows[(*period, "cases", "")] == "9"
    assert rows[("week", "2026-01-05", "cases", "")] == "6"
    assert rows[("week", "2026-01-12", "cases", "")] == "<5"
    assert rows[(*period, "cases_by_priority", "urgent")] == "<5"
    assert rows[(*period, "cases_by_language", "fr")] == "5"
    assert rows[(*period, "cases_by_language", "ar")] == "<5"
    assert rows[(*period, "referrals_by_service", "shelter")] == "<5"
    assert rows[(*period, "first_reply_cases", "")] == "7"
    assert rows[(*period, "first_reply_minutes_median", "")] == "14"
    assert rows[(*period, "first_reply_minutes_p90", "")] == "60"
    assert rows[(*period, "urgent_answered_within_15_min_share", "")] == "n<5"   # 4 urgent cases in all
    assert rows[(*period, "closed_with_referral_share", "")] == "n<5"            # 3 of 6: 3 people
    assert rows[("week", "2026-01-12", "first_reply_minutes_median", "")] == "n<5"
    assert rows[("month", "2026-01", "conversations_deleted_by_retention", "")] == "<5"
    # Nowhere a count from 1 to 4: every value is "<5", "n<5", a number of 5 or more, or a share.
    for *_, measure, _group, value in table[1:]:
        assert re.fullmatch(r"<5|n<5|\d+ %|([5-9]|\d{2,})", value), (measure, value)


def test_an_empty_period_exports_the_header_alone(database: str) -> None:
    with session_scope(database) as session:
        data = compute(session, date(2025, 6, 2), date(2025, 6, 29))
    assert not data.has_data
    assert csv_text(data) == ",".join(CSV_HEADER) + "\r\n"


def test_shares_and_times_need_enough_cases() -> None:
    assert [shown(n) for n in (0, 1, 4, 5, 12)] == ["<5", "<5", "<5", "5", "12"]
    assert share(5, 5) == "100 %" and share(0, 9) == "0 %" and share(5, 10) == "50 %"
    assert share(4, 10) == "n<5" and share(7, 10) == "n<5" and share(2, 4) == "n<5"   # part or rest of 1 to 4
    assert minutes([1, 2, 3, 4], 0.5) == "n<5" and minutes([1, 2, 3, 4, 50], 0.5) == "3"
    assert minutes([1, 2, 3, 4, 50], 0.9) == "50"


def test_a_chart_never_draws_a_small_count_to_scale() -> None:
    drawn = str(bar_chart(["05/01", "12/01", "19/01"], [("cases", [0, 3, 20]), ("urgent", [4, 1, 6])], "cases"))
    heights = re.findall(r'<rect class="bar (\w+)"[^>]*height="([\d.]+)"><title>([^<]*)</title>', drawn)
    small = [(kind, height, title) for kind, height, title in heights if title.endswith(": &lt;5")]
    assert len(small) == 4 and {(kind, height) for kind, height, _ in small} == {("hidden", "3.0")}
    assert not re.search(r": [0-4]</title>", drawn)
    assert "http" not in drawn and "style=" not in drawn


@pytest.mark.parametrize("start, end, code", [
    ("2026-02-30", "", "bad_date"), ("yesterday", "", "bad_date"), ("2026-1-5", "", "bad_date"),
    ("1999-12-31", "2000-01-31", "bad_date"), ("2026-01-20", "2026-01-10", "period_reversed"),
    ("2020-01-01", "2026-01-01", "period_too_long"), ("' or 1=1 --", "", "bad_date"), ("9" * 400, "", "bad_date"),
])
def test_a_period_that_is_not_one_is_refused_with_a_reason(start: str, end: str, code: str) -> None:
    with pytest.raises(PeriodError) as refused:
        parse_period(start, end, today=date(2026, 6, 1))
    assert refused.value.code == code


def test_a_period_is_whole_weeks_and_defaults_to_the_last_thirteen() -> None:
    assert parse_period("2026-01-07", "2026-01-13") == (date(2026, 1, 5), date(2026, 1, 18))
    first, last = parse_period(None, None, today=date(2026, 6, 3))
    assert (first.weekday(), last.weekday(), (last - first).days + 1) == (0, 6, 13 * 7)
    assert parse_period("2025-01-01", "2026-12-31")[0] == date(2024, 12, 30)   # two years fit
    assert figures.MAX_WEEKS == 106
