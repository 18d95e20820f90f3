"""The web chat page's words: the same keys in every language, the browser's language chosen, numbers to call."""
from __future__ import annotations

import string
from pathlib import Path

import pytest

from bot.channels.webchat.page_texts import (
    TEXTS_DIR,
    choose_language,
    page_texts,
    page_words,
    parse_tags,
    phone_numbers,
    supported_language,
)
from bot.conversation.content import FORMS, load_content
from bot.settings import ROOT, get_settings

CONTENT = load_content(ROOT / "content", ROOT / "content" / "contacts.yml", "0000")
# The values the page fills in, by key; every other text has none.
PLACEHOLDERS = {"error_rate_limited": {"seconds"}, "error_too_long": {"max"}}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_every_word_and_nothing_else() -> None:
    assert sorted(path.stem for path in TEXTS_DIR.glob("*.json")) == sorted(FORMS)
    keys = set(page_words("en"))
    for language in FORMS:
        words = page_words(language)
        assert set(words) == keys, language
        for key, text in words.items():
            assert isinstance(text, str) and text.strip(), (language, key)
            assert fields(text) == PLACEHOLDERS.get(key, set()), (language, key)


@pytest.mark.parametrize("tags, expected", [
    (["ar-MA", "fr"], "ar"), (["de-DE", "en-GB"], "en"), (["ary"], "ary"), (["de", "es"], "fr"), ([], "fr"),
    (["FR_fr"], "fr"),
])
def test_the_first_language_amane_speaks_else_the_default(tags: list[str], expected: str) -> None:
    assert choose_language(tags, "fr") == expected


@pytest.mark.parametrize("value, expected", [
    ("de-DE,ar", ["de-DE", "ar"]), ("", []), (None, []), ("a;b", None), ("en,<script>", None),
    (",".join(["en"] * 11), None),
])
def test_language_lists_from_the_page_are_checked(value: str | None, expected: list[str] | None) -> None:
    assert parse_tags(value) == expected


@pytest.mark.parametrize("tag, expected", [("ar", "ar"), ("en-US", "en"), ("ary", "ary"), ("es", None), (3, None),
                                           ("fr;drop", None), ("ary-Latn", "ary_latn"), ("ary_latn", "ary_latn"),
                                           ("ary-Arab-MA", "ary"), ("fr-Latn", "fr")])
def test_the_language_a_message_may_carry(tag: object, expected: str | None) -> None:
    assert supported_language(tag) == expected


def test_the_numbers_to_call_are_the_contacts_not_the_exit_word(tmp_path: Path) -> None:
    contacts = tmp_path / "contacts.yml"
    contacts.write_text('public: {police: "19", cnclt_line: "0800 00 47 47"}\n'
                        'operator: {iom_contact: "+212 5 37 00 00 00", shelter_contact: "ask at the desk"}\n')
    content = load_content(ROOT / "content", contacts, "0000")
    assert phone_numbers(content) == ["+212 5 37 00 00 00", "0800 00 47 47", "19"]


def test_the_greeting_comes_from_the_content() -> None:
    texts = page_texts(CONTENT, get_settings(), "ary")
    assert texts["greeting"] == CONTENT.messages("greet", "ary")
    assert texts["direction"] == "rtl" and texts["exit_word"] == "0000"
    assert [b["payload"] for b in texts["menu"]][:2] == ["/ask_rights", "/ask_safety"]
    assert [language["name"] for language in texts["languages"]] == [
        CONTENT.raw("language_name", code) for code in FORMS]


def test_darija_in_latin_letters_has_its_own_page() -> None:
    # Someone who writes arabizi reads the page's words in Latin letters, left to right, as "ary-Latn".
    texts = page_texts(CONTENT, get_settings(), "ary_latn")
    assert (texts["language"], texts["lang"], texts["direction"]) == ("ary_latn", "ary-Latn", "ltr")
    assert texts["greeting"] == CONTENT.messages("greet", "ary_latn")
    assert texts["ui"]["send"] == page_words("ary_latn")["send"] != page_words("ary")["send"]
    assert [t["title"] for t in texts["menu"]] == [b.title for b in CONTENT.menu("ary_latn")]
    assert choose_language(["ary-Latn", "fr"], "fr") == "ary_latn"
