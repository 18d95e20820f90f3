"""End to end in a real headless Chromium on a phone screen: the local web chat page talks to the real server.

One server for the module (its messages are limited to 300 characters, to see the page's answer to a long one).
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any

import pytest

from bot.conversation.content import load_content
from bot.conversation.privacy import pseudonymise_sender
from bot.settings import ROOT
from tests.desk.harness import Browser, add_case, add_officer, rows
from tests.e2e.browser import PHONE, external_requests, open_page, record_requests, shown
from tests.e2e.server import RunningServer, module_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser as Chromium
    from playwright.sync_api import Page, Route

pytestmark = [pytest.mark.model, pytest.mark.server]
CONTENT = load_content(ROOT / "content", ROOT / "content" / "contacts.yml", "0000")  # the defaults
PAGE_TEXTS = ROOT / "bot" / "channels" / "webchat" / "page" / "texts"
BOT = "#log .msg.bot"
USER = "#log .msg.user"
WELCOME = "#log .msg.welcome"
WEBHOOK = "**/webhooks/webchat/webhook"
EXIT_URL = "https://www.google.com/"   # the page's default quick exit (index.html data-exit-url)
MAX_CHARS = 300


server = module_server("browser_server", extra_env={"AMANE_MAX_MESSAGE_CHARS": str(MAX_CHARS)})


def ui(language: str, key: str) -> str:
    return str(json.loads((PAGE_TEXTS / f"{language}.json").read_text(encoding="utf-8"))[key])


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


def open_chat(page: Page, server: RunningServer) -> None:
    """The page, once it has greeted (the greeting is fetched from the server after the page loads)."""
    page.goto(server.base_url + "/webhooks/webchat/")
    page.wait_for_selector("#log .buttons button")


def conversation_of(page: Page, server: RunningServer) -> str:
    """The page's conversation as the server stores it (the trial server's pseudonym key is in its data folder)."""
    key = (server.data_dir / "amane_pseudonym_key.key").read_text().strip().encode()
    return pseudonymise_sender("webchat", page.evaluate("localStorage.getItem('amane_sender')"), key)


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
    assert page.locator("#log .buttons").last.locator("button").count() >= 3  # the menu, as buttons to tap
    assert page.input_value("#text") == ""  # the composer is cleared for the next message

    answer = send(page, "what are my rights", with_enter=True)
    expected = CONTENT.messages("answers.ask_rights", "en")
    assert answer[: len(expected)] == expected
    assert shown(page, USER) == ["hello", "what are my rights"]

    # Readable on a 360 px screen: nothing wider than the phone, the composer and the quick exit in view.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
    assert page.locator("#text").is_visible()
    assert page.locator("#composer button[type=submit]").is_visible()
    assert page.locator("#quick-exit").is_visible()

    assert errors == []
    assert server.base_url + "/webhooks/webchat/static/app.js" in urls
    assert urls.count(server.base_url + "/webhooks/webchat/webhook") == 2
    assert external_requests(urls) == []  # no font, script, analytics or anything else from outside


@pytest.mark.parametrize("locale, language", [("en-GB", "en"), ("ar-MA", "ar"), ("de-DE", "fr")])
def test_the_page_greets_on_open_in_the_browsers_language_and_names_the_exit_word(
        server: RunningServer, chromium_browser: Chromium, locale: str, language: str) -> None:
    with open_page(chromium_browser, {**PHONE, "locale": locale}) as page:
        urls = record_requests(page)
        open_chat(page, server)
        # The server's own greeting (German is not spoken: the default, French); nothing was sent to the bot.
        assert shown(page, WELCOME) == CONTENT.messages("greet", language) + CONTENT.messages("menu_prompt", language)
        assert any("0000" in line for line in shown(page, WELCOME))
        assert shown(page, "#log .buttons button") == [button.title for button in CONTENT.menu(language)]
        assert urls.count(server.base_url + "/webhooks/webchat/webhook") == 0
        assert page.get_attribute("html", "lang") == language
        assert page.locator("#quick-exit").inner_text() == ui(language, "quick_exit")
        assert page.get_attribute("#text", "placeholder") == ui(language, "placeholder")
        rtl = "rtl" if language == "ar" else "ltr"
        assert page.get_attribute("html", "dir") == rtl
        assert page.get_attribute("#log .buttons", "dir") == rtl   # the menu's buttons flow right to left in Arabic
        assert {page.get_attribute(f"{WELCOME} >> nth={i}", "dir") for i in range(2)} == {rtl}
        # The header's language names are buttons, the current one pressed.
        pressed = page.locator("#languages button[aria-pressed=true]")
        assert pressed.inner_text() == CONTENT.raw("language_name", language)
        assert page.locator("#languages a").count() == 0


def test_tapping_a_menu_button_answers_in_the_pages_language_with_numbers_to_call(
        server: RunningServer, chromium_browser: Chromium) -> None:
    with open_page(chromium_browser, {**PHONE, "locale": "ar"}) as page:
        open_chat(page, server)
        title = CONTENT.raw("menu.ask_hotline", "ar")
        page.locator("#log .buttons").first.get_by_role("button", name=title, exact=True).tap()
        answer = wait_for_replies(page, 0)
        expected = CONTENT.messages("answers.ask_hotline", "ar")
        assert answer[: len(expected)] == expected   # a payload tells no language: the page's is the first reply's
        assert shown(page, USER) == [title]          # the user sees the button's words, not its payload
        # Once answered, the menu stops working; the choice stays marked.
        assert page.locator("#log .buttons").first.locator("button:enabled").count() == 0
        assert shown(page, "#log .buttons button.chosen") == [title]
        # Every number of contacts.yml in the answer can be tapped to call, written as in the text.
        links = page.eval_on_selector_all(f"{BOT} a", "ns => ns.map(n => [n.getAttribute('href'), n.textContent])")
        numbers = {name: CONTENT.public[name] for name in
                   ("police", "police_mobile", "gendarmerie", "civil_protection", "cnclt_line", "women_line",
                    "children_line")}
        assert sorted(href for href, _ in links) == sorted("tel:" + n.replace(" ", "") for n in numbers.values())
        assert {text.replace("\u00a0", " ") for _, text in links} == set(numbers.values())
        assert {page.get_attribute(f"{BOT} >> nth={i}", "dir") for i in range(len(expected))} == {"rtl"}


def test_buttons_stop_working_once_the_person_types(server: RunningServer, phone_page: Page) -> None:
    page = phone_page
    open_chat(page, server)
    send(page, "hello")
    menus = page.locator("#log .buttons")
    assert menus.last.locator("button:enabled").count() == len(CONTENT.menu("en"))
    answered = menus.count()
    send(page, "what are my rights")   # typed instead of tapped: the menus above are answered
    for index in range(answered):
        assert menus.nth(index).locator("button:enabled").count() == 0
        assert menus.nth(index).locator("button.chosen").count() == 0
    # The answer brings its own buttons (its sub-questions), which work.
    assert menus.count() > answered and menus.last.locator("button:enabled").count() > 0


def test_arabizi_stays_left_to_right_and_arabic_script_replies_right_to_left(server: RunningServer,
                                                                             phone_page: Page) -> None:
    page = phone_page
    open_chat(page, server)
    answer = send(page, "bghit nrje3 l bladi")
    # Darija written in Latin letters is answered in Latin letters, left to right, and the page follows.
    assert answer[0] == CONTENT.messages("answers.ask_voluntary_return", "ary_latn")[0]
    assert page.get_attribute(USER, "dir") == "ltr"
    assert page.locator(BOT).last.get_attribute("dir") == "ltr"
    page.wait_for_function("() => document.documentElement.lang === 'ary-Latn' && document.documentElement.dir === 'ltr'")
    assert page.locator("#quick-exit").inner_text() == ui("ary_latn", "quick_exit")
    assert page.locator("#languages button[aria-pressed=true]").inner_text() == CONTENT.raw("language_name", "ary_latn")
    # In Arabic script: answered in Arabic script, right to left.
    answer = send(page, "فين نقدر نبات الليلة؟ ما عنديش فين نمشي")
    assert answer[0] == CONTENT.messages("questions.ask_shelter.tonight.answer", "ary")[0]
    assert page.locator(BOT).last.get_attribute("dir") == "rtl"
    page.wait_for_function("() => document.documentElement.lang === 'ary' && document.documentElement.dir === 'rtl'")
    assert page.locator("#quick-exit").inner_text() == ui("ary", "quick_exit")


def test_a_language_name_in_the_header_switches_the_conversation(server: RunningServer, phone_page: Page) -> None:
    page = phone_page
    open_chat(page, server)
    assert send(page, "quels sont mes droits ici au maroc")[0] == CONTENT.messages("answers.ask_rights", "fr")[0]
    page.wait_for_function("() => document.documentElement.lang === 'fr'")
    english = CONTENT.raw("language_name", "en")
    before = len(shown(page, BOT))
    page.locator("#languages").get_by_role("button", name=english, exact=True).tap()
    assert wait_for_replies(page, before)[0] == CONTENT.messages("language_changed", "en")[0]
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    assert page.locator("#languages button[aria-pressed=true]").inner_text() == english
    # The server holds the choice: French afterwards is still answered in English.
    assert send(page, "je veux rentrer dans mon pays")[0] == CONTENT.messages("answers.ask_voluntary_return", "en")[0]


def test_quick_exit_erases_the_conversation_empties_the_page_and_leaves(server: RunningServer,
                                                                        phone_page: Page) -> None:
    page = phone_page
    open_chat(page, server)
    send(page, "bonjour")
    sender = page.evaluate("localStorage.getItem('amane_sender')")
    conversation = conversation_of(page, server)
    assert rows(server, "SELECT count(*) FROM conversations WHERE id = ?", conversation) == [(1,)]
    erase_requests: list[Any] = []
    page.context.on("request", lambda r: erase_requests.append(r.post_data_json)
                    if r.url.endswith("/webhooks/webchat/webhook") else None)
    # No internet in tests: the neutral page is answered here, and no request leaves the machine.
    page.route(EXIT_URL + "**", lambda route: route.fulfill(body="<title>Search</title>", content_type="text/html"))

    page.tap("#quick-exit")
    page.wait_for_url(EXIT_URL)
    assert [(r["sender"], r["message"]) for r in erase_requests] == [(sender, "0000")]
    deadline = time.monotonic() + 30
    while rows(server, "SELECT count(*) FROM conversations WHERE id = ?", conversation) != [(0,)]:
        assert time.monotonic() < deadline, "the server did not erase the conversation"
        time.sleep(0.2)
    assert rows(server, "SELECT count(*) FROM events WHERE sender_id = ?", conversation) == [(0,)]

    # Back on the chat (a new load): nothing of the old conversation, a new id.
    page.goto(server.base_url + "/webhooks/webchat/")
    page.wait_for_selector(WELCOME)
    assert shown(page, USER) == [] and shown(page, BOT) == []
    assert page.evaluate("localStorage.getItem('amane_sender')") not in (None, sender)


def test_quick_exit_leaves_in_place_of_the_chat_in_history(server: RunningServer, phone_page: Page) -> None:
    page = phone_page
    page.route(EXIT_URL + "**", lambda route: route.fulfill(body="<title>Search</title>", content_type="text/html"))
    page.goto("about:blank")
    open_chat(page, server)
    page.fill("#text", "something I was writing")
    page.tap("#quick-exit")
    page.wait_for_url(EXIT_URL)
    page.go_back()
    assert page.url == "about:blank"   # Back does not return to the chat


def test_exit_word_clears_the_screen_and_forgets_the_id(server: RunningServer, phone_page: Page) -> None:
    page = phone_page
    open_chat(page, server)
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


def test_a_person_joining_is_shown_in_the_users_language(server: RunningServer, phone_page: Page) -> None:
    page = phone_page
    open_chat(page, server)
    send(page, "bonjour")
    page.wait_for_function("() => document.documentElement.lang === 'fr'")
    case_id = add_case(server, conversation=conversation_of(page, server), language="fr", consent="yes")
    officer = Browser.logged_in(server, add_officer(server, "nadia"))

    assert officer.post(f"/desk/cases/{case_id}/claim").status_code == 303   # with consent: takes the chat over
    page.wait_for_selector("#log .notice", timeout=15_000)
    assert shown(page, "#log .notice") == [ui("fr", "joined")]
    assert officer.post(f"/desk/cases/{case_id}/reply", {"text": "Bonjour, je suis Nadia."}).status_code == 303
    page.wait_for_selector("#log .msg.officer", timeout=15_000)
    assert shown(page, "#log .msg.officer") == ["Bonjour, je suis Nadia."]
    assert page.get_attribute("#log .msg.officer", "data-who") == ui("fr", "officer")
    # Shown once: after a reload the page tells the server it saw the chat held, so nothing is announced again.
    with page.expect_request("**/webhooks/webchat/updates") as asked:
        page.reload()
    assert asked.value.post_data_json["held"] is True
    assert shown(page, "#log .notice") == []


def test_errors_are_told_in_the_users_language_and_the_message_is_kept(server: RunningServer,
                                                                       phone_page: Page) -> None:
    page = phone_page
    open_chat(page, server)
    failures = iter([
        lambda route: route.abort("internetdisconnected"),
        lambda route: route.fulfill(status=500, json={"error": "internal"}),
        lambda route: route.fulfill(status=429, json={"error": "rate_limited", "retry_after": 2}),
    ])

    def fail_once(route: Route) -> None:
        next(failures)(route)

    page.route(WEBHOOK, fail_once)
    page.fill("#text", "what are my rights")
    page.tap("#composer button[type=submit]")
    for key, seconds in (("error_network", None), ("error_server", None), ("error_rate_limited", 2)):
        page.wait_for_selector("#log .failure")
        expected = ui("en", key).replace("{seconds}", str(seconds))
        assert shown(page, "#log .failure p") == [expected]
        assert shown(page, "#log .msg.user.failed") == ["what are my rights"]   # kept on screen
        again = page.locator("#log .failure button")
        assert again.inner_text() == ui("en", "send_again")
        if seconds:
            assert again.is_disabled()   # "wait 2 seconds": the button waits too
            if key == "error_rate_limited":
                page.unroute(WEBHOOK)
        again.tap()   # waits for the button to be enabled

    answer = wait_for_replies(page, 0)
    assert answer[0] == CONTENT.messages("answers.ask_rights", "en")[0]
    assert shown(page, "#log .failure") == [] and shown(page, USER) == ["what are my rights"]


def test_a_message_too_long_goes_back_to_the_box(server: RunningServer, phone_page: Page) -> None:
    page = phone_page
    open_chat(page, server)
    long_text = "my story " * 40   # 360 characters: over this server's limit
    page.fill("#text", long_text)
    page.tap("#composer button[type=submit]")
    page.wait_for_selector("#log .failure")
    assert shown(page, "#log .failure p") == [ui("en", "error_too_long").replace("{max}", str(MAX_CHARS))]
    assert page.input_value("#text") == long_text.strip()
    assert shown(page, USER) == []


@pytest.mark.parametrize("query, status", [("?languages=de-DE,ar", 200), ("?languages=a%3Bb", 400),
                                           ("?languages=" + ",".join(["en"] * 11), 400)])
def test_the_texts_route_answers_clearly(server: RunningServer, query: str, status: int) -> None:
    try:
        with urllib.request.urlopen(server.base_url + "/webhooks/webchat/texts" + query, timeout=10) as reply:
            got, body = reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        got, body = error.code, json.loads(error.read())
    assert got == status
    if status == 200:
        assert body["language"] == "ar" and body["greeting"] == CONTENT.messages("greet", "ar")
    else:
        assert body["error"] == "invalid_languages" and body["detail"]


def test_updates_with_a_bad_held_get_a_clear_answer(server: RunningServer) -> None:
    status, reply = server.post("/webhooks/webchat/updates",
                                json.dumps({"sender": "a" * 16, "after": 0, "held": "yes"}).encode())
    assert (status, reply["error"]) == (400, "invalid_held") and reply["detail"]
