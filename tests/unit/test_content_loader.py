"""The content loader fills numbers from contacts.yml and builds menus for every language."""
from __future__ import annotations

import re

import pytest

from bot.conversation.content import FORMS, Content, form_language, form_script, load_content, reply_form
from bot.nlu.spelling import normalise
from bot.settings import ROOT

CONTENT = load_content(ROOT / "content", ROOT / "content" / "contacts.yml", "0000")  # the defaults


@pytest.mark.parametrize("language", FORMS)
def test_every_answer_renders_without_placeholders(language: str) -> None:
    for intent in ("ask_rights", "ask_safety", "ask_voluntary_return", "ask_shelter", "ask_legal_aid",
                   "ask_health", "ask_hotline"):
        for text in CONTENT.messages(f"answers.{intent}", language):
            assert "{" not in text and "}" not in text


@pytest.mark.parametrize("language", FORMS)
def test_hotline_and_emergency_show_the_confirmed_numbers(language: str) -> None:
    # As a reader sees them: no-break spaces and direction isolates are layout, not content.
    hotline = " ".join(CONTENT.messages("answers.ask_hotline", language)).replace("\u00a0", " ")
    hotline = hotline.replace("\u2066", "").replace("\u2069", "")
    for number in ("0800 00 47 47", "19", "177", "15", "8350", "2511"):
        assert re.search(rf"(?<!\d){re.escape(number)}(?!\d)", hotline), (language, number)
    assert "19" in CONTENT.messages("emergency", language)[0]


@pytest.mark.parametrize("language", FORMS)
def test_menu_has_every_topic_with_intent_payloads(language: str) -> None:
    menu = CONTENT.menu(language)
    # Written out, not built from MENU_INTENTS (what the menu is made from): the eight topics and their intents.
    assert [b.payload for b in menu] == ["/ask_rights", "/ask_safety", "/ask_voluntary_return", "/ask_shelter",
                                         "/ask_legal_aid", "/ask_health", "/ask_hotline", "/request_human"]
    assert all(0 < len(b.title) <= 20 for b in menu)


def test_unconfigured_operator_contacts_add_no_line() -> None:
    assert CONTENT.operator_lines("fr", ("iom_contact", "shelter_contact")) == []


def test_normalise_unifies_spelling_variants() -> None:
    assert normalise("HÔPITAL") == normalise("hopital")
    assert normalise("إسعاف") == normalise("اسعاف")
    assert normalise("مساعدة") == normalise("مساعده")
    assert normalise("merciiiii") == "merci"


def test_numbers_stay_whole_and_in_order_in_right_to_left_languages() -> None:
    emergency = CONTENT.messages("answers.ask_hotline", "ary")
    assert any("\u20660800\u00a000\u00a047\u00a047\u2069" in text for text in emergency)
    assert "0800 00 47 47" in " ".join(CONTENT.messages("answers.ask_hotline", "fr"))


def test_persona_name_is_the_contents_own_unless_the_operator_sets_one() -> None:
    assert CONTENT.messages("greet", "fr")[0].startswith("Bonjour, je suis Amane.")
    assert "أنا أمان" in CONTENT.messages("greet", "ary")[0]
    neutral = load_content(ROOT / "content", ROOT / "content" / "contacts.yml", "0000", "Nour")
    assert neutral.messages("greet", "en")[0].startswith("Hello, I am Nour.")
    assert "Nour" in neutral.messages("bot_challenge", "ar")[0]


def test_darija_in_latin_letters_is_its_own_form_of_darija() -> None:
    assert reply_form("ary", "latn") == "ary_latn"
    assert reply_form("ary", "arab") == reply_form("ary", None) == "ary"
    assert reply_form("fr", "latn") == "fr"   # only Darija has two scripts
    assert (form_language("ary_latn"), form_script("ary_latn")) == ("ary", "latn")
    assert (form_language("ary"), form_script("ary")) == ("ary", "arab")
    assert (form_language("en"), form_script("en")) == ("en", None)


def test_latin_darija_texts_come_from_their_own_file() -> None:
    assert CONTENT.messages("greet", "ary_latn")[0].startswith("Salam, ana Amane.")
    assert [b.title for b in CONTENT.yes_no("ary_latn")] == ["Iyeh", "La"]
    # Left to right: numbers are written as they are, without the right-to-left isolates.
    assert "\u2066" not in " ".join(CONTENT.messages("emergency", "ary_latn"))


def test_a_key_not_yet_in_latin_letters_is_said_in_arabic_script_rather_than_lost(tmp_path) -> None:
    root = ROOT / "content"
    for name in ("fr", "en", "ar", "ary"):
        (tmp_path / f"{name}.yml").write_text((root / f"{name}.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "ary_latn.yml").write_text('persona_name: "Amane"\naffirm: "Wakha."\n', encoding="utf-8")
    content = Content(tmp_path, root / "contacts.yml", "0000", "")
    assert content.messages("affirm", "ary_latn") == ["Wakha."]
    assert content.messages("deny", "ary_latn") == content.messages("deny", "ary")
    with pytest.raises(KeyError):
        content.raw("no_such_key", "ary_latn")
