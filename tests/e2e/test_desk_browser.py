"""End to end in real headless Chromium: a user's disclosure in the web chat reaches an open desk page live;
the officer claims, replies, the bot stays silent, the officer closes, and the bot answers again.

Two browser contexts on one real server: the user's phone and the officer's desktop. The time from the
user pressing send to the case showing in the officer's open queue page is printed (see the README).
"""
from __future__ import annotations

import sqlite3
import time
from typing import TYPE_CHECKING

import pytest

from bot.conversation.content import load_content
from bot.settings import ROOT
from tests.desk.harness import PASSWORD, add_officer, rows
from tests.e2e.browser import DESKTOP, PHONE, external_requests, open_page, record_requests, shown
from tests.e2e.server import RunningServer, module_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.model, pytest.mark.server]
CONTENT = load_content(ROOT / "content", ROOT / "content" / "contacts.yml", "0000")  # the defaults
BOT = "#log .msg.bot"
OFFICER_LINE = "#log .msg.officer"


server = module_server("desk_browser")


def user_says(page: Page, text: str) -> None:
    page.fill("#text", text)
    page.click("#composer button[type=submit]")


def bot_count(page: Page) -> int:
    return len(shown(page, "#log .msg.bot:not(.officer)"))


def wait_for_bot(page: Page, before: int) -> list[str]:
    page.wait_for_function("n => document.querySelectorAll('#log .msg.bot:not(.officer)').length > n", arg=before)
    return shown(page, "#log .msg.bot:not(.officer)")[before:]


def tap_button(page: Page, title: str) -> None:
    """The last row of buttons the bot showed: the one with this title."""
    page.locator("#log .buttons").last.get_by_role("button", name=title, exact=True).click()


def test_a_disclosure_reaches_the_desk_live_and_the_officer_takes_over_then_hands_back(
        server: RunningServer, chromium_browser: Browser) -> None:
    add_officer(server, "amina")
    with open_page(chromium_browser, DESKTOP) as desk, open_page(chromium_browser, PHONE) as phone:
        urls = record_requests(desk) + record_requests(phone)
        desk.on("dialog", lambda dialog: dialog.accept())   # "Close this case?" confirmation

        # The officer logs in and leaves the queue open.
        desk.goto(server.base_url + "/desk/")
        assert desk.url.endswith("/desk/login")
        desk.fill("#username", "amina")
        desk.fill("#password", PASSWORD)
        desk.click("form button[type=submit]")
        desk.wait_for_url("**/desk/")
        assert desk.locator("tr.case-row").count() == 0
        # On duty: from now on the bot may tell people that a person will answer soon.
        desk.click("form.duty-form button")
        desk.wait_for_selector(".duty-name")

        # The user writes a disclosure from their phone; the case shows in the open queue by itself.
        phone.goto(server.base_url + "/webhooks/webchat/")
        before = bot_count(phone)
        started = time.monotonic()
        user_says(phone, "My boss took my passport and he does not pay me")
        desk.wait_for_selector("tr.case-row", timeout=30_000)
        seconds = time.monotonic() - started
        print(f"\ndisclosure to case in the open desk page: {seconds * 1000:.0f} ms")
        row = desk.locator("tr.case-row").first
        assert "#" in row.inner_text()
        assert desk.locator("tr.case-row .tag").count() >= 1   # indicators, e.g. documents kept

        # The bot answered calmly and asks whether it is safe to write; yes, then yes to a person.
        replies = wait_for_bot(phone, before)
        assert CONTENT.messages("disclosure", "en")[0] in replies
        before = bot_count(phone)
        tap_button(phone, CONTENT.raw("buttons.yes", "en"))       # safe to write now
        wait_for_bot(phone, before)
        before = bot_count(phone)
        tap_button(phone, CONTENT.raw("buttons.yes", "en"))       # talk to a trained person
        assert CONTENT.messages("human_accepted", "en")[0] in wait_for_bot(phone, before)
        time.sleep(1.0)  # the last of the bot's messages of this turn (e.g. an offer of questions) is in

        # The officer opens the case (consent shown), claims it: that takes the chat over.
        desk.click("tr.case-row a.case-link")
        desk.wait_for_selector(".case-header")
        assert "consent-yes" in desk.inner_html(".facts")
        transcript = desk.inner_text("#transcript")
        assert "My boss took my passport" in transcript
        assert "[Yes]" in transcript and "/affirm" not in transcript   # the buttons tapped, as their meaning
        desk.click("#actions form[action$='/claim'] button")
        desk.wait_for_selector("textarea#reply-text")
        desk.fill("#reply-text", "Hello, I am Amina from the support team. Are you somewhere safe right now?")
        desk.click("form.reply button[type=submit]")

        # The user receives the officer's reply in the same chat.
        phone.wait_for_selector(OFFICER_LINE, timeout=40_000)
        assert shown(phone, OFFICER_LINE) == [
            "Hello, I am Amina from the support team. Are you somewhere safe right now?"]

        # The user answers; the bot stays silent, the officer sees the message live.
        before = bot_count(phone)
        user_says(phone, "yes I am at a friend's place")
        desk.wait_for_function(
            "() => Array.from(document.querySelectorAll('#transcript .who-user .text'))"
            ".some(n => n.textContent.includes(\"at a friend's place\"))", timeout=30_000)
        time.sleep(2.0)
        assert bot_count(phone) == before, "the bot spoke while an officer held the chat"

        # An internal note (never shown to the user).
        desk.fill("#note-text", "Staying with a friend in Tangier tonight; call back tomorrow")
        desk.click("section.notes form button[type=submit]")
        desk.wait_for_selector("section.notes li")

        # The officer closes: a short neutral message, then the bot answers again.
        desk.click("#actions form[action$='/close'] button")
        desk.wait_for_load_state()
        closing = CONTENT.messages("officer_closed", "en")
        phone.wait_for_function("n => document.querySelectorAll('#log .msg.officer').length > n", arg=1,
                                timeout=40_000)
        assert shown(phone, OFFICER_LINE)[1:] == closing
        before = bot_count(phone)
        user_says(phone, "what are my rights")
        assert wait_for_bot(phone, before)[0] == CONTENT.messages("answers.ask_rights", "en")[0]

    assert rows(server, "SELECT status, taken_over FROM cases") == [("closed", 0)]
    actions = [a for (a,) in rows(server, "SELECT action FROM audit_log ORDER BY id")]
    for expected in ("login", "case_viewed", "case_claimed", "chat_taken_over", "officer_replied", "case_closed"):
        assert expected in actions
    assert external_requests(urls) == []
    # What was written, by the user, the officer or in the note, is not readable in the database.
    dump = "\n".join(sqlite3.connect(server.data_dir / "amane.db").iterdump())
    for secret in ("at a friend's place", "friend in Tangier", "Are you somewhere safe", "took my passport"):
        assert secret not in dump
