"""Spelling normalisation shared by the NLU features: case, accents, Arabic letter variants, elongations.

People write "hopital", "hôpital" and "HOPITAL", "إسعاف" and "اسعاف", "مساعدة" and "مساعده",
"saaalam" and "salam": one form for each lets a small training set cover them all.
"""
from __future__ import annotations

import re
import unicodedata

ARABIC_VARIANTS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي",
    "ـ": None,  # tatweel, a stretching stroke
    "گ": "ك", "ڭ": "ك", "ک": "ك", "پ": "ب", "ڤ": "ف", "ی": "ي",
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
})
REPEATS = re.compile(r"(.)\1{2,}")


def normalise(text: str) -> str:
    text = text.casefold().translate(ARABIC_VARIANTS)
    # Dropping combining marks removes French accents and Arabic short vowels alike.
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    text = unicodedata.normalize("NFC", text)
    # "merciiii", "شكراااا": three or more of a letter become two.
    return REPEATS.sub(r"\1\1", text)
