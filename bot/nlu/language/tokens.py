"""Text normalisation and tokenisation shared by language detection and switch requests."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.nlu.spelling import fold

# Harakat, Quranic marks and tatweel carry no lexical information and break word matching.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LATIN_EXTRA = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'", "`": "'", "ʼ": "'"})
# A letter repeated three or more times is emphasis ("merciii", "bzzzaf", "شكراااا").
_ELONGATION = re.compile(r"([^\W\d_])\1{2,}")
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")

LATIN, ARABIC, OTHER, DIGITS = "latin", "arabic", "other", "digits"


def is_arabic_char(ch: str) -> bool:
    code = ord(ch)
    return 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0x08A0 <= code <= 0x08FF


def is_latin_char(ch: str) -> bool:
    # Latin-1, Latin Extended A/B and IPA extensions (ɛ ɔ ŋ ɲ of Bambara, Wolof, Lingala).
    return ch.isascii() or 0x00C0 <= ord(ch) <= 0x02AF


def clean(text: str) -> str:
    """Compatibility forms, Arabic marks and letter elongation removed; case kept."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _ARABIC_MARKS.sub("", text).translate(_LATIN_EXTRA)
    return _ELONGATION.sub(r"\1", text)


@dataclass(frozen=True)
class Token:
    raw: str  # as typed, lower-cased (accents kept: they are evidence for French)
    norm: str  # folded Latin or normalised Arabic, the form cue lists are matched against
    script: str  # LATIN, ARABIC, OTHER or DIGITS


def script_of(word: str) -> str:
    letters = [ch for ch in word if ch.isalpha()]
    if not letters:
        return DIGITS
    arabic = sum(1 for ch in letters if is_arabic_char(ch))
    latin = sum(1 for ch in letters if is_latin_char(ch))
    if arabic >= latin and arabic * 2 >= len(letters):
        return ARABIC
    if latin * 2 >= len(letters):
        return LATIN
    return OTHER


def tokenise(text: str) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(clean(text).lower()):
        raw = match.group(0)
        script = script_of(raw)
        # Folded for lookup (accents, Arabic letter variants); other scripts are kept as they are.
        norm = fold(raw) if script in (ARABIC, LATIN) else raw
        tokens.append(Token(raw, norm, script))
    return tokens


def normalise_phrase(phrase: str) -> str:
    """Normalised, space-joined tokens of a phrase from a data file."""
    return " ".join(token.norm.replace("'", "") for token in tokenise(phrase))
