"""Loads the cue-word lists and switch-request phrases under bot/nlu/language/data, once per process."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.nlu.language.tokens import normalise_phrase

DATA_DIR = Path(__file__).resolve().parent / "data"

CUE_FILES = {
    "fr": "fr.txt",
    "en": "en.txt",
    "ary_latin": "ary_latin.txt",
    "ary_arabic": "ary_arabic.txt",
    "ar": "ar.txt",
    "ar_latin": "ar_latin.txt",
    "arabic_shared": "arabic_shared.txt",
    "foreign": "foreign.txt",
    "formulae": "formulae.txt",
    "places": "places.txt",
}


def read_cues(path: Path) -> dict[str, float]:
    """`word [weight]` per line; a malformed line fails loudly rather than silently weighing nothing."""
    cues: dict[str, float] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.split()
        if len(fields) > 2:
            raise ValueError(f"{path.name}:{number}: expected 'word [weight]', got {line!r}")
        word = normalise_phrase(fields[0])
        if not word or " " in word:
            raise ValueError(f"{path.name}:{number}: {fields[0]!r} is not a single word")
        if word in cues:
            raise ValueError(f"{path.name}:{number}: {fields[0]!r} is listed twice")
        cues[word] = float(fields[1]) if len(fields) == 2 else 1.0
    return cues


@lru_cache(maxsize=1)
def cue_lists() -> dict[str, dict[str, float]]:
    return {name: read_cues(DATA_DIR / filename) for name, filename in CUE_FILES.items()}


@dataclass(frozen=True)
class SwitchLexicon:
    # name phrase (tuple of normalised tokens) -> language code; longest phrases first
    names: tuple[tuple[tuple[str, ...], str], ...]
    around: frozenset[str]
    questions: tuple[tuple[str, ...], ...]  # may appear anywhere in a clause
    orders: tuple[tuple[str, ...], ...]  # count only at the start of a clause


@lru_cache(maxsize=1)
def switch_lexicon() -> SwitchLexicon:
    raw = yaml.safe_load((DATA_DIR / "switch.yml").read_text(encoding="utf-8"))
    names = []
    for code, phrases in raw["names"].items():
        for phrase in phrases:
            names.append((tuple(normalise_phrase(str(phrase)).split()), str(code)))
    names.sort(key=lambda item: -len(item[0]))
    around = frozenset(normalise_phrase(str(word)) for word in raw["around"])
    return SwitchLexicon(tuple(names), around, _phrases(raw["questions"]), _phrases(raw["orders"]))


def _phrases(entries) -> tuple[tuple[str, ...], ...]:  # type: ignore[no-untyped-def]
    return tuple(sorted((tuple(normalise_phrase(str(e)).split()) for e in entries), key=lambda p: -len(p)))
