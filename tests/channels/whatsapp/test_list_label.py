"""The button that opens a WhatsApp list: in the reply's language, "menu" for the menu, "choose" for any other list,
or the operator's one label (AMANE_WHATSAPP_LIST_LABEL) when set."""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest

from bot.app.wiring import WhatsAppAdapter, build_delivery
from bot.channels.whatsapp import parse_webhook
from bot.channels.whatsapp.send import LIST_BUTTON_LABEL_MAX
from bot.conversation.content import LANGUAGES, Content, content_for, reply_form
from bot.conversation.messages import IncomingMessage
from bot.messaging.messages import OutgoingMessage
from bot.settings import Settings, get_settings
from bot.store import OutboundMessage, create_schema, session_scope
from tests.channels.whatsapp.harness import ACCESS_TOKEN, APP_SECRET, PHONE_NUMBER_ID, load_fixture

TO = "212600000001"


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch) -> Settings:
    """WhatsApp switched on, with the default (empty) list label."""
    monkeypatch.setenv("AMANE_WHATSAPP_ACCESS_TOKEN", ACCESS_TOKEN)
    monkeypatch.setenv("AMANE_WHATSAPP_APP_SECRET", APP_SECRET)
    monkeypatch.setenv("AMANE_WHATSAPP_PHONE_NUMBER_ID", PHONE_NUMBER_ID)
    get_settings.cache_clear()
    return get_settings()


@pytest.fixture
def content(settings: Settings) -> Content:
    return content_for(settings)


def adapter_for(settings: Settings, content: Content, http: httpx.AsyncClient, override: str = "") -> WhatsAppAdapter:
    return WhatsAppAdapter(replace(settings.whatsapp, list_button_label=override), http, content,
                           settings.default_language)


def menu(content: Content, language: str) -> list[tuple[str, str]]:
    return [(button.title, button.payload) for button in content.menu(language)]


def screening(content: Content, language: str) -> list[tuple[str, str]]:
    """Yes / no / skip / stop, as actions/turn.py screening_buttons sends them."""
    return [(content.raw("buttons.yes", language), "/affirm"), (content.raw("buttons.no", language), "/deny"),
            (content.raw("buttons.skip", language), "/skip_question"),
            (content.raw("buttons.stop", language), "/stop_screening")]


def list_button(payloads: list[dict[str, Any]]) -> str:
    """The opening button of the one list among the payloads."""
    (interactive,) = [p["interactive"] for p in payloads if p.get("type") == "interactive"]
    assert interactive["type"] == "list"
    return interactive["action"]["button"]


@dataclass(frozen=True)
class Case:
    name: str
    buttons: str                # "menu", "screening", or "menu+deny" (menu rows and one other choice)
    language: str | None     # the reply's language; None: not known (the default language is used)
    expected: tuple[str, str]   # (content key, language) of the label


CASES = [
    Case("screening question in Darija: choose", "screening", "ary", ("buttons.list_choose", "ary")),
    Case("the menu in French: menu", "menu", "fr", ("buttons.list_menu", "fr")),
    Case("the menu in Darija: menu", "menu", "ary", ("buttons.list_menu", "ary")),
    Case("screening question in Arabic: choose", "screening", "ar", ("buttons.list_choose", "ar")),
    Case("screening question in English: choose", "screening", "en", ("buttons.list_choose", "en")),
    Case("part of the menu is still the menu", "menu[:5]", "ar", ("buttons.list_menu", "ar")),
    Case("menu rows and another choice: choose", "menu+deny", "en", ("buttons.list_choose", "en")),
    Case("language not known: the default language's", "menu", None, ("buttons.list_menu", "fr")),
]


def buttons_of(case: Case, content: Content) -> list[tuple[str, str]]:
    language = case.language or "fr"
    if case.buttons == "screening":
        return screening(content, language)
    if case.buttons == "menu[:5]":
        return menu(content, language)[:5]
    if case.buttons == "menu+deny":
        return menu(content, language)[:4] + [(content.raw("buttons.no", language), "/deny")]
    return menu(content, language)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_label_follows_the_language_and_the_list(case: Case, settings: Settings, content: Content,
                                                  http: httpx.AsyncClient) -> None:
    message = OutgoingMessage("...", buttons_of(case, content), case.language)
    label = list_button(adapter_for(settings, content, http).build(TO, message))
    assert label == content.raw(*case.expected)


def test_darija_and_french_labels_are_their_own(settings: Settings, content: Content,
                                                 http: httpx.AsyncClient) -> None:
    # Not "Menu" in English on a Darija screening question: the words differ per language and per list.
    adapter = adapter_for(settings, content, http)
    ary_choose = list_button(adapter.build(TO, OutgoingMessage("...", screening(content, "ary"), "ary")))
    fr_menu = list_button(adapter.build(TO, OutgoingMessage("...", menu(content, "fr"), "fr")))
    ary_menu = list_button(adapter.build(TO, OutgoingMessage("...", menu(content, "ary"), "ary")))
    assert len({ary_choose, fr_menu, ary_menu}) == 3
    assert "Menu" not in (ary_choose, ary_menu)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", ["buttons.list_menu", "buttons.list_choose"])
def test_labels_fit_whatsapp_uncut(language: str, key: str, content: Content) -> None:
    label = content.raw(key, language)
    assert isinstance(label, str) and label.strip()
    assert len(label) <= LIST_BUTTON_LABEL_MAX, f"{language}:{key} has {len(label)} characters"


@pytest.mark.parametrize("language", LANGUAGES)
def test_override_is_one_label_everywhere(language: str, settings: Settings, content: Content,
                                          http: httpx.AsyncClient) -> None:
    adapter = adapter_for(settings, content, http, override="Options")
    for buttons in (menu(content, language), screening(content, language)):
        assert list_button(adapter.build(TO, OutgoingMessage("...", buttons, language))) == "Options"


def test_override_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    assert settings.whatsapp.list_button_label == ""   # the default: the content's labels
    monkeypatch.setenv("AMANE_WHATSAPP_LIST_LABEL", "Options")
    get_settings.cache_clear()
    assert get_settings().whatsapp.list_button_label == "Options"


def test_reply_buttons_and_plain_texts_have_no_list_label(settings: Settings, content: Content,
                                                          http: httpx.AsyncClient) -> None:
    adapter = adapter_for(settings, content, http)
    (buttons,) = adapter.build(TO, OutgoingMessage("...", screening(content, "ary")[:3], "ary"))
    assert buttons["interactive"]["type"] == "button" and "button" not in buttons["interactive"]["action"]
    (plain,) = adapter.build(TO, OutgoingMessage("Salam", language="ary"))
    assert plain["type"] == "text"


# -- through the inbox: the conversation's reply language reaches the adapter -----------------------------------
class ListsAgent:
    """Stands in for Rasa: answers every message with a screening question, then the menu, in the turn's language."""

    def __init__(self, content: Content) -> None:
        self.content = content

    async def handle_message(self, message: Any) -> None:
        language = reply_form(message.metadata["language"], message.metadata.get("script"))
        for text, buttons in ((self.content.raw("screening.questions.free_to_leave", language),
                               screening(self.content, language)),
                              (self.content.raw("menu_prompt", language), menu(self.content, language))):
            await message.output_channel.send_response(
                message.sender_id, {"text": text, "buttons": [{"title": t, "payload": p} for t, p in buttons]})


@pytest.mark.parametrize("incoming, language", [
    (parse_webhook(load_fixture("hello.json")).messages[0], "ary_latn"),   # "bghit nrje3 l bladi": Latin letters
    (IncomingMessage("whatsapp", "212600000002", "Bonjour, je voudrais connaître mes droits au travail",
                     external_id="wamid.FAKEFRENCH00000000000000"), "fr"),
], ids=["darija", "french"])
async def test_inbox_replies_carry_the_conversation_language(incoming: IncomingMessage, language: str,
                                                             settings: Settings, content: Content) -> None:
    create_schema()
    delivery = build_delivery(settings)
    try:
        assert delivery.inbox.accept(incoming)
        assert await delivery.inbox.process_pending(ListsAgent(content)) == 1
    finally:
        await delivery.http.aclose()
    with session_scope() as session:
        rows = session.query(OutboundMessage).order_by(OutboundMessage.id).all()
        payloads = [json.loads(delivery.inbox.sealer.open(row.sealed_message)) for row in rows]
    lists = [p["interactive"]["action"]["button"] for p in payloads if p.get("type") == "interactive"]
    assert lists == [content.raw("buttons.list_choose", language), content.raw("buttons.list_menu", language)]
