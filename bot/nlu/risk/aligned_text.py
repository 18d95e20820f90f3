"""Text normalisation before cue matching, keeping a map back to the user's original characters.

Rules are written once against the normalised form, so spelling noise from cheap phones never has to be
repeated in them.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.nlu.spelling import fold_char

# Separated so that "passeport." or "؟ساعدوني" become two tokens whatever the tokenizer's own rules.
_PADDED = set('.,!?;:،؟؛()[]{}"«»…/*+=<>|~')
# Glued numbers and units ("15ans", "16h", "14yo", "15سنة") are split; a lone Darija digit-letter ("3tini") is kept.
_NUMBER_UNIT = re.compile(
    r"(?<![^\W\d_])(\d{1,3})(ans?|years?|yrs?|yo|h|hrs?|hours?|heures?|j|jours?|days?|sna|snin|"
    r"سنه|سنوات|سنين|عام|ساعه|ساعات|يوم|ايام)(?![^\W\d_])"
)


@dataclass(frozen=True)
class Normalised:
    """The normalised text and, for each of its characters, the span of original characters it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of normalised text[start:end] (end exclusive)."""
        if end <= start:
            return self.starts[start], self.starts[start]
        return self.starts[start], self.ends[end - 1]


def _fold_char(char: str) -> str:
    return " " if char.isspace() else fold_char(char)


def fold_chars(text: str) -> str:
    """The per-character folds only (no padding, no shortening): for regexes and affixes in the pattern files."""
    return "".join(_fold_char(char) for char in text)


def normalise(text: str) -> Normalised:
    """Lowercase, strip accents and Arabic diacritics, fold letter variants, pad punctuation, shorten elongations."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        if not folded or (index and char == text[index - 1] and _is_symbol(char) and ends):
            # A dropped mark belongs to the letter before it, so a cue ending on that letter still covers it;
            # a repeated emoji ("😂😂😂") is one: a run of thousands would make one huge token, slow to split.
            if ends:
                ends[-1] = index + 1
                if chars[-1] == " " and len(chars) > 1:  # the padding after an emoji: the emoji itself grows
                    ends[-2] = starts[-1] = index + 1
            continue
        for piece in folded:
            if piece in _PADDED or _is_symbol(piece):
                _append(chars, starts, ends, " ", index, index)
                _append(chars, starts, ends, piece, index, index + 1)
                _append(chars, starts, ends, " ", index + 1, index + 1)
            else:
                _append(chars, starts, ends, piece, index, index + 1)
    chars, starts, ends = _shorten_elongations(chars, starts, ends)
    chars, starts, ends = _split_number_units(chars, starts, ends)
    return _collapse_spaces(chars, starts, ends)


def _is_symbol(char: str) -> bool:
    """Emoji and other pictographs: padded like punctuation, so "مساعدة😢" or "help🙏" are two tokens."""
    return unicodedata.category(char) == "So"


def _append(chars: list[str], starts: list[int], ends: list[int], char: str, start: int, end: int) -> None:
    chars.append(char)
    starts.append(start)
    ends.append(end)


def _shorten_elongations(chars: list[str], starts: list[int], ends: list[int]
                         ) -> tuple[list[str], list[int], list[int]]:
    """Three or more of the same letter become one: "heeelp", "ساعدوووني", "3afaaak" are stress, not spelling."""
    out_c: list[str] = []
    out_s: list[int] = []
    out_e: list[int] = []
    i = 0
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and chars[j + 1] == chars[i]:
            j += 1
        if j - i >= 2 and chars[i].isalpha():
            _append(out_c, out_s, out_e, chars[i], starts[i], ends[j])
        else:
            for k in range(i, j + 1):
                _append(out_c, out_s, out_e, chars[k], starts[k], ends[k])
        i = j + 1
    return out_c, out_s, out_e


def _split_number_units(chars: list[str], starts: list[int], ends: list[int]) -> tuple[list[str], list[int], list[int]]:
    joined = "".join(chars)
    cuts = [m.end(1) for m in _NUMBER_UNIT.finditer(joined)]
    if not cuts:
        return chars, starts, ends
    out_c: list[str] = []
    out_s: list[int] = []
    out_e: list[int] = []
    cut_set = set(cuts)
    for i, char in enumerate(chars):
        if i in cut_set:
            _append(out_c, out_s, out_e, " ", starts[i], starts[i])
        _append(out_c, out_s, out_e, char, starts[i], ends[i])
    return out_c, out_s, out_e


def _collapse_spaces(chars: list[str], starts: list[int], ends: list[int]) -> Normalised:
    out_c: list[str] = []
    out_s: list[int] = []
    out_e: list[int] = []
    for char, start, end in zip(chars, starts, ends, strict=True):
        if char == " " and (not out_c or out_c[-1] == " "):
            continue
        _append(out_c, out_s, out_e, char, start, end)
    while out_c and out_c[-1] == " ":
        out_c.pop()
        out_s.pop()
        out_e.pop()
    return Normalised("".join(out_c), tuple(out_s), tuple(out_e))


_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
_LATIN_LETTER = re.compile(r"[a-z]")


def scripts_in(normalised_text: str) -> set[str]:
    """Which scripts ("arabic", "latin") the text uses, to choose the pattern sets worth running."""
    found = set()
    if _ARABIC_LETTER.search(normalised_text):
        found.add("arabic")
    if _LATIN_LETTER.search(normalised_text):
        found.add("latin")
    return found
