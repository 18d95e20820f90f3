"""What all channels share: splitting long texts at a channel's limit."""
from __future__ import annotations

from typing import List


def split_text(text: str, limit: int) -> List[str]:
    """Pieces of at most `limit` characters, cut at a paragraph, line, sentence or word end when possible."""
    if limit <= 0:
        raise ValueError("limit must be positive")
    pieces: List[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _best_cut(rest[:limit])
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


# Preferred breaks, best first: a paragraph, a line, a sentence, a word.
BREAKS = (("\n\n",), ("\n",), (". ", "? ", "! ", "؟ ", "۔ "), (" ",))


def _best_cut(window: str) -> int:
    for separators in BREAKS:
        cut = max(window.rfind(sep) for sep in separators)
        # A break in the first third would leave a tiny piece: try a weaker kind of break instead.
        if cut > len(window) // 3:
            return cut + 1
    return len(window)
