"""Who is on duty (bot/store/duty.py): marked on duty AND logged in; what the bot's promise will depend on."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.desk.accounts import create_officer
from bot.desk.sessions import close_session, open_session
from bot.store import create_schema, session_scope
from bot.store.desk_models import Officer
from bot.store.duty import officers_on_duty, someone_on_duty
from bot.store.models import utcnow

PASSWORD = "correct horse battery staple"


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'duty.db'}"
    create_schema(url)
    return url


def test_someone_is_on_duty_only_while_marked_and_logged_in(database: str) -> None:
    with session_scope(database) as session:
        lina = create_officer(session, "lina", PASSWORD)
        cora = create_officer(session, "cora", PASSWORD, "coordinator")
        assert someone_on_duty(session) is False
        token, _ = open_session(session, lina)
        assert someone_on_duty(session) is False            # logged in, not on duty
        lina.on_duty = True
        session.flush()
        assert someone_on_duty(session) is True and officers_on_duty(session) == [(lina.id, "lina")]
        # an idle session stops counting with the session itself
        later = utcnow() + timedelta(minutes=31)
        assert someone_on_duty(session, later) is False
        close_session(session, token)
        assert someone_on_duty(session) is False            # on duty but logged out
        # a coordinator answers nobody: never on duty
        open_session(session, cora)
        cora.on_duty = True
        session.flush()
        assert someone_on_duty(session) is False
        # a deactivated officer neither
        open_session(session, lina)
        assert someone_on_duty(session) is True
        session.get(Officer, lina.id).active = False
        session.flush()
        assert someone_on_duty(session) is False
