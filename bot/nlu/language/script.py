"""The script a message is written in (Darija comes in Latin letters or Arabic script), and requests to change it.

Codes are ISO 15924's, lower-cased: "latn" (arabizi: "bghit nrje3 l bladi") and "arab" ("بغيت نرجع لبلادي").
"""
from __future__ import annotations

import re

from bot.nlu.language.tokens import ARABIC, LATIN, clean, normalise_phrase, script_of, tokenise

SCRIPT_LATIN, SCRIPT_ARABIC = "latn", "arab"

# A request is a short message ("ktb b l7rouf l3arbiya 3afak"); a longer one only mentions letters in passing.
MAX_REQUEST_WORDS = 10
_CLAUSE_SPLIT = re.compile(r"[,.;:!?؟،؛\n]+")
# Words that say "letters" or "script"; with a script's name they make a request for that script.
_LETTERS = frozenset(normalise_phrase(w) for w in (
    "letters", "letter", "script", "alphabet", "characters", "lettres", "lettre", "caracteres", "ecriture",
    "7rouf", "hrouf", "7orof", "horof", "7ourouf", "hourouf", "7erf", "7arf",
    "حروف", "الحروف", "حرف", "الحرف", "بحروف", "بالحروف", "الابجدية",
))
_ARABIC_NAMES = frozenset(normalise_phrase(w) for w in (
    "arabic", "arabe", "arab", "3arbiya", "3arbia", "3arabiya", "3arabia", "3arbya", "arabiya", "arbiya",
    "عربية", "العربية", "عربي", "العربي", "العربيه",
))
_LATIN_NAMES = frozenset(normalise_phrase(w) for w in (
    "latin", "latine", "latines", "latins", "latiniya", "latinia", "latinya", "lateeni", "roman",
    "francais", "french", "fransawiya", "fransawia", "fransiya", "fransia",
    "لاتينية", "اللاتينية", "لاتيني", "اللاتيني", "الفرنسية", "فرنسية",
))
# Names of the Latin way of writing Darija: a request on their own ("b l'arabizi 3afak").
_ARABIZI = frozenset(normalise_phrase(w) for w in ("arabizi", "3arabizi", "arabish", "عربيزي", "العربيزي"))
# A negation turns a request into a statement ("ma kan9rach l7rouf l3arbiya"): not acted on either way.
_NEGATIONS = frozenset(normalise_phrase(w) for w in (
    "not", "dont", "don't", "cant", "can't", "cannot", "no", "pas", "ne", "ni", "ma", "machi", "mashi",
    "ما", "ماشي", "لا", "مكن", "مكنقراش", "lla",
))
_LATIN_CLITICS = ("bel", "bil", "bl", "b", "l", "f")
_ARABIC_CLITICS = ("بال", "ب", "ال", "ل")


def message_script(text: str) -> str | None:
    """"latn" or "arab" by the letters most of the message's words are written in; None without words."""
    latin = arabic = 0
    for word in clean(text or "").split():
        script = script_of(word)
        latin += script == LATIN
        arabic += script == ARABIC
    if not latin and not arabic:
        return None
    return SCRIPT_ARABIC if arabic >= latin else SCRIPT_LATIN


def requested_script(text: str) -> str | None:
    """The script the person explicitly asks to be written to in ("write in Arabic letters", "بالحروف اللاتينية",
    "ktb b l'arabizi"), else None. A negated or long clause is a statement, not a request."""
    found: str | None = None
    for clause in _CLAUSE_SPLIT.split((text or "")[:1000]):
        words = [token.norm.replace("'", "") for token in tokenise(clause)]
        if not words or len(words) > MAX_REQUEST_WORDS or any(word in _NEGATIONS for word in words):
            continue
        request = _clause_script(words)
        if request:
            found = request   # the last request wins
    return found


def _clause_script(words: list[str]) -> str | None:
    if any(_matches(word, _ARABIZI) for word in words):
        return SCRIPT_LATIN
    if not any(_matches(word, _LETTERS) for word in words):
        return None
    arabic = any(_matches(word, _ARABIC_NAMES) for word in words)
    latin = any(_matches(word, _LATIN_NAMES) for word in words)
    if arabic == latin:
        return None   # no script named, or both ("Latin or Arabic letters?")
    return SCRIPT_ARABIC if arabic else SCRIPT_LATIN


def _matches(word: str, names: frozenset[str]) -> bool:
    """The word, or the word without a clitic ("bl7rouf", "بالحروف", "l3arbiya"), is one of `names`."""
    if word in names:
        return True
    clitics = _ARABIC_CLITICS if script_of(word) == ARABIC else _LATIN_CLITICS
    return any(word.startswith(c) and word[len(c):] in names for c in clitics)
