"""A child named in the words of a message the risk logic escalated, which its cues did not mark as a child: "two boys
maybe 8 years beg ... a man slaps them", "a girl 13 who works here", "drari sghar" (small children), "une petite
fille" (found on conversations_dev_v15; the cues' `minor` needs an age said their way, "8 years old", "12 ans").

Such a message is answered as a child's (actions/children.py: words fit for a child, the children's line 2511) and
the case hears `minor`, urgent as the product wants for a child. Only on a message already escalated: a child named
in a question ("a bed for me and my children") is no case. Compared on the lowercased words, punctuation removed.
"""
from __future__ import annotations

from actions.phrases import padded_words, says_phrase
from actions.turn import Turn

# Words that name a child whatever the age said.
CHILD_PHRASES = (
    "child", "children", "kid", "kids", "little girl", "little girls", "little boy", "little boys", "small children",
    "small kids", "minor", "minors",
    "enfant", "enfants", "petite fille", "petites filles", "petit garçon", "petit garcon", "petits garçons",
    "petits garcons", "gamin", "gamins", "gamine", "gamines", "mineur", "mineure", "mineurs", "mineures",
    "طفل", "طفلة", "أطفال", "اطفال", "الطفل", "الطفلة", "الأطفال", "الاطفال", "قاصر", "قاصرة", "قاصرين", "بنت صغيرة",
    "ولد صغير", "بنات صغار", "ولاد صغار",
    "دراري صغار", "الدراري الصغار", "دري صغير", "وليد صغير", "بنيتة",
    "drari sghar", "ddrari sghar", "ddrari ssghar", "dri sghir", "bent sghira", "bnt sghira", "wlad sghar", "tfl",
    "tfla", "tifl", "atfal", "l atfal", "9aser", "9asra", "9asrin",
)
# A girl or a boy, with an age under 18 said just after ("a girl 13", "two boys maybe 8 years", "fille de 12 ans").
YOUNG_NOUNS = frozenset({
    "girl", "girls", "boy", "boys", "fille", "filles", "garçon", "garcon", "garçons", "garcons",
    "بنت", "بنات", "ولد", "أولاد", "اولاد", "ولاد", "bent", "bnt", "bnat", "weld", "wld", "wlad",
})
AGE_WINDOW = 4
ADULT = 18
# The writer's own children named as family ("he keeps my passport and my kids are back home", "mes enfants") are
# not a child in the case: a parent's disclosure is not urgent for that (the cues' kin_age reads "my son is 12").
POSSESSIVES = ("my", "our", "mes", "mon", "ma", "nos", "notre")


def child_named(turn: Turn) -> bool:
    """The words name a child (CHILD_PHRASES, not after "my", "mes"...), or a girl or boy with an age under ADULT
    just after."""
    padded = padded_words(turn.text, " ")
    for phrase in CHILD_PHRASES:
        for possessive in POSSESSIVES:
            padded = padded.replace(f" {possessive} {phrase} ", " ")
    if says_phrase(padded, CHILD_PHRASES):
        return True
    words = padded.split()
    for index, word in enumerate(words):
        if word in YOUNG_NOUNS:
            ages = [w for w in words[index + 1:index + 1 + AGE_WINDOW] if w.isdigit()]
            if ages and int(ages[0]) < ADULT:
                return True
    return False


def note_child_named(turn: Turn) -> None:
    """An escalated message that names a child its cues did not mark: the turn (and the case) hear `minor`."""
    if not turn.escalate or turn.minor or not child_named(turn):
        return
    turn.risk = {**turn.risk, "priority": "urgent", "indicators": [*(turn.risk.get("indicators") or []), "minor"]}
