"""Drives the officer desk of a real server: officers and cases in its database, a cookie-keeping browser."""
from __future__ import annotations

import json
import re
import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.cookies import SimpleCookie

import httpx

from bot.desk.accounts import create_officer
from bot.desk.sessions import open_session
from bot.store import Case, CaseMessage, Conversation, Referral, session_scope
from bot.store.desk_models import Officer
from bot.store.models import utcnow
from bot.store.sealing import Sealer
from tests.e2e.server import RunningServer

PASSWORD = "correct horse battery staple"   # invented for the tests
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def database_url(server: RunningServer) -> str:
    # What bot.settings derives from AMANE_DATA_DIR when AMANE_DATABASE_URL is not set.
    return f"sqlite:///{server.data_dir / 'amane.db'}"


def sealer(server: RunningServer) -> Sealer:
    # A trial server keeps its generated keys in its data folder (bot.settings._secret).
    keys = (server.data_dir / "amane_sealing_keys.key").read_text().strip().split(",")
    return Sealer([key.strip().encode() for key in keys if key.strip()])


def add_officer(server: RunningServer, username: str, role: str = "officer") -> int:
    with session_scope(database_url(server)) as session:
        return create_officer(session, username, PASSWORD, role).id


def login_tokens(server: RunningServer, officer_id: int) -> tuple[str, str]:
    """A session opened straight in the database: most tests should not spend the login throttle."""
    with session_scope(database_url(server)) as session:
        return open_session(session, session.get(Officer, officer_id))


def add_case(server: RunningServer, priority: str = "normal", status: str = "new", consent: str = "unknown",
             indicators: Iterable[str] = (), reasons: Iterable[str] = ("risk",), age_minutes: float = 0,
             language: str = "fr", channel: str = "webchat", conversation: str | None = "",
             triggers: Iterable[str] = (), officer_id: int | None = None, last_message: str | None = None,
             wrote_minutes_ago: float | None = None, first_reply_minutes: float | None = None) -> int:
    """A case as bot/conversation/cases.py would open it; conversation "" makes a fresh conversation row, None an erased one.

    `last_message`: the person's last message, as a sealed user event in Rasa's tracker store (the queue's
    preview); `wrote_minutes_ago`: when they wrote last (default: when the case opened).
    """
    created = utcnow() - timedelta(minutes=age_minutes)
    wrote = utcnow() - timedelta(minutes=age_minutes if wrote_minutes_ago is None else wrote_minutes_ago)
    with session_scope(database_url(server)) as session:
        if conversation == "":
            conversation = "test-" + uuid.uuid4().hex
        if conversation is not None and session.get(Conversation, conversation) is None:
            session.add(Conversation(id=conversation, channel=channel, language=language, created_at=created,
                                     last_message_at=wrote))
        case = Case(conversation_id=conversation, channel=channel, language=language, priority=priority,
                    indicators=json.dumps(sorted(indicators)), reasons=json.dumps(sorted(reasons)), consent=consent,
                    status=status, officer_id=officer_id, created_at=created, updated_at=utcnow(),
                    closed_at=utcnow() if status == "closed" else None,
                    first_reply_at=created + timedelta(minutes=first_reply_minutes)
                    if first_reply_minutes is not None else None)
        session.add(case)
        session.flush()
        for text in triggers:
            session.add(CaseMessage(case_id=case.id, sealed_text=sealer(server).seal(text)))
        case_id = case.id
    if last_message is not None and conversation is not None:
        add_user_event(server, conversation, last_message, wrote)
    return case_id


def add_user_event(server: RunningServer, conversation: str, text: str, at: datetime | None = None) -> None:
    """A message of the person in Rasa's tracker store, sealed like AmaneTrackerStore.save writes it."""
    moment = (at or utcnow()).timestamp()
    data = {"event": "user", "timestamp": moment, "text": text, "parse_data": {"intent": {"name": "greet"}}}
    with sqlite3.connect(server.data_dir / "amane.db") as db:
        db.execute("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                   "VALUES (?, 'user', ?, 'greet', NULL, ?)", (conversation, moment, sealer(server).seal(json.dumps(data))))


def add_referral(server: RunningServer, case_id: int, officer_id: int, service: str = "shelter",
                 status: str = "proposed") -> int:
    with session_scope(database_url(server)) as session:
        referral = Referral(case_id=case_id, officer_id=officer_id, service=service, status=status,
                            consent_at=utcnow())
        session.add(referral)
        session.flush()
        return referral.id


def rows(server: RunningServer, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(server.data_dir / "amane.db") as db:
        return db.execute(sql, params).fetchall()


@dataclass
class Browser:
    """Keeps the desk's cookies like a browser would (by name), and never follows redirects by itself."""

    base_url: str
    cookies: dict[str, str] = field(default_factory=dict)
    language: str | None = None   # an Accept-Language header

    @classmethod
    def logged_in(cls, server: RunningServer, officer_id: int) -> Browser:
        token, csrf = login_tokens(server, officer_id)
        return cls(server.base_url, {"amane_desk": token, "amane_desk_csrf": csrf})

    @property
    def csrf(self) -> str:
        return self.cookies.get("amane_desk_csrf", "")

    def request(self, method: str, path: str, data: dict | None = None,
                headers: dict[str, str] | None = None, timeout: float = 30) -> httpx.Response:
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.language:
            sent["Accept-Language"] = self.language
        with httpx.Client(base_url=self.base_url, follow_redirects=False, timeout=timeout) as client:
            reply = client.request(method, path, data=data, headers=sent)
        for header in reply.headers.get_list("set-cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return reply

    def get(self, path: str, **kwargs: object) -> httpx.Response:
        return self.request("GET", path, **kwargs)  # type: ignore[arg-type]

    def post(self, path: str, data: dict | None = None, csrf: bool = True, **kwargs: object) -> httpx.Response:
        form = dict(data or {})
        if csrf:
            form["csrf_token"] = self.csrf
        return self.request("POST", path, data=form, **kwargs)  # type: ignore[arg-type]

    def login(self, username: str, password: str) -> httpx.Response:
        page = self.get("/desk/login")
        token = CSRF_FIELD.search(page.text).group(1)   # type: ignore[union-attr]
        return self.request("POST", "/desk/login",
                            data={"csrf_token": token, "username": username, "password": password})


def set_cookie_headers(reply: httpx.Response) -> dict[str, str]:
    """name -> the whole Set-Cookie header, to check its flags."""
    return {header.split("=", 1)[0]: header for header in reply.headers.get_list("set-cookie")}
