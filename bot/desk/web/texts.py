"""The desk's labels per language (texts/<lang>.yml) and the choice of language for a request."""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

TEXTS_DIR = Path(__file__).resolve().parent / "texts"
LANGUAGES = ("fr", "en", "ar")
DEFAULT_LANGUAGE = "fr"
RIGHT_TO_LEFT = ("ar",)
# How each language names itself, for the language switch.
NAMES = {"fr": "Français", "en": "English", "ar": "العربية"}


def flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    """{"a": {"b": "x"}} -> {"a.b": "x"}: templates name labels by dotted keys."""
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@functools.cache
def table(language: str) -> dict[str, str]:
    with (TEXTS_DIR / f"{language}.yml").open(encoding="utf-8") as handle:
        return flatten(yaml.safe_load(handle) or {})


class Texts:
    """Callable from templates: t("queue.title"), t("case.title", id=3), t.label("indicator", code)."""

    def __init__(self, language: str | None) -> None:
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self._table = table(self.language)

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RIGHT_TO_LEFT else "ltr"

    def __call__(self, key: str, **values: object) -> str:
        # A missing key shows itself rather than crashing a page; the texts test keeps them all present.
        text = self._table.get(key, key)
        return text.format(**values) if values else text

    def label(self, group: str, code: str | None) -> str:
        """The human label of a code (an indicator, a status); the code itself if there is none."""
        return self._table.get(f"{group}.{code}", str(code))

    def has(self, key: str) -> bool:
        return key in self._table


def choose_language(cookie: str | None, accept_language: str | None) -> str:
    """The language switch's cookie, else the browser's preference, else French."""
    if cookie in LANGUAGES:
        return cookie
    ranked = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.split("-")[0].strip().lower()))
    for negative_quality, _, primary in sorted(ranked):
        if primary in LANGUAGES and negative_quality < 0:  # q=0 means "not this one"
            return primary
    return DEFAULT_LANGUAGE
