"""Every desk route, enumerated from the blueprint: login required, no change without the CSRF token, and a
coordinator reaches no case nor any of its content."""
from __future__ import annotations

import re

import pytest

from bot.desk.web import desk_blueprint
from tests.desk.harness import Browser, add_case, add_officer, add_referral, add_user_event, rows
from tests.e2e.server import RunningServer, module_server

pytestmark = [pytest.mark.model, pytest.mark.server]

_BLUEPRINT = desk_blueprint()
# (method, uri template) of every route, read from the blueprint: a route added later is covered too.
ROUTES: list[tuple[str, str]] = sorted(
    (method, _BLUEPRINT.url_prefix + route.uri)
    for route in _BLUEPRINT._future_routes for method in route.methods)
PUBLIC = {("GET", "/desk/login"), ("POST", "/desk/login"), ("GET", "/desk/static/<name:str>")}
PRIVATE = [route for route in ROUTES if route not in PUBLIC]
CHANGES = [route for route in ROUTES if route[0] not in ("GET", "HEAD")]
# What a change must not touch (desk_sessions is left out: every request moves its idle timer).
WATCHED_TABLES = ("cases", "case_notes", "referrals", "audit_log", "officers", "conversations",
                  "outbound_messages", "case_messages", "quick_replies")
# What a coordinator may reach: the figures, the language switch, logging out, and the pages every login has.
COORDINATOR_ROUTES = {("GET", "/desk"), ("GET", "/desk/"), ("GET", "/desk/figures"), ("GET", "/desk/figures.csv"),
                      ("GET", "/desk/lang/<language:str>"), ("POST", "/desk/logout"), ("GET", "/desk/<rest:path>")}
# Words of a person and of officers, in every place they are kept: none may reach a coordinator.
CANARIES = ("canary-trigger-words", "canary-last-message", "canary-note", "canary-referral-note")


server = module_server("desk_routes")


@pytest.fixture(scope="module")
def world(server: RunningServer) -> dict[str, int]:
    """Real ids for the routes' parameters, so that a missing check would really change something."""
    officer = add_officer(server, "olivia")
    supervisor = add_officer(server, "sofia", "supervisor")
    coordinator = add_officer(server, "cora", "coordinator")
    case = add_case(server, priority="urgent", consent="yes", indicators=["minor"], officer_id=None,
                    triggers=[CANARIES[0]], last_message=CANARIES[1])
    referral = add_referral(server, case, supervisor)
    sealed = Browser.logged_in(server, supervisor)
    sealed.post(f"/desk/cases/{case}/notes", {"text": CANARIES[2]})
    return {"officer": officer, "supervisor": supervisor, "coordinator": coordinator, "case_id": case,
            "referral_id": referral}


def concrete(uri: str, world: dict[str, int]) -> str:
    values = {"case_id": str(world["case_id"]), "referral_id": str(world["referral_id"]),
              "name": "desk.css", "language": "en"}
    return re.sub(r"<(\w+)(?::[^>]*)?>", lambda match: values.get(match.group(1), "1"), uri)


def snapshot(server: RunningServer) -> dict[str, list]:
    return {table: rows(server, f"select * from {table} order by 1") for table in WATCHED_TABLES}


def test_the_routes_are_read_from_the_blueprint() -> None:
    # A guard for the enumeration itself: an empty list would make every test below pass vacuously.
    assert len(ROUTES) >= 20
    for expected in [("GET", "/desk/"), ("GET", "/desk/events"), ("GET", "/desk/cases/<case_id:int>"),
                     ("POST", "/desk/cases/<case_id:int>/claim"), ("POST", "/desk/logout")]:
        assert expected in ROUTES
    assert len(CHANGES) >= 10


@pytest.mark.parametrize("method, uri", PRIVATE, ids=[f"{m} {u}" for m, u in PRIVATE])
def test_without_a_live_session_a_route_sends_to_the_login_page(server: RunningServer, world: dict[str, int],
                                                               method: str, uri: str) -> None:
    before = snapshot(server)
    for cookies in ({}, {"amane_desk": "forged-token", "amane_desk_csrf": "forged-token"}):
        browser = Browser(server.base_url, dict(cookies))
        form = {"csrf_token": "forged-token"} if method == "POST" else None
        reply = browser.request(method, concrete(uri, world), data=form, timeout=10)
        if reply.status_code == 303:
            assert reply.headers["location"] == "/desk/login"
        else:
            assert reply.status_code == 401, (method, uri, reply.status_code)
        assert reply.headers["x-frame-options"] == "DENY"
    assert snapshot(server) == before


@pytest.mark.parametrize("method, uri", CHANGES, ids=[f"{m} {u}" for m, u in CHANGES])
def test_a_change_without_the_right_csrf_token_is_refused(server: RunningServer, world: dict[str, int],
                                                         method: str, uri: str) -> None:
    browser = Browser.logged_in(server, world["supervisor"])   # a supervisor may do every action
    form = {"text": "a note that must not be saved", "officer_id": str(world["officer"]), "service": "medical",
            "consent": "yes", "status": "accepted", "username": "sofia", "password": "whatever it is"}
    before = snapshot(server)
    attempts = [
        browser.post(concrete(uri, world), form, csrf=False),
        browser.post(concrete(uri, world), {**form, "csrf_token": "not-the-token"}, csrf=False),
        # the right token, but posted from another site
        browser.post(concrete(uri, world), form, headers={"Origin": "http://elsewhere.invalid"}),
    ]
    assert [reply.status_code for reply in attempts] == [403, 403, 403]
    assert snapshot(server) == before
    assert browser.get("/desk/").status_code == 200   # still logged in: logout too was refused


@pytest.mark.parametrize("method, uri", PRIVATE, ids=[f"{m} {u}" for m, u in PRIVATE])
def test_a_coordinator_reaches_no_case_and_no_content(server: RunningServer, world: dict[str, int],
                                                      method: str, uri: str) -> None:
    browser = Browser.logged_in(server, world["coordinator"])
    add_user_event(server, rows(server, "select conversation_id from cases where id = ?", world["case_id"])[0][0],
                   CANARIES[1])
    form = {"text": "a note that must not be saved", "officer_id": str(world["coordinator"]), "service": "medical",
            "consent": "yes", "status": "accepted", "duty": "on", "language": "fr"}
    before = snapshot(server)
    reply = (browser.post(concrete(uri, world), form) if method == "POST"
             else browser.get(concrete(uri, world), timeout=10))
    body = reply.text
    for canary in CANARIES:
        assert canary not in body, (method, uri, canary)
    if (method, uri) in COORDINATOR_ROUTES:
        assert reply.status_code in (200, 303, 404), (method, uri, reply.status_code)
        if reply.status_code == 303:
            assert reply.headers["location"].startswith(("/desk/figures", "/desk/login", "/desk/"))
        return
    assert reply.status_code == 403, (method, uri, reply.status_code)
    assert snapshot(server) == before   # refused before doing anything, even an audit line


def test_the_coordinator_routes_are_the_expected_ones() -> None:
    assert set(ROUTES) >= COORDINATOR_ROUTES
    assert ("GET", "/desk/cases/<case_id:int>") in PRIVATE and ("GET", "/desk/events") in PRIVATE


def test_static_files_are_public_and_only_the_known_ones(server: RunningServer) -> None:
    browser = Browser(server.base_url)
    assert browser.get("/desk/static/desk.css").status_code == 200
    assert browser.get("/desk/static/desk.js").status_code == 200
    for name in ("other.js", "..%2Fpages.py", "%2E%2E"):
        assert browser.get(f"/desk/static/{name}").status_code == 404
