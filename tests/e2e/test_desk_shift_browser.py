"""The desk for a busy shift in real headless Chromium (Debian's), on a desktop and a phone: the queue with
50+ cases (compact rows, filters, search, pages, the urgent banner and acknowledgements), the case page
(the screening's questions and answers, the person's other cases, quick replies, Ctrl+Enter), on and off
duty, the desk in Arabic, and the coordinator's charts and CSV export."""
from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import pytest

from tests.desk.harness import PASSWORD, add_case, add_officer, add_referral, rows
from tests.e2e.browser import DESKTOP, PHONE, external_requests, open_page, record_requests, shown
from tests.e2e.server import RunningServer, module_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.model, pytest.mark.server]

server = module_server("desk_shift_browser")
VISIBLE_ROWS = ("() => Array.from(document.querySelectorAll('tr.case-row'))"
                ".filter(r => { const b = r.getBoundingClientRect(); return b.top >= 0 && b.bottom <= innerHeight; })"
                ".length")


@pytest.fixture(scope="module")
def shift(server: RunningServer) -> dict:
    """Officers, and 56 open cases of which 11 urgent, in every language and channel, plus closed ones."""
    ids = {name: add_officer(server, name, role) for name, role in
           [("amina", "officer"), ("yassine", "officer"), ("salma", "supervisor"), ("karim", "coordinator")]}
    languages, channels = ("fr", "en", "ar", "ary"), ("webchat", "whatsapp", "telegram")
    urgent = []
    for n in range(62):
        priority = "urgent" if n < 11 else ("high" if n % 3 == 0 else "normal")
        status = "closed" if n >= 56 else ("claimed" if n % 5 == 2 else "new")
        case_id = add_case(server, priority, status=status, language=languages[n % 4], channel=channels[n % 3],
                           indicators=["withholding_of_wages", "retention_of_documents"] if n % 2 else ["minor"],
                           age_minutes=900 - n * 13, wrote_minutes_ago=n % 50,
                           officer_id=ids["yassine"] if status != "new" else None,
                           last_message=f"message of the person number {n}, with enough words to fill a line")
        if status == "closed" and n % 2:
            add_referral(server, case_id, ids["yassine"], "shelter", "accepted")
        if priority == "urgent" and status == "new":
            urgent.append(case_id)
    return {**ids, "urgent": urgent}


def login(page: Page, server: RunningServer, username: str) -> None:
    page.goto(server.base_url + "/desk/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def banner_count(page: Page) -> int:
    ids = page.get_attribute("[data-urgent-ids]", "data-urgent-ids") if page.locator("[data-urgent-ids]").count() else ""
    return len((ids or "").split())


def test_the_queue_for_a_busy_shift_on_a_desktop(server: RunningServer, chromium_browser: Browser, shift: dict) -> None:
    with open_page(chromium_browser, DESKTOP) as page:
        urls = record_requests(page)
        login(page, server, "amina")
        assert page.url.endswith("/desk/")
        # compact rows: at least twelve cases on the first screen, under the banner
        assert page.evaluate(VISIBLE_ROWS) >= 12
        assert page.locator("tr.case-row").count() == 50
        assert page.title().startswith("(!) URGENT")
        unseen = banner_count(page)
        assert unseen == len(shift["urgent"]) and page.locator(".urgent-banner").count() == 1
        # the banner opens exactly the urgent cases not yet seen
        page.click(".urgent-banner a")
        page.wait_for_url("**/desk/?unseen=1")
        assert sorted(int(i) for i in page.eval_on_selector_all("tr.case-row", "rs => rs.map(r => r.dataset.case)")) \
            == sorted(shift["urgent"])
        # acknowledging one from its row: the count goes down, the view stays
        first = shift["urgent"][0]
        page.click(f"tr[data-case='{first}'] form.ack button")
        page.wait_for_url("**/desk/?unseen=1&done=acknowledged")
        assert banner_count(page) == unseen - 1
        assert page.locator(f"tr[data-case='{first}']").count() == 0
        # filters from the form, kept in the address
        page.goto(server.base_url + "/desk/")
        page.select_option("select[name=priority]", "high")
        page.select_option("select[name=language]", "ar")
        page.click(".filter-form button[type=submit]")
        page.wait_for_url("**/desk/?priority=high&language=ar")   # only what was chosen
        priorities = page.eval_on_selector_all("tr.case-row", "rs => rs.map(r => r.className)")
        assert priorities and all("priority-high" in name for name in priorities)
        assert all(text == "AR" for text in shown(page, "tr.case-row td.c-lang"))
        # search by number reaches a closed case
        closed = rows(server, "select id from cases where status = 'closed' order by id limit 1")[0][0]
        page.fill("input[name=q]", f"#{closed}")
        page.click(".filter-form button[type=submit]")
        page.wait_for_load_state()
        assert page.eval_on_selector_all("tr.case-row", "rs => rs.map(r => r.dataset.case)") == [str(closed)]
        # pages: 56 open cases, 50 a page
        page.goto(server.base_url + "/desk/")
        page.click("nav.pager a[rel=next]")
        page.wait_for_url("**/desk/?page=2")
        assert page.locator("tr.case-row").count() == 56 - 50
        # a preview on one line, and times in 24 hours, day first
        preview = page.locator("tr.case-row td.c-preview").first
        assert preview.evaluate("n => n.scrollHeight <= n.clientHeight + 2 && getComputedStyle(n).whiteSpace") == \
            "nowrap"
        page.screenshot(path=str(server.data_dir / "queue-desktop.png"))
    assert external_requests(urls) == []


def test_the_queue_on_a_phone_shows_six_cases_at_once(server: RunningServer, chromium_browser: Browser,
                                                       shift: dict) -> None:
    with open_page(chromium_browser, PHONE) as page:
        login(page, server, "yassine")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")   # nothing wider than the phone
        assert page.evaluate(VISIBLE_ROWS) >= 6
        heights = page.eval_on_selector_all("tr.case-row", "rs => rs.slice(0, 10).map(r => r.offsetHeight)")
        assert max(heights) <= 90, heights       # a card used to be about 315 px high
        page.click("details.filters summary")
        page.select_option("select[name=owner]", "mine")
        page.click(".filter-form button[type=submit]")
        page.wait_for_url("**owner=mine**")
        assert page.locator("tr.case-row").count() == len(
            rows(server, "select id from cases where officer_id = ? and status = 'claimed'", shift["yassine"]))
        page.screenshot(path=str(server.data_dir / "queue-phone.png"))


def test_the_case_page_screening_other_cases_quick_replies_and_ctrl_enter(server: RunningServer,
                                                                          chromium_browser: Browser,
                                                                          shift: dict) -> None:
    sender = uuid.uuid4().hex
    for text in ("my boss took my passport and does not pay me", "/affirm", "/affirm", "/affirm",
                 "yes", "no", "no", "no", "/skip_question", "no"):
        server.say(sender, text)
    [(case_id, conversation)] = rows(server, "select id, conversation_id from cases where conversation_id not like "
                                             "'test-%' order by id desc limit 1")
    earlier = add_case(server, "high", status="closed", conversation=conversation, age_minutes=60 * 24 * 30,
                       officer_id=shift["yassine"])
    add_referral(server, earlier, shift["yassine"], "legal_aid", "completed")
    with open_page(chromium_browser, DESKTOP) as page:
        login(page, server, "amina")
        page.goto(f"{server.base_url}/desk/cases/{case_id}")
        # the screening: each question beside its answer, the concerning ones marked
        answers = page.eval_on_selector_all(
            "table.screening-answers tbody tr",
            "rs => rs.map(r => [r.cells[0].textContent.trim(), r.cells[1].textContent.trim(), r.className])")
        assert answers[0][0].startswith("Has someone taken your passport") and answers[0][1].startswith("yes")
        assert "concerning" in answers[0][2]
        assert answers[3][0].startswith("Are you free to leave") and "concerning" in answers[3][2]
        assert [a[1].split(" ")[0] for a in answers] == ["yes", "no", "no", "no", "skipped", "no"]
        # the person's earlier case, with its outcome
        linked = page.locator(f"[data-linked-case='{earlier}']")
        assert "legal aid · completed" in linked.inner_text()
        # claiming takes over (the person agreed); a quick reply goes into the box, is edited, Ctrl+Enter sends
        page.click("#actions form[action$='/claim'] button")
        page.wait_for_selector("textarea#reply-text")
        page.click("details.quick-replies summary")
        quick = page.locator("button.quick-reply").nth(1)
        expected = quick.get_attribute("data-quick-reply")
        quick.click()
        assert page.input_value("#reply-text") == expected
        page.press("#reply-text", "End")
        page.keyboard.type(" Amina here.")
        page.press("#reply-text", "Control+Enter")
        page.wait_for_url("**done=replied")
        page.wait_for_function(
            "t => Array.from(document.querySelectorAll('#transcript .who-officer .text'))"
            ".some(n => n.textContent === t)", arg=f"{expected} Amina here.")
        # dates: day/month/year and 24 hours, whatever the browser's locale
        stamp = page.inner_text("#transcript .who-officer time")
        assert len(stamp) == 16 and stamp[2] == "/" and stamp[5] == "/" and stamp[13] == ":"
        assert "AM" not in stamp and "PM" not in stamp
        page.screenshot(path=str(server.data_dir / "case-desktop.png"), full_page=True)


def test_on_duty_and_the_desk_in_arabic(server: RunningServer, chromium_browser: Browser, shift: dict) -> None:
    with open_page(chromium_browser, DESKTOP) as page:
        login(page, server, "salma")
        assert "salma" not in shown(page, ".duty-name")
        page.click(".duty-form button")
        page.wait_for_url("**done=duty_on")
        assert "salma" in shown(page, ".duty-name")
        page.click("header.top .langs a[lang=ar]")
        page.wait_for_load_state()
        assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
        assert "الحالات المفتوحة" in page.inner_text("h1")
        brand = page.locator("header.top .brand").bounding_box()
        assert brand is not None and brand["x"] > DESKTOP["viewport"]["width"] / 2   # starts on the right
        page.click(".duty-form button")
        page.wait_for_url("**done=duty_off")
        assert "salma" not in shown(page, ".duty-name")
        page.screenshot(path=str(server.data_dir / "queue-arabic.png"))
    with open_page(chromium_browser, PHONE) as page:   # the choice is the officer's, on any device
        login(page, server, "salma")
        assert page.get_attribute("html", "dir") == "rtl"
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
        page.goto(server.base_url + "/desk/lang/fr")


def test_the_coordinators_charts_and_export(server: RunningServer, chromium_browser: Browser, shift: dict) -> None:
    with open_page(chromium_browser, DESKTOP) as page:
        urls = record_requests(page)
        login(page, server, "karim")
        assert page.url.endswith("/desk/figures")
        assert page.locator("svg.chart").count() == 2
        assert page.locator("svg.chart rect.bar").count() > 10
        assert page.locator("a[href^='/desk/cases/']").count() == 0 and page.locator("nav a[href='/desk/']").count() == 0
        total = page.inner_text("td[data-measure=cases]")
        assert total == str(rows(server, "select count(*) from cases")[0][0])
        page.fill("input[name=from]", "2001-01-01")
        page.fill("input[name=to]", "2001-02-01")
        page.click("form.period button[type=submit]")
        page.wait_for_url("**from=2001-01-01**")
        assert page.locator("svg.chart").count() == 0
        page.go_back()
        page.wait_for_selector("svg.chart")
        with page.expect_download() as download:
            page.click("form.period a[download]")
        exported = download.value.path().read_bytes().decode("utf-8")
        assert exported.startswith("scope,start,end,measure,group,value\r\n")
        assert ",cases,," in exported and "message of the person" not in exported
        page.screenshot(path=str(server.data_dir / "figures.png"), full_page=True)
    with open_page(chromium_browser, PHONE) as page:
        login(page, server, "karim")
        assert page.locator("svg.chart").count() == 2
        page.goto(f"{server.base_url}/desk/cases/{shift['urgent'][1]}")
        assert "message of the person" not in page.content()
    assert external_requests(urls) == []
