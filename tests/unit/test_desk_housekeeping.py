"""Housekeeping of the desk: expired login sessions and stale login failures are deleted, nothing that still counts.

Real SQLite, built as tests/unit/test_desk_security.py builds it (create_schema in the test's data folder).
"""
from __future__ import annotations

import asyncio
import hashlib
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from bot.conversation import retention
from bot.desk.accounts import authenticate, create_officer, purge_desk_rows, purge_stale_failures
from bot.desk.sessions import officer_for, open_session, purge_expired_sessions
from bot.settings import ROOT, Settings, get_settings
from bot.store import create_schema, session_scope
from bot.store.desk_models import DeskSession, LoginFailure, Officer
from bot.store.models import utcnow

PASSWORD = "correct horse battery"   # invented for the tests
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def alice() -> int:
    create_schema()
    with session_scope() as session:
        return create_officer(session, "alice", PASSWORD).id


def session_row(alice: int, opened: timedelta, last_seen: timedelta, now: datetime = NOW) -> str:
    """A login opened `opened` before `now` whose last request was `last_seen` before `now`; returns its token."""
    with session_scope() as session:
        token, _ = open_session(session, session.get(Officer, alice), now=now - opened)
        row = session.query(DeskSession).filter(DeskSession.token_hash == digest(token)).one()
        row.last_seen_at = now - last_seen
    return token


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_left(tokens: dict[str, str]) -> list[str]:
    with session_scope() as session:
        stored = {row.token_hash for row in session.query(DeskSession)}
    return sorted(name for name, token in tokens.items() if digest(token) in stored)


# --- sessions ------------------------------------------------------------------------------------

def test_sessions_past_their_idle_or_absolute_end_are_deleted(alice: int) -> None:
    # Defaults: 30 minutes idle, 12 hours in all.
    tokens = {
        "idle_31_min": session_row(alice, opened=timedelta(hours=1), last_seen=timedelta(minutes=31)),
        "idle_exactly_30_min": session_row(alice, opened=timedelta(hours=1), last_seen=timedelta(minutes=30)),
        "opened_12h01_ago_active": session_row(alice, opened=timedelta(hours=12, minutes=1),
                                               last_seen=timedelta(minutes=1)),
        "opened_12h_ago_active": session_row(alice, opened=timedelta(hours=12), last_seen=timedelta(minutes=1)),
        "fresh": session_row(alice, opened=timedelta(minutes=10), last_seen=timedelta(minutes=10)),
        "idle_29_min": session_row(alice, opened=timedelta(hours=2), last_seen=timedelta(minutes=29)),
        "opened_11h59_ago_active": session_row(alice, opened=timedelta(hours=11, minutes=59),
                                               last_seen=timedelta(minutes=5)),
    }
    with session_scope() as session:
        assert purge_expired_sessions(session, now=NOW) == 4
    assert tokens_left(tokens) == ["fresh", "idle_29_min", "opened_11h59_ago_active"]
    # What is left still logs in: the purge took nothing a request could have used.
    with session_scope() as session:
        for name in ("fresh", "idle_29_min", "opened_11h59_ago_active"):
            assert officer_for(session, tokens[name], now=NOW) is not None, name


def test_the_purge_agrees_with_the_lookup_on_every_session(alice: int) -> None:
    # Another computation of "expired": what a request with the token would get at NOW.
    ages = [(timedelta(hours=h, minutes=m), timedelta(minutes=s)) for h in (0, 6, 11, 12, 13)
            for m in (29, 30, 31) for s in (0, 29, 30, 31)]
    tokens = {f"{opened}/{seen}": session_row(alice, opened, seen) for opened, seen in ages if seen <= opened}
    alive = {name for name, token in tokens.items() if _would_log_in(token)}
    with session_scope() as session:
        purge_expired_sessions(session, now=NOW)
    assert 0 < len(alive) < len(tokens)
    assert set(tokens_left(tokens)) == alive


def _would_log_in(token: str) -> bool:
    # In a transaction of its own that is rolled back: a lookup deletes the expired row it finds.
    with session_scope() as session:
        found = officer_for(session, token, now=NOW) is not None
        session.rollback()
    return found


def test_the_idle_limit_comes_from_the_settings(alice: int, monkeypatch: pytest.MonkeyPatch) -> None:
    tokens = {"idle_6_min": session_row(alice, opened=timedelta(minutes=20), last_seen=timedelta(minutes=6)),
              "idle_4_min": session_row(alice, opened=timedelta(minutes=20), last_seen=timedelta(minutes=4))}
    with session_scope() as session:
        assert purge_expired_sessions(session, now=NOW) == 0   # the default 30 minutes: both alive
    monkeypatch.setenv("AMANE_DESK_IDLE_MINUTES", "5")
    get_settings.cache_clear()
    with session_scope() as session:
        assert purge_expired_sessions(session, now=NOW) == 1
    assert tokens_left(tokens) == ["idle_4_min"]


def test_the_absolute_end_is_the_one_set_at_login_from_the_settings(alice: int,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMANE_DESK_SESSION_HOURS", "1")
    get_settings.cache_clear()
    tokens = {"opened_61_min_ago": session_row(alice, opened=timedelta(minutes=61), last_seen=timedelta(minutes=1)),
              "opened_59_min_ago": session_row(alice, opened=timedelta(minutes=59), last_seen=timedelta(minutes=1))}
    with session_scope() as session:
        assert purge_expired_sessions(session, now=NOW) == 1
    assert tokens_left(tokens) == ["opened_59_min_ago"]


# --- login failures ------------------------------------------------------------------------------

def failure(key: str, first: timedelta, blocked_until: timedelta | None = None, count: int = 1) -> None:
    """A failure row whose first failure was `first` before NOW, blocked until NOW + `blocked_until`."""
    with session_scope() as session:
        session.add(LoginFailure(key=key, count=count, first_at=NOW - first,
                                 blocked_until=None if blocked_until is None else NOW + blocked_until))


def keys_left() -> list[str]:
    with session_scope() as session:
        return sorted(row.key for row in session.query(LoginFailure))


def test_failures_go_once_they_can_no_longer_count_or_block() -> None:
    create_schema()
    # Not blocked: a failure counts for 15 minutes after the first of its window.
    failure("u:first_14_min_ago", first=timedelta(minutes=14))
    failure("u:first_15_min_ago", first=timedelta(minutes=15))
    failure("u:first_3_days_ago", first=timedelta(days=3), count=4)
    # Blocked: still blocked, or ended less than 15 minutes ago (a new failure doubles the block): kept.
    failure("c:blocked_for_40_more_min", first=timedelta(hours=3), blocked_until=timedelta(minutes=40), count=11)
    failure("c:block_ended_14_min_ago", first=timedelta(hours=1), blocked_until=-timedelta(minutes=14), count=7)
    failure("c:block_ended_15_min_ago", first=timedelta(hours=1), blocked_until=-timedelta(minutes=15), count=7)
    failure("c:block_ended_2_days_ago", first=timedelta(days=2, hours=1), blocked_until=-timedelta(days=2), count=15)
    with session_scope() as session:
        assert purge_stale_failures(session, now=NOW) == 4
    assert keys_left() == ["c:block_ended_14_min_ago", "c:blocked_for_40_more_min", "u:first_14_min_ago"]


def test_a_purge_never_forgets_a_failure_that_still_counts(alice: int) -> None:
    def login(password: str, at: datetime) -> bool:
        with session_scope() as session:
            return authenticate(session, "alice", password, None, now=at) is not None

    for _ in range(5):
        assert not login("wrong password!", NOW)               # blocked for one minute from NOW
    later = NOW + timedelta(minutes=1 + 14)                    # the block ended 14 minutes ago
    with session_scope() as session:
        # Only alice's counter from "no address" blocked; her account's and the global counters (limits 20 and 200,
        # not reached) are stale a window after their first failure, and go.
        assert purge_stale_failures(session, now=later) == 2
        assert [row.key[:2] for row in session.query(LoginFailure)] == ["p:"]
    assert not login("wrong password!", later)                 # the sixth failure: blocked two minutes
    assert not login(PASSWORD, later + timedelta(minutes=1))  # so even the right password waits
    assert login(PASSWORD, later + timedelta(minutes=2))
    with session_scope() as session:
        # A success forgets the failures of the account from this address (the others are counted again).
        assert not [row for row in session.query(LoginFailure) if row.key.startswith("p:")]


# --- the whole housekeeping, periodic and by command -------------------------------------------

def test_purge_desk_rows_does_both_and_says_how_many(alice: int) -> None:
    tokens = {"idle": session_row(alice, opened=timedelta(hours=2), last_seen=timedelta(hours=1)),
              "fresh": session_row(alice, opened=timedelta(minutes=1), last_seen=timedelta(minutes=1))}
    failure("u:old", first=timedelta(days=1))
    failure("u:recent", first=timedelta(minutes=1))
    assert purge_desk_rows(get_settings(), now=NOW) == (1, 1)
    assert tokens_left(tokens) == ["fresh"] and keys_left() == ["u:recent"]
    assert purge_desk_rows(get_settings(), now=NOW) == (0, 0)


async def test_the_periodic_purge_runs_the_extra_purges_even_after_one_fails(alice: int) -> None:
    expired = session_row(alice, opened=timedelta(hours=2), last_seen=timedelta(hours=1), now=utcnow())
    ran: list[str] = []
    done = asyncio.Event()
    loop = asyncio.get_running_loop()

    def failing(settings: Settings) -> None:
        ran.append("failing")
        raise RuntimeError("this purge is broken")

    def last(settings: Settings) -> None:
        ran.append("last")
        loop.call_soon_threadsafe(done.set)

    task = asyncio.ensure_future(retention.purge_periodically(get_settings(), extra=[failing, purge_desk_rows, last]))
    try:
        await asyncio.wait_for(done.wait(), timeout=20)
    finally:
        task.cancel()
    assert ran == ["failing", "last"]
    assert tokens_left({"expired": expired}) == []   # purge_desk_rows ran between them


def test_purge_command_deletes_expired_desk_rows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    if "purge_desk_rows" not in (ROOT / "bot" / "app" / "cli.py").read_text(encoding="utf-8"):
        pytest.skip("bot/app/cli.py does not call purge_desk_rows yet")
    database = f"sqlite:///{tmp_path / 'amane.db'}"
    create_schema(database)
    with session_scope(database) as session:
        officer = create_officer(session, "alice", PASSWORD)
        open_session(session, officer, now=utcnow() - timedelta(days=1))
        open_session(session, officer)
        session.add(LoginFailure(key="u:old", count=2, first_at=utcnow() - timedelta(days=1)))
    completed = subprocess.run([sys.executable, "-m", "bot", "purge"], cwd=ROOT, capture_output=True, text=True,
                               env={**os.environ, "AMANE_DATA_DIR": str(tmp_path)}, timeout=120)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert completed.stdout.splitlines() == ["0 conversations deleted",
                                             "1 expired desk sessions and 1 stale login failures deleted"]
    with session_scope(database) as session:
        assert session.query(DeskSession).count() == 1 and session.query(LoginFailure).count() == 0
