"""French elisions typed without their apostrophe ("il m a enfermee", "j ai plus de telephone", "l argent"): the
space becomes the apostrophe again before the French pattern set reads the text, so every rule written with "m'",
"j'", "l'" or "n'" reads them too.

Phones without an easy apostrophe make this the common spelling (dev_v16: "m a enfermee", "m a confisque", "l ecole",
"j ecris"), and writing each rule twice would never end. One character for one character: the offsets of the cues
found stay those of the text, so nothing else has to map them back.
"""
from __future__ import annotations

import re

# A lone elided word, then a space, then a word starting with a vowel or a mute "h": "m a", "j ai", "l homme",
# "qu il", "n est", "d un", "c est", "s il", "t es". The lone letter must stand alone ("am a", "fm a" are not
# elisions), and the next word must begin with a letter an elision comes before.
# After a number, "j" and "h" are units ("3 j avant"), not elisions.
_ELIDED = re.compile(r"(?<!\S)(?<!\d )(qu|[mjlndcst]) (?=[aeiouyh])")


def restore_elisions(text: str) -> str:
    """`text` with "m a" as "m'a", "j ai" as "j'ai"...: the same length, so character offsets are kept."""
    return _ELIDED.sub(lambda match: match.group(1) + "'", text)
