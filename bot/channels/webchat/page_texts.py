"""What the web chat page shows before and around the conversation, in the visitor's language.

The greeting, the menu and the numbers come from the server's content (content/<lang>.yml, contacts.yml), so facts
stay in one place; the page's own words (buttons, errors, "a person has joined") from page/texts/<lang>.json.
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from bot.conversation.content import DARIJA_LATIN, FORMS, LANGUAGES, RIGHT_TO_LEFT, Content
from bot.settings import Settings

TEXTS_DIR = Path(__file__).parent / "page" / "texts"
# An IETF language tag as browsers give them ("fr", "ar-MA", "en-GB", "ary"), or the page's own "ary_latn".
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}$")
MAX_TAGS = 10
# A contact that is a number to call: digits, with the spaces, dots, dashes or a leading + people write.
# The IETF tag of each form, for the page's `lang` attribute: Darija in Latin letters is "ary-Latn".
IETF_TAGS = {DARIJA_LATIN: "ary-Latn"}
PHONE_NUMBER = re.compile(r"^\+?[0-9][0-9 .-]*[0-9]$|^[0-9]$")


@functools.cache
def page_words(language: str) -> dict[str, str]:
    with (TEXTS_DIR / f"{language}.json").open(encoding="utf-8") as handle:
        words: dict[str, str] = json.load(handle)
    return words


def supported_language(tag: Any) -> str | None:
    """A browser's language tag as one of the reply forms ("ar-MA" -> "ar", "ary" -> "ary", "ary-Latn" and the
    page's own "ary_latn" -> "ary_latn"), or None."""
    if not isinstance(tag, str) or not LANGUAGE_TAG.match(tag):
        return None
    subtags = tag.lower().replace("_", "-").split("-")
    if subtags[0] == "ary" and "latn" in subtags[1:]:
        return DARIJA_LATIN
    return subtags[0] if subtags[0] in LANGUAGES else None


def choose_language(tags: list[str], default: str) -> str:
    """The first of the browser's languages that Amane speaks, else the operator's default."""
    for tag in tags:
        language = supported_language(tag)
        if language:
            return language
    return default if default in FORMS else LANGUAGES[0]


def parse_tags(value: str | None) -> list[str] | None:
    """`?languages=de-DE,ar,fr` as a list of tags; None when the value is not such a list."""
    tags = [tag.strip() for tag in (value or "").split(",") if tag.strip()]
    if len(tags) > MAX_TAGS or not all(LANGUAGE_TAG.match(tag) for tag in tags):
        return None
    return tags


def phone_numbers(content: Content) -> list[str]:
    """The numbers the content may show, as written: the page makes them links to call."""
    contacts = {**content.public, **content.operator}
    contacts.pop("exit_word", None)  # "0000" is no number to call
    found = {value for value in contacts.values() if value and PHONE_NUMBER.match(value)}
    return sorted(found, key=len, reverse=True)


def page_texts(content: Content, settings: Settings, language: str) -> dict[str, Any]:
    """Everything the page needs in one language: greeting, menu, language names, numbers, its own words."""
    return {
        "language": language,
        "lang": IETF_TAGS.get(language, language),
        "name": content.persona_name or content.raw("persona_name", language),
        "direction": "rtl" if language in RIGHT_TO_LEFT else "ltr",
        "exit_word": settings.exit_word,
        "greeting": content.messages("greet", language),
        "menu_prompt": content.messages("menu_prompt", language),
        "menu": [{"title": button.title, "payload": button.payload} for button in content.menu(language)],
        # Each language's own name: the page sends it as a message, which the server takes as a request to switch
        # (Darija's two: "Darija" written in Latin letters asks for them, "الدارجة" for Arabic script).
        "languages": [{"code": code, "lang": IETF_TAGS.get(code, code), "name": content.raw("language_name", code)}
                      for code in FORMS],
        "phones": phone_numbers(content),
        "ui": page_words(language),
    }
