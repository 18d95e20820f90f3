"""The desk for a busy shift through HTTP on the real server: the queue's filters, search, sorting and pages,
bad input, the urgent banner and acknowledgements, duty, erased conversations, the person's other cases,
the history, quick replies, the Arabic desk, and the coordinator's figures and export."""
from __future__ import annotations

import csv
import html
import io
import re
from datetime import timedelta

import pytest

from bot.desk.web.texts import Texts
from bot.store import Case, audit, session_scope
from bot.store.duty import officers_on_duty, someone_on_duty
from bot.store.models import utcnow
from tests.desk.harness import Browser, add_case, add_officer, add_referral, database_url, rows
from tests.e2e.server import RunningServer, module_server

pytestmark = [pytest.mark.model, pytest.mark.server]
FR, EN, AR = Texts("fr"), Texts("en"), Texts("ar")
PAGE = 50

server = module_server("desk_shift")


@pytest.fixture(scope="module")
def officers(server: RunningServer) -> dict:
    return {name: add_officer(server, name, role) for name, role in
            [("lina", "officer"), ("omar", "officer"), ("sara", "supervisor"), ("cora", "coordinator")]}


@pytest.fixture(scope="module")
def shift(server: RunningServer, officers: dict) -> dict:
    """A busy shift: 58 cases (12 urgent), several closed, in every language and channel."""
    made: dict[str, list[int]] = {"all": [], "closed": [], "urgent_new": []}
    languages, channels = ("fr", "en", "ar", "ary"), ("webchat", "whatsapp", "telegram")
    for n in range(58):
        priority = "urgent" if n < 12 else ("high" if n % 3 == 0 else "normal")
        status = "closed" if n % 10 == 9 else ("claimed" if n % 4 == 1 else "new")
        officer = (officers["lina"] if n % 8 == 1 else officers["omar"]) if status != "new" else None
        case_id = add_case(server, priority, status=status, language=languages[n % 4], channel=channels[n % 3],
                           indicators=["debt_bondage"] if n % 2 else [], age_minutes=600 - n * 7,
                           wrote_minutes_ago=(n * 13) % 97, officer_id=officer,
                           last_message=f"shift message number {n} " + "long words " * 20)
        made["all"].append(case_id)
        if status == "closed":
            made["closed"].append(case_id)
        if priority == "urgent" and status == "new":
            made["urgent_new"].append(case_id)
    return made


def text_of(reply) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(reply.text)


def case_ids_in(page: str) -> list[int]:
    return [int(found) for found in re.findall(r'<tr class="case-row[^"]*" data-case="(\d+)"', page)]


def urgent_ids(page: str) -> list[int]:
    found = re.search(r'data-urgent-ids="([^"]*)"', page)
    return [int(n) for n in found.group(1).split()] if found else []


RANK = "case priority when 'urgent' then 3 when 'high' then 2 when 'normal' then 1 else 0 end"


# --- the queue -------------------------------------------------------------------------------------------

def test_the_queue_shows_a_page_of_compact_rows_most_urgent_then_longest_waiting(server: RunningServer,
                                                                                  officers: dict, shift: dict) -> None:
    lina = Browser.logged_in(server, officers["lina"])
    page = text_of(lina.get("/desk/"))
    expected = [i for (i,) in rows(server, f"select id from cases where status in ('new', 'claimed') "
                                           f"order by {RANK} desc, created_at, id")]
    assert case_ids_in(page) == expected[:PAGE] and len(expected) > PAGE
    assert FR("queue.page_of", page=1, pages=2) in page
    second = text_of(lina.get("/desk/?page=2"))
    assert case_ids_in(second) == expected[PAGE:]
    # each row: priority, indicators, language, channel, the last message on one line, both times
    first = shift["all"][1]
    row = page[page.index(f'data-case="{first}"'):]
    row = row[:row.index("</tr>")]
    assert FR.label("indicator", "debt_bondage") in row and FR.label("channel", "whatsapp") in row
    assert "shift message number 1 long words" in row and "…" in row     # one line, cut
    assert FR.label("language_short", "en") in row
    assert FR("age.hours", n=9) in row                                    # opened 593 minutes ago
    assert FR("age.minutes", n=13) in row                                 # the person wrote 13 minutes ago


def test_filters_and_search_are_kept_in_the_address(server: RunningServer, officers: dict, shift: dict) -> None:
    lina = Browser.logged_in(server, officers["lina"])

    def ids(query: str) -> list[int]:
        reply = lina.get("/desk/" + query)
        assert reply.status_code == 200, (query, reply.status_code)
        return case_ids_in(reply.text)

    found = ids("?priority=normal&language=ar&channel=telegram&status=all")
    expected = [i for (i,) in rows(server, "select id from cases where priority = 'normal' and language = 'ar' "
                                           "and channel = 'telegram' order by created_at, id")]
    assert found == expected and found
    assert set(ids("?status=closed")) >= set(shift["closed"])             # closed cases can be found again
    assert all(i in shift["closed"] or rows(server, "select status from cases where id = ?", i) == [("closed",)]
               for i in ids("?status=closed"))
    mine = ids("?owner=mine&status=all")
    assert mine and {o for i in mine for (o,) in rows(server, "select officer_id from cases where id = ?", i)} == {
        officers["lina"]}
    assert all(rows(server, "select officer_id from cases where id = ?", i) == [(None,)] for i in ids("?owner=unclaimed"))
    # by the person's last message, newest first
    recent = ids("?sort=recent")
    times = [rows(server, "select v.last_message_at from cases c join conversations v on v.id = c.conversation_id "
                          "where c.id = ?", i)[0][0] for i in recent]
    assert times == sorted(times, reverse=True)
    # a search by number finds any case, closed too, whatever the other filters
    closed = shift["closed"][0]
    assert ids(f"?q=%23{closed}&priority=urgent") == [closed]
    assert ids(f"?q={closed}") == [closed]
    assert ids("?q=99999999999") == []
    # the filters stay in the links the page makes (pages, acknowledgements, language switch)
    page = lina.get("/desk/?priority=normal&sort=recent").text
    assert 'name="next" value="/desk/?priority=normal&amp;sort=recent"' in page
    assert "/desk/lang/en?next=/desk/%3Fpriority%3Dnormal%26sort%3Drecent" in page


@pytest.mark.parametrize("query", [
    "?priority=panic", "?status=deleted", "?language=klingon", "?channel=fax", "?owner=someone", "?sort=random",
    "?q=abc", "?q=1;drop table cases", "?q=%00", "?page=0", "?page=-1", "?page=abc", "?page=99999999999999",
    "?unseen=yes", "?priority=%E2%80%AE", "?q=" + "9" * 300, "?status=open&status=closed&status=%27",
])
def test_nonsense_in_the_address_gets_a_clear_error_never_a_crash(server: RunningServer, officers: dict,
                                                                   query: str) -> None:
    lina = Browser.logged_in(server, officers["lina"])
    for path in ("/desk/", "/desk/queue"):
        reply = lina.get(path + query)
        assert reply.status_code in (200, 400), (path, query, reply.status_code)
        assert "Traceback" not in reply.text
        if reply.status_code == 400:
            assert case_ids_in(reply.text) == []
            assert any(FR(f"error.{code}") in text_of(reply) for code in ("bad_filter", "bad_search", "bad_page"))
    assert lina.get("/desk/?page=500").status_code == 200   # a page past the end: simply empty


def test_numbers_beyond_any_case_are_not_found_rather_than_crashing(server: RunningServer, officers: dict) -> None:
    lina = Browser.logged_in(server, officers["lina"])
    for path in ("/desk/cases/99999999999", "/desk/cases/0", "/desk/cases/2147483648/transcript"):
        assert lina.get(path).status_code == 404
    reply = lina.post("/desk/cases/99999999999/claim")
    assert reply.headers["location"] == "/desk/cases/99999999999?error=no_such_case"


# --- urgent cases ----------------------------------------------------------------------------------------

def test_the_banner_counts_unseen_urgent_cases_and_opening_one_acknowledges_it(server: RunningServer,
                                                                                officers: dict, shift: dict) -> None:
    omar, sara = Browser.logged_in(server, officers["omar"]), Browser.logged_in(server, officers["sara"])
    page = text_of(omar.get("/desk/"))
    unseen = urgent_ids(page)
    assert set(shift["urgent_new"]) <= set(unseen)
    assert FR("urgent.count", n=len(unseen)) in page and page.count('class="urgent-banner"') == 1
    assert re.search(r"<title>\(!\) URGENT", page)
    # the banner opens exactly those cases
    listed = case_ids_in(omar.get("/desk/?unseen=1").text)
    assert sorted(listed) == sorted(unseen)
    # opening a case acknowledges it, once, for this officer only
    first = shift["urgent_new"][0]
    assert omar.get(f"/desk/cases/{first}").status_code == 200
    omar.get(f"/desk/cases/{first}")
    assert first not in urgent_ids(omar.get("/desk/").text)
    assert first in urgent_ids(sara.get("/desk/").text)
    assert rows(server, "select count(*) from audit_log where action = 'urgent_acknowledged' and case_id = ? "
                        "and officer_id = ?", first, officers["omar"]) == [(1,)]
    # the row's own button, which comes back to the same view
    second = shift["urgent_new"][1]
    reply = omar.post(f"/desk/cases/{second}/acknowledge", {"next": "/desk/?unseen=1&done=x"})
    assert reply.headers["location"] == "/desk/?unseen=1&done=acknowledged"
    assert second not in case_ids_in(omar.get("/desk/?unseen=1").text)
    # a claimed urgent case needs nobody else's attention
    claimed = add_case(server, "urgent", status="claimed", officer_id=officers["lina"])
    assert claimed not in urgent_ids(sara.get("/desk/").text)


# --- on duty -------------------------------------------------------------------------------------------

def test_an_officer_goes_on_and_off_duty_and_the_queue_says_who_is(server: RunningServer, officers: dict) -> None:
    lina = Browser.logged_in(server, officers["lina"])
    url = database_url(server)
    with session_scope(url) as session:
        before = officers_on_duty(session)
    assert (officers["lina"], "lina") not in before
    reply = lina.post("/desk/duty", {"duty": "on", "next": "/desk/?priority=urgent"})
    assert reply.headers["location"] == "/desk/?priority=urgent&done=duty_on"
    page = text_of(lina.get(reply.headers["location"]))
    assert '<span class="duty-name">lina</span>' in page and FR("duty.go_off") in page
    assert FR("done.duty_on") in page
    with session_scope(url) as session:
        assert someone_on_duty(session) and (officers["lina"], "lina") in officers_on_duty(session)
    assert "lina" in Browser.logged_in(server, officers["omar"]).get("/desk/").text
    assert lina.post("/desk/duty", {"duty": "maybe"}).headers["location"] == "/desk/?error=bad_filter"
    lina.post("/desk/duty", {"duty": "off"})
    with session_scope(url) as session:
        assert (officers["lina"], "lina") not in officers_on_duty(session)
    # logging out ends the shift too
    lina.post("/desk/duty", {"duty": "on"})
    lina.post("/desk/logout")
    assert rows(server, "select on_duty from officers where id = ?", officers["lina"]) == [(0,)]
    assert [a for (a,) in rows(server, "select action from audit_log where officer_id = ? and action like 'duty_%' "
                                       "order by id", officers["lina"])] == ["duty_on", "duty_off", "duty_on", "duty_off"]
    # a coordinator has no duty
    assert Browser.logged_in(server, officers["cora"]).post("/desk/duty", {"duty": "on"}).status_code == 403


# --- a case ------------------------------------------------------------------------------------------

def test_an_erased_conversation_closes_its_case_with_the_reason(server: RunningServer, officers: dict) -> None:
    case_id = add_case(server, "high", conversation=None)
    with session_scope(database_url(server)) as session:
        audit.record(session, None, "conversation_erased", case_id=case_id, detail="user_request")
    lina = Browser.logged_in(server, officers["lina"])
    assert case_id not in case_ids_in(lina.get("/desk/").text)          # no longer "new" in the open queue
    assert rows(server, "select status, closed_at is not null from cases where id = ?", case_id) == [("closed", 1)]
    page = text_of(lina.get(f"/desk/cases/{case_id}"))
    assert FR.label("erased_reason", "user_request") in page and FR("case.closed_erased") in page
    assert rows(server, "select count(*) from audit_log where case_id = ? and action = 'case_closed_erased'",
                case_id) == [(1,)]
    row = text_of(lina.get(f"/desk/?q={case_id}"))
    assert FR("queue.erased") in row


def test_the_persons_other_cases_are_linked_with_dates_and_outcomes(server: RunningServer, officers: dict) -> None:
    conversation = "test-returning-person"
    earlier = add_case(server, "high", status="closed", conversation=conversation, age_minutes=60 * 24 * 20,
                       officer_id=officers["lina"])
    add_referral(server, earlier, officers["lina"], "legal_aid", "completed")
    silent = add_case(server, "normal", status="closed", conversation=conversation, age_minutes=60 * 24 * 9)
    now = add_case(server, "normal", conversation=conversation, age_minutes=5)
    stranger = add_case(server, "normal", age_minutes=5)
    lina = Browser.logged_in(server, officers["lina"])
    page = text_of(lina.get(f"/desk/cases/{now}"))
    linked = re.findall(r'data-linked-case="(\d+)"', page)
    assert linked == [str(earlier), str(silent)]
    assert f"{FR.label('service', 'legal_aid')} · {FR.label('referral_status', 'completed')}" in page
    assert FR("linked.no_referral") in page
    opened = rows(server, "select created_at from cases where id = ?", earlier)[0][0]
    assert FR("linked.opened", when=f"\u2066{opened[8:10]}/{opened[5:7]}/{opened[:4]}\u2069") in page   # day first
    assert re.findall(r'data-linked-case="(\d+)"', lina.get(f"/desk/cases/{earlier}").text) == [str(silent), str(now)]
    assert 'data-linked-case' not in lina.get(f"/desk/cases/{stranger}").text


def test_the_history_folds_views_into_one_line(server: RunningServer, officers: dict) -> None:
    case_id = add_case(server, "normal")
    lina, omar = Browser.logged_in(server, officers["lina"]), Browser.logged_in(server, officers["omar"])
    for _ in range(4):
        lina.get(f"/desk/cases/{case_id}")
    omar.get(f"/desk/cases/{case_id}")
    omar.post(f"/desk/cases/{case_id}/notes", {"text": "called the shelter"})
    page = text_of(lina.get(f"/desk/cases/{case_id}"))
    history = page[page.index('<section class="history">'):]
    lines = re.findall(r"<li[^>]*>(.*?)</li>", history, re.S)
    assert len(lines) == 3, lines                     # 5 views · a note · 1 view
    assert FR("history.views", n=5) in lines[0] and "lina ×4" in lines[0] and "omar" in lines[0]
    assert FR.label("action", "note_added") in lines[1]
    assert FR("history.views", n=1) in lines[2]
    assert "\u2066" in lines[0] and re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2} UTC", lines[0])   # day first, 24 h


def test_quick_replies_are_per_language_and_supervisors_extend_them(server: RunningServer, officers: dict) -> None:
    lina, sara = Browser.logged_in(server, officers["lina"]), Browser.logged_in(server, officers["sara"])
    case_id = add_case(server, "high", consent="yes", status="claimed", officer_id=officers["lina"], language="ar")
    with session_scope(database_url(server)) as session:
        session.get(Case, case_id).taken_over = True
    shipped = re.findall(r'data-quick-reply="([^"]+)"', text_of(lina.get(f"/desk/cases/{case_id}")))
    assert len(shipped) >= 5 and all(re.search("[\u0600-\u06ff]", text) for text in shipped)   # Arabic ones
    assert lina.get("/desk/quick-replies").status_code == 403
    assert lina.post("/desk/quick-replies", {"language": "ar", "text": "x"}).headers["location"] == \
        "/desk/quick-replies?error=supervisor_only"
    added = sara.post("/desk/quick-replies", {"language": "ar", "text": "سنتصل بك غدا صباحا"})
    assert added.headers["location"] == "/desk/quick-replies?done=quick_reply_added"
    assert "سنتصل بك غدا صباحا" in text_of(lina.get(f"/desk/cases/{case_id}"))
    for bad in ({"language": "de", "text": "Hallo"}, {"language": "ar", "text": "   "}):
        assert "error=" in sara.post("/desk/quick-replies", bad).headers["location"]
    [(reply_id,)] = rows(server, "select id from quick_replies where active = 1")
    assert sara.post(f"/desk/quick-replies/{reply_id}/remove").headers["location"].endswith("done=quick_reply_removed")
    assert "سنتصل بك غدا صباحا" not in text_of(lina.get(f"/desk/cases/{case_id}"))
    assert sara.post("/desk/quick-replies/99999999999/remove").headers["location"].endswith("error=no_such_quick_reply")


# --- languages -----------------------------------------------------------------------------------------

def test_the_desk_in_arabic_is_right_to_left_and_chosen_per_officer(server: RunningServer, officers: dict) -> None:
    omar = Browser.logged_in(server, officers["omar"])
    assert omar.get("/desk/lang/ar?next=/desk/%3Fstatus%3Dclosed").headers["location"] == "/desk/?status=closed"
    page = omar.get("/desk/").text
    assert '<html lang="ar" dir="rtl">' in page and AR("queue.title_open") in html.unescape(page)
    # the choice belongs to the officer: another browser (no cookie) of the same officer gets it too
    elsewhere = Browser.logged_in(server, officers["omar"])
    assert '<html lang="ar" dir="rtl">' in elsewhere.get("/desk/").text
    assert '<html lang="fr" dir="ltr">' in Browser.logged_in(server, officers["sara"]).get("/desk/").text
    assert EN("login.title") in Browser(server.base_url).get("/desk/login?lang=en").text
    assert 'dir="rtl"' in Browser(server.base_url).get("/desk/login?lang=ar").text
    omar.get("/desk/lang/fr")


# --- the coordinator ---------------------------------------------------------------------------------------

def test_the_coordinator_sees_figures_with_small_counts_hidden_and_exports_them(server: RunningServer,
                                                                               officers: dict, shift: dict) -> None:
    cora = Browser.logged_in(server, officers["cora"])
    assert cora.get("/desk/").headers["location"] == "/desk/figures"
    today = utcnow().date()
    start, end = (today - timedelta(days=60)).isoformat(), today.isoformat()
    page = cora.get(f"/desk/figures?from={start}&to={end}")
    assert page.status_code == 200
    body = text_of(page)
    assert body.count("<svg") == 2 and "http://" not in page.text and "https://" not in page.text
    every_case = rows(server, "select count(*) from cases")[0][0]     # all opened within the period
    assert every_case >= 5 and f'data-measure="cases">{every_case}<' in page.text
    assert '<tr data-group="ar">' in page.text          # a language with cases in the period
    assert "&lt;5" in page.text and EN("figures.small_counts") not in body and FR("figures.small_counts") in body
    for name in ("shift message", "long words", "test-"):
        assert name not in body                        # no content, no pseudonym
    export = cora.get(f"/desk/figures.csv?from={start}&to={end}")
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    assert "attachment" in export.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(export.text)))
    assert table[0] == ["scope", "start", "end", "measure", "group", "value"]
    values = [row[5] for row in table[1:]]
    assert values and all(re.fullmatch(r"<5|n<5|\d+ %|([5-9]|\d{2,})", value) for value in values)
    assert any(row[0] == "period" and row[3] == "cases" and row[5] == str(every_case) for row in table)
    assert any(row[0] == "period" and row[3] == "closed_with_referral_share" for row in table)
    # a period with no data: the header alone
    empty = cora.get("/desk/figures.csv?from=2001-01-01&to=2001-03-01")
    assert empty.status_code == 200 and empty.text == "scope,start,end,measure,group,value\r\n"
    assert FR("figures.no_data") in text_of(cora.get("/desk/figures?from=2001-01-01&to=2001-03-01"))
    # nonsense periods: a clear message, never a crash
    for query in ("from=tomorrow", "from=2026-02-30", "from=2026-03-01&to=2026-01-01", "from=2001-01-01&to=2026-01-01",
                  "from=%00", "to=" + "9" * 500):
        reply = cora.get(f"/desk/figures?{query}")
        assert reply.status_code == 400 and "Traceback" not in reply.text, query
        assert cora.get(f"/desk/figures.csv?{query}").status_code == 400
    assert rows(server, "select count(*) from audit_log where officer_id = ? and action = 'figures_exported'",
                officers["cora"])[0][0] >= 2
    # supervisors see the figures too; officers do not
    assert Browser.logged_in(server, officers["sara"]).get("/desk/figures").status_code == 200
    assert Browser.logged_in(server, officers["lina"]).get("/desk/figures").status_code == 403
    assert Browser.logged_in(server, officers["lina"]).get("/desk/figures.csv").status_code == 403
