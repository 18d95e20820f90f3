"""End to end in a real headless Chromium on a phone screen: the local web chat page talks to the real server."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from bot.conversation.content import load_content
from bot.settings import ROOT
from tests.e2e.browser import PHONE, external_requests, record_requests, shown
from tests.e2e.server import RunningServer, module_server

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.model, pytest.mark.server]
CONTENT = load_content(ROOT / "content", ROOT / "content" / "contacts.yml", "0000")  # the defaults
BOT = "#log .msg.bot"
USER = "#log .msg.user"


server = module_server("browser_server")


def wait_for_replies(page: Page, before: int) -> list[str]:
    """The bot's new messages: the page adds all of a reply's messages at once when it arrives."""
    page.wait_for_function("n => document.querySelectorAll('#log .msg.bot').length > n", arg=before)
    return shown(page, BOT)[before:]


def send(page: Page, text: str, with_enter: bool = False) -> list[str]:
    before = len(shown(page, BOT))
    page.fill("#text", text)
    if with_enter:
        page.press("#text", "Enter")
    else:
        page.tap("#composer button[type=submit]")  # a finger on the send button, as on a phone
    return wait_for_replies(page, before)


def test_a_phone_user_chats_with_no_request_leaving_the_machine(server: RunningServer, phone_page: Page) -> None:
    page = phone_page
    urls = record_requests(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(server.base_url + "/")
    assert page.url == server.base_url + "/webhooks/webchat/"  # "/" leads people to the chat

    greeting = send(page, "hello")
    expected = CONTENT.messages("greet", "en")
    assert greeting[: len(expected)] == expected
    assert page.locator("#log .buttons button").count() >= 3  # the menu, as buttons to tap
    assert page.input_value("#text") == ""  # the composer is cleared for the next message

    answer = send(page, "what are my rights", with_enter=True)
    expected = CONTENT.messages("answers.ask_rights", "en")
    assert answer[: len(expected)] == expected
    assert shown(page, USER) == ["hello", "what are my rights"]

    # Readable on a 360 px screen: nothing wider than the phone, the composer in view.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
    assert page.locator("#text").is_visible()
    assert page.locator("#composer button[type=submit]").is_visible()

    assert errors == []
    assert server.base_url + "/webhooks/webchat/static/app.js" in urls
    assert urls.count(server.base_url + "/webhooks/webchat/webhook") == 2
    assert external_requests(urls) == []  # no font, script, analytics or anything else from outside


def test_tapping_a_menu_button_sends_its_choice(server: RunningServer, phone_page: Page) -> None:
    page = phone_page
    page.goto(server.base_url + "/webhooks/webchat/")
    send(page, "hello")
    before = len(shown(page, BOT))
    title = CONTENT.raw("menu.ask_rights", "en")
    page.get_by_role("button", name=title, exact=True).tap()
    answer = wait_for_replies(page, before)
    expected = CONTENT.messages("answers.ask_rights", "en")
    assert answer[: len(expected)] == expected
    assert shown(page, USER) == ["hello", title]  # the user sees the button's words, not its payload


def test_exit_word_clears_the_screen_and_forgets_the_id(server: RunningServer, phone_page: Page) -> None:
    page = phone_page
    page.goto(server.base_url + "/webhooks/webchat/")
    send(page, "bonjour")
    sender = page.evaluate("localStorage.getItem('amane_sender')")
    assert sender and shown(page, USER) == ["bonjour"]

    page.fill("#text", "0000")
    page.press("#text", "Enter")
    # The page empties the screen before showing the answer, so wait for the typed messages to go.
    page.wait_for_function("() => !document.querySelector('#log .msg.user') && !!document.querySelector('#log .bot')")
    # Only the innocuous answer stays on screen, and the next message starts a new conversation.
    assert shown(page, "#log .msg") == CONTENT.messages("exit_reply", "fr")
    assert page.evaluate("localStorage.getItem('amane_sender')") not in (None, sender)
