"""Spelling normalisation shared by the NLU features, language detection and risk cues.

People write "hopital", "hôpital" and "HOPITAL", "إسعاف" and "اسعاف", "مساعدة" and "مساعده",
"saaalam" and "salam": one form for each lets small word lists and a small training set cover them all.
"""
from __future__ import annotations

import re
import unicodedata

# Letters typed interchangeably, folded to one form before accents and marks are dropped.
LETTER_VARIANTS = str.maketrans({
    # Arabic: hamza seats, ta marbuta, alef maqsura (NFKD handles أ إ آ ؤ ئ once the mark is dropped).
    "ٱ": "ا", "ة": "ه", "ى": "ي",
    # Persian/Urdu keyboard letters and the letters Darija uses for g, p, v, zh, ch in loanwords.
    "ک": "ك", "ی": "ي", "گ": "ك", "ڭ": "ك", "ݣ": "ك", "پ": "ب", "ڤ": "ف", "ژ": "ز", "چ": "ش",
    "ـ": None,  # tatweel only stretches a word
    # Latin ligatures and the apostrophes phone keyboards produce.
    "œ": "oe", "æ": "ae", "ß": "ss", "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"',
    # Arabic-Indic and Persian digits.
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
})
# A letter three or more times in a row is stress ("merciii", "bzzzaf", "شكراااا"), not spelling.
ELONGATION = re.compile(r"([^\W\d_])\1{2,}")


def fold_char(char: str) -> str:
    """One character in its folded form: lower case, one letter variant, no accent or Arabic mark.

    May return "" (a dropped mark) or two characters (a ligature).
    """
    char = char.lower().translate(LETTER_VARIANTS)
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))


def fold(text: str) -> str:
    return "".join(fold_char(char) for char in text)


def squeeze_elongations(text: str) -> str:
    return ELONGATION.sub(r"\1", text)


def normalise(text: str) -> str:
    return squeeze_elongations(fold(text))
