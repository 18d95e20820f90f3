"""The officer desk through HTTP on the real server: login, queue, case view, actions, languages, headers."""
from __future__ import annotations

import html
import json
import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from bot.desk.web.texts import Texts
from bot.store import audit, session_scope
from bot.store.models import utcnow
from tests.desk.harness import PASSWORD, Browser, add_case, add_officer, database_url, rows, set_cookie_headers
from tests.e2e.server import RunningServer, module_server

pytestmark = [pytest.mark.model, pytest.mark.server]
FR, EN = Texts("fr"), Texts("en")
WEB_DIR = Path(__file__).resolve().parents[2] / "bot" / "desk" / "web"
SECURITY_HEADERS = {
    "content-security-policy": ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                "connect-src 'self'; frame-ancestors 'none'; form-action 'self'"),
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
}
EXTERNAL_URL = re.compile(r"https?://(?!127\.0\.0\.1[:/])", re.IGNORECASE)


server = module_server("desk_pages")


@pytest.fixture(scope="module")
def officers(server: RunningServer) -> dict:
    return {name: add_officer(server, name, role) for name, role in
            [("lina", "officer"), ("omar", "officer"), ("sara", "supervisor")]}


def text_of(reply: httpx.Response) -> str:
    return html.unescape(reply.text)


def case_ids_in(page: str) -> list[int]:
    return [int(found) for found in re.findall(r'data-case="(\d+)"', page)]


def webchat_case(server: RunningServer) -> int:
    """A real conversation through the web chat: a disclosure, then consent to talk to a person."""
    sender = uuid.uuid4().hex
    server.say(sender, "my boss took my passport and he has not paid me for three months")
    server.say(sender, "/affirm")   # safe to write now
    server.say(sender, "/affirm")   # yes, a person may write to me
    [(case_id,)] = rows(server, "select c.id from cases c join conversations v on v.id = c.conversation_id "
                                "where c.status = 'new' and c.consent = 'yes' and v.id not like 'test-%' "
                                "order by c.id desc limit 1")
    return case_id


# --- login and sessions ------------------------------------------------------------------------------

def test_login_opens_a_session_with_strict_cookies(server: RunningServer, officers: dict) -> None:
    browser = Browser(server.base_url)
    reply = browser.login("Lina", PASSWORD)
    assert (reply.status_code, reply.headers["location"]) == (303, "/desk/")
    cookies = set_cookie_headers(reply)
    for name in ("amane_desk", "amane_desk_csrf"):
        flags = [part.strip() for part in cookies[name].split(";")]
        assert {"HttpOnly", "SameSite=Strict", "Path=/desk"} <= set(flags)
        assert "Secure" not in flags   # plain http to 127.0.0.1 and no https public URL
        assert not any(flag.lower().startswith(("max-age", "expires")) for flag in flags)   # ends with the browser
    page = browser.get("/desk/")
    assert page.status_code == 200 and "lina" in page.text
    [(detail,)] = rows(server, "select detail from audit_log where officer_id = ? and action = 'login'", officers["lina"])
    assert re.fullmatch(r"address=[0-9a-f]{8}", detail) and "127.0.0.1" not in detail   # a keyed tag, not the address


def test_a_wrong_login_gets_one_generic_message(server: RunningServer, officers: dict) -> None:
    before = rows(server, "select count(*) from desk_sessions")
    for username, password in [("lina", PASSWORD + "x"), ("nobody-here", PASSWORD)]:
        browser = Browser(server.base_url)
        reply = browser.login(username, password)
        assert reply.status_code == 401
        assert FR("login.failed") in text_of(reply)
        assert "amane_desk" not in browser.cookies
    assert rows(server, "select count(*) from desk_sessions") == before
    # Grouped apart from officers' actions: the account when it exists, never the name typed nor the address.
    assert rows(server, "select count(*) from audit_log where action like 'login%' and officer_id is null") == [(0,)]
    refused = rows(server, "select officer_id, reason, count, address_tag from login_refusals order by officer_id")
    assert [row[:3] for row in refused] == [(None, "wrong", 1), (officers["lina"], "wrong", 1)]
    assert all(re.fullmatch(r"[0-9a-f]{8}", row[3]) for row in refused)


def test_logout_ends_the_session(server: RunningServer, officers: dict) -> None:
    browser = Browser.logged_in(server, officers["omar"])
    stolen = dict(browser.cookies)
    reply = browser.post("/desk/logout")
    assert (reply.status_code, reply.headers["location"]) == (303, "/desk/login?done=logged_out")
    cleared = set_cookie_headers(reply)
    assert "Max-Age=0" in cleared["amane_desk"] and "Path=/desk" in cleared["amane_desk"]
    assert "amane_desk" not in browser.cookies
    assert FR("done.logged_out") in text_of(browser.get("/desk/login?done=logged_out"))
    replay = Browser(server.base_url, stolen).get("/desk/")
    assert (replay.status_code, replay.headers["location"]) == (303, "/desk/login")


# --- the queue --------------------------------------------------------------------------------------

def test_the_queue_shows_open_cases_by_priority_then_age(server: RunningServer, officers: dict) -> None:
    normal_old = add_case(server, "normal", age_minutes=50, indicators=["debt_bondage"])
    urgent_new = add_case(server, "urgent", age_minutes=5, indicators=["minor"])
    high_old = add_case(server, "high", age_minutes=30)
    urgent_old = add_case(server, "urgent", age_minutes=40)
    high_new = add_case(server, "high", age_minutes=10, status="claimed", officer_id=officers["omar"])
    closed = add_case(server, "urgent", age_minutes=60, status="closed")
    page = text_of(Browser.logged_in(server, officers["lina"]).get("/desk/"))
    mine = [case_id for case_id in case_ids_in(page)
            if case_id in {normal_old, urgent_new, high_old, urgent_old, high_new, closed}]
    assert mine == [urgent_old, urgent_new, high_old, high_new, normal_old]
    row = page[page.index(f'data-case="{normal_old}"'):]
    row = row[:row.index("</tr>")]
    assert FR("age.minutes", n=50) in row and FR.label("priority", "normal") in row
    assert FR.label("indicator", "debt_bondage") in row and FR.label("consent", "unknown") in row
    assert "omar" in page   # the holder of the claimed one


def urgent_ids(page: str) -> list[int]:
    found = re.search(r'data-urgent-ids="([^"]*)"', page)
    return [int(n) for n in found.group(1).split()] if found else []


def test_a_new_urgent_case_raises_a_banner_until_acknowledged(server: RunningServer, officers: dict) -> None:
    urgent = add_case(server, "urgent", indicators=["physical_sexual_violence"], reasons=["danger"])
    lina, omar = Browser.logged_in(server, officers["lina"]), Browser.logged_in(server, officers["omar"])
    page = lina.get("/desk/").text
    assert urgent in urgent_ids(page)
    assert re.search(r"<title>\(!\) URGENT", page)
    assert urgent in urgent_ids(lina.get("/desk/queue").text)   # the live fragment too
    reply = lina.post(f"/desk/cases/{urgent}/acknowledge")
    assert (reply.status_code, reply.headers["location"]) == (303, "/desk/?done=acknowledged")
    assert urgent not in urgent_ids(lina.get("/desk/").text)
    assert urgent in urgent_ids(omar.get("/desk/").text)     # each officer acknowledges for themself
    lina.post(f"/desk/cases/{urgent}/acknowledge")              # once per officer: a second time records nothing
    assert rows(server, "select officer_id from audit_log where action = 'urgent_acknowledged' and case_id = ?",
                urgent) == [(officers["lina"],)]


def test_the_queue_stream_announces_a_new_case(server: RunningServer, officers: dict) -> None:
    browser = Browser.logged_in(server, officers["lina"])
    since = re.search(r'data-since="([^"]+)"', browser.get("/desk/").text).group(1)   # type: ignore[union-attr]
    cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    events: list[str] = []
    # Written by another process a second later: only the stream's database check can see it.
    later = threading.Timer(1.0, lambda: add_case(server, "high"))
    with httpx.stream("GET", f"{server.base_url}/desk/events", params={"since": html.unescape(since)},
                      headers={"Cookie": cookie}, timeout=20) as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert stream.headers["x-frame-options"] == "DENY"
        later.start()
        for line in stream.iter_lines():
            if line.startswith("event:"):
                events.append(line)
                break
    later.join()
    assert events == ["event: queue"]


def first_event(server: RunningServer, browser: Browser, path: str, since: str, action) -> list[str]:  # type: ignore[no-untyped-def]
    """Open an event stream, run `action` a moment later, and return the first event's lines."""
    cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    later = threading.Timer(0.5, action)
    lines: list[str] = []
    with httpx.stream("GET", server.base_url + path, params={"since": since}, headers={"Cookie": cookie},
                      timeout=20) as stream:
        assert stream.status_code == 200
        later.start()
        for line in stream.iter_lines():
            if line.startswith(("event:", "data:")):
                lines.append(line)
            elif not line and lines:
                break
    later.join()
    return lines


def test_a_case_stream_announces_changes_and_ends_with_the_session(server: RunningServer, officers: dict) -> None:
    case_id = add_case(server, "high", consent="unknown")
    lina, omar = Browser.logged_in(server, officers["lina"]), Browser.logged_in(server, officers["omar"])
    page = lina.get(f"/desk/cases/{case_id}").text
    since = html.unescape(re.search(r'data-since="([^"]+)"', page).group(1))   # type: ignore[union-attr]
    lines = first_event(server, lina, f"/desk/cases/{case_id}/events", since,
                        lambda: omar.post(f"/desk/cases/{case_id}/claim"))
    assert lines[0] == "event: case"
    assert json.loads(lines[1][len("data: "):])["state"].startswith(f"claimed|{officers['omar']}|0|")
    # Logging out (here from another tab) ends the stream with an event the page follows to the login page.
    lines = first_event(server, lina, f"/desk/cases/{case_id}/events", lines[1][len("data: "):],
                        lambda: Browser(server.base_url, dict(lina.cookies)).post("/desk/logout"))
    assert lines == ["event: logout", "data: {}"]


# --- a case ------------------------------------------------------------------------------------------

def test_the_case_view_shows_the_case_and_is_audited(server: RunningServer, officers: dict) -> None:
    case_id = webchat_case(server)
    browser = Browser.logged_in(server, officers["lina"])
    page = text_of(browser.get(f"/desk/cases/{case_id}"))
    assert FR("case.title", id=case_id) in page
    for label in (FR.label("indicator", "retention_of_documents"), FR.label("indicator", "withholding_of_wages"),
                  FR.label("consent", "yes"), FR.label("priority", "high"), FR.label("channel", "webchat")):
        assert label in page
    # The message that opened it (case_messages) and the conversation itself (the tracker).
    assert page.count("my boss took my passport and he has not paid me for three months") == 2
    assert 'class="line who-user"' in page and 'class="line who-bot"' in page
    assert FR("history.views", n=1) in page   # the history shows this very view (views are folded)
    assert rows(server, "select count(*) from audit_log where action = 'case_viewed' and case_id = ? "
                        "and officer_id = ?", case_id, officers["lina"]) == [(1,)]
    for _ in range(3):
        fragment = browser.get(f"/desk/cases/{case_id}/transcript")
        assert fragment.status_code == 200 and "my boss took my passport" in text_of(fragment)
    assert rows(server, "select count(*) from audit_log where action = 'transcript_viewed' and case_id = ?",
                case_id) == [(1,)]   # at most once per officer and case per ten minutes


def test_claim_take_over_reply_and_close(server: RunningServer, officers: dict) -> None:
    case_id = webchat_case(server)
    browser = Browser.logged_in(server, officers["omar"])
    claimed = browser.post(f"/desk/cases/{case_id}/claim")
    # The person consented: claiming takes the chat over at once.
    assert claimed.headers["location"] == f"/desk/cases/{case_id}?done=taken_over"
    page = browser.get(claimed.headers["location"]).text
    assert f'action="/desk/cases/{case_id}/reply"' in page
    replied = browser.post(f"/desk/cases/{case_id}/reply", {"text": "Bonjour, je suis là pour vous aider."})
    assert replied.headers["location"] == f"/desk/cases/{case_id}?done=replied"
    transcript = text_of(browser.get(f"/desk/cases/{case_id}/transcript"))
    assert "Bonjour, je suis là pour vous aider." in transcript and "omar" in transcript
    empty = browser.post(f"/desk/cases/{case_id}/reply", {"text": "   "})
    assert empty.headers["location"] == f"/desk/cases/{case_id}?error=empty_reply"
    assert FR("error.empty_reply") in text_of(browser.get(empty.headers["location"]))
    closed = browser.post(f"/desk/cases/{case_id}/close")
    assert closed.headers["location"] == f"/desk/cases/{case_id}?done=closed"
    assert rows(server, "select status, taken_over from cases where id = ?", case_id) == [("closed", 0)]
    page = browser.get(f"/desk/cases/{case_id}").text
    assert f'action="/desk/cases/{case_id}/reopen"' in page and "/reply" not in page


def test_claiming_is_exclusive(server: RunningServer, officers: dict) -> None:
    case_id = add_case(server, "high", consent="unknown")
    browsers = [Browser.logged_in(server, officers["lina"]), Browser.logged_in(server, officers["omar"])]
    with ThreadPoolExecutor(2) as pool:
        replies = list(pool.map(lambda b: b.post(f"/desk/cases/{case_id}/claim"), browsers))
    locations = sorted(reply.headers["location"] for reply in replies)
    assert locations == [f"/desk/cases/{case_id}?done=claimed", f"/desk/cases/{case_id}?error=already_claimed"]
    loser = browsers[[r.headers["location"] for r in replies].index(locations[1])]
    assert FR("error.already_claimed") in text_of(loser.get(locations[1]))
    winner = officers["lina"] if loser is browsers[1] else officers["omar"]
    assert rows(server, "select status, officer_id, taken_over from cases where id = ?", case_id) == [
        ("claimed", winner, 0)]   # no consent, not urgent: claimed, the bot still answers
    winner_page = (browsers[0] if loser is browsers[1] else browsers[1]).get(f"/desk/cases/{case_id}").text
    assert "take-over-why" in winner_page and f'action="/desk/cases/{case_id}/take-over"' not in winner_page


def test_notes_and_referrals_need_their_rules(server: RunningServer, officers: dict) -> None:
    case_id = add_case(server, "high", consent="yes", status="claimed", officer_id=officers["lina"])
    lina, omar = Browser.logged_in(server, officers["lina"]), Browser.logged_in(server, officers["omar"])
    note = "Rendez-vous mardi au centre, zebra" + uuid.uuid4().hex[:6]
    assert lina.post(f"/desk/cases/{case_id}/notes", {"text": note}).headers["location"].endswith("done=note_added")
    assert note in text_of(lina.get(f"/desk/cases/{case_id}"))
    assert not [r for r in rows(server, "select sealed_text from case_notes") if note in r[0]]   # sealed
    refused = lina.post(f"/desk/cases/{case_id}/referrals", {"service": "legal_aid", "note": "avocate"})
    assert refused.headers["location"] == f"/desk/cases/{case_id}?error=referral_needs_consent"
    assert FR("error.referral_needs_consent") in text_of(lina.get(refused.headers["location"]))
    assert rows(server, "select count(*) from referrals where case_id = ?", case_id) == [(0,)]
    not_holder = omar.post(f"/desk/cases/{case_id}/referrals", {"service": "legal_aid", "consent": "yes"})
    assert not_holder.headers["location"] == f"/desk/cases/{case_id}?error=not_holder"
    done = lina.post(f"/desk/cases/{case_id}/referrals", {"service": "legal_aid", "consent": "yes", "note": ""})
    assert done.headers["location"] == f"/desk/cases/{case_id}?done=referral_added"
    [(referral_id, service, status)] = rows(server, "select id, service, status from referrals where case_id = ?",
                                            case_id)
    assert (service, status) == ("legal_aid", "proposed")
    lina.post(f"/desk/cases/{case_id}/referrals/{referral_id}/status", {"status": "accepted"})
    assert rows(server, "select status from referrals where id = ?", referral_id) == [("accepted",)]
    page = text_of(lina.get(f"/desk/cases/{case_id}"))
    assert FR.label("service", "legal_aid") in page and FR.label("referral_status", "accepted") in page
    other = add_case(server, "normal")
    wrong_case = lina.post(f"/desk/cases/{other}/referrals/{referral_id}/status", {"status": "cancelled"})
    assert wrong_case.headers["location"] == f"/desk/cases/{other}?error=no_such_referral"
    assert rows(server, "select status from referrals where id = ?", referral_id) == [("accepted",)]


def test_only_a_supervisor_reassigns(server: RunningServer, officers: dict) -> None:
    case_id = add_case(server, "high", status="claimed", officer_id=officers["lina"])
    lina, sara = Browser.logged_in(server, officers["lina"]), Browser.logged_in(server, officers["sara"])
    assert f'action="/desk/cases/{case_id}/reassign"' not in lina.get(f"/desk/cases/{case_id}").text
    refused = lina.post(f"/desk/cases/{case_id}/reassign", {"officer_id": str(officers["omar"])})
    assert refused.headers["location"] == f"/desk/cases/{case_id}?error=supervisor_only"
    assert rows(server, "select officer_id from cases where id = ?", case_id) == [(officers["lina"],)]
    page = sara.get(f"/desk/cases/{case_id}").text
    assert f'action="/desk/cases/{case_id}/reassign"' in page and f'<option value="{officers["omar"]}"' in page
    done = sara.post(f"/desk/cases/{case_id}/reassign", {"officer_id": str(officers["omar"])})
    assert done.headers["location"] == f"/desk/cases/{case_id}?done=reassigned"
    assert rows(server, "select officer_id from cases where id = ?", case_id) == [(officers["omar"],)]


def test_an_erased_conversation_is_shown_plainly_without_a_reply_box(server: RunningServer, officers: dict) -> None:
    case_id = add_case(server, "urgent", consent="yes", status="claimed", officer_id=officers["lina"],
                       conversation=None)
    page = text_of(Browser.logged_in(server, officers["lina"]).get(f"/desk/cases/{case_id}"))
    assert FR("case.erased_title") in page and FR("case.erased_text") in page
    assert "/reply" not in page and "/take-over" not in page


def test_an_unknown_case_gets_a_short_message(server: RunningServer, officers: dict) -> None:
    reply = Browser.logged_in(server, officers["lina"]).get("/desk/cases/987654")
    assert reply.status_code == 404 and FR("error.no_such_case") in text_of(reply)
    assert "Traceback" not in reply.text


def test_the_audit_log_is_for_supervisors(server: RunningServer, officers: dict) -> None:
    assert Browser.logged_in(server, officers["lina"]).get("/desk/audit").status_code == 403
    page = Browser.logged_in(server, officers["sara"]).get("/desk/audit")
    assert page.status_code == 200
    assert FR.label("action", "case_viewed") in text_of(page) and FR.label("action", "login") in text_of(page)


def audit_rows(page: str, section: str) -> list[str]:
    """The table rows of one section of the audit page (actions or refused logins)."""
    part = page.split(f'id="{section}-title"', 1)
    if len(part) < 2:
        return []
    body = part[1].split("</table>", 1)[0].partition("<tbody>")[2]
    return re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)


def test_the_audit_log_pages_filters_and_keeps_refused_logins_apart(server: RunningServer, officers: dict) -> None:
    lina, sara = officers["lina"], officers["sara"]
    case_id, other_case = add_case(server), add_case(server)
    with session_scope(database_url(server)) as session:
        audit.record(session, lina, "case_claimed", case_id=case_id)
        for _ in range(60):
            audit.record(session, lina, "note_added", case_id=other_case)
        # A guesser's attempts from 300 addresses: before, each was a line of the latest 200, and nothing else showed.
        for number in range(300):
            audit.note_refused_login(session, None, f"{number:08x}", "wrong")
    for attempt in range(2):
        assert Browser(server.base_url).login("sara", f"mistyped {attempt}").status_code == 401
    supervisor = Browser.logged_in(server, sara)

    page = text_of(supervisor.get("/desk/audit"))
    actions, refusals = audit_rows(page, "actions"), audit_rows(page, "refused")
    assert len(actions) == 50 and len(refusals) == 50              # a page of each, the latest first
    [(attempts,)] = rows(server, "select sum(count) from login_refusals")
    assert attempts >= 302 and FR("audit.refused_count", n=attempts) in page   # every attempt, in a few lines
    assert any("sara" in row and ">2<" in row for row in refusals)  # her two mistypes: one line, counted twice
    assert 'href="/desk/audit?page=2"' in page

    claimed = text_of(supervisor.get(f"/desk/audit?officer=lina&action=case_claimed&case=%23{case_id}"))
    [line] = audit_rows(claimed, "actions")
    assert FR.label("action", "case_claimed") in line and f"#{case_id}" in line
    assert audit_rows(claimed, "refused") == []                     # refusals concern no case

    notes = f"/desk/audit?officer=lina&case={other_case}"
    assert len(audit_rows(text_of(supervisor.get(notes)), "actions")) == 50
    second = text_of(supervisor.get(notes + "&page=2"))
    assert len(audit_rows(second, "actions")) == 10
    assert all(FR.label("action", "note_added") in row for row in audit_rows(second, "actions"))

    only_refused = text_of(supervisor.get("/desk/audit?officer=sara&action=login_refused"))
    assert audit_rows(only_refused, "actions") == [] and len(audit_rows(only_refused, "refused")) == 1
    assert audit_rows(text_of(supervisor.get("/desk/audit?from=2001-01-01&to=2001-12-31")), "actions") == []
    today = utcnow().date().isoformat()
    assert audit_rows(text_of(supervisor.get(f"/desk/audit?from={today}&to={today}&case={case_id}")), "actions")


@pytest.mark.parametrize("query, code", [
    ("officer=nobody-at-all", "bad_filter"), ("action=drop_table", "bad_filter"), ("case=abc", "bad_search"),
    ("case=0", "bad_search"), ("from=2026-13-01", "bad_date"), ("to=yesterday", "bad_date"),
    ("from=2026-02-02&to=2026-02-01", "period_reversed"), ("page=0", "bad_page"), ("page=x", "bad_page"),
])
def test_bad_audit_filters_get_a_clear_400(server: RunningServer, officers: dict, query: str, code: str) -> None:
    reply = Browser.logged_in(server, officers["sara"]).get(f"/desk/audit?{query}")
    assert reply.status_code == 400 and FR(f"error.{code}") in text_of(reply)
    assert audit_rows(text_of(reply), "actions") == [] and "Traceback" not in reply.text


# --- languages, headers, resources -------------------------------------------------------------------

def test_the_language_follows_the_switch_then_the_browser_then_french(server: RunningServer,
                                                                       officers: dict) -> None:
    browser = Browser.logged_in(server, officers["lina"])
    page = browser.get("/desk/").text
    assert '<html lang="fr" dir="ltr">' in page and FR("queue.title") in html.unescape(page)
    browser.language = "en-GB,en;q=0.9,fr;q=0.5"
    assert EN("queue.title") in browser.get("/desk/").text
    browser.language = "fr"
    switched = browser.get("/desk/lang/en?next=/desk/audit")
    assert (switched.status_code, switched.headers["location"]) == (303, "/desk/audit")
    assert browser.cookies["amane_desk_lang"] == "en"
    page = browser.get("/desk/").text
    assert '<html lang="en" dir="ltr">' in page and EN("queue.title") in page
    assert browser.get("/desk/lang/fr?next=https://elsewhere.invalid/").headers["location"] == "/desk/"
    assert FR("queue.title") in html.unescape(browser.get("/desk/").text)
    assert EN("login.title") in Browser(server.base_url).get("/desk/login?lang=en").text


def test_every_desk_response_carries_the_security_headers(server: RunningServer, officers: dict) -> None:
    case_id = add_case(server, "normal")
    officer, supervisor = Browser.logged_in(server, officers["lina"]), Browser.logged_in(server, officers["sara"])
    replies = [Browser(server.base_url).get("/desk/login"), officer.get("/desk/"), officer.get("/desk/queue"),
               officer.get(f"/desk/cases/{case_id}"), officer.get(f"/desk/cases/{case_id}/transcript"),
               supervisor.get("/desk/audit"), officer.get("/desk/audit"), officer.get("/desk/static/desk.css"),
               officer.get("/desk/static/desk.js"), officer.post("/desk/logout", csrf=False),
               officer.get("/desk/cases/987654"), officer.get("/desk/no-such-page")]
    assert replies[-1].status_code == 404 and FR("error.not_found") in text_of(replies[-1])
    for reply in replies:
        for name, value in SECURITY_HEADERS.items():
            assert reply.headers.get(name) == value, (str(reply.url), name)


def test_no_page_or_file_loads_anything_from_outside(server: RunningServer, officers: dict) -> None:
    case_id = add_case(server, "urgent", consent="yes", indicators=["minor"], triggers=["plain words"])
    officer, supervisor = Browser.logged_in(server, officers["lina"]), Browser.logged_in(server, officers["sara"])
    bodies = {str(r.url): r.text for r in [
        Browser(server.base_url).get("/desk/login"), officer.get("/desk/"), officer.get("/desk/queue"),
        officer.get(f"/desk/cases/{case_id}"), supervisor.get(f"/desk/cases/{case_id}"),
        supervisor.get("/desk/audit"), officer.get("/desk/static/desk.css"), officer.get("/desk/static/desk.js")]}
    for folder in ("templates", "static"):
        for path in (WEB_DIR / folder).iterdir():
            bodies[str(path)] = path.read_text(encoding="utf-8")
    for where, body in bodies.items():
        assert not EXTERNAL_URL.search(body), where
        assert "<style" not in body and " style=" not in body, where   # CSP: no inline styles
        assert not re.search(r"<script(?![^>]*\ssrc=)", body), where   # nor inline scripts
        assert not re.search(r"\son[a-z]+=", body), where              # nor inline handlers


# --- last: it blocks logins from this test client's address for a while ------------------------------

def test_repeated_failures_are_throttled_with_the_same_message(server: RunningServer) -> None:
    add_officer(server, "mallory")
    messages = []
    for attempt in range(6):
        reply = Browser(server.base_url).login("mallory", PASSWORD if attempt == 5 else f"guess number {attempt}")
        assert reply.status_code == 401
        message = re.search(r'<p class="flash error" role="alert">(.*?)</p>', reply.text)
        assert message is not None
        messages.append(message.group(1))
    # Even the right password is refused now, and nothing in the answer tells it apart.
    assert len(set(messages)) == 1 and html.unescape(messages[0]) == FR("login.failed")
    assert rows(server, "select count(*) from desk_sessions s join officers o on o.id = s.officer_id "
                        "where o.username = 'mallory'") == [(0,)]
