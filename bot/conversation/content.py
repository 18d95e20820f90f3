"""Texts shown to users: one YAML file per language under content/, numbers filled from contacts.yml."""
from __future__ import annotations

import functools
import string
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from bot.settings import Settings

LANGUAGES = ("fr", "en", "ar", "ary")
# Darija in Latin letters (arabizi: "bghit nrje3 l bladi"), for people who write it so. Its language is still "ary"
# everywhere a language is counted or shown (cases, figures, `python -m bot parse`); only the texts differ.
DARIJA_LATIN = "ary_latn"
# The forms a reply can take, one content file each: the languages, and Darija's second script.
FORMS = (*LANGUAGES, DARIJA_LATIN)
# A form that lacks a key (one added to ary.yml before its Latin version) says it in the other script rather than fail.
FORM_FALLBACK = {DARIJA_LATIN: "ary"}
LATIN, ARABIC = "latn", "arab"   # the scripts Darija is written in
RIGHT_TO_LEFT = {"ar", "ary"}
NBSP = "\u00a0"
MENU_INTENTS = (
    "ask_rights", "ask_safety", "ask_voluntary_return", "ask_shelter",
    "ask_legal_aid", "ask_health", "ask_hotline", "request_human",
)


@dataclass(frozen=True)
class Button:
    title: str
    payload: str   # "/intent" is understood by Rasa without NLU


class Content:
    """All languages' texts and the contacts, loaded once per process."""

    def __init__(self, content_dir: Path, contacts_file: Path, exit_word: str, persona_name: str) -> None:
        self._texts = {form: _load_yaml(content_dir / f"{form}.yml") for form in FORMS}
        contacts = _load_yaml(contacts_file)
        self.public = {k: str(v) for k, v in (contacts.get("public") or {}).items()}
        self.public["exit_word"] = exit_word
        self.persona_name = persona_name  # empty: each language's own persona_name
        self.operator = {k: str(v or "") for k, v in (contacts.get("operator") or {}).items()}

    def raw(self, key: str, language: str) -> Any:
        """The key's value in a form (a language, or "ary_latn")."""
        form = language if language in self._texts else LANGUAGES[0]
        try:
            return _lookup(self._texts[form], key)
        except (KeyError, TypeError):
            if form not in FORM_FALLBACK:
                raise
            return _lookup(self._texts[FORM_FALLBACK[form]], key)

    def messages(self, key: str, language: str) -> list[str]:
        """The key's text as a list of messages, with placeholders filled."""
        value = self.raw(key, language)
        parts = value if isinstance(value, list) else [value]
        return [self.fill(str(p), language) for p in parts]

    def fill(self, text: str, language: str) -> str:
        values = {**self.public, **self.operator}
        if language in RIGHT_TO_LEFT:
            # In a right-to-left line "0800 00 47 47" shows its digit groups in reverse order, and may
            # wrap between them: no-break spaces join the groups into one number, and a left-to-right
            # isolate keeps each value (a configured contact too) as written.
            values = {name: f"\u2066{value.replace(' ', NBSP)}\u2069" if value else value
                      for name, value in values.items()}
        values["persona_name"] = self.persona_name or self.raw("persona_name", language)
        return text.format(**values)

    def operator_lines(self, language: str, names: tuple[str, ...]) -> list[str]:
        """Lines for the operator's contacts that are configured; unconfigured ones are left out."""
        return [self.fill(self.raw(f"operator.{n}", language), language) for n in names if self.operator.get(n)]

    def menu(self, language: str) -> list[Button]:
        return [Button(self.raw(f"menu.{i}", language), f"/{i}") for i in MENU_INTENTS]

    def yes_no(self, language: str) -> list[Button]:
        return [
            Button(self.raw("buttons.yes", language), "/affirm"),
            Button(self.raw("buttons.no", language), "/deny"),
        ]

    def yes_later(self, language: str) -> list[Button]:
        """For "is it safe to write now?": not now means later, never a refusal."""
        return [
            Button(self.raw("buttons.yes", language), "/affirm"),
            Button(self.raw("buttons.later", language), "/deny"),
        ]


def reply_form(language: str, script: str | None) -> str:
    """The content form for a language and the script the person writes it in: Darija in Latin letters has its own."""
    return DARIJA_LATIN if language == "ary" and script == LATIN else language


def form_language(form: str | None) -> str | None:
    """The language of a form ("ary_latn" -> "ary"): what cases, figures and the parse contract record."""
    return FORM_FALLBACK.get(form, form) if form else form


def form_script(form: str | None) -> str | None:
    """The script of a Darija form ("latn" or "arab"); None for the other languages."""
    if form == DARIJA_LATIN:
        return LATIN
    return ARABIC if form == "ary" else None


def _lookup(texts: dict, key: str) -> Any:
    node: Any = texts
    for part in key.split("."):
        node = node[part]
    return node


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _load_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


@functools.cache
def load_content(content_dir: Path, contacts_file: Path, exit_word: str, persona_name: str = "") -> Content:
    return Content(content_dir, contacts_file, exit_word, persona_name)


def content_for(settings: Settings) -> Content:
    """The content this process shows, with the operator's contacts and exit word."""
    return load_content(settings.content_dir, settings.contacts_file, settings.exit_word, settings.persona_name)
